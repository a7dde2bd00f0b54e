/*
 * gtk-vnc tests: vnc_connection_open_host() gives up on a server that
 * never answers, after the connect timeout
 *
 * A server that never answers, on loopback: a TCP socket listening on
 * 127.0.0.1 with a backlog of 0 that never accepts. Once its accept queue
 * is full (Linux counts backlog + 1 connections), the kernel drops every
 * further SYN, so a new connect() neither succeeds nor fails: it waits,
 * retransmitting, as it would for a host that has vanished. The test
 * fills the queue with connections of its own, then lets a VncConnection
 * try, with the connect timeout shortened from VNC_CONNECT_TIMEOUT_SECONDS
 * to one second through the internal setter
 * vnc_connection_priv_set_connect_timeout() (src/vncconnection-open.c).
 * The session must end with vnc-error, saying that nothing answered, and
 * vnc-disconnected, and nothing else; how long it took is not checked
 * beyond a guard that fails the test if it never ends.
 *
 * The same hanging connect, shut down by the embedder long before the
 * timeout, ends at once and cleanly (vnc-disconnected alone).
 *
 * Where the kernel does not behave so (connections past the backlog
 * complete), the test is skipped.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "vncconnection.h"
#include "vncconnection-priv.h"

/* The shortened timeout, and the guard against a test that hangs
 * (generous: valgrind, a busy machine). */
#define TEST_CONNECT_TIMEOUT 1
#define TEST_GUARD_SECONDS   60

/* Connections made to fill the queue, at most, and how long one may take
 * before the queue is taken to be full. */
#define FILL_MAX_CONNECTIONS 16
#define FILL_WAIT_MS         500

typedef struct {
    int listener;
    guint16 port;
    GArray *fillers;   /* fds of the connections filling the queue */
} FullListener;

/* Connects a non-blocking socket to @port; TRUE if the connection was
 * established within FILL_WAIT_MS. */
static gboolean
connect_filler(guint16 port, int *fd_out)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    struct pollfd pfd;
    int fd, error = 0;
    socklen_t len = sizeof(error);

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    g_assert_cmpint(fd, >=, 0);
    *fd_out = fd;
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
        return TRUE;
    g_assert_cmpint(errno, ==, EINPROGRESS);

    pfd.fd = fd;
    pfd.events = POLLOUT;
    if (poll(&pfd, 1, FILL_WAIT_MS) <= 0)
        return FALSE;
    g_assert_cmpint(getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len), ==, 0);
    g_assert_cmpint(error, ==, 0);
    return TRUE;
}

/* A listener on 127.0.0.1 whose accept queue is full; FALSE if the
 * kernel kept accepting connections. */
static gboolean
full_listener_open(FullListener *l)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
    socklen_t len = sizeof(addr);

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l->fillers = g_array_new(FALSE, FALSE, sizeof(int));
    l->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(l->listener, >=, 0);
    g_assert_cmpint(bind(l->listener, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(l->listener, 0), ==, 0);
    g_assert_cmpint(getsockname(l->listener, (struct sockaddr *)&addr, &len), ==, 0);
    l->port = ntohs(addr.sin_port);

    for (guint i = 0; i < FILL_MAX_CONNECTIONS; i++) {
        int fd;
        gboolean established = connect_filler(l->port, &fd);

        if (!established) {
            /* This one hangs: the queue is full. It has done its job. */
            close(fd);
            g_test_message("accept queue full after %u connection(s)", i);
            return TRUE;
        }
        g_array_append_val(l->fillers, fd);
    }
    return FALSE;
}

static void
full_listener_close(FullListener *l)
{
    for (guint i = 0; i < l->fillers->len; i++)
        close(g_array_index(l->fillers, int, i));
    g_array_free(l->fillers, TRUE);
    close(l->listener);
}

typedef struct {
    GMainLoop *loop;
    GString *events;
    char *error_message;
    guint n_disconnected;
    gboolean guard_fired;
} Session;

static void
on_connected(VncConnection *conn, Session *s)
{
    g_string_append(s->events, "connected ");
}

static void
on_initialized(VncConnection *conn, Session *s)
{
    g_string_append(s->events, "initialized ");
}

static void
on_error(VncConnection *conn, const char *message, Session *s)
{
    g_string_append(s->events, "error ");
    if (!s->error_message)
        s->error_message = g_strdup(message);
}

static void
on_disconnected(VncConnection *conn, Session *s)
{
    g_string_append(s->events, "disconnected ");
    s->n_disconnected++;
    g_main_loop_quit(s->loop);
}

static gboolean
on_guard(gpointer data)
{
    Session *s = data;

    s->guard_fired = TRUE;
    g_main_loop_quit(s->loop);
    return G_SOURCE_REMOVE;
}

static gboolean
shut_down(gpointer data)
{
    vnc_connection_shutdown(data);
    return G_SOURCE_REMOVE;
}

/* Opens a connection to the full listener, optionally shuts it down
 * after @shutdown_ms, and runs until vnc-disconnected (or the guard). */
static void
run_hanging_connect(FullListener *listener, Session *s, guint shutdown_ms)
{
    s->loop = g_main_loop_new(NULL, FALSE);
    s->events = g_string_new(NULL);

    VncConnection *conn = vnc_connection_new();
    g_signal_connect(conn, "vnc-connected", G_CALLBACK(on_connected), s);
    g_signal_connect(conn, "vnc-initialized", G_CALLBACK(on_initialized), s);
    g_signal_connect(conn, "vnc-error", G_CALLBACK(on_error), s);
    g_signal_connect(conn, "vnc-disconnected", G_CALLBACK(on_disconnected), s);

    g_autofree char *port = g_strdup_printf("%u", listener->port);
    g_assert_true(vnc_connection_open_host(conn, "127.0.0.1", port));
    guint guard = g_timeout_add_seconds(TEST_GUARD_SECONDS, on_guard, s);
    guint shutdown = shutdown_ms ? g_timeout_add(shutdown_ms, shut_down, conn) : 0;
    g_main_loop_run(s->loop);
    if (!s->guard_fired)
        g_source_remove(guard);

    /* Whatever the connection still has queued (it must be nothing
     * visible). */
    while (g_main_context_iteration(NULL, FALSE))
        ;

    if (s->guard_fired)
        g_error("the connection was still waiting after %u s: %s", TEST_GUARD_SECONDS,
                s->events->str);
    /* Ended before the shutdown was due: not what the test is about. */
    if (shutdown && g_main_context_find_source_by_id(NULL, shutdown))
        g_source_remove(shutdown);
    g_object_unref(conn);
    g_main_loop_unref(s->loop);
}

static void
session_clear(Session *s)
{
    g_free(s->error_message);
    g_string_free(s->events, TRUE);
}

static void
test_connect_timeout(void)
{
    FullListener listener;
    Session s = { 0 };

    if (!full_listener_open(&listener)) {
        full_listener_close(&listener);
        g_test_skip("connections past the listen backlog complete here; "
                    "no way to make a connect hang on loopback");
        return;
    }

    vnc_connection_priv_set_connect_timeout(TEST_CONNECT_TIMEOUT);
    run_hanging_connect(&listener, &s, 0);
    vnc_connection_priv_set_connect_timeout(0);

    g_assert_cmpstr(s.events->str, ==, "error disconnected ");
    g_assert_cmpuint(s.n_disconnected, ==, 1);
    g_autofree char *expected =
        g_strdup_printf("Unable to connect to 127.0.0.1 port %u: no answer within 1 second",
                        listener.port);
    g_assert_cmpstr(s.error_message, ==, expected);

    session_clear(&s);
    full_listener_close(&listener);
}

/* With the default timeout (half a minute): the embedder gives up after
 * a tenth of a second, and the connect stops there. */
static void
test_connect_shutdown(void)
{
    FullListener listener;
    Session s = { 0 };

    if (!full_listener_open(&listener)) {
        full_listener_close(&listener);
        g_test_skip("connections past the listen backlog complete here; "
                    "no way to make a connect hang on loopback");
        return;
    }

    vnc_connection_priv_set_connect_timeout(0);
    g_assert_cmpuint(TEST_GUARD_SECONDS, >, VNC_CONNECT_TIMEOUT_SECONDS);
    run_hanging_connect(&listener, &s, 100);

    /* Before the timeout: a shutdown is no error. */
    g_assert_cmpstr(s.events->str, ==, "disconnected ");
    g_assert_cmpuint(s.n_disconnected, ==, 1);
    g_assert_null(s.error_message);

    session_clear(&s);
    full_listener_close(&listener);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/protocol/open/connect-timeout", test_connect_timeout);
    g_test_add_func("/protocol/open/connect-shutdown", test_connect_shutdown);

    return g_test_run();
}
