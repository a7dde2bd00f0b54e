/*
 * gtk-vnc benchmark: the pictures the decoding clients draw, as digests
 * the driver compares between libraries: the final picture (fb= on the
 * result line) and, with --digest-log, the picture after every update.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * SHA-256 comes from nettle (a dependency of the library anyway), which
 * uses the CPU's SHA instructions where there are some: GLib's GChecksum
 * takes eight times longer, and the per-update pass hashes pictures of
 * 1920x1080 hundreds of times per stream.
 */
#ifndef BENCH_PICTURE_H
#define BENCH_PICTURE_H

#include <glib.h>

#include "bench-util.h"

/* The visible pixels of a framebuffer, row after row without the rows'
 * padding, each in @format's size and byte order but masked to the bits
 * the format really uses (true colour: each maximum at its shift; a
 * colour map: the low @depth bits), since the bits left over are
 * whatever a library happened to write there. Sets *@len; NULL for a
 * format that is not 8, 16 or 32 bits per pixel. */
guint8 *bench_framebuffer_visible(const guint8 *pixels, guint width, guint height,
                                  gsize stride, const BenchPixelFormat *format,
                                  gsize *len);

/* "fb=SHA256 fb_size=WxH": the SHA-256, in hex, of exactly the bytes
 * bench_framebuffer_visible() gives (computed row by row, without that
 * copy); "fb=none" without a framebuffer or for a format it refuses. */
char *bench_framebuffer_digest(const guint8 *pixels, guint width, guint height,
                               gsize stride, const BenchPixelFormat *format);

/* The result-line fields of the final picture (bench_framebuffer_digest()).
 * If @dump_path is not NULL the visible pixels are also written to that
 * file, raw (the driver reads them when two digests differ). It reads
 * the whole framebuffer: call it only after bench_clock_stop(), it must
 * never be timed. */
char *bench_framebuffer_result(const guint8 *pixels, guint width, guint height,
                               gsize stride, const BenchPixelFormat *format,
                               const char *dump_path);

/* The options of the untimed exactness pass, the same in every decoding
 * client; add bench_picture_option_entries to the command line. */
typedef struct {
    char *log_path;     /* --digest-log: the picture after every update */
    gint64 dump_update; /* --digest-dump-update: that update's pixels... */
    char *dump_path;    /* --digest-dump: ...to this file, raw */
} BenchPictureOptions;

extern BenchPictureOptions bench_picture_options;
extern GOptionEntry bench_picture_option_entries[];

/*
 * The per-update log (--digest-log): one line per update that drew at
 * least one rectangle,
 *   update=N frame=F rects=R picture=SHA256 fb_size=WxH
 * N counting those updates from 1, F the update's number among all the
 * FramebufferUpdate messages of the session ("-" for a client that
 * cannot see updates without rectangles), R the rectangles drawn since
 * the session began (CopyRect included, pseudo-encodings not), then the
 * digest of the whole visible picture: the SHA-256 of the SHA-256s of
 * its rows, each masked as bench_framebuffer_visible() masks it (not
 * fb='s digest: only the rows that changed are hashed again). Updates
 * without a drawn rectangle (empty ones, a lone DesktopSize) are left
 * out by every client alike: gtk-vnc's API does not show them. Each
 * picture reads the whole framebuffer: never use it in a timed run.
 */
typedef struct BenchDigestLog BenchDigestLog;

/* NULL, with the reason on stderr, when @path cannot be written. */
BenchDigestLog *bench_digest_log_open(const char *path);

/* The picture after the next update to log, as fields for
 * bench_digest_log_write(); when that update is --digest-dump-update,
 * its visible pixels also go to --digest-dump. Take it at the moment
 * the update is complete: that moment is each client's business. */
char *bench_digest_log_take(BenchDigestLog *log, const guint8 *pixels, guint width,
                            guint height, gsize stride, const BenchPixelFormat *format);

/* The line for the update whose picture bench_digest_log_take() gave
 * last; @frame < 0 when unknown. */
void bench_digest_log_write(BenchDigestLog *log, gint64 frame, guint64 rects,
                            const char *fields);

/* "picture=SHA256" of the final picture, for the result line: the
 * driver checks that the log ends on it. */
char *bench_digest_log_final(BenchDigestLog *log, const guint8 *pixels, guint width,
                             guint height, gsize stride, const BenchPixelFormat *format);

/* Flushes and closes the file; FALSE, with the reason on stderr, if a
 * line could not be written. NULL is accepted. */
gboolean bench_digest_log_close(BenchDigestLog *log);

#endif /* BENCH_PICTURE_H */
