/*
 * gtk-vnc benchmark: see bench-util.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"

void
bench_cpu_now(double *total, double *user, long *faults)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    *faults = ru.ru_minflt + ru.ru_majflt;
    *user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    *total = *user + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
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
