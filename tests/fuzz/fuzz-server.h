/*
 * gtk-vnc tests: the server's end of a replayed input
 *
 * Sends fixed bytes over a non-blocking socket, stopping at each pause
 * offset until the client has said something (a TLS ClientHello, a SASL
 * step) or the main loop has nothing else to do, and closes its writing
 * side after the last byte. Used by the fuzz targets (fuzz-session.c)
 * and by the widget's hostile-server test.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FUZZ_SERVER_H
#define FUZZ_SERVER_H

#include <glib.h>

typedef struct {
    int fd;                   /* the server's end, non-blocking; not closed here */
    GByteArray *out;          /* everything it sends (the caller's) */
    GArray *pauses;           /* offsets in out where it waits (gsize; the caller's) */
    guint next_pause;
    gsize sent;
    gsize limit;              /* what it may send before the next pause */
    gboolean paused;
    guint quiet_idle;
    guint write_watch;
    guint read_watch;
} FuzzServer;

/* Starts sending @out on @fd, pausing at @pauses. */
void fuzz_server_start(FuzzServer *server, int fd, GByteArray *out, GArray *pauses);

/* Removes the server's main-loop sources. */
void fuzz_server_stop(FuzzServer *server);

#endif /* FUZZ_SERVER_H */
