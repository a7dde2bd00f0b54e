/*
 * gtk-vnc benchmark: what every bench client needs, whichever library it
 * drives (GLib only, so that it links with each of them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <glib.h>

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
} BenchTcpOptions;

extern BenchTcpOptions bench_tcp_options;

/* Parses the command line into bench_tcp_options; FALSE, with the reason
 * on stderr after @program's name, for a bad one. */
gboolean bench_tcp_options_parse(int *argc, char ***argv, const char *program,
                                 const char *summary);

/* The bytes of an even-length hex string, or NULL if it is not one. */
guint8 *bench_hex_decode(const char *hex, gsize *len);

#endif /* BENCH_UTIL_H */
