/*
 * gtk-vnc benchmark: what every bench client needs, whichever library it
 * drives (GLib only, so that it links with each of them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <glib.h>

/* This process's CPU seconds (user + system, and user alone) and page
 * faults so far: the clients report the difference over the replay. */
void bench_cpu_now(double *total, double *user, long *faults);

/* The bytes of an even-length hex string, or NULL if it is not one. */
guint8 *bench_hex_decode(const char *hex, gsize *len);

#endif /* BENCH_UTIL_H */
