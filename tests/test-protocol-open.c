/*
 * gtk-vnc tests: the ways of reaching a server
 *
 * vnc_connection_open_host (an address or a name, IPv4 and IPv6),
 * open_addr (TCP and unix sockets) and open_fd_with_hostname, each
 * against a listener of the test's own on the loopback interface or a
 * unix socket, served by the fake server up to ServerInit. Failures to
 * connect (nobody listening, a bad port) must end in vnc-error and
 * vnc-disconnected like any other failure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <gio/gunixsocketaddress.h>

#include "vncconnection.h"
#include "fake-server.h"
#include "test-utils.h"

typedef struct {
    GMainLoop *loop;
    VncConnection *conn;
    GSocketListener *listener;
    FakeServer *server;
    char *tmpdir;
    guint timeout_id;

    gboolean connected;
    gboolean initialized;
    guint n_errors;
    guint n_disconnected;
    char *error_message;
} OpenFixture;

static gboolean
on_timeout(gpointer data)
{
    OpenFixture *f = data;

    g_main_loop_quit(f->loop);
    f->timeout_id = 0;
    g_test_fail_printf("timed out (server: %s)",
                       f->server ? fake_server_describe(f->server) : "none accepted");
    return G_SOURCE_REMOVE;
}

static void
on_connected(VncConnection *conn, OpenFixture *f)
{
    f->connected = TRUE;
}

static void
on_initialized(VncConnection *conn, OpenFixture *f)
{
    f->initialized = TRUE;
    g_assert_cmpstr(vnc_connection_get_name(conn), ==, "open");
    vnc_connection_shutdown(conn);
}

static void
on_error(VncConnection *conn, const char *message, OpenFixture *f)
{
    f->n_errors++;
    if (!f->error_message)
        f->error_message = g_strdup(message);
}

static void
on_disconnected(VncConnection *conn, OpenFixture *f)
{
    f->n_disconnected++;
    g_main_loop_quit(f->loop);
}

static void
setup(OpenFixture *f, gconstpointer data)
{
    f->loop = g_main_loop_new(NULL, FALSE);
    f->conn = vnc_connection_new();
    f->listener = g_socket_listener_new();
    f->timeout_id = g_timeout_add_seconds(10, on_timeout, f);
    g_signal_connect(f->conn, "vnc-connected", G_CALLBACK(on_connected), f);
    g_signal_connect(f->conn, "vnc-initialized", G_CALLBACK(on_initialized), f);
    g_signal_connect(f->conn, "vnc-error", G_CALLBACK(on_error), f);
    g_signal_connect(f->conn, "vnc-disconnected", G_CALLBACK(on_disconnected), f);
}

static void
teardown(OpenFixture *f, gconstpointer data)
{
    if (f->timeout_id)
        g_source_remove(f->timeout_id);
    g_socket_listener_close(f->listener);
    g_object_unref(f->listener);
    g_object_unref(f->conn);
    if (f->server)
        fake_server_free(f->server);
    if (f->tmpdir) {
        g_autofree char *path = g_build_filename(f->tmpdir, "vnc.sock", NULL);
        unlink(path);
        rmdir(f->tmpdir);
        g_free(f->tmpdir);
    }
    g_free(f->error_message);
    g_main_loop_unref(f->loop);
}

/* The server's side of a None handshake at 3.8, up to ServerInit. */
static void
script_handshake(FakeServer *server)
{
    static const guint8 none = 1;
    VncPixelFormat format;
    GByteArray *msg;

    msg = g_byte_array_new();
    test_msg_version(msg, "003.008");
    fake_server_send_msg(server, "version", msg);
    msg = g_byte_array_new();
    test_msg_client_version(msg, "003.008");
    fake_server_expect_msg(server, "client version", msg);
    msg = g_byte_array_new();
    test_msg_security_types(msg, 1, &none);
    fake_server_send_msg(server, "security types", msg);
    fake_server_expect(server, "choice of None", &none, 1);
    msg = g_byte_array_new();
    test_msg_security_result(msg, 0, NULL);
    fake_server_send_msg(server, "security result", msg);
    fake_server_expect(server, "ClientInit", "\0", 1);
    test_pixel_format_rgb888(&format);
    msg = g_byte_array_new();
    test_msg_server_init(msg, 16, 8, &format, "open");
    fake_server_send_msg(server, "ServerInit", msg);
    fake_server_expect_eof(server);
}

static void
on_accepted(GObject *source, GAsyncResult *result, gpointer data)
{
    OpenFixture *f = data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GSocket) socket =
        g_socket_listener_accept_socket_finish(G_SOCKET_LISTENER(source), result, NULL, &error);

    if (!socket)
        return;  /* the listener closed in teardown */
    g_assert_null(f->server);
    f->server = fake_server_new(dup(g_socket_get_fd(socket)));
    script_handshake(f->server);
    fake_server_start(f->server);
}

static void
accept_one(OpenFixture *f)
{
    g_socket_listener_accept_socket_async(f->listener, NULL, on_accepted, f);
}

/* Listens on @address (port 0: any free one); returns the port, or 0
 * when the address family is not available here. */
static guint16
listen_on(OpenFixture *f, const char *address)
{
    g_autoptr(GInetAddress) inet = g_inet_address_new_from_string(address);
    g_autoptr(GSocketAddress) wanted = g_inet_socket_address_new(inet, 0);
    g_autoptr(GSocketAddress) effective = NULL;
    g_autoptr(GError) error = NULL;

    if (!g_socket_listener_add_address(f->listener, wanted, G_SOCKET_TYPE_STREAM,
                                       G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
        return 0;
    accept_one(f);
    return g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(effective));
}

static void
assert_reached_server(OpenFixture *f)
{
    g_assert_null(f->error_message);
    g_assert_true(f->connected);
    g_assert_true(f->initialized);
    g_assert_cmpuint(f->n_errors, ==, 0);
    g_assert_cmpuint(f->n_disconnected, ==, 1);
    g_assert_nonnull(f->server);
    g_assert_null(fake_server_get_failure(f->server));
    g_assert_false(vnc_connection_is_open(f->conn));
}

static void
open_host_and_run(OpenFixture *f, const char *host, guint16 port)
{
    g_autofree char *service = g_strdup_printf("%u", port);

    g_assert_true(vnc_connection_open_host(f->conn, host, service));
    g_main_loop_run(f->loop);
}

static void
test_host_ipv4(OpenFixture *f, gconstpointer data)
{
    guint16 port = listen_on(f, "127.0.0.1");

    g_assert_cmpuint(port, !=, 0);
    open_host_and_run(f, "127.0.0.1", port);
    assert_reached_server(f);
}

static void
test_host_ipv6(OpenFixture *f, gconstpointer data)
{
    guint16 port = listen_on(f, "::1");

    if (port == 0) {
        g_test_skip("IPv6 loopback (::1) is not available here");
        return;
    }
    open_host_and_run(f, "::1", port);
    assert_reached_server(f);
}

static void
test_host_ipv6_brackets(OpenFixture *f, gconstpointer data)
{
    guint16 port = listen_on(f, "::1");

    if (port == 0) {
        g_test_skip("IPv6 loopback (::1) is not available here");
        return;
    }
    open_host_and_run(f, "[::1]", port);
    assert_reached_server(f);
}

/* "localhost" resolves to ::1 and 127.0.0.1 on most systems; with the
 * listener on 127.0.0.1 only, reaching it means every address was tried. */
static void
test_host_name(OpenFixture *f, gconstpointer data)
{
    guint16 port = listen_on(f, "127.0.0.1");

    g_assert_cmpuint(port, !=, 0);
    open_host_and_run(f, "localhost", port);
    assert_reached_server(f);
}

static void
test_addr_tcp(OpenFixture *f, gconstpointer data)
{
    guint16 port = listen_on(f, "127.0.0.1");
    g_autoptr(GInetAddress) inet = g_inet_address_new_from_string("127.0.0.1");
    g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(inet, port);

    g_assert_true(vnc_connection_open_addr(f->conn, addr, "127.0.0.1"));
    g_main_loop_run(f->loop);
    assert_reached_server(f);
}

static void
test_addr_unix(OpenFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    f->tmpdir = g_dir_make_tmp("gvnc-open-XXXXXX", &error);
    g_assert_no_error(error);
    g_autofree char *path = g_build_filename(f->tmpdir, "vnc.sock", NULL);
    g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(path);

    g_assert_true(g_socket_listener_add_address(f->listener, addr, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL,
                                                &error));
    accept_one(f);
    g_assert_true(vnc_connection_open_addr(f->conn, addr, NULL));
    g_main_loop_run(f->loop);
    assert_reached_server(f);
}

static void
test_fd_with_hostname(OpenFixture *f, gconstpointer data)
{
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
    f->server = fake_server_new(fds[1]);
    script_handshake(f->server);
    fake_server_start(f->server);
    g_assert_true(vnc_connection_open_fd_with_hostname(f->conn, fds[0], "guest.example"));
    g_main_loop_run(f->loop);
    assert_reached_server(f);
}

static void
test_refused(OpenFixture *f, gconstpointer data)
{
    /* Take a free port, then stop listening on it. */
    guint16 port = listen_on(f, "127.0.0.1");
    g_socket_listener_close(f->listener);

    open_host_and_run(f, "127.0.0.1", port);
    g_assert_false(f->connected);
    g_assert_cmpuint(f->n_errors, ==, 1);
    g_assert_cmpuint(f->n_disconnected, ==, 1);
    g_assert_nonnull(strstr(f->error_message, "Unable to connect"));
}

static void
test_bad_port(OpenFixture *f, gconstpointer data)
{
    g_assert_true(vnc_connection_open_host(f->conn, "127.0.0.1", "vnc-ish"));
    g_main_loop_run(f->loop);
    g_assert_false(f->connected);
    g_assert_cmpuint(f->n_errors, ==, 1);
    g_assert_cmpuint(f->n_disconnected, ==, 1);
    g_assert_nonnull(strstr(f->error_message, "not a valid port"));
}

static void
test_shutdown_while_connecting(OpenFixture *f, gconstpointer data)
{
    guint16 port = listen_on(f, "127.0.0.1");
    g_autofree char *service = g_strdup_printf("%u", port);

    g_assert_true(vnc_connection_open_host(f->conn, "127.0.0.1", service));
    vnc_connection_shutdown(f->conn);
    g_main_loop_run(f->loop);
    g_assert_false(f->initialized);
    g_assert_cmpuint(f->n_errors, ==, 0);
    g_assert_cmpuint(f->n_disconnected, ==, 1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

#define ADD(path, func) \
    g_test_add(path, OpenFixture, NULL, setup, func, teardown)
    ADD("/open/host/ipv4", test_host_ipv4);
    ADD("/open/host/ipv6", test_host_ipv6);
    ADD("/open/host/ipv6-brackets", test_host_ipv6_brackets);
    ADD("/open/host/name", test_host_name);
    ADD("/open/addr/tcp", test_addr_tcp);
    ADD("/open/addr/unix", test_addr_unix);
    ADD("/open/fd-with-hostname", test_fd_with_hostname);
    ADD("/open/error/refused", test_refused);
    ADD("/open/error/bad-port", test_bad_port);
    ADD("/open/shutdown-while-connecting", test_shutdown_while_connecting);

    return g_test_run();
}
