/*
 * gtk-vnc benchmark: how long zlib's inflate alone takes on a recording
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The floor for the zlib-based encodings: a decoder of ZRLE, Zlib or
 * Tight cannot be cheaper than inflating its compressed data, so the
 * bench reports our CPU time as a multiple of this one (the target is
 * "within 2x of inflate").
 *
 * First the recording is walked, rectangle by rectangle, and the zlib
 * payloads are collected with the stream they belong to (ZRLE and Zlib:
 * one stream per connection; Tight: four, chosen and reset by each
 * rectangle's control byte). Only then does the clock start: each pass
 * inflates every payload in order, into one small reused buffer, as a
 * decoder would before it turns the bytes into pixels. Raw, CopyRect,
 * fills and Tight's JPEG and uncompressed pieces are skipped over: they
 * do not touch zlib.
 *
 * Output: result payloads=N in=BYTES out=BYTES cpu=S wall=S (the median
 * of --passes passes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <zlib.h>

#define N_STREAMS 4
/* Tight sends data shorter than this uncompressed (RFB spec, Tight). */
#define TIGHT_MIN_TO_COMPRESS 12

enum {
    ENC_RAW = 0,
    ENC_COPY_RECT = 1,
    ENC_ZLIB = 6,
    ENC_TIGHT = 7,
    ENC_ZRLE = 16,
    ENC_DESKTOP_SIZE = -223,
    ENC_LAST_RECT = -224,
};

typedef struct {
    const guint8 *data;
    gsize len;
    guint8 stream;
    guint8 reset;  /* Tight: bit i resets stream i before this payload */
    gsize expect;  /* Tight: the uncompressed size; 0 when unknown */
} Payload;

typedef struct {
    const guint8 *p;
    gsize left;
    char *error;
} Cursor;

static char *opt_format_hex;
static int opt_passes = 3;

static GOptionEntry options[] = {
    { "pixel-format", 0, 0, G_OPTION_ARG_STRING, &opt_format_hex,
      "the recorded SetPixelFormat message (20 bytes, hex)", "HEX" },
    { "passes", 0, 0, G_OPTION_ARG_INT, &opt_passes, "timed passes, median reported (3)", "N" },
    { NULL }
};

static gboolean
take(Cursor *c, gsize n, const guint8 **out)
{
    if (c->error)
        return FALSE;
    if (n > c->left) {
        c->error = g_strdup("the frame ends inside a message");
        return FALSE;
    }
    if (out)
        *out = c->p;
    c->p += n;
    c->left -= n;
    return TRUE;
}

static guint32
be32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static guint16
be16(const guint8 *p)
{
    return (guint16)((p[0] << 8) | p[1]);
}

/* Tight's compact length: 7 bits per byte while the top bit is set,
 * at most 3 bytes (22 bits). */
static gboolean
tight_length(Cursor *c, gsize *len)
{
    const guint8 *b;
    int i;

    *len = 0;
    for (i = 0; i < 3; i++) {
        if (!take(c, 1, &b))
            return FALSE;
        *len |= (gsize)(i < 2 ? (b[0] & 0x7f) : b[0]) << (7 * i);
        if (i < 2 && !(b[0] & 0x80))
            break;
    }
    return TRUE;
}

static gboolean
tight_rect(Cursor *c, guint w, guint h, guint tpixel, GArray *payloads, guint8 *pending_reset)
{
    const guint8 *b;
    guint8 control, comp;
    gsize size, len;
    Payload pl = { 0 };

    if (!take(c, 1, &b))
        return FALSE;
    control = b[0];
    /* The reset bits apply before the next use of each stream. */
    *pending_reset |= control & 0x0f;
    comp = control >> 4;

    if (comp == 8) /* fill */
        return take(c, tpixel, NULL);
    if (comp == 9 || comp == 10) { /* JPEG, PNG: no zlib here */
        return tight_length(c, &len) && take(c, len, NULL);
    }
    if (comp & 0x08) {
        c->error = g_strdup_printf("unknown Tight compression 0x%x", comp);
        return FALSE;
    }
    size = (gsize)w * h * tpixel;
    if (comp & 0x04) { /* explicit filter */
        if (!take(c, 1, &b))
            return FALSE;
        if (b[0] == 1) { /* palette */
            guint colours;
            if (!take(c, 1, &b))
                return FALSE;
            colours = b[0] + 1u;
            if (!take(c, (gsize)colours * tpixel, NULL))
                return FALSE;
            size = colours == 2 ? (gsize)((w + 7) / 8) * h : (gsize)w * h;
        } else if (b[0] > 2) {
            c->error = g_strdup_printf("unknown Tight filter %u", b[0]);
            return FALSE;
        }
    }
    if (size < TIGHT_MIN_TO_COMPRESS)
        return take(c, size, NULL);
    if (!tight_length(c, &len) || !take(c, len, &pl.data))
        return FALSE;
    pl.len = len;
    pl.stream = comp & 0x03;
    pl.reset = *pending_reset;
    pl.expect = size;
    *pending_reset = 0;
    g_array_append_val(payloads, pl);
    return TRUE;
}

static gboolean
walk_frame(Cursor *c, guint bpp, guint tpixel, GArray *payloads, guint8 *pending_reset)
{
    const guint8 *b;
    guint n, i;

    /* Bell, SetColourMapEntries and ServerCutText may come first. */
    for (;;) {
        if (!take(c, 1, &b))
            return FALSE;
        if (b[0] == 0)
            break;
        if (b[0] == 1) {
            if (!take(c, 5, &b) || !take(c, 6 * (gsize)be16(b + 3), NULL))
                return FALSE;
        } else if (b[0] == 2) {
            continue;
        } else if (b[0] == 3) {
            if (!take(c, 7, &b) || !take(c, be32(b + 3), NULL))
                return FALSE;
        } else {
            c->error = g_strdup_printf("unknown server message %u", b[0]);
            return FALSE;
        }
    }
    if (!take(c, 3, &b))
        return FALSE;
    n = be16(b + 1);
    for (i = 0; i < n; i++) {
        guint w, h;
        gint32 enc;
        const guint8 *len;

        if (!take(c, 12, &b))
            return FALSE;
        w = be16(b + 4);
        h = be16(b + 6);
        enc = (gint32)be32(b + 8);
        switch (enc) {
        case ENC_RAW:
            if (!take(c, (gsize)w * h * (bpp / 8), NULL))
                return FALSE;
            break;
        case ENC_COPY_RECT:
            if (!take(c, 4, NULL))
                return FALSE;
            break;
        case ENC_ZLIB:
        case ENC_ZRLE: {
            Payload pl = { 0 };
            if (!take(c, 4, &len) || !take(c, be32(len), &pl.data))
                return FALSE;
            pl.len = be32(len);
            g_array_append_val(payloads, pl);
            break;
        }
        case ENC_TIGHT:
            if (!tight_rect(c, w, h, tpixel, payloads, pending_reset))
                return FALSE;
            break;
        case ENC_DESKTOP_SIZE:
            break;
        case ENC_LAST_RECT:
            return TRUE;
        default:
            c->error = g_strdup_printf("encoding %d is not one this tool can walk", enc);
            return FALSE;
        }
    }
    return TRUE;
}

static double
cpu_seconds(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
        ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* One timed pass over every payload; returns the bytes produced. */
static guint64
inflate_all(GArray *payloads, guint8 *scratch, gsize scratch_len, GError **error)
{
    z_stream zs[N_STREAMS];
    guint64 produced = 0;
    guint i, s;

    memset(zs, 0, sizeof(zs));
    for (s = 0; s < N_STREAMS; s++)
        inflateInit(&zs[s]);

    for (i = 0; i < payloads->len; i++) {
        const Payload *pl = &g_array_index(payloads, Payload, i);
        z_stream *z = &zs[pl->stream];
        guint64 out = 0;

        for (s = 0; s < N_STREAMS; s++)
            if (pl->reset & (1u << s))
                inflateReset(&zs[s]);
        z->next_in = (Bytef *)pl->data;
        z->avail_in = (uInt)pl->len;
        do {
            int ret;
            z->next_out = scratch;
            z->avail_out = (uInt)scratch_len;
            ret = inflate(z, Z_SYNC_FLUSH);
            if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
                g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                            "payload %u of %u: inflate says %s", i + 1, payloads->len,
                            z->msg ? z->msg : "error");
                goto out;
            }
            out += scratch_len - z->avail_out;
        } while (z->avail_in > 0 || z->avail_out == 0);
        if (pl->expect && out != pl->expect) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "payload %u of %u: %" G_GUINT64_FORMAT " bytes instead of %"
                        G_GSIZE_FORMAT, i + 1, payloads->len, out, pl->expect);
            goto out;
        }
        produced += out;
    }
 out:
    for (s = 0; s < N_STREAMS; s++)
        inflateEnd(&zs[s]);
    return produced;
}

static int
compare_double(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
    GOptionContext *ctx;
    GError *error = NULL;
    gchar *data;
    gsize size, pos;
    guint32 header_len, count, i;
    guint bpp = 32, tpixel = 3;
    guint8 pending_reset = 0;
    GArray *payloads;
    guint64 in_bytes = 0, out_bytes = 0;
    guint8 *scratch;
    const gsize scratch_len = 64 * 1024;
    double *cpu, *wall;
    int pass;

    ctx = g_option_context_new("RECORDING - time zlib inflate alone on a recording's payloads");
    g_option_context_add_main_entries(ctx, options, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2 || opt_passes < 1) {
        g_printerr("bench-inflate: %s\n", error ? error->message : "one recording expected");
        return 1;
    }
    g_option_context_free(ctx);

    if (opt_format_hex && strlen(opt_format_hex) == 40) {
        /* Tight sends 3-byte pixels (TPIXEL) for 32 bpp, depth 24, true
         * colour with 8-bit channels; otherwise whole pixels. */
        guint depth, truecolour, rmax, gmax, bmax;
        char field[5] = { 0 };
        memcpy(field, opt_format_hex + 8, 2);
        bpp = (guint)strtoul(field, NULL, 16);
        memcpy(field, opt_format_hex + 10, 2);
        depth = (guint)strtoul(field, NULL, 16);
        memcpy(field, opt_format_hex + 14, 2);
        truecolour = (guint)strtoul(field, NULL, 16);
        memcpy(field, opt_format_hex + 16, 4);
        rmax = (guint)strtoul(field, NULL, 16);
        memcpy(field, opt_format_hex + 20, 4);
        gmax = (guint)strtoul(field, NULL, 16);
        memcpy(field, opt_format_hex + 24, 4);
        bmax = (guint)strtoul(field, NULL, 16);
        tpixel = (bpp == 32 && depth == 24 && truecolour &&
                  rmax == 255 && gmax == 255 && bmax == 255) ? 3 : bpp / 8;
        if (bpp != 8 && bpp != 16 && bpp != 32) {
            g_printerr("bench-inflate: bits per pixel %u?\n", bpp);
            return 1;
        }
    }

    if (!g_file_get_contents(argv[1], &data, &size, &error)) {
        g_printerr("bench-inflate: %s\n", error->message);
        return 1;
    }
    if (size < 16 || memcmp(data, "RFBREC01", 8) != 0 ||
        (header_len = be32((guint8 *)data + 8)) > size - 16) {
        g_printerr("bench-inflate: %s is not a recording\n", argv[1]);
        return 1;
    }
    pos = 12 + (gsize)header_len;
    count = be32((guint8 *)data + pos);
    pos += 4;

    payloads = g_array_new(FALSE, FALSE, sizeof(Payload));
    for (i = 0; i < count; i++) {
        Cursor c = { 0 };
        gsize len;

        if (size - pos < 4 || (len = be32((guint8 *)data + pos)) > size - pos - 4) {
            g_printerr("bench-inflate: frame %u runs past the end\n", i + 1);
            return 1;
        }
        c.p = (guint8 *)data + pos + 4;
        c.left = len;
        if (!walk_frame(&c, bpp, tpixel, payloads, &pending_reset)) {
            g_printerr("bench-inflate: frame %u: %s\n", i + 1, c.error);
            return 1;
        }
        pos += 4 + len;
    }
    for (i = 0; i < payloads->len; i++)
        in_bytes += g_array_index(payloads, Payload, i).len;

    scratch = g_malloc(scratch_len);
    cpu = g_new(double, opt_passes);
    wall = g_new(double, opt_passes);
    for (pass = 0; pass < opt_passes; pass++) {
        double c0 = cpu_seconds();
        gint64 w0 = g_get_monotonic_time();
        out_bytes = inflate_all(payloads, scratch, scratch_len, &error);
        wall[pass] = (g_get_monotonic_time() - w0) / 1e6;
        cpu[pass] = cpu_seconds() - c0;
        if (error) {
            g_printerr("bench-inflate: %s\n", error->message);
            return 1;
        }
    }
    qsort(cpu, opt_passes, sizeof(double), compare_double);
    qsort(wall, opt_passes, sizeof(double), compare_double);
    printf("result payloads=%u in=%" G_GUINT64_FORMAT " out=%" G_GUINT64_FORMAT
           " cpu=%.6f wall=%.6f\n",
           payloads->len, in_bytes, out_bytes, cpu[opt_passes / 2], wall[opt_passes / 2]);

    g_free(cpu);
    g_free(wall);
    g_free(scratch);
    g_array_unref(payloads);
    g_free(data);
    return 0;
}
