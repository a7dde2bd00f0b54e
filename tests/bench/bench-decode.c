/*
 * gtk-vnc benchmark: how long our decoders alone take on a recording
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench-inflate times zlib alone on a recording's ZRLE, Zlib and Tight
 * data; this times our decoders of those three encodings on exactly the
 * same rectangles (the same walk, bench-rects.c), and nothing else: no
 * socket, no protocol messages, no signals, no round trips, no page
 * faults. Decoding costs at least inflating, so "decoders alone vs
 * inflate" says how much the decoders add to zlib, where the whole
 * client's ratio on a stream of small rectangles is mostly everything
 * else.
 *
 * The rectangles' payloads are concatenated into one memory stream
 * (src/vncstream-memory.c), and each rectangle goes to the decoder
 * vnc_decoder_find() gives for its encoding, with a VncDecodeContext
 * filled as the connection fills it (src/vncconnection-messages.c): the
 * framebuffer is a VncBaseFramebuffer whose local and remote formats
 * are the recorded client's, as in the bench client, so the decoders
 * write into its memory directly as they do in a real session. Each
 * pass starts with a new decoder state, since the recorded zlib streams
 * can only be inflated from their start.
 *
 * Output: result rects=N in=BYTES cpu=S wall=S (the median of --passes
 * passes); any decoder error is printed and the exit status is 1.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vncbaseframebuffer.h"
#include "vncdecoder-priv.h"
#include "vncstream-priv.h"

#include "bench-rects.h"
#include "bench-vnc-format.h"

/* The rectangles bench-inflate finds zlib data in, and their payloads
 * end to end, as the connection would read them. */
typedef struct {
    GArray *rects;        /* BenchRect */
    GByteArray *payloads;
    guint width, height;  /* the least framebuffer that holds them all */
} Collected;

typedef struct {
    VncPixelFormat format;
    guint8 *buffer;
    VncFramebuffer *fb;
} Target;

static gboolean
is_zlib_encoding(gint32 encoding)
{
    return encoding == BENCH_ENC_ZRLE || encoding == BENCH_ENC_ZLIB ||
        encoding == BENCH_ENC_TIGHT;
}

static void
collect(const BenchRecording *rec, Collected *col)
{
    col->rects = g_array_new(FALSE, FALSE, sizeof(BenchRect));
    col->payloads = g_byte_array_new();
    col->width = col->height = 0;
    for (guint i = 0; i < rec->rects->len; i++) {
        const BenchRect *r = &g_array_index(rec->rects, BenchRect, i);

        /* A resize before any pixels gives the session's real stride. */
        if (r->encoding == BENCH_ENC_DESKTOP_SIZE) {
            col->width = MAX(col->width, r->width);
            col->height = MAX(col->height, r->height);
        }
        if (!is_zlib_encoding(r->encoding))
            continue;
        g_array_append_val(col->rects, *r);
        /* GByteArray lengths are guint: recordings are far smaller. */
        g_byte_array_append(col->payloads, r->payload, (guint)r->payload_len);
        col->width = MAX(col->width, (guint)r->x + r->width);
        col->height = MAX(col->height, (guint)r->y + r->height);
    }
}

static void
collected_clear(Collected *col)
{
    g_array_unref(col->rects);
    g_byte_array_unref(col->payloads);
}

/* One framebuffer for every pass, its memory written once now so that
 * no pass pays the kernel for a first touch. */
static gboolean
target_init(Target *t, const BenchPixelFormat *format, guint width, guint height,
            GError **error)
{
    gsize stride;

    if (width > G_MAXUINT16 || height > G_MAXUINT16) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "rectangles reach %ux%u, larger than any framebuffer", width, height);
        return FALSE;
    }
    bench_pixel_format_to_vnc(format, &t->format);
    stride = (gsize)MAX(width, 1u) * (format->bits_per_pixel / 8);
    t->buffer = g_malloc((gsize)MAX(height, 1u) * stride);
    memset(t->buffer, 0, (gsize)MAX(height, 1u) * stride);
    t->fb = VNC_FRAMEBUFFER(vnc_base_framebuffer_new(t->buffer, (guint16)width,
                                                     (guint16)height, (int)stride,
                                                     &t->format, &t->format));
    return TRUE;
}

static void
target_clear(Target *t)
{
    g_clear_object(&t->fb);
    g_clear_pointer(&t->buffer, g_free);
}

/* Decodes rectangle @i as the connection's decode_rectangle() does. The
 * rectangle needs no clipping: the framebuffer was made to hold it. */
static gboolean
decode_one(const Collected *col, guint i, const Target *t, VncStream *stream,
           VncDecoderState *state, GError **error)
{
    const BenchRect *r = &g_array_index(col->rects, BenchRect, i);
    const VncDecoder *decoder = vnc_decoder_find(r->encoding);
    const VncDecodeTarget *target = vnc_decoder_state_target(state, t->fb);

    if (!decoder) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "rectangle %u of %u: no decoder for encoding %d", i + 1,
                    col->rects->len, r->encoding);
        return FALSE;
    }
    VncDecodeContext ctx = {
        .stream = stream,
        .fb = t->fb,
        .remote = &t->format,
        .state = state,
        .direct = target->direct,
        .direct_stride = target->direct_stride,
    };
    if (!decoder->decode(&ctx, r->x, r->y, r->width, r->height, error)) {
        g_prefix_error(error, "rectangle %u of %u (%s, %ux%u at %u,%u): ", i + 1,
                       col->rects->len, decoder->name, r->width, r->height, r->x, r->y);
        return FALSE;
    }
    return TRUE;
}

/* Every payload must have been read, and no byte more. */
static gboolean
check_consumed(VncStream *stream, GError **error)
{
    guint8 extra;
    GError *end = NULL;

    if (vnc_stream_read_u8(stream, &extra, &end)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "the decoders left %" G_GSIZE_FORMAT " or more bytes unread",
                    vnc_stream_buffered(stream) + 1);
        return FALSE;
    }
    if (!g_error_matches(end, VNC_ERROR, VNC_ERROR_CLOSED)) {
        g_propagate_prefixed_error(error, end, "after the last rectangle: ");
        return FALSE;
    }
    g_error_free(end);
    return TRUE;
}

/* One timed pass. The stream and the decoder state are made before the
 * clock starts, and the state's first look at the framebuffer (which
 * asks the kernel for its pages) happens then too. */
static gboolean
decode_pass(const Collected *col, const Target *t, BenchPasses *passes, GError **error)
{
    VncDecoderState *state = vnc_decoder_state_new();
    VncStream *stream = vnc_stream_new_memory(col->payloads->data, col->payloads->len);
    gboolean ok = TRUE;

    vnc_decoder_state_target(state, t->fb);
    bench_passes_start(passes);
    for (guint i = 0; ok && i < col->rects->len; i++)
        ok = decode_one(col, i, t, stream, state, error);
    bench_passes_stop(passes);
    ok = ok && check_consumed(stream, error);

    vnc_stream_free(stream);
    vnc_decoder_state_free(state);
    return ok;
}

int
main(int argc, char **argv)
{
    BenchRectsArgs args;
    BenchRecording *rec;
    Collected col;
    Target t = { 0 };
    BenchPasses passes;
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (!bench_rects_parse_args(&argc, &argv, "bench-decode",
                                "RECORDING - time our ZRLE, Zlib and Tight decoders alone "
                                "on a recording's rectangles",
                                &args))
        return 1;
    rec = bench_recording_load(args.path, &args.format, &error);
    if (!rec) {
        g_printerr("bench-decode: %s\n", error->message);
        return 1;
    }
    collect(rec, &col);
    bench_passes_init(&passes);
    if (!target_init(&t, &args.format, col.width, col.height, &error))
        status = 1;
    for (int pass = 0; status == 0 && pass < args.passes; pass++) {
        if (!decode_pass(&col, &t, &passes, &error))
            status = 1;
    }
    if (status == 0) {
        printf("result rects=%u in=%u cpu=%.6f wall=%.6f\n", col.rects->len,
               col.payloads->len, bench_passes_median_cpu(&passes),
               bench_passes_median_wall(&passes));
    } else {
        g_printerr("bench-decode: %s\n", error->message);
    }

    bench_passes_clear(&passes);
    target_clear(&t);
    collected_clear(&col);
    bench_recording_free(rec);
    return status;
}
