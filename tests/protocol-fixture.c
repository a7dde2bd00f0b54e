/*
 * gtk-vnc tests: a VncConnection talking to the fake server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "protocol-fixture.h"
#include "vnclimits-priv.h"

static void
log_event(ProtoFixture *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
log_event(ProtoFixture *f, const char *fmt, ...)
{
    va_list args;

    if (f->events->len)
        g_string_append_c(f->events, ' ');
    va_start(args, fmt);
    g_string_append_vprintf(f->events, fmt, args);
    va_end(args);
}

static gboolean
is_done(ProtoFixture *f)
{
    if (fake_server_get_failure(f->server) ||
        (f->extra_server && fake_server_get_failure(f->extra_server)))
        return TRUE;
    if (f->extra_server && !fake_server_is_finished(f->extra_server))
        return FALSE;
    return f->n_disconnected >= f->sessions && fake_server_is_finished(f->server);
}

static void
maybe_quit(ProtoFixture *f)
{
    if (is_done(f) && g_main_loop_is_running(f->loop))
        g_main_loop_quit(f->loop);
}

static void
on_connected(VncConnection *conn, ProtoFixture *f)
{
    log_event(f, "connected");
}

static char *
format_value_array(GValueArray *values, gboolean credentials)
{
    GString *s = g_string_new(NULL);

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    for (guint i = 0; i < values->n_values; i++) {
        GValue *v = g_value_array_get_nth(values, i);
        int n = G_VALUE_HOLDS_ENUM(v) ? g_value_get_enum(v) : (int)g_value_get_uint(v);

        if (i)
            g_string_append_c(s, ',');
        if (!credentials)
            g_string_append_printf(s, "%u", (guint)n);
        else if (n == VNC_CONNECTION_CREDENTIAL_PASSWORD)
            g_string_append(s, "password");
        else if (n == VNC_CONNECTION_CREDENTIAL_USERNAME)
            g_string_append(s, "username");
        else if (n == VNC_CONNECTION_CREDENTIAL_CLIENTNAME)
            g_string_append(s, "clientname");
        else
            g_string_append_printf(s, "?%d", n);
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    return g_string_free(s, FALSE);
}

static void
on_auth_choose_type(VncConnection *conn, GValueArray *types, ProtoFixture *f)
{
    g_autofree char *list = format_value_array(types, FALSE);

    log_event(f, "choose-type(%s)", list);
    if (f->auth_type)
        vnc_connection_set_auth_type(conn, f->auth_type);
}

static void
give_credentials(ProtoFixture *f)
{
    if (f->password)
        vnc_connection_set_credential(f->conn, VNC_CONNECTION_CREDENTIAL_PASSWORD,
                                      f->password);
    if (f->username)
        vnc_connection_set_credential(f->conn, VNC_CONNECTION_CREDENTIAL_USERNAME,
                                      f->username);
}

static gboolean
on_deferred_credentials(gpointer data)
{
    ProtoFixture *f = data;

    f->credential_idle = 0;
    give_credentials(f);
    return G_SOURCE_REMOVE;
}

static void
on_auth_credential(VncConnection *conn, GValueArray *creds, ProtoFixture *f)
{
    g_autofree char *list = format_value_array(creds, TRUE);

    log_event(f, "credential(%s)", list);
    if (f->shutdown_on_credential)
        vnc_connection_shutdown(conn);
    else if (f->defer_credentials)
        f->credential_idle = g_idle_add(on_deferred_credentials, f);
    else
        give_credentials(f);
}

static void
on_auth_failure(VncConnection *conn, const char *reason, ProtoFixture *f)
{
    log_event(f, "auth-failure");
    if (!f->auth_failure)
        f->auth_failure = g_strdup(reason);
}

static void
on_auth_unsupported(VncConnection *conn, guint type, ProtoFixture *f)
{
    log_event(f, "auth-unsupported(%u)", type);
}

static void
free_framebuffer(ProtoFixture *f)
{
    g_clear_object(&f->fb);
    g_clear_pointer(&f->fb_data, g_free);
}

/* What a display widget does when the desktop appears or changes size:
 * a new buffer in the local format, decoding from the connection's. */
static void
give_framebuffer(ProtoFixture *f, guint16 width, guint16 height)
{
    VncBaseFramebuffer *old_fb = f->fb;
    guint8 *old_data = f->fb_data;

    if ((guint64)width * height > VNC_MAX_DESKTOP_PIXELS) {
        /* The connection should never have let this through; do not
         * take the test process down trying to allocate it. */
        log_event(f, "fb-too-big");
        return;
    }
    f->fb_width = width;
    f->fb_height = height;
    f->fb_rowstride = width * (f->format.bits_per_pixel / 8);
    f->fb_data = g_malloc0(MAX((gsize)f->fb_rowstride * height, 1));
    f->fb = vnc_base_framebuffer_new(f->fb_data, width, height, f->fb_rowstride,
                                     &f->format,
                                     vnc_connection_get_pixel_format(f->conn));
    vnc_connection_set_framebuffer(f->conn, VNC_FRAMEBUFFER(f->fb));
    /* The connection holds its own reference from here on. */
    g_clear_object(&old_fb);
    g_free(old_data);
}

static void
on_initialized(VncConnection *conn, ProtoFixture *f)
{
    int width = vnc_connection_get_width(conn);
    int height = vnc_connection_get_height(conn);

    log_event(f, "initialized");
    f->n_initialized++;
    if (!f->setup_on_init)
        return;
    if (!f->keep_server_format)
        vnc_connection_set_pixel_format(conn, &f->format);
    vnc_connection_set_encodings(conn, f->n_encodings, f->encodings);
    give_framebuffer(f, width, height);
    vnc_connection_framebuffer_update_request(conn, FALSE, 0, 0, width, height);
}

static void
on_framebuffer_update(VncConnection *conn, int x, int y, int width, int height,
                      ProtoFixture *f)
{
    log_event(f, "update(%d,%d,%d,%d)", x, y, width, height);
}

static void
on_desktop_resize(VncConnection *conn, int width, int height, ProtoFixture *f)
{
    log_event(f, "resize(%d,%d)", width, height);
    if (!f->ignore_resize)
        give_framebuffer(f, width, height);
}

static void
on_bell(VncConnection *conn, ProtoFixture *f)
{
    log_event(f, "bell");
}

static void
on_server_cut_text(VncConnection *conn, const char *text, ProtoFixture *f)
{
    log_event(f, "cut-text");
    g_free(f->cut_text);
    f->cut_text = g_strdup(text);
}

static void
on_error(VncConnection *conn, const char *message, ProtoFixture *f)
{
    log_event(f, "error");
    f->n_errors++;
    if (!f->error_message)
        f->error_message = g_strdup(message);
    if (g_test_verbose())
        g_test_message("vnc-error: %s", message);
}

static void
on_disconnected(VncConnection *conn, ProtoFixture *f)
{
    log_event(f, "disconnected");
    f->n_disconnected++;
    maybe_quit(f);
}

static void
on_other(VncConnection *conn, ProtoFixture *f)
{
    /* Signals the tests here do not expect; logged so they show up. */
    log_event(f, "other");
}

/* The same for signals with one argument and with two: the fixture is
 * the last argument of a handler. */
static void
on_other_1(VncConnection *conn, gpointer arg, ProtoFixture *f)
{
    log_event(f, "other");
}

static void
on_other_2(VncConnection *conn, guint arg1, gpointer arg2, ProtoFixture *f)
{
    log_event(f, "other");
}

static void
on_server_finished(FakeServer *server, gpointer data)
{
    maybe_quit(data);
}

void
proto_fixture_setup(ProtoFixture *f, gconstpointer data)
{
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);

    f->shared = TRUE;
    f->setup_on_init = TRUE;
    f->timeout_seconds = 10;
    f->sessions = 1;
    test_pixel_format_rgb888(&f->format);
    f->encodings[f->n_encodings++] = TEST_ENCODING_RAW;
    f->encodings[f->n_encodings++] = TEST_ENCODING_COPY_RECT;
    f->encodings[f->n_encodings++] = TEST_ENCODING_DESKTOP_SIZE;
    f->encodings[f->n_encodings++] = TEST_ENCODING_LAST_RECT;

    f->loop = g_main_loop_new(NULL, FALSE);
    f->events = g_string_new(NULL);
    f->server = fake_server_new(fds[1]);
    f->client_fd = fds[0];
    f->conn = vnc_connection_new();

#define CONNECT(name, handler) \
    g_signal_connect(f->conn, name, G_CALLBACK(handler), f)
    CONNECT("vnc-connected", on_connected);
    CONNECT("vnc-auth-choose-type", on_auth_choose_type);
    CONNECT("vnc-auth-credential", on_auth_credential);
    CONNECT("vnc-auth-failure", on_auth_failure);
    CONNECT("vnc-auth-unsupported", on_auth_unsupported);
    CONNECT("vnc-initialized", on_initialized);
    CONNECT("vnc-framebuffer-update", on_framebuffer_update);
    CONNECT("vnc-desktop-resize", on_desktop_resize);
    CONNECT("vnc-bell", on_bell);
    CONNECT("vnc-server-cut-text", on_server_cut_text);
    CONNECT("vnc-error", on_error);
    CONNECT("vnc-disconnected", on_disconnected);
    CONNECT("vnc-cursor-changed", on_other_1);
    CONNECT("vnc-pointer-mode-changed", on_other_1);
    CONNECT("vnc-pixel-format-changed", on_other_1);
    CONNECT("vnc-led-state", on_other);
    CONNECT("vnc-desktop-rename", on_other_1);
    CONNECT("vnc-auth-choose-subtype", on_other_2);
#undef CONNECT
}

/* Runs whatever is already due, so that a stray second signal or a
 * late callback happens while the test can still see it. */
static void
drain_main_context(void)
{
    for (int i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
        ;
}

void
proto_fixture_teardown(ProtoFixture *f, gconstpointer data)
{
    if (f->credential_idle)
        g_source_remove(f->credential_idle);
    if (f->conn) {
        g_signal_handlers_disconnect_by_data(f->conn, f);
        g_clear_object(&f->conn);
    }
    drain_main_context();
    fake_server_free(f->server);
    fake_server_free(f->extra_server);
    free_framebuffer(f);
    if (f->client_fd >= 0)
        close(f->client_fd);
    g_string_free(f->events, TRUE);
    g_free(f->error_message);
    g_free(f->auth_failure);
    g_free(f->cut_text);
    g_free(f->label);
    g_main_loop_unref(f->loop);
}

static gboolean
on_timeout(gpointer data)
{
    ProtoFixture *f = data;

    f->timed_out = TRUE;
    f->timeout_id = 0;
    g_main_loop_quit(f->loop);
    return G_SOURCE_REMOVE;
}


int
proto_fixture_new_server(ProtoFixture *f)
{
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
    fake_server_free(f->server);
    f->server = fake_server_new(fds[1]);
    if (f->client_fd >= 0)
        close(f->client_fd);
    f->client_fd = fds[0];

    g_string_truncate(f->events, 0);
    f->n_errors = f->n_disconnected = f->n_initialized = 0;
    g_clear_pointer(&f->error_message, g_free);
    g_clear_pointer(&f->auth_failure, g_free);
    g_clear_pointer(&f->cut_text, g_free);
    f->timed_out = FALSE;
    return f->client_fd;
}

void
proto_fixture_run(ProtoFixture *f)
{
    vnc_connection_set_shared(f->conn, f->shared);
    g_assert_true(vnc_connection_open_fd(f->conn, f->client_fd));
    f->client_fd = -1;  /* the connection owns it now */
    fake_server_set_finished_func(f->server, on_server_finished, f);
    fake_server_start(f->server);
    if (f->extra_server) {
        fake_server_set_finished_func(f->extra_server, on_server_finished, f);
        fake_server_start(f->extra_server);
    }

    f->timeout_id = g_timeout_add_seconds(f->timeout_seconds, on_timeout, f);
    g_main_loop_run(f->loop);
    if (f->timeout_id) {
        g_source_remove(f->timeout_id);
        f->timeout_id = 0;
    }
    drain_main_context();

    if (f->timed_out) {
        g_autofree char *where = fake_server_describe(f->server);
        g_autofree char *what = g_strdup_printf(
            "%s%stimed out after %u s: %s; the client %s; events: %s",
            f->label ? f->label : "", f->label ? ": " : "",
            f->timeout_seconds, where,
            f->n_disconnected ? "has disconnected" : "has not disconnected",
            f->events->str);
        g_assert_cmpstr(what, ==, NULL);
    }
    const char *failure = fake_server_get_failure(f->server);
    if (!failure && f->extra_server)
        failure = fake_server_get_failure(f->extra_server);
    if (failure) {
        g_autofree char *what = g_strdup_printf("%s%s%s; events: %s",
                                                f->label ? f->label : "",
                                                f->label ? ": " : "",
                                                failure, f->events->str);
        g_assert_cmpstr(what, ==, NULL);
    }
    if (f->n_errors > f->sessions || f->n_disconnected != f->sessions) {
        g_autofree char *what = g_strdup_printf("%s%svnc-error %u times, "
                                                "vnc-disconnected %u times; events: %s",
                                                f->label ? f->label : "",
                                                f->label ? ": " : "",
                                                f->n_errors, f->n_disconnected,
                                                f->events->str);
        g_assert_cmpstr(what, ==, NULL);
    }
}

void
proto_assert_error_end(ProtoFixture *f)
{
    g_assert_cmpuint(f->n_errors, ==, 1);
    g_assert_cmpuint(f->n_disconnected, ==, 1);
    g_assert_true(g_str_has_suffix(f->events->str, "error disconnected"));
    g_assert_nonnull(f->error_message);
    g_assert_cmpstr(f->error_message, !=, "");
}

void
proto_assert_clean_end(ProtoFixture *f)
{
    g_assert_cmpstr(f->error_message, ==, NULL);
    g_assert_cmpuint(f->n_errors, ==, 0);
    g_assert_cmpuint(f->n_disconnected, ==, 1);
    g_assert_true(g_str_has_suffix(f->events->str, "disconnected"));
}

void
proto_send_version(ProtoFixture *f, const char *server_version,
                   const char *client_version)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_version(msg, server_version);
    fake_server_send_msg(f->server, "ProtocolVersion", msg);
    msg = g_byte_array_new();
    test_msg_client_version(msg, client_version);
    fake_server_expect_msg(f->server, "the client's ProtocolVersion", msg);
}

void
proto_script_none_handshake(ProtoFixture *f, int minor)
{
    g_autofree char *version = g_strdup_printf("003.%03d", minor);
    static const guint8 none[] = { VNC_CONNECTION_AUTH_NONE };
    guint8 shared = f->shared ? 1 : 0;
    GByteArray *msg = g_byte_array_new();

    proto_send_version(f, version, version);
    if (minor < 7) {
        test_put_u32(msg, VNC_CONNECTION_AUTH_NONE);
        fake_server_send_msg(f->server, "security type None", msg);
    } else {
        test_msg_security_types(msg, 1, none);
        fake_server_send_msg(f->server, "security types [None]", msg);
        fake_server_expect(f->server, "the client choosing None", none, 1);
        if (minor >= 8) {
            msg = g_byte_array_new();
            test_msg_security_result(msg, 0, NULL);
            fake_server_send_msg(f->server, "SecurityResult OK", msg);
        }
    }
    fake_server_expect(f->server, "ClientInit", &shared, 1);
}

void
proto_send_server_init(ProtoFixture *f, guint16 width, guint16 height,
                       const VncPixelFormat *fmt, const char *name)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_server_init(msg, width, height, fmt, name);
    fake_server_send_msg(f->server, "ServerInit", msg);
}

void
proto_expect_update_request(ProtoFixture *f, gboolean incremental,
                            guint16 x, guint16 y, guint16 width, guint16 height)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_update_request(msg, incremental, x, y, width, height);
    fake_server_expect_msg(f->server, incremental ?
                           "an incremental FramebufferUpdateRequest" :
                           "a full FramebufferUpdateRequest", msg);
}

void
proto_expect_setup(ProtoFixture *f, guint16 width, guint16 height)
{
    GByteArray *msg;

    if (!f->keep_server_format) {
        msg = g_byte_array_new();
        test_msg_set_pixel_format(msg, &f->format);
        fake_server_expect_msg(f->server, "SetPixelFormat", msg);
    }
    msg = g_byte_array_new();
    test_msg_set_encodings(msg, f->n_encodings, f->encodings);
    fake_server_expect_msg(f->server, "SetEncodings", msg);
    proto_expect_update_request(f, FALSE, 0, 0, width, height);
}

void
proto_script_session(ProtoFixture *f, guint16 width, guint16 height)
{
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, width, height, &f->format, "fake");
    proto_expect_setup(f, width, height);
}

static void
do_shutdown(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    vnc_connection_shutdown(f->conn);
}

void
proto_script_shutdown(ProtoFixture *f)
{
    fake_server_call(f->server, "vnc_connection_shutdown", do_shutdown, f);
    fake_server_expect_eof(f->server);
}

guint32
proto_fb_pixel32(ProtoFixture *f, guint x, guint y)
{
    guint32 v;

    g_assert_cmpuint(f->format.bits_per_pixel, ==, 32);
    g_assert_cmpuint(x, <, f->fb_width);
    g_assert_cmpuint(y, <, f->fb_height);
    memcpy(&v, f->fb_data + y * f->fb_rowstride + x * 4, 4);
    v = f->format.byte_order == G_BIG_ENDIAN ? GUINT32_FROM_BE(v) : GUINT32_FROM_LE(v);
    /* Only the colour: the framebuffer sets the spare bits of converted
     * pixels (an opaque alpha byte) but copies them from identical formats. */
    if (f->format.true_color_flag)
        v &= ((guint32)f->format.red_max << f->format.red_shift) |
            ((guint32)f->format.green_max << f->format.green_shift) |
            ((guint32)f->format.blue_max << f->format.blue_shift);
    return v;
}
