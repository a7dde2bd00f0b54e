/*
 * gtk-vnc tests: the life of a VncConnection across sessions
 *
 * Embedders reconnect with the same object (after an error, or from
 * their vnc-disconnected handler), shut down more than once or from a
 * signal handler, and drop their reference while a session runs. Each
 * must end in exactly one vnc-disconnected per session, with nothing
 * leaked (check-valgrind runs these too).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <sys/socket.h>

#include "protocol-fixture.h"

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, proto_fixture_setup, func, proto_fixture_teardown)

typedef struct {
    ProtoFixture *f;
    const char *name;
    int width, height;
} SessionCheck;

static void
check_session(FakeServer *server, gpointer data)
{
    SessionCheck *check = data;
    VncConnection *conn = check->f->conn;

    g_assert_true(vnc_connection_is_open(conn));
    g_assert_true(vnc_connection_is_initialized(conn));
    g_assert_false(vnc_connection_has_error(conn));
    g_assert_cmpstr(vnc_connection_get_name(conn), ==, check->name);
    g_assert_cmpint(vnc_connection_get_width(conn), ==, check->width);
    g_assert_cmpint(vnc_connection_get_height(conn), ==, check->height);
}

/* A None session at 3.@minor on a @width x @height desktop called @name,
 * checked from the server's side, then shut down by the embedder. */
static void
script_checked_session(ProtoFixture *f, int minor, SessionCheck *check)
{
    proto_script_none_handshake(f, minor);
    proto_send_server_init(f, check->width, check->height, &f->format, check->name);
    proto_expect_setup(f, check->width, check->height);
    fake_server_call(f->server, "checking the session", check_session, check);
    proto_script_shutdown(f);
}

static void
test_reopen_after_end(ProtoFixture *f, gconstpointer data)
{
    SessionCheck one = { f, "one", 4, 4 }, two = { f, "two", 8, 6 };

    script_checked_session(f, 8, &one);
    proto_fixture_run(f);
    proto_assert_clean_end(f);
    g_assert_false(vnc_connection_is_open(f->conn));

    proto_fixture_new_server(f);
    script_checked_session(f, 3, &two);
    proto_fixture_run(f);
    proto_assert_clean_end(f);
    proto_assert_events(f, "connected initialized disconnected");
    g_assert_cmpuint(f->fb_width, ==, 8);
}

static void
test_reopen_after_error(ProtoFixture *f, gconstpointer data)
{
    SessionCheck good = { f, "good", 5, 3 };

    fake_server_send(f->server, "garbage", "SSH-2.0-Open", 12);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);
    proto_assert_error_end(f);
    g_assert_true(vnc_connection_has_error(f->conn));

    /* The error belongs to the last session, not to the next. */
    proto_fixture_new_server(f);
    script_checked_session(f, 8, &good);
    proto_fixture_run(f);
    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected");
}

/* Reconnecting from the vnc-disconnected handler, as viewers do. */
typedef struct {
    ProtoFixture *f;
    int client_fd;
} Reconnect;

static void
on_disconnected_reconnect(VncConnection *conn, Reconnect *r)
{
    if (r->client_fd < 0)
        return;
    g_assert_true(vnc_connection_open_fd(conn, r->client_fd));
    r->client_fd = -1;
}

static void
test_reopen_in_disconnected_handler(ProtoFixture *f, gconstpointer data)
{
    SessionCheck one = { f, "first", 4, 4 }, two = { f, "second", 6, 2 };
    Reconnect r = { f, -1 };
    FakeServer *first;
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
    r.client_fd = fds[0];
    f->extra_server = fake_server_new(fds[1]);
    f->sessions = 2;

    script_checked_session(f, 8, &one);
    /* The helpers script f->server: point it at the second server. */
    first = f->server;
    f->server = f->extra_server;
    script_checked_session(f, 7, &two);
    f->server = first;

    g_signal_connect(f->conn, "vnc-disconnected", G_CALLBACK(on_disconnected_reconnect), &r);
    proto_fixture_run(f);

    g_assert_cmpint(r.client_fd, ==, -1);
    g_assert_cmpuint(f->n_errors, ==, 0);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected "
                        "connected choose-type(1) initialized disconnected");
    g_assert_cmpuint(f->fb_width, ==, 6);
}

static void
shutdown_twice(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    vnc_connection_shutdown(f->conn);
    vnc_connection_shutdown(f->conn);
}

static void
test_shutdown_twice(ProtoFixture *f, gconstpointer data)
{
    proto_script_session(f, 4, 4);
    fake_server_call(f->server, "vnc_connection_shutdown twice", shutdown_twice, f);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected");
}

static void
on_error_shutdown(VncConnection *conn, const char *message, gpointer data)
{
    vnc_connection_shutdown(conn);
}

static void
test_shutdown_in_error_handler(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    g_signal_connect(f->conn, "vnc-error", G_CALLBACK(on_error_shutdown), NULL);
    proto_script_session(f, 4, 4);
    test_put_u8(msg, 99);
    fake_server_send_msg(f->server, "an unknown message", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized error disconnected");
}

static void
test_shutdown_after_end(ProtoFixture *f, gconstpointer data)
{
    proto_script_session(f, 4, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    vnc_connection_shutdown(f->conn);
    for (int i = 0; i < 100 && g_main_context_iteration(NULL, FALSE); i++)
        ;
    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected");
}

/* The embedder drops its reference mid-session; the session ends when
 * the server goes away, and everything is freed then. */
static void
drop_connection(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_clear_object(&f->conn);
}

static void
test_unref_while_open(ProtoFixture *f, gconstpointer data)
{
    proto_script_session(f, 4, 4);
    fake_server_call(f->server, "g_object_unref(connection)", drop_connection, f);
    fake_server_close(f->server);
    proto_fixture_run(f);

    g_assert_null(f->conn);
    g_assert_true(g_str_has_suffix(f->events->str, "disconnected"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    ADD("/protocol/lifecycle/reopen-after-end", test_reopen_after_end, NULL);
    ADD("/protocol/lifecycle/reopen-after-error", test_reopen_after_error, NULL);
    ADD("/protocol/lifecycle/reopen-in-disconnected-handler",
        test_reopen_in_disconnected_handler, NULL);
    ADD("/protocol/lifecycle/shutdown-twice", test_shutdown_twice, NULL);
    ADD("/protocol/lifecycle/shutdown-in-error-handler", test_shutdown_in_error_handler, NULL);
    ADD("/protocol/lifecycle/shutdown-after-end", test_shutdown_after_end, NULL);
    ADD("/protocol/lifecycle/unref-while-open", test_unref_while_open, NULL);

    return g_test_run();
}
