/*
 * gtk-vnc benchmark: a recording walked rectangle by rectangle, for the
 * programs that time one part of decoding on its own (bench-inflate:
 * zlib alone; bench-decode: our decoders alone), so that both measure
 * exactly the same bytes. GLib only.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef BENCH_RECTS_H
#define BENCH_RECTS_H

#include <glib.h>

#include "bench-util.h"

enum {
    BENCH_ENC_RAW = 0,
    BENCH_ENC_COPY_RECT = 1,
    BENCH_ENC_ZLIB = 6,
    BENCH_ENC_TIGHT = 7,
    BENCH_ENC_ZRLE = 16,
    BENCH_ENC_DESKTOP_SIZE = -223,
    BENCH_ENC_LAST_RECT = -224,
};

/* One rectangle as the server sent it. */
typedef struct {
    guint16 x, y, width, height;
    gint32 encoding;
    const guint8 *payload;  /* what follows the 12-byte header, inside
                             * the recording's data */
    gsize payload_len;
} BenchRect;

/* One piece of zlib data, in the order a decoder inflates them. */
typedef struct {
    const guint8 *data;
    gsize len;
    guint8 stream;  /* Tight: 0-3; ZRLE and Zlib: 0 */
    guint8 reset;   /* Tight: bit i resets stream i before this payload */
    gsize expect;   /* Tight: the uncompressed size; 0 when unknown */
} BenchZlibPayload;

typedef struct {
    gchar *data;        /* the whole file */
    gsize size;
    GArray *rects;      /* BenchRect: every rectangle of every update,
                         * pseudo-encodings included, in order */
    GArray *payloads;   /* BenchZlibPayload: ZRLE, Zlib and Tight's */
} BenchRecording;

/* The command line both timers take: [--pixel-format HEX] [--passes N]
 * RECORDING. */
typedef struct {
    BenchPixelFormat format;
    int passes;
    const char *path;
} BenchRectsArgs;

/* Parses the command line into @args; FALSE, with the reason on stderr
 * after @program's name, for a bad one. Without --pixel-format the
 * format is the one every shared recording was made with (32 bpp, depth
 * 24, little-endian, 8-bit channels at 16/8/0). */
gboolean bench_rects_parse_args(int *argc, char ***argv, const char *program,
                                const char *summary, BenchRectsArgs *args);

/* Reads the recording at @path and walks every frame (@format decides
 * pixel sizes). Encodings other than Raw, CopyRect, Zlib, Tight, ZRLE,
 * DesktopSize and LastRect are refused: the walker could not find where
 * their rectangles end. */
BenchRecording *bench_recording_load(const char *path, const BenchPixelFormat *format,
                                     GError **error);
void bench_recording_free(BenchRecording *rec);

/* The CPU (user + system) and wall seconds of each timed pass: the
 * medians are what a timer reports, the first pass often paying for
 * cold caches. */
typedef struct {
    GArray *cpu;
    GArray *wall;
    BenchClock clock;
} BenchPasses;

void bench_passes_init(BenchPasses *passes);
void bench_passes_start(BenchPasses *passes);
void bench_passes_stop(BenchPasses *passes);
double bench_passes_median_cpu(BenchPasses *passes);
double bench_passes_median_wall(BenchPasses *passes);
void bench_passes_clear(BenchPasses *passes);

#endif /* BENCH_RECTS_H */
