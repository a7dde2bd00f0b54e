/*
 * A one-connection VNC server on a unix socket that plays a fixed script
 * with the test suite's fake server, for the gvnccapture cases that no
 * real server does on demand:
 *
 *   resize   half of a 64x48 screen arrives, then the desktop shrinks to
 *            40x30 and the whole new screen arrives in two rectangles:
 *            the picture must be 40x30, its top 10 rows #102030 and the
 *            rest #C08040 (nothing of the first, stale half)
 *   partial  half of the screen arrives, then the server closes: the
 *            capture must fail and write nothing
 *
 *   scripted-server SOCKET-PATH SCENARIO
 *
 * Exits 0 when the client did everything the script expects (and then
 * closed), 1 otherwise, saying why on stderr.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

#include "fake-server.h"
#include "test-utils.h"

/* For the client to connect and to play its part; it only stops a
 * stuck test. */
#define SCRIPT_TIMEOUT_SECONDS 30

typedef struct {
    GMainLoop *loop;
    gboolean timed_out;
} Run;

/* A raw rectangle of one colour, in the 32 bpp format gvnccapture asks
 * for (0x00RRGGBB, little-endian). */
static void
put_raw_fill(GByteArray *msg, guint16 x, guint16 y, guint16 width, guint16 height,
             guint32 rgb)
{
    guint8 pixel[4] = { rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff, 0 };

    test_msg_rect(msg, x, y, width, height, TEST_ENCODING_RAW);
    for (guint i = 0; i < (guint)width * height; i++)
        test_put_bytes(msg, pixel, sizeof(pixel));
}

static GByteArray *
ignore_reply(FakeServer *server, const guint8 *data, gsize len, gpointer user_data)
{
    return NULL;
}

/* Version, security None, ClientInit, ServerInit, and the three messages
 * gvnccapture sends once it is initialised. */
static void
script_start(FakeServer *server, guint16 width, guint16 height)
{
    static const guint8 none[] = { 1 };
    VncPixelFormat fmt;
    GByteArray *msg;

    msg = g_byte_array_new();
    test_msg_version(msg, "003.008");
    fake_server_send_msg(server, "version", msg);
    fake_server_expect(server, "client version", "RFB 003.008\n", 12);
    msg = g_byte_array_new();
    test_msg_security_types(msg, 1, none);
    fake_server_send_msg(server, "security types", msg);
    fake_server_expect(server, "security type None", none, 1);
    msg = g_byte_array_new();
    test_msg_security_result(msg, 0, NULL);
    fake_server_send_msg(server, "security result", msg);
    fake_server_expect_reply(server, "ClientInit", 1, ignore_reply, NULL);
    test_pixel_format_rgb888(&fmt);
    msg = g_byte_array_new();
    test_msg_server_init(msg, width, height, &fmt, "scripted");
    fake_server_send_msg(server, "ServerInit", msg);
    fake_server_capture(server, 0);   /* SetPixelFormat */
    fake_server_capture(server, 2);   /* SetEncodings */
    fake_server_capture(server, 3);   /* FramebufferUpdateRequest */
}

static void
script_resize(FakeServer *server)
{
    GByteArray *msg;

    script_start(server, 64, 48);
    msg = g_byte_array_new();
    test_msg_update(msg, 2);
    put_raw_fill(msg, 0, 0, 64, 24, 0xff0000);
    test_msg_rect(msg, 0, 0, 40, 30, TEST_ENCODING_DESKTOP_SIZE);
    fake_server_send_msg(server, "half a screen, then DesktopSize 40x30", msg);
    /* The client asks for the whole new screen. */
    fake_server_capture(server, 3);
    msg = g_byte_array_new();
    test_msg_update(msg, 2);
    put_raw_fill(msg, 0, 0, 40, 10, 0x102030);
    put_raw_fill(msg, 0, 10, 40, 20, 0xc08040);
    fake_server_send_msg(server, "the whole 40x30 screen", msg);
    fake_server_expect_eof(server);
}

static void
script_partial(FakeServer *server)
{
    GByteArray *msg;

    script_start(server, 64, 48);
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    put_raw_fill(msg, 0, 0, 64, 24, 0xff0000);
    fake_server_send_msg(server, "half a screen", msg);
    fake_server_close(server);
}

static void
on_finished(FakeServer *server, gpointer data)
{
    Run *run = data;

    g_main_loop_quit(run->loop);
}

static gboolean
on_timeout(gpointer data)
{
    Run *run = data;

    run->timed_out = TRUE;
    g_main_loop_quit(run->loop);
    return G_SOURCE_REMOVE;
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GSocket) listener = NULL;
    g_autoptr(GSocket) client = NULL;
    g_autoptr(GSocketAddress) addr = NULL;
    FakeServer *server;
    Run run = { 0 };
    int status = 0;

    if (argc != 3 || (strcmp(argv[2], "resize") != 0 && strcmp(argv[2], "partial") != 0)) {
        g_printerr("usage: %s SOCKET-PATH resize|partial\n", argv[0]);
        return 2;
    }

    listener = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                            G_SOCKET_PROTOCOL_DEFAULT, &err);
    addr = g_unix_socket_address_new(argv[1]);
    if (!listener || !g_socket_bind(listener, addr, FALSE, &err) ||
        !g_socket_listen(listener, &err)) {
        g_printerr("scripted-server: cannot listen on %s: %s\n", argv[1], err->message);
        return 1;
    }
    /* The socket file exists from here on: the test waits for it. */
    g_socket_set_timeout(listener, SCRIPT_TIMEOUT_SECONDS);
    client = g_socket_accept(listener, NULL, &err);
    if (!client) {
        g_printerr("scripted-server: accept failed: %s\n", err->message);
        return 1;
    }

    /* The fake server owns the descriptor from now on. */
    server = fake_server_new(dup(g_socket_get_fd(client)));
    g_clear_object(&client);
    if (strcmp(argv[2], "resize") == 0)
        script_resize(server);
    else
        script_partial(server);

    run.loop = g_main_loop_new(NULL, FALSE);
    fake_server_set_finished_func(server, on_finished, &run);
    guint timeout_id = g_timeout_add_seconds(SCRIPT_TIMEOUT_SECONDS, on_timeout, &run);
    fake_server_start(server);
    g_main_loop_run(run.loop);

    if (run.timed_out) {
        g_autofree char *where = fake_server_describe(server);
        g_printerr("scripted-server: timed out at %s\n", where);
        status = 1;
    } else {
        g_source_remove(timeout_id);
        if (fake_server_get_failure(server)) {
            g_printerr("scripted-server: %s\n", fake_server_get_failure(server));
            status = 1;
        }
    }
    fake_server_free(server);
    g_main_loop_unref(run.loop);
    return status;
}
