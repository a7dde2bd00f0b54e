/*
 * gtk-vnc benchmark: see bench-picture.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#include "bench-picture.h"

BenchPictureOptions bench_picture_options;

GOptionEntry bench_picture_option_entries[] = {
    { "digest-log", 0, 0, G_OPTION_ARG_FILENAME, &bench_picture_options.log_path,
      "append the digest of the picture after every update to this file (slow: never timed)",
      "PATH" },
    { "digest-dump-update", 0, 0, G_OPTION_ARG_INT64, &bench_picture_options.dump_update,
      "with --digest-log: write the picture after this update (its update= number) to "
      "--digest-dump", "N" },
    { "digest-dump", 0, 0, G_OPTION_ARG_FILENAME, &bench_picture_options.dump_path,
      "where --digest-dump-update writes the picture (visible pixels, raw)", "PATH" },
    { NULL }
};

/* Masking a pixel to the bits its format uses is ANDing each of its
 * bytes with the mask's byte at the same place, in the format's byte
 * order. For 1, 2 and 4 bytes a pixel that repeats every 4 bytes, so
 * rows are masked a 32-bit word at a time. */
typedef struct {
    guint bpp;
    guint8 pattern[4];
    guint32 word;
} BenchMask;

static gboolean
mask_init(BenchMask *m, const BenchPixelFormat *format)
{
    guint32 mask;

    if (format->bits_per_pixel != 8 && format->bits_per_pixel != 16 &&
        format->bits_per_pixel != 32)
        return FALSE;
    m->bpp = format->bits_per_pixel / 8;
    if (format->true_colour)
        mask = ((guint32)format->red_max << format->red_shift) |
               ((guint32)format->green_max << format->green_shift) |
               ((guint32)format->blue_max << format->blue_shift);
    else
        mask = format->depth >= 32 ? G_MAXUINT32 : (1u << format->depth) - 1;
    for (guint i = 0; i < 4; i++) {
        guint k = i % m->bpp; /* the byte's place in its pixel */
        guint shift = 8 * (format->big_endian ? m->bpp - 1 - k : k);

        m->pattern[i] = (guint8)(mask >> shift);
    }
    memcpy(&m->word, m->pattern, 4);
    return TRUE;
}

static void
mask_row(const BenchMask *m, const guint8 *in, guint8 *out, gsize len)
{
    gsize i = 0;

    for (; i + 4 <= len; i += 4) {
        guint32 w;

        memcpy(&w, in + i, 4);
        w &= m->word;
        memcpy(out + i, &w, 4);
    }
    for (; i < len; i++)
        out[i] = in[i] & m->pattern[i % 4];
}

/* Whether @in, masked, is @masked: read only, and over at the first
 * difference, since most rows of most pictures have not changed. */
static gboolean
row_equal_masked(const BenchMask *m, const guint8 *in, const guint8 *masked, gsize len)
{
    guint64 mask = ((guint64)m->word << 32) | m->word;
    gsize i = 0;

    for (; i + 8 <= len; i += 8) {
        guint64 a, b;

        memcpy(&a, in + i, 8);
        memcpy(&b, masked + i, 8);
        if ((a & mask) != b)
            return FALSE;
    }
    for (; i < len; i++)
        if ((in[i] & m->pattern[i % 4]) != masked[i])
            return FALSE;
    return TRUE;
}

static void
hex_digest(const guint8 *digest, char *hex)
{
    for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
        g_snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

guint8 *
bench_framebuffer_visible(const guint8 *pixels, guint width, guint height,
                          gsize stride, const BenchPixelFormat *format, gsize *len)
{
    BenchMask mask;
    gsize row;
    guint8 *out;

    *len = 0;
    if (!mask_init(&mask, format))
        return NULL;
    row = (gsize)width * mask.bpp;
    out = g_malloc(row * height + 1);
    for (guint y = 0; y < height; y++)
        mask_row(&mask, pixels + y * stride, out + y * row, row);
    *len = row * height;
    return out;
}

char *
bench_framebuffer_digest(const guint8 *pixels, guint width, guint height,
                         gsize stride, const BenchPixelFormat *format)
{
    struct sha256_ctx sha;
    guint8 digest[SHA256_DIGEST_SIZE];
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    g_autofree guint8 *row = NULL;
    BenchMask mask;
    gsize row_len;

    if (!pixels || !width || !height || !mask_init(&mask, format))
        return g_strdup("fb=none");
    /* One masked row at a time: it stays in the cache while it is hashed. */
    row_len = (gsize)width * mask.bpp;
    row = g_malloc(row_len);
    sha256_init(&sha);
    for (guint y = 0; y < height; y++) {
        mask_row(&mask, pixels + y * stride, row, row_len);
        sha256_update(&sha, row_len, row);
    }
    sha256_digest(&sha, sizeof(digest), digest);
    hex_digest(digest, hex);
    return g_strdup_printf("fb=%s fb_size=%ux%u", hex, width, height);
}

static void
dump_visible(const guint8 *pixels, guint width, guint height, gsize stride,
             const BenchPixelFormat *format, const char *path)
{
    g_autofree guint8 *visible = NULL;
    g_autoptr(GError) error = NULL;
    gsize len;

    if (!pixels || !width || !height ||
        !(visible = bench_framebuffer_visible(pixels, width, height, stride, format, &len)))
        return;
    if (!g_file_set_contents(path, (const char *)visible, (gssize)len, &error))
        g_printerr("bench: cannot write a picture: %s\n", error->message);
}

char *
bench_framebuffer_result(const guint8 *pixels, guint width, guint height,
                         gsize stride, const BenchPixelFormat *format,
                         const char *dump_path)
{
    if (dump_path)
        dump_visible(pixels, width, height, stride, format, dump_path);
    return bench_framebuffer_digest(pixels, width, height, stride, format);
}

/*
 * The log's picture digest is a SHA-256 of the visible rows' SHA-256s
 * (each of the masked row, as bench_framebuffer_visible() gives it), so
 * that an update hashes again only the rows that changed. A row counts
 * as changed when any of its masked bytes differs from the copy kept
 * at the last picture: nothing relies on the rectangles a library says
 * it drew, so a stray write anywhere in the picture still shows.
 */
struct BenchDigestLog {
    FILE *file;
    char *path;
    guint64 taken;        /* updates whose picture was taken */
    guint width, height;  /* of the copy below; 0 before the first picture */
    gsize row_len;
    guint8 *copy;         /* the visible rows at the last picture, masked */
    guint8 *row_digests;  /* SHA256_DIGEST_SIZE bytes per row */
};

static char *
log_picture(BenchDigestLog *log, const guint8 *pixels, guint width, guint height,
            gsize stride, const BenchPixelFormat *format)
{
    struct sha256_ctx sha;
    guint8 digest[SHA256_DIGEST_SIZE];
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    gboolean all = FALSE;
    BenchMask mask;

    if (!pixels || !width || !height || !mask_init(&mask, format))
        return g_strdup("picture=none");
    if (width != log->width || height != log->height) {
        /* A new size (the first picture, a resize): every row is new. */
        log->width = width;
        log->height = height;
        log->row_len = (gsize)width * mask.bpp;
        g_free(log->copy);
        g_free(log->row_digests);
        log->copy = g_malloc(log->row_len * height);
        log->row_digests = g_malloc((gsize)SHA256_DIGEST_SIZE * height);
        all = TRUE;
    }
    for (guint y = 0; y < height; y++) {
        const guint8 *row = pixels + y * stride;
        guint8 *copy = log->copy + y * log->row_len;

        /* Masked before the comparison: the unused bits are often
         * memory no decoder ever wrote. */
        if (!all && row_equal_masked(&mask, row, copy, log->row_len))
            continue;
        mask_row(&mask, row, copy, log->row_len);
        sha256_init(&sha);
        sha256_update(&sha, log->row_len, copy);
        sha256_digest(&sha, SHA256_DIGEST_SIZE, log->row_digests + (gsize)y * SHA256_DIGEST_SIZE);
    }
    sha256_init(&sha);
    sha256_update(&sha, (gsize)SHA256_DIGEST_SIZE * height, log->row_digests);
    sha256_digest(&sha, sizeof(digest), digest);
    hex_digest(digest, hex);
    return g_strdup_printf("picture=%s fb_size=%ux%u", hex, width, height);
}

BenchDigestLog *
bench_digest_log_open(const char *path)
{
    BenchDigestLog *log;
    FILE *file = fopen(path, "a");

    if (!file) {
        g_printerr("bench: cannot open %s: %s\n", path, g_strerror(errno));
        return NULL;
    }
    log = g_new0(BenchDigestLog, 1);
    log->file = file;
    log->path = g_strdup(path);
    return log;
}

char *
bench_digest_log_take(BenchDigestLog *log, const guint8 *pixels, guint width,
                      guint height, gsize stride, const BenchPixelFormat *format)
{
    const BenchPictureOptions *opt = &bench_picture_options;

    log->taken++;
    if (opt->dump_path && opt->dump_update > 0 && (guint64)opt->dump_update == log->taken)
        dump_visible(pixels, width, height, stride, format, opt->dump_path);
    return log_picture(log, pixels, width, height, stride, format);
}

char *
bench_digest_log_final(BenchDigestLog *log, const guint8 *pixels, guint width,
                       guint height, gsize stride, const BenchPixelFormat *format)
{
    g_autofree char *fields = log_picture(log, pixels, width, height, stride, format);
    char *size = strstr(fields, " fb_size=");

    /* The result line has fb_size= already. */
    if (size)
        *size = '\0';
    return g_strdup(fields);
}

void
bench_digest_log_write(BenchDigestLog *log, gint64 frame, guint64 rects, const char *fields)
{
    char frame_text[32] = "-";

    if (frame >= 0)
        g_snprintf(frame_text, sizeof(frame_text), "%" G_GINT64_FORMAT, frame);
    fprintf(log->file, "update=%" G_GUINT64_FORMAT " frame=%s rects=%" G_GUINT64_FORMAT " %s\n",
            log->taken, frame_text, rects, fields);
}

gboolean
bench_digest_log_close(BenchDigestLog *log)
{
    gboolean ok;

    if (!log)
        return TRUE;
    ok = !ferror(log->file);
    ok = fclose(log->file) == 0 && ok;
    if (!ok)
        g_printerr("bench: cannot write %s\n", log->path);
    g_free(log->path);
    g_free(log->copy);
    g_free(log->row_digests);
    g_free(log);
    return ok;
}
