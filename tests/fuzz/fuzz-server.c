/*
 * gtk-vnc tests: the server's end of a replayed input (see fuzz-server.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <sys/socket.h>

#include <glib-unix.h>

#include "fuzz-server.h"

static gboolean on_server_writable(int fd, GIOCondition cond, gpointer data);

/* Sends the next part, up to the next pause or the end. */
static void
server_resume(FuzzServer *s)
{
    s->paused = FALSE;
    if (s->quiet_idle)
        g_clear_handle_id(&s->quiet_idle, g_source_remove);
    if (s->next_pause < s->pauses->len)
        s->limit = g_array_index(s->pauses, gsize, s->next_pause++);
    else
        s->limit = s->out->len;
    if (!s->write_watch)
        s->write_watch = g_unix_fd_add(s->fd, G_IO_OUT, on_server_writable, s);
}

/* Nothing else is ready: the client waits for the server, which goes on
 * without hearing from it. */
static gboolean
on_server_quiet(gpointer data)
{
    FuzzServer *s = data;

    s->quiet_idle = 0;
    server_resume(s);
    return G_SOURCE_REMOVE;
}

static gboolean
on_server_writable(int fd, GIOCondition cond, gpointer data)
{
    FuzzServer *s = data;

    while (s->sent < s->limit) {
        ssize_t n = send(s->fd, s->out->data + s->sent, s->limit - s->sent, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return G_SOURCE_CONTINUE;
        if (n <= 0) {
            /* The client has closed its end (it stopped at an error). */
            s->write_watch = 0;
            return G_SOURCE_REMOVE;
        }
        s->sent += n;
    }
    s->write_watch = 0;
    if (s->sent < s->out->len) {
        /* A pause: the rest goes once the client has said something, or
         * once it is clearly waiting. */
        s->paused = TRUE;
        s->quiet_idle = g_idle_add_full(G_PRIORITY_LOW, on_server_quiet, s, NULL);
        return G_SOURCE_REMOVE;
    }
    /* Everything sent: the end of the stream is the end of the session. */
    shutdown(s->fd, SHUT_WR);
    return G_SOURCE_REMOVE;
}

static gboolean
on_server_readable(int fd, GIOCondition cond, gpointer data)
{
    FuzzServer *s = data;
    guint8 buf[65536];
    gboolean heard = FALSE;

    for (;;) {
        ssize_t n = recv(s->fd, buf, sizeof(buf), 0);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (heard && s->paused)
                server_resume(s);
            return G_SOURCE_CONTINUE;
        }
        if (n <= 0)
            break;  /* the client closed its end */
        heard = TRUE;
    }
    if (s->paused)
        server_resume(s);
    s->read_watch = 0;
    return G_SOURCE_REMOVE;
}

void
fuzz_server_start(FuzzServer *s, int fd, GByteArray *out, GArray *pauses)
{
    *s = (FuzzServer){ .fd = fd, .out = out, .pauses = pauses };
    server_resume(s);
    s->read_watch = g_unix_fd_add(s->fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                  on_server_readable, s);
}

void
fuzz_server_stop(FuzzServer *s)
{
    if (s->write_watch)
        g_clear_handle_id(&s->write_watch, g_source_remove);
    if (s->quiet_idle)
        g_clear_handle_id(&s->quiet_idle, g_source_remove);
    if (s->read_watch)
        g_clear_handle_id(&s->read_watch, g_source_remove);
}
