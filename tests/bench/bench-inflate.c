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
 * First the recording is walked, rectangle by rectangle (bench-rects.c,
 * the same walk as bench-decode's, so that both time the same bytes),
 * and the zlib payloads are collected with the stream they belong to
 * (ZRLE and Zlib: one stream per connection; Tight: four, chosen and
 * reset by each rectangle's control byte). Only then does the clock start: each pass
 * inflates every payload in order, into one small reused buffer, as a
 * decoder would before it turns the bytes into pixels. Raw, CopyRect,
 * fills and Tight's JPEG and uncompressed pieces are skipped over: they
 * do not touch zlib.
 *
 * Output: result payloads=N in=BYTES out=BYTES cpu=S wall=S (the median
 * of --passes passes).
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <zlib.h>

#include "bench-rects.h"

#define N_STREAMS 4

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
        const BenchZlibPayload *pl = &g_array_index(payloads, BenchZlibPayload, i);
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


int
main(int argc, char **argv)
{
    BenchRectsArgs args;
    BenchRecording *rec;
    BenchPasses passes;
    g_autoptr(GError) error = NULL;
    guint64 in_bytes = 0, out_bytes = 0;
    guint8 *scratch;
    const gsize scratch_len = 64 * 1024;
    guint i;
    int pass;

    if (!bench_rects_parse_args(&argc, &argv, "bench-inflate",
                                "RECORDING - time zlib inflate alone on a recording's payloads",
                                &args))
        return 1;
    rec = bench_recording_load(args.path, &args.format, &error);
    if (!rec) {
        g_printerr("bench-inflate: %s\n", error->message);
        return 1;
    }
    for (i = 0; i < rec->payloads->len; i++)
        in_bytes += g_array_index(rec->payloads, BenchZlibPayload, i).len;

    scratch = g_malloc(scratch_len);
    bench_passes_init(&passes);
    for (pass = 0; pass < args.passes; pass++) {
        bench_passes_start(&passes);
        out_bytes = inflate_all(rec->payloads, scratch, scratch_len, &error);
        bench_passes_stop(&passes);
        if (error) {
            g_printerr("bench-inflate: %s\n", error->message);
            return 1;
        }
    }
    printf("result payloads=%u in=%" G_GUINT64_FORMAT " out=%" G_GUINT64_FORMAT
           " cpu=%.6f wall=%.6f\n",
           rec->payloads->len, in_bytes, out_bytes,
           bench_passes_median_cpu(&passes), bench_passes_median_wall(&passes));

    bench_passes_clear(&passes);
    g_free(scratch);
    bench_recording_free(rec);
    return 0;
}
