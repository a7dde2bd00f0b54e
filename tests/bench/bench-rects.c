/*
 * gtk-vnc benchmark: see bench-rects.h.
 *
 * The walk trusts nothing in the recording (a truncated file must not
 * crash the bench), but it is no decoder: it only finds where each
 * rectangle, and each piece of zlib data in it, begins and ends.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "bench-rects.h"

/* Tight sends data shorter than this uncompressed (RFB spec, Tight). */
#define TIGHT_MIN_TO_COMPRESS 12

/* The format of every shared recording (streams/README.md). */
static const BenchPixelFormat default_format = {
    .bits_per_pixel = 32, .depth = 24, .true_colour = TRUE,
    .red_max = 255, .green_max = 255, .blue_max = 255,
    .red_shift = 16, .green_shift = 8, .blue_shift = 0,
};

typedef struct {
    const guint8 *p;
    gsize left;
    char *error;
} Cursor;

typedef struct {
    Cursor c;
    guint bytes_per_pixel;
    guint tpixel;           /* Tight's pixel size on the wire */
    guint8 pending_reset;   /* Tight resets not yet applied to a payload */
    BenchRecording *rec;
} Walker;

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

/* Tight sends 3-byte pixels (TPIXEL) for 32 bpp, depth 24, true colour
 * with 8-bit channels; otherwise whole pixels. */
static guint
tight_pixel_size(const BenchPixelFormat *f)
{
    gboolean rgb24 = f->bits_per_pixel == 32 && f->depth == 24 && f->true_colour &&
        f->red_max == 255 && f->green_max == 255 && f->blue_max == 255;

    return rgb24 ? 3 : f->bits_per_pixel / 8;
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

/* The explicit filter of a Tight basic rectangle; *size becomes the
 * bytes the filter's data inflates to. */
static gboolean
tight_filter(Walker *wk, guint w, guint h, gsize *size)
{
    Cursor *c = &wk->c;
    const guint8 *b;

    if (!take(c, 1, &b))
        return FALSE;
    if (b[0] == 1) { /* palette */
        guint colours;
        if (!take(c, 1, &b))
            return FALSE;
        colours = b[0] + 1u;
        if (!take(c, (gsize)colours * wk->tpixel, NULL))
            return FALSE;
        *size = colours == 2 ? (gsize)((w + 7) / 8) * h : (gsize)w * h;
    } else if (b[0] > 2) {
        c->error = g_strdup_printf("unknown Tight filter %u", b[0]);
        return FALSE;
    }
    return TRUE;
}

static gboolean
tight_rect(Walker *wk, guint w, guint h)
{
    Cursor *c = &wk->c;
    const guint8 *b;
    guint8 control, comp;
    gsize size, len;
    BenchZlibPayload pl = { 0 };

    if (!take(c, 1, &b))
        return FALSE;
    control = b[0];
    /* The reset bits apply before the next use of each stream. */
    wk->pending_reset |= control & 0x0f;
    comp = control >> 4;

    if (comp == 8) /* fill */
        return take(c, wk->tpixel, NULL);
    if (comp == 9 || comp == 10) { /* JPEG, PNG: no zlib here */
        return tight_length(c, &len) && take(c, len, NULL);
    }
    if (comp & 0x08) {
        c->error = g_strdup_printf("unknown Tight compression 0x%x", comp);
        return FALSE;
    }
    size = (gsize)w * h * wk->tpixel;
    if ((comp & 0x04) && !tight_filter(wk, w, h, &size))
        return FALSE;
    if (size < TIGHT_MIN_TO_COMPRESS)
        return take(c, size, NULL);
    if (!tight_length(c, &len) || !take(c, len, &pl.data))
        return FALSE;
    pl.len = len;
    pl.stream = comp & 0x03;
    pl.reset = wk->pending_reset;
    pl.expect = size;
    wk->pending_reset = 0;
    g_array_append_val(wk->rec->payloads, pl);
    return TRUE;
}

/* Bell, SetColourMapEntries and ServerCutText may come before the
 * update; skips them and the update's message type. */
static gboolean
skip_other_messages(Cursor *c)
{
    GError *error = NULL;
    gsize update;

    if (!bench_frame_find_update(c->p, c->left, &update, &error)) {
        c->error = g_strdup(error->message);
        g_error_free(error);
        return FALSE;
    }
    return take(c, update + 1, NULL);
}

/* Moves past one rectangle's payload; *last is set by LastRect. */
static gboolean
skip_payload(Walker *wk, const BenchRect *r, gboolean *last)
{
    Cursor *c = &wk->c;
    const guint8 *len;

    switch (r->encoding) {
    case BENCH_ENC_RAW:
        return take(c, (gsize)r->width * r->height * wk->bytes_per_pixel, NULL);
    case BENCH_ENC_COPY_RECT:
        return take(c, 4, NULL);
    case BENCH_ENC_ZLIB:
    case BENCH_ENC_ZRLE: {
        BenchZlibPayload pl = { 0 };
        if (!take(c, 4, &len) || !take(c, bench_get_be32(len), &pl.data))
            return FALSE;
        pl.len = bench_get_be32(len);
        g_array_append_val(wk->rec->payloads, pl);
        return TRUE;
    }
    case BENCH_ENC_TIGHT:
        return tight_rect(wk, r->width, r->height);
    case BENCH_ENC_DESKTOP_SIZE:
        return TRUE;
    case BENCH_ENC_LAST_RECT:
        *last = TRUE;
        return TRUE;
    default:
        c->error = g_strdup_printf("encoding %d is not one this tool can walk",
                                   r->encoding);
        return FALSE;
    }
}

static gboolean
walk_frame(Walker *wk)
{
    Cursor *c = &wk->c;
    const guint8 *b;
    guint n, i;
    gboolean last = FALSE;

    if (!skip_other_messages(c) || !take(c, 3, &b))
        return FALSE;
    n = bench_get_be16(b + 1);
    for (i = 0; i < n && !last; i++) {
        BenchRect r;

        if (!take(c, 12, &b))
            return FALSE;
        r.x = bench_get_be16(b);
        r.y = bench_get_be16(b + 2);
        r.width = bench_get_be16(b + 4);
        r.height = bench_get_be16(b + 6);
        r.encoding = (gint32)bench_get_be32(b + 8);
        r.payload = c->p;
        if (!skip_payload(wk, &r, &last))
            return FALSE;
        r.payload_len = (gsize)(c->p - r.payload);
        g_array_append_val(wk->rec->rects, r);
    }
    return TRUE;
}

/* Bytes after the last frame are ignored, as the replay server does
 * (which warns about them). */
static gboolean
walk_frames(Walker *wk, const char *path, GError **error)
{
    BenchRecording *rec = wk->rec;
    BenchRecordingFrames frames;
    gboolean ok = TRUE;
    guint i;

    if (!bench_recording_frames_split((const guint8 *)rec->data, rec->size, &frames, error)) {
        g_prefix_error(error, "%s: ", path);
        return FALSE;
    }
    for (i = 0; ok && i < frames.frames->len; i++) {
        const BenchSpan *f = &g_array_index(frames.frames, BenchSpan, i);

        wk->c = (Cursor){ .p = f->data, .left = f->len };
        if (!walk_frame(wk)) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "frame %u: %s",
                        i + 1, wk->c.error);
            g_free(wk->c.error);
            ok = FALSE;
        }
    }
    bench_recording_frames_clear(&frames);
    return ok;
}

BenchRecording *
bench_recording_load(const char *path, const BenchPixelFormat *format, GError **error)
{
    BenchRecording *rec = g_new0(BenchRecording, 1);
    Walker wk = {
        .bytes_per_pixel = format->bits_per_pixel / 8,
        .tpixel = tight_pixel_size(format),
        .rec = rec,
    };

    rec->rects = g_array_new(FALSE, FALSE, sizeof(BenchRect));
    rec->payloads = g_array_new(FALSE, FALSE, sizeof(BenchZlibPayload));
    if (!g_file_get_contents(path, &rec->data, &rec->size, error) ||
        !walk_frames(&wk, path, error)) {
        bench_recording_free(rec);
        return NULL;
    }
    return rec;
}

void
bench_recording_free(BenchRecording *rec)
{
    if (!rec)
        return;
    g_array_unref(rec->rects);
    g_array_unref(rec->payloads);
    g_free(rec->data);
    g_free(rec);
}

static char *opt_format_hex;
static int opt_passes = 3;

static GOptionEntry options[] = {
    { "pixel-format", 0, 0, G_OPTION_ARG_STRING, &opt_format_hex,
      "the recorded SetPixelFormat message (20 bytes, hex)", "HEX" },
    { "passes", 0, 0, G_OPTION_ARG_INT, &opt_passes, "timed passes, median reported (3)", "N" },
    { NULL }
};

static gboolean
parse_format(const char *hex, BenchPixelFormat *f)
{
    gsize len;
    g_autofree guint8 *m = bench_hex_decode(hex, &len);

    return bench_pixel_format_parse(m, len, f);
}

gboolean
bench_rects_parse_args(int *argc, char ***argv, const char *program, const char *summary,
                       BenchRectsArgs *args)
{
    GOptionContext *ctx = g_option_context_new(summary);
    GError *error = NULL;

    g_option_context_add_main_entries(ctx, options, NULL);
    if (!g_option_context_parse(ctx, argc, argv, &error) || *argc != 2 || opt_passes < 1) {
        g_printerr("%s: %s\n", program, error ? error->message : "one recording expected");
        g_clear_error(&error);
        g_option_context_free(ctx);
        return FALSE;
    }
    g_option_context_free(ctx);

    args->format = default_format;
    /* Anything but a whole message leaves the recordings' format. */
    if (opt_format_hex && strlen(opt_format_hex) == 40) {
        if (!parse_format(opt_format_hex, &args->format)) {
            g_printerr("%s: --pixel-format %s is not a SetPixelFormat message in hex\n",
                       program, opt_format_hex);
            return FALSE;
        }
        if (args->format.bits_per_pixel != 8 && args->format.bits_per_pixel != 16 &&
            args->format.bits_per_pixel != 32) {
            g_printerr("%s: bits per pixel %u?\n", program, args->format.bits_per_pixel);
            return FALSE;
        }
    }
    args->passes = opt_passes;
    args->path = (*argv)[1];
    return TRUE;
}

void
bench_passes_init(BenchPasses *passes)
{
    passes->cpu = g_array_new(FALSE, FALSE, sizeof(double));
    passes->wall = g_array_new(FALSE, FALSE, sizeof(double));
}

void
bench_passes_start(BenchPasses *passes)
{
    bench_clock_start(&passes->clock);
}

void
bench_passes_stop(BenchPasses *passes)
{
    double cpu, wall;

    bench_clock_stop(&passes->clock);
    cpu = passes->clock.cpu_end - passes->clock.cpu_start;
    wall = (passes->clock.wall_end - passes->clock.wall_start) / 1e6;
    g_array_append_val(passes->cpu, cpu);
    g_array_append_val(passes->wall, wall);
}

static int
compare_double(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The middle value, the upper one of the two for an even count. */
static double
median(GArray *values)
{
    if (values->len == 0)
        return 0;
    g_array_sort(values, compare_double);
    return g_array_index(values, double, values->len / 2);
}

double
bench_passes_median_cpu(BenchPasses *passes)
{
    return median(passes->cpu);
}

double
bench_passes_median_wall(BenchPasses *passes)
{
    return median(passes->wall);
}

void
bench_passes_clear(BenchPasses *passes)
{
    g_clear_pointer(&passes->cpu, g_array_unref);
    g_clear_pointer(&passes->wall, g_array_unref);
}
