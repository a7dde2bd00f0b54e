/*
 * gtk-vnc tests: the handshake against the fake server
 *
 * Protocol versions (the three of RFC 6143 and the odd ones real servers
 * send), ClientInit's shared flag, ServerInit and what the connection
 * makes of it, the ServerInit values it must refuse, and shutting the
 * connection down at points of the handshake.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "protocol-fixture.h"
#include "vnclimits-priv.h"

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, proto_fixture_setup, func, proto_fixture_teardown)

/* Versions: what the server says and what the client must answer. */

typedef struct {
    const char *server;
    const char *client;
} VersionCase;

static const VersionCase version_cases[] = {
    { "003.003", "003.003" },
    { "003.007", "003.007" },
    { "003.008", "003.008" },
    /* Apple Remote Desktop */
    { "003.889", "003.008" },
    /* UltraVNC and others between 3.3 and 3.7 speak 3.3 */
    { "003.004", "003.003" },
    { "003.005", "003.003" },
    { "003.006", "003.003" },
    /* RealVNC 4.x, TigerVNC variants: a newer major means 3.8 */
    { "004.000", "003.008" },
    { "004.001", "003.008" },
    /* An unknown minor above 8 */
    { "003.010", "003.008" },
};

static void
test_version(ProtoFixture *f, gconstpointer data)
{
    const VersionCase *c = data;
    static const guint8 none[] = { VNC_CONNECTION_AUTH_NONE };
    guint8 shared = 1;
    GByteArray *msg;
    gboolean v33 = g_str_equal(c->client, "003.003");

    proto_send_version(f, c->server, c->client);
    msg = g_byte_array_new();
    if (v33) {
        test_put_u32(msg, VNC_CONNECTION_AUTH_NONE);
    } else {
        test_msg_security_types(msg, 1, none);
    }
    fake_server_send_msg(f->server, "security", msg);
    if (!v33)
        fake_server_expect(f->server, "the client choosing None", none, 1);
    if (g_str_equal(c->client, "003.008")) {
        msg = g_byte_array_new();
        test_msg_security_result(msg, 0, NULL);
        fake_server_send_msg(f->server, "SecurityResult", msg);
    }
    fake_server_expect(f->server, "ClientInit", &shared, 1);
    proto_send_server_init(f, 16, 8, &f->format, "version test");
    proto_expect_setup(f, 16, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    if (v33)
        proto_assert_events(f, "connected initialized disconnected");
    else
        proto_assert_events(f, "connected choose-type(1) initialized disconnected");
}

/* Not a VNC server, or one too old: a readable error, no answer. */

typedef struct {
    const char *bytes;
    gsize len;
} GarbageCase;

#define GARBAGE(s) { s, sizeof(s) - 1 }
static const GarbageCase garbage_cases[] = {
    GARBAGE("HTTP/1.1 200"),
    GARBAGE("RFB 003.00x\n"),
    GARBAGE("RFB 003.008 "),
    GARBAGE("RFB 003,008\n"),
    GARBAGE("RFB 002.000\n"),
    GARBAGE("RFB 003.002\n"),
    GARBAGE("RFB 000.000\n"),
    GARBAGE("RFB -03.008\n"),
    GARBAGE("\0\0\0\0\0\0\0\0\0\0\0\0"),
    GARBAGE("\xff\xfb\x01\xff\xfb\x03\xff\xfd\x18\xff\xfd\x1f"),
};

static void
test_version_garbage(ProtoFixture *f, gconstpointer data)
{
    const GarbageCase *c = data;

    fake_server_send(f->server, "not a version", c->bytes, c->len);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_events(f, "connected error disconnected");
    /* It answered nothing: no version of its own to a server it rejects. */
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
}

/* A version cut short, then the server closes. */
static void
test_version_short(ProtoFixture *f, gconstpointer data)
{
    fake_server_send(f->server, "half a version", "RFB 003", 7);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_events(f, "connected error disconnected");
}

/* The server closes before saying anything. */
static void
test_version_nothing(ProtoFixture *f, gconstpointer data)
{
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_events(f, "connected error disconnected");
}

/* The server sends its version and is gone before the client answers:
 * the answer goes to a closed socket, which must be an error (EPIPE),
 * not a SIGPIPE that kills the embedding program. */
static void
test_server_gone_before_reply(ProtoFixture *f, gconstpointer data)
{
    fake_server_send(f->server, "ProtocolVersion", "RFB 003.008\n", 12);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_events(f, "connected error disconnected");
}

/* ClientInit carries the shared flag the embedder set. */
static void
test_client_init_shared(ProtoFixture *f, gconstpointer data)
{
    f->shared = GPOINTER_TO_INT(data);
    g_assert_true(vnc_connection_set_shared(f->conn, f->shared));
    g_assert_cmpint(vnc_connection_get_shared(f->conn), ==, f->shared);

    /* proto_script_none_handshake() expects ClientInit = f->shared. */
    proto_script_session(f, 4, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected");
}

/* What the connection makes of a good ServerInit. */

typedef struct {
    ProtoFixture *f;
    VncPixelFormat server_format;
    const char *expected_name;
    guint16 width, height;
} ServerInitCheck;

static void
check_server_init(FakeServer *server, gpointer data)
{
    ServerInitCheck *check = data;
    VncConnection *conn = check->f->conn;

    g_assert_true(vnc_connection_is_initialized(conn));
    g_assert_true(vnc_connection_is_open(conn));
    g_assert_false(vnc_connection_has_error(conn));
    g_assert_cmpint(vnc_connection_get_width(conn), ==, check->width);
    g_assert_cmpint(vnc_connection_get_height(conn), ==, check->height);
    g_assert_cmpstr(vnc_connection_get_name(conn), ==, check->expected_name);
}

static void
test_server_init(ProtoFixture *f, gconstpointer data)
{
    ServerInitCheck check = {
        .f = f, .expected_name = "My \xc3\xa9 desktop", .width = 1024, .height = 768,
    };
    const VncPixelFormat *fmt;

    /* The server's format differs from what the client asks for: the
     * connection must report the server's before the embedder sets one. */
    test_pixel_format_rgb565_be(&check.server_format);
    f->keep_server_format = TRUE;
    proto_script_none_handshake(f, 8);
    /* Latin-1 on the wire (RFC 6143 says so); UTF-8 for the embedder. */
    proto_send_server_init(f, 1024, 768, &check.server_format, "My \xe9 desktop");
    /* The embedder's requests show the client has taken ServerInit in. */
    proto_expect_setup(f, 1024, 768);
    fake_server_call(f->server, "checking the ServerInit values", check_server_init, &check);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected");
    fmt = vnc_connection_get_pixel_format(f->conn);
    g_assert_nonnull(fmt);
    g_assert_true(vnc_pixel_format_match(fmt, &check.server_format));
    g_assert_cmpuint(fmt->byte_order, ==, G_BIG_ENDIAN);
    g_assert_cmpuint(fmt->red_max, ==, 31);
    g_assert_cmpuint(fmt->green_shift, ==, 5);
}

/* A desktop name already in UTF-8 (common in practice) stays as it is. */
static void
test_server_init_utf8_name(ProtoFixture *f, gconstpointer data)
{
    ServerInitCheck check = {
        .f = f, .expected_name = "\xe6\xa1\x8c\xe9\x9d\xa2", .width = 4, .height = 4,
    };

    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, 4, 4, &f->format, check.expected_name);
    proto_expect_setup(f, 4, 4);
    fake_server_call(f->server, "checking the ServerInit values", check_server_init, &check);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
}

/* ServerInit values the connection must refuse. */

typedef struct {
    guint16 width, height;
    guint8 bpp, depth;
    guint32 name_length;   /* announced; only the header is sent if oversized */
} BadInitCase;

static const BadInitCase bad_init_zero = { 0, 0, 32, 24, 4 };
static const BadInitCase bad_init_zero_width = { 0, 600, 32, 24, 4 };
static const BadInitCase bad_init_absurd = { 65535, 65535, 32, 24, 4 };
static const BadInitCase bad_init_too_wide = { VNC_MAX_DESKTOP_DIMENSION + 1, 16, 32, 24, 4 };
static const BadInitCase bad_init_bpp24 = { 64, 64, 24, 24, 4 };
static const BadInitCase bad_init_bpp12 = { 64, 64, 12, 12, 4 };
static const BadInitCase bad_init_bpp0 = { 64, 64, 0, 0, 4 };
static const BadInitCase bad_init_deep = { 64, 64, 16, 24, 4 };
static const BadInitCase bad_init_name = { 64, 64, 32, 24, VNC_MAX_NAME_LENGTH + 1 };
static const BadInitCase bad_init_name_huge = { 64, 64, 32, 24, 0xffffffffu };

static void
test_server_init_bad(ProtoFixture *f, gconstpointer data)
{
    const BadInitCase *c = data;
    VncPixelFormat fmt = f->format;
    GByteArray *msg = g_byte_array_new();

    fmt.bits_per_pixel = c->bpp;
    fmt.depth = c->depth;
    proto_script_none_handshake(f, 8);
    test_put_u16(msg, c->width);
    test_put_u16(msg, c->height);
    test_put_pixel_format(msg, &fmt);
    test_put_u32(msg, c->name_length);
    if (c->name_length <= 4)
        test_put_bytes(msg, "name", c->name_length);
    else
        /* Some of the name: a client that believes the length waits for
         * the rest and the test times out. */
        test_put_zeros(msg, 1000);
    fake_server_send_msg(f->server, "a bad ServerInit", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_events(f, "connected choose-type(1) error disconnected");
    g_assert_cmpuint(f->n_initialized, ==, 0);
}

/* A desktop name exactly at the limit is accepted. */
static void
test_server_init_name_at_limit(ProtoFixture *f, gconstpointer data)
{
    char *name = g_malloc(VNC_MAX_NAME_LENGTH + 1);

    memset(name, 'n', VNC_MAX_NAME_LENGTH);
    name[VNC_MAX_NAME_LENGTH] = '\0';
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, 4, 4, &f->format, name);
    proto_expect_setup(f, 4, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    g_assert_cmpuint(strlen(vnc_connection_get_name(f->conn)), ==, VNC_MAX_NAME_LENGTH);
    g_free(name);
}

/* Shutting down in the middle of the handshake: vnc-disconnected only. */

static void
do_shutdown(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    vnc_connection_shutdown(f->conn);
}

typedef enum {
    SHUTDOWN_AT_START,          /* before the server says anything */
    SHUTDOWN_AFTER_VERSION,     /* the client answered the version */
    SHUTDOWN_AFTER_CHOICE,      /* the client chose a security type */
    SHUTDOWN_AFTER_CLIENT_INIT, /* waiting for ServerInit */
    SHUTDOWN_MID_SERVER_INIT,   /* half a ServerInit arrived */
} ShutdownPoint;

static void
test_shutdown_mid_handshake(ProtoFixture *f, gconstpointer data)
{
    ShutdownPoint point = GPOINTER_TO_INT(data);
    static const guint8 none[] = { VNC_CONNECTION_AUTH_NONE };
    guint8 shared = 1;
    GByteArray *msg;

    if (point == SHUTDOWN_AT_START)
        goto shutdown;
    proto_send_version(f, "003.008", "003.008");
    if (point == SHUTDOWN_AFTER_VERSION)
        goto shutdown;
    msg = g_byte_array_new();
    test_msg_security_types(msg, 1, none);
    fake_server_send_msg(f->server, "security types", msg);
    fake_server_expect(f->server, "the client choosing None", none, 1);
    if (point == SHUTDOWN_AFTER_CHOICE)
        goto shutdown;
    msg = g_byte_array_new();
    test_msg_security_result(msg, 0, NULL);
    fake_server_send_msg(f->server, "SecurityResult", msg);
    fake_server_expect(f->server, "ClientInit", &shared, 1);
    if (point == SHUTDOWN_AFTER_CLIENT_INIT)
        goto shutdown;
    msg = g_byte_array_new();
    test_msg_server_init(msg, 4, 4, &f->format, "half");
    g_byte_array_set_size(msg, 10);
    fake_server_send_msg(f->server, "half a ServerInit", msg);

shutdown:
    fake_server_call(f->server, "vnc_connection_shutdown", do_shutdown, f);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    g_assert_cmpuint(f->n_initialized, ==, 0);
    g_assert_false(vnc_connection_is_open(f->conn));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(version_cases); i++) {
        g_autofree char *path = g_strdup_printf("/protocol/handshake/version/%s",
                                                version_cases[i].server);
        ADD(path, test_version, &version_cases[i]);
    }
    for (gsize i = 0; i < G_N_ELEMENTS(garbage_cases); i++) {
        g_autofree char *path = g_strdup_printf("/protocol/handshake/version-garbage/%"
                                                G_GSIZE_FORMAT, i);
        ADD(path, test_version_garbage, &garbage_cases[i]);
    }
    ADD("/protocol/handshake/version-short", test_version_short, NULL);
    ADD("/protocol/handshake/version-nothing", test_version_nothing, NULL);
    ADD("/protocol/handshake/server-gone-before-reply", test_server_gone_before_reply, NULL);

    ADD("/protocol/handshake/client-init/shared", test_client_init_shared,
        GINT_TO_POINTER(TRUE));
    ADD("/protocol/handshake/client-init/exclusive", test_client_init_shared,
        GINT_TO_POINTER(FALSE));

    ADD("/protocol/handshake/server-init/values", test_server_init, NULL);
    ADD("/protocol/handshake/server-init/utf8-name", test_server_init_utf8_name, NULL);
    ADD("/protocol/handshake/server-init/name-at-limit", test_server_init_name_at_limit, NULL);
    ADD("/protocol/handshake/server-init/size-0x0", test_server_init_bad, &bad_init_zero);
    ADD("/protocol/handshake/server-init/width-0", test_server_init_bad, &bad_init_zero_width);
    ADD("/protocol/handshake/server-init/size-65535x65535", test_server_init_bad,
        &bad_init_absurd);
    ADD("/protocol/handshake/server-init/too-wide", test_server_init_bad, &bad_init_too_wide);
    ADD("/protocol/handshake/server-init/bpp-24", test_server_init_bad, &bad_init_bpp24);
    ADD("/protocol/handshake/server-init/bpp-12", test_server_init_bad, &bad_init_bpp12);
    ADD("/protocol/handshake/server-init/bpp-0", test_server_init_bad, &bad_init_bpp0);
    ADD("/protocol/handshake/server-init/depth-over-bpp", test_server_init_bad, &bad_init_deep);
    ADD("/protocol/handshake/server-init/name-oversized", test_server_init_bad, &bad_init_name);
    ADD("/protocol/handshake/server-init/name-4GiB", test_server_init_bad, &bad_init_name_huge);

    ADD("/protocol/handshake/shutdown/at-start", test_shutdown_mid_handshake,
        GINT_TO_POINTER(SHUTDOWN_AT_START));
    ADD("/protocol/handshake/shutdown/after-version", test_shutdown_mid_handshake,
        GINT_TO_POINTER(SHUTDOWN_AFTER_VERSION));
    ADD("/protocol/handshake/shutdown/after-security-choice", test_shutdown_mid_handshake,
        GINT_TO_POINTER(SHUTDOWN_AFTER_CHOICE));
    ADD("/protocol/handshake/shutdown/after-client-init", test_shutdown_mid_handshake,
        GINT_TO_POINTER(SHUTDOWN_AFTER_CLIENT_INIT));
    ADD("/protocol/handshake/shutdown/mid-server-init", test_shutdown_mid_handshake,
        GINT_TO_POINTER(SHUTDOWN_MID_SERVER_INIT));

    return g_test_run();
}
