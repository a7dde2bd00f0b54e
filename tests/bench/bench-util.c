/*
 * gtk-vnc benchmark: see bench-util.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"

static void
bench_cpu_now(double *total, double *user, long *faults)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    *faults = ru.ru_minflt + ru.ru_majflt;
    *user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    *total = *user + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

BenchTcpOptions bench_tcp_options = { .host = (char *)"127.0.0.1" };

static GOptionEntry bench_tcp_option_entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &bench_tcp_options.host,
      "server host (127.0.0.1)", "HOST" },
    { "port", 0, 0, G_OPTION_ARG_INT, &bench_tcp_options.port, "server port", "PORT" },
    { "pixel-format", 0, 0, G_OPTION_ARG_STRING, &bench_tcp_options.format_hex,
      "SetPixelFormat message to send (20 bytes, hex)", "HEX" },
    { "encodings", 0, 0, G_OPTION_ARG_STRING, &bench_tcp_options.encodings_hex,
      "SetEncodings message to send (hex)", "HEX" },
    { "pixels", 0, 0, G_OPTION_ARG_INT64, &bench_tcp_options.pixels,
      "pixels in the recording (total_pixels), for megapixels per second", "N" },
    { NULL }
};

gboolean
bench_tcp_options_parse(int *argc, char ***argv, const char *program, const char *summary)
{
    GOptionContext *ctx = g_option_context_new(summary);
    GError *error = NULL;
    gboolean ok;

    g_option_context_add_main_entries(ctx, bench_tcp_option_entries, NULL);
    ok = g_option_context_parse(ctx, argc, argv, &error);
    if (!ok) {
        g_printerr("%s: %s\n", program, error->message);
        g_error_free(error);
    }
    g_option_context_free(ctx);
    return ok;
}

void
bench_clock_start(BenchClock *clock)
{
    clock->started = TRUE;
    clock->wall_start = g_get_monotonic_time();
    bench_cpu_now(&clock->cpu_start, &clock->user_start, &clock->faults_start);
}

void
bench_clock_stop(BenchClock *clock)
{
    clock->wall_end = g_get_monotonic_time();
    bench_cpu_now(&clock->cpu_end, &clock->user_end, &clock->faults_end);
}

void
bench_print_result(const char *lib, const BenchClock *clock, gint64 pixels,
                   guint stalls, guint64 drawn, const char *extra,
                   const char *error)
{
    gboolean started = clock->started;
    double wall = started ? (clock->wall_end - clock->wall_start) / 1e6 : 0;
    double cpu = started ? clock->cpu_end - clock->cpu_start : 0;
    double user = started ? clock->user_end - clock->user_start : 0;
    /* One line for the driver: spaces in the error would split it. */
    g_autofree char *message = g_strdup(error ? error : "");

    g_strdelimit(message, " \t\n", '_');
    printf("result lib=%s started=%d wall=%.6f cpu=%.6f user=%.6f sys=%.6f "
           "faults=%ld mpx_per_s=%.3f stalls=%u drawn=%" G_GUINT64_FORMAT "%s%s error=%s\n",
           lib, started, wall, cpu, user, cpu - user,
           started ? clock->faults_end - clock->faults_start : 0,
           wall > 0 ? pixels / wall / 1e6 : 0, stalls, drawn,
           extra ? " " : "", extra ? extra : "", message);
    fflush(stdout);
}

guint8 *
bench_hex_decode(const char *hex, gsize *len)
{
    gsize n = strlen(hex);
    guint8 *out;

    if (n % 2)
        return NULL;
    out = g_malloc(n / 2 + 1);
    for (gsize i = 0; i < n / 2; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            g_free(out);
            return NULL;
        }
        out[i] = (guint8)(hi * 16 + lo);
    }
    *len = n / 2;
    return out;
}
