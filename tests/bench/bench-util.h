/*
 * gtk-vnc benchmark: what the bench programs share: the recording format,
 * the RFB fields they read and write, and the clients' clock and result
 * line. GLib only, so that it links with every client, whichever library
 * it drives, and into the replay server, which must not link libgvnc.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <glib.h>

/* Big-endian fields, as RFB messages and the recording format carry
 * them; the caller has checked that the bytes are there. */
static inline guint16
bench_get_be16(const guint8 *p)
{
    return (guint16)((p[0] << 8) | p[1]);
}

static inline guint32
bench_get_be32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static inline void
bench_put_be16(guint8 *p, guint16 v)
{
    p[0] = (guint8)(v >> 8);
    p[1] = (guint8)v;
}

static inline void
bench_put_be32(guint8 *p, guint32 v)
{
    p[0] = (guint8)(v >> 24);
    p[1] = (guint8)(v >> 16);
    p[2] = (guint8)(v >> 8);
    p[3] = (guint8)v;
}

/* Some bytes inside a recording held in memory. */
typedef struct {
    const guint8 *data;
    gsize len;
} BenchSpan;

/* A recording (shared/streams/README.md: "RFBREC01", u32 header length,
 * the JSON header, u32 frame count, then each frame as a u32 length and
 * its bytes) split into its parts; the spans point into the caller's
 * copy of the file. */
typedef struct {
    BenchSpan header;   /* the JSON header, not NUL-terminated */
    GArray *frames;     /* BenchSpan: every frame, in order */
    gsize trailing;     /* bytes after the last frame, in no frame */
} BenchRecordingFrames;

/* Checks the magic and every length against what is left of @data;
 * FALSE, with a G_FILE_ERROR_INVAL error that names the problem, for a
 * file that is not a whole recording. Bytes after the last frame are no
 * error: @frames->trailing counts them. */
gboolean bench_recording_frames_split(const guint8 *data, gsize size,
                                      BenchRecordingFrames *frames, GError **error);
void bench_recording_frames_clear(BenchRecordingFrames *frames);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(BenchRecordingFrames, bench_recording_frames_clear)

/* A recorded frame is any Bell, SetColourMapEntries and ServerCutText
 * messages, then one FramebufferUpdate (RFC 6143 7.6). Sets *@update to
 * where the FramebufferUpdate's type byte is; FALSE, with a
 * G_FILE_ERROR_INVAL error, when the frame ends inside a message first
 * or holds a message of another type. */
gboolean bench_frame_find_update(const guint8 *frame, gsize len, gsize *update,
                                 GError **error);

/* A pixel format (RFC 6143 7.4), field by field. */
typedef struct {
    guint bits_per_pixel;
    guint depth;
    gboolean big_endian;
    gboolean true_colour;
    guint red_max, green_max, blue_max;
    guint red_shift, green_shift, blue_shift;
} BenchPixelFormat;

/* Reads a whole SetPixelFormat message (RFC 6143 7.5.1: type 0, three
 * bytes of padding, the 16-byte pixel format) into @format; FALSE for
 * anything else. */
gboolean bench_pixel_format_parse(const guint8 *msg, gsize len, BenchPixelFormat *format);

/* The encodings (gint32) of a whole SetEncodings message (RFC 6143
 * 7.5.2: type 2, padding, u16 count, s32 each); NULL for anything else,
 * a count that does not match the length included. */
GArray *bench_encodings_parse(const guint8 *msg, gsize len);

/* What a client measures over the replay: from bench_clock_start() to
 * bench_clock_stop(), wall time from the monotonic clock, this
 * process's CPU seconds (user + system, and user alone) and page faults
 * from getrusage(). */
typedef struct {
    gboolean started;
    gint64 wall_start, wall_end;
    double cpu_start, cpu_end;
    double user_start, user_end;
    long faults_start, faults_end;
} BenchClock;

void bench_clock_start(BenchClock *clock);
void bench_clock_stop(BenchClock *clock);

/* The one line bench.py reads ("result key=value ..."): @lib is the
 * library that ran, @pixels the recording's total_pixels (for Mpx/s),
 * @extra more key=value fields or NULL, @error the first error or NULL.
 * Nothing is measured for a clock that never started. */
void bench_print_result(const char *lib, const BenchClock *clock, gint64 pixels,
                        guint stalls, guint64 drawn, const char *extra,
                        const char *error);

/* The command line of the clients that connect over TCP by number
 * (bench-client-vncclient, bench-client-floor), parsed into the
 * variables below. */
typedef struct {
    char *host;              /* 127.0.0.1 unless given */
    int port;
    char *format_hex;        /* the recorded SetPixelFormat message */
    char *encodings_hex;     /* the recorded SetEncodings message */
    gint64 pixels;           /* the recording's total_pixels */
    char *fb_dump;           /* where to write the final picture, or NULL */
} BenchTcpOptions;

extern BenchTcpOptions bench_tcp_options;

/* Parses the command line into bench_tcp_options, and into the
 * variables of @extra (NULL: none) for a program's own options; FALSE,
 * with the reason on stderr after @program's name, for a bad one. */
gboolean bench_tcp_options_parse(int *argc, char ***argv, const char *program,
                                 const char *summary, const GOptionEntry *extra);

/* The bytes of an even-length hex string, or NULL if it is not one (or
 * is NULL). */
guint8 *bench_hex_decode(const char *hex, gsize *len);

#endif /* BENCH_UTIL_H */
