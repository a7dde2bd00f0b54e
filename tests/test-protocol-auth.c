/*
 * gtk-vnc tests: security negotiation against the fake server
 *
 * None and VNC authentication at RFB 3.3, 3.7 and 3.8 (each version has
 * its own rules about who picks the type and whether a SecurityResult
 * follows), wrong passwords, refusals with and without reasons, reasons
 * too long to accept, types the client does not support, and the
 * embedder's part: choosing a type, answering for credentials later or
 * not at all.
 *
 * The fake server checks VNC authentication answers with nettle's DES,
 * not with the library's code, as a real server would.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "protocol-fixture.h"
#include "vnclimits-priv.h"

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, proto_fixture_setup, func, proto_fixture_teardown)

static const guint8 challenge[16] = {
    0x5f, 0x21, 0x9a, 0x07, 0xe3, 0x44, 0xc1, 0x88,
    0x10, 0xfe, 0x6b, 0x3d, 0x92, 0x00, 0x7a, 0xcc,
};

#define WRONG_PASSWORD_REASON "Password incorrect, sorry"

/* What a VNC server does with the client's answer to the challenge. */
typedef struct {
    const char *password;    /* the server's */
    int minor;               /* 3.8 explains failures */
    guint32 failure_code;    /* sent when the answer is wrong */
    gboolean matched;
} VncAuthServer;

static GByteArray *
check_vnc_response(FakeServer *server, const guint8 *data, gsize len, gpointer user_data)
{
    VncAuthServer *auth = user_data;
    guint8 expected[16];
    GByteArray *reply = g_byte_array_new();

    test_vnc_auth_response(auth->password, challenge, expected);
    auth->matched = len == 16 && memcmp(expected, data, 16) == 0;
    if (auth->matched)
        test_msg_security_result(reply, 0, NULL);
    else
        test_msg_security_result(reply, auth->failure_code,
                                 auth->minor >= 8 ? WRONG_PASSWORD_REASON : NULL);
    return reply;
}

/* The version and the security type offer (the server's choice at 3.3,
 * a list at 3.7+); the client's choice of @chosen is expected at 3.7+. */
static void
script_security_offer(ProtoFixture *f, int minor, guint n_types, const guint8 *types,
                      guint8 chosen)
{
    g_autofree char *version = g_strdup_printf("003.%03d", minor);
    GByteArray *msg = g_byte_array_new();

    proto_send_version(f, version, version);
    if (minor == 3) {
        g_assert_cmpuint(n_types, ==, 1);
        test_put_u32(msg, types[0]);
        fake_server_send_msg(f->server, "the security type", msg);
    } else {
        test_msg_security_types(msg, n_types, types);
        fake_server_send_msg(f->server, "the security types", msg);
        fake_server_expect(f->server, "the client's choice of security type", &chosen, 1);
    }
}

static void
script_vnc_auth(ProtoFixture *f, VncAuthServer *auth)
{
    fake_server_send(f->server, "the VNC authentication challenge",
                     challenge, sizeof(challenge));
    fake_server_expect_reply(f->server, "the response to the challenge", 16,
                             check_vnc_response, auth);
}

static void
script_after_security(ProtoFixture *f)
{
    guint8 shared = 1;

    fake_server_expect(f->server, "ClientInit", &shared, 1);
    proto_send_server_init(f, 8, 8, &f->format, "auth");
    proto_expect_setup(f, 8, 8);
    proto_script_shutdown(f);
}

/* None. */

static void
test_none(ProtoFixture *f, gconstpointer data)
{
    int minor = GPOINTER_TO_INT(data);
    static const guint8 none[] = { VNC_CONNECTION_AUTH_NONE };

    script_security_offer(f, minor, 1, none, VNC_CONNECTION_AUTH_NONE);
    /* Only 3.8 sends a SecurityResult after None; a client waiting for
     * one at 3.3 or 3.7 would stall here and time out. */
    if (minor >= 8) {
        GByteArray *msg = g_byte_array_new();
        test_msg_security_result(msg, 0, NULL);
        fake_server_send_msg(f->server, "SecurityResult", msg);
    }
    script_after_security(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    if (minor == 3)
        proto_assert_events(f, "connected initialized disconnected");
    else
        proto_assert_events(f, "connected choose-type(1) initialized disconnected");
}

/* VNC authentication with the right password. */

static void
test_vnc(ProtoFixture *f, gconstpointer data)
{
    int minor = GPOINTER_TO_INT(data);
    static const guint8 vnc[] = { VNC_CONNECTION_AUTH_VNC };
    VncAuthServer auth = { .password = "s3cr3t!", .minor = minor, .failure_code = 1 };

    f->password = "s3cr3t!";
    script_security_offer(f, minor, 1, vnc, VNC_CONNECTION_AUTH_VNC);
    script_vnc_auth(f, &auth);
    script_after_security(f);
    proto_fixture_run(f);

    g_assert_true(auth.matched);
    proto_assert_clean_end(f);
    if (minor == 3)
        proto_assert_events(f, "connected credential(password) initialized disconnected");
    else
        proto_assert_events(f, "connected choose-type(2) credential(password) "
                            "initialized disconnected");
}

/* Only the first 8 characters of a password take part in VNC auth; an
 * empty one is a key of zeros. */
typedef struct {
    const char *client;
    const char *server;
} PasswordCase;

static const PasswordCase password_long = { "longpassword", "longpass" };
static const PasswordCase password_empty = { "", "" };
static const PasswordCase password_high_bits = { "\xff\x80\x7f\x01", "\xff\x80\x7f\x01" };

static void
test_vnc_password(ProtoFixture *f, gconstpointer data)
{
    const PasswordCase *c = data;
    static const guint8 vnc[] = { VNC_CONNECTION_AUTH_VNC };
    VncAuthServer auth = { .password = c->server, .minor = 8, .failure_code = 1 };

    f->password = c->client;
    script_security_offer(f, 8, 1, vnc, VNC_CONNECTION_AUTH_VNC);
    script_vnc_auth(f, &auth);
    script_after_security(f);
    proto_fixture_run(f);

    g_assert_true(auth.matched);
    proto_assert_clean_end(f);
}

/* The credential comes later, from the main loop, not from the handler. */
static void
test_vnc_deferred_credential(ProtoFixture *f, gconstpointer data)
{
    static const guint8 vnc[] = { VNC_CONNECTION_AUTH_VNC };
    VncAuthServer auth = { .password = "later", .minor = 8, .failure_code = 1 };

    f->password = "later";
    f->defer_credentials = TRUE;
    script_security_offer(f, 8, 1, vnc, VNC_CONNECTION_AUTH_VNC);
    script_vnc_auth(f, &auth);
    script_after_security(f);
    proto_fixture_run(f);

    g_assert_true(auth.matched);
    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(2) credential(password) "
                        "initialized disconnected");
}

/* The wrong password: vnc-auth-failure, then vnc-error. */

typedef struct {
    int minor;
    guint32 code;
} WrongPasswordCase;

static const WrongPasswordCase wrong_33 = { 3, 1 };
static const WrongPasswordCase wrong_33_too_many = { 3, 2 };
static const WrongPasswordCase wrong_37 = { 7, 1 };
static const WrongPasswordCase wrong_38 = { 8, 1 };

static void
test_vnc_wrong_password(ProtoFixture *f, gconstpointer data)
{
    const WrongPasswordCase *c = data;
    static const guint8 vnc[] = { VNC_CONNECTION_AUTH_VNC };
    VncAuthServer auth = { .password = "right", .minor = c->minor, .failure_code = c->code };

    f->password = "wrong";
    script_security_offer(f, c->minor, 1, vnc, VNC_CONNECTION_AUTH_VNC);
    script_vnc_auth(f, &auth);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    g_assert_false(auth.matched);
    proto_assert_error_end(f);
    if (c->minor == 3)
        proto_assert_events(f, "connected credential(password) auth-failure error disconnected");
    else
        proto_assert_events(f, "connected choose-type(2) credential(password) "
                            "auth-failure error disconnected");
    g_assert_nonnull(f->auth_failure);
    g_assert_cmpstr(f->auth_failure, !=, "");
    /* 3.8 says why; the client passes the server's words on. */
    if (c->minor >= 8) {
        g_assert_cmpstr(f->auth_failure, ==, WRONG_PASSWORD_REASON);
        g_assert_nonnull(strstr(f->error_message, WRONG_PASSWORD_REASON));
    }
    /* Nothing after the failure: no ClientInit. */
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
}

/* The server refuses outright, with a reason. */

#define REFUSAL_REASON "Too many security failures"

static void
test_refused(ProtoFixture *f, gconstpointer data)
{
    int minor = GPOINTER_TO_INT(data);
    g_autofree char *version = g_strdup_printf("003.%03d", minor);
    GByteArray *msg = g_byte_array_new();

    proto_send_version(f, version, version);
    if (minor == 3) {
        /* 3.3: security type 0, then the reason. */
        test_put_u32(msg, 0);
        test_put_string(msg, REFUSAL_REASON);
    } else {
        /* 3.7+: an empty list, then the reason. */
        test_msg_security_failure(msg, REFUSAL_REASON);
    }
    fake_server_send_msg(f->server, "a refusal", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    proto_assert_events(f, "connected error disconnected");
    g_assert_nonnull(strstr(f->error_message, REFUSAL_REASON));
}

/* Failure reasons are for people; a longer one is refused unread. */

typedef enum {
    REASON_IN_REFUSAL_33,
    REASON_IN_REFUSAL_38,
    REASON_IN_SECURITY_RESULT,
} ReasonPlace;

static void
script_oversized_reason(ProtoFixture *f, ReasonPlace place, guint32 length)
{
    GByteArray *msg = g_byte_array_new();

    switch (place) {
    case REASON_IN_REFUSAL_33:
        proto_send_version(f, "003.003", "003.003");
        test_put_u32(msg, 0);
        break;
    case REASON_IN_REFUSAL_38:
        proto_send_version(f, "003.008", "003.008");
        test_put_u8(msg, 0);
        break;
    case REASON_IN_SECURITY_RESULT: {
        static const guint8 none[] = { VNC_CONNECTION_AUTH_NONE };
        script_security_offer(f, 8, 1, none, VNC_CONNECTION_AUTH_NONE);
        test_put_u32(msg, 1);
        break;
    }
    }
    test_put_u32(msg, length);
    /* Some of it; a client that believes the length waits for the rest
     * and the test times out. */
    test_put_zeros(msg, 4096);
    fake_server_send_msg(f->server, "an oversized reason", msg);
    fake_server_expect_eof(f->server);
}

static void
test_reason_oversized(ProtoFixture *f, gconstpointer data)
{
    ReasonPlace place = GPOINTER_TO_INT(data);

    script_oversized_reason(f, place, VNC_MAX_REASON_LENGTH + 1);
    proto_fixture_run(f);
    proto_assert_error_end(f);
}

static void
test_reason_4gib(ProtoFixture *f, gconstpointer data)
{
    ReasonPlace place = GPOINTER_TO_INT(data);

    script_oversized_reason(f, place, 0xffffffffu);
    proto_fixture_run(f);
    proto_assert_error_end(f);
}

/* A reason of exactly the limit is read and reported. */
static void
test_reason_at_limit(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_send_version(f, "003.008", "003.008");
    test_put_u8(msg, 0);
    test_put_u32(msg, VNC_MAX_REASON_LENGTH);
    g_byte_array_set_size(msg, msg->len + VNC_MAX_REASON_LENGTH);
    memset(msg->data + 5, 'r', VNC_MAX_REASON_LENGTH);
    fake_server_send_msg(f->server, "a refusal with a long reason", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_nonnull(strstr(f->error_message, "rrrrrrrrrrrrrrrr"));
}

/* Security types the client does not implement. */

static void
test_unsupported(ProtoFixture *f, gconstpointer data)
{
    int minor = GPOINTER_TO_INT(data);
    static const guint8 unknown[] = { 99 };
    g_autofree char *version = g_strdup_printf("003.%03d", minor);
    GByteArray *msg = g_byte_array_new();

    proto_send_version(f, version, version);
    if (minor == 3)
        test_put_u32(msg, 99);
    else
        test_msg_security_types(msg, 1, unknown);
    fake_server_send_msg(f->server, "an unknown security type", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    if (minor == 3)
        proto_assert_events(f, "connected auth-unsupported(99) error disconnected");
    else
        proto_assert_events(f, "connected choose-type(99) auth-unsupported(99) "
                            "error disconnected");
    /* It chose nothing it cannot do. */
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
}

/* No choice from the embedder: the connection takes one it supports. */
static void
test_auto_choice(ProtoFixture *f, gconstpointer data)
{
    static const guint8 types[] = { 99, 200, VNC_CONNECTION_AUTH_NONE };
    GByteArray *msg = g_byte_array_new();

    script_security_offer(f, 8, G_N_ELEMENTS(types), types, VNC_CONNECTION_AUTH_NONE);
    test_msg_security_result(msg, 0, NULL);
    fake_server_send_msg(f->server, "SecurityResult", msg);
    script_after_security(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(99,200,1) initialized disconnected");
}

/* The embedder picks VNC out of a list that also has None. */
static void
test_embedder_choice(ProtoFixture *f, gconstpointer data)
{
    static const guint8 types[] = { VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VNC };
    VncAuthServer auth = { .password = "pick", .minor = 8, .failure_code = 1 };

    f->auth_type = VNC_CONNECTION_AUTH_VNC;
    f->password = "pick";
    script_security_offer(f, 8, G_N_ELEMENTS(types), types, VNC_CONNECTION_AUTH_VNC);
    script_vnc_auth(f, &auth);
    script_after_security(f);
    proto_fixture_run(f);

    g_assert_true(auth.matched);
    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1,2) credential(password) "
                        "initialized disconnected");
}

/* The embedder picks a type the server did not offer. */
static void
test_embedder_choice_not_offered(ProtoFixture *f, gconstpointer data)
{
    static const guint8 types[] = { VNC_CONNECTION_AUTH_NONE };
    GByteArray *msg = g_byte_array_new();

    f->auth_type = VNC_CONNECTION_AUTH_VNC;
    proto_send_version(f, "003.008", "003.008");
    test_msg_security_types(msg, 1, types);
    fake_server_send_msg(f->server, "the security types", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
}

/* Shutting down while the connection waits for a password. */

static void
test_shutdown_in_credential_handler(ProtoFixture *f, gconstpointer data)
{
    static const guint8 vnc[] = { VNC_CONNECTION_AUTH_VNC };

    f->shutdown_on_credential = TRUE;
    script_security_offer(f, 8, 1, vnc, VNC_CONNECTION_AUTH_VNC);
    fake_server_send(f->server, "the VNC authentication challenge",
                     challenge, sizeof(challenge));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(2) credential(password) disconnected");
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
}

static void
shutdown_when_asked(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    /* Called from the main loop after the credential was requested. */
    vnc_connection_shutdown(f->conn);
}

static gboolean
shutdown_later(gpointer data)
{
    shutdown_when_asked(NULL, data);
    return G_SOURCE_REMOVE;
}

static void
on_credential_unanswered(VncConnection *conn, GValueArray *creds, ProtoFixture *f)
{
    /* Nobody answers; later the user cancels the dialog. */
    g_idle_add(shutdown_later, f);
}

static void
test_shutdown_waiting_for_credential(ProtoFixture *f, gconstpointer data)
{
    static const guint8 vnc[] = { VNC_CONNECTION_AUTH_VNC };

    f->password = NULL;
    g_signal_connect(f->conn, "vnc-auth-credential", G_CALLBACK(on_credential_unanswered), f);
    script_security_offer(f, 8, 1, vnc, VNC_CONNECTION_AUTH_VNC);
    fake_server_send(f->server, "the VNC authentication challenge",
                     challenge, sizeof(challenge));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(2) credential(password) disconnected");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    ADD("/protocol/auth/none/3.3", test_none, GINT_TO_POINTER(3));
    ADD("/protocol/auth/none/3.7", test_none, GINT_TO_POINTER(7));
    ADD("/protocol/auth/none/3.8", test_none, GINT_TO_POINTER(8));

    ADD("/protocol/auth/vnc/3.3", test_vnc, GINT_TO_POINTER(3));
    ADD("/protocol/auth/vnc/3.7", test_vnc, GINT_TO_POINTER(7));
    ADD("/protocol/auth/vnc/3.8", test_vnc, GINT_TO_POINTER(8));
    ADD("/protocol/auth/vnc/password-longer-than-8", test_vnc_password, &password_long);
    ADD("/protocol/auth/vnc/password-empty", test_vnc_password, &password_empty);
    ADD("/protocol/auth/vnc/password-high-bits", test_vnc_password, &password_high_bits);
    ADD("/protocol/auth/vnc/deferred-credential", test_vnc_deferred_credential, NULL);

    ADD("/protocol/auth/vnc/wrong-password/3.3", test_vnc_wrong_password, &wrong_33);
    ADD("/protocol/auth/vnc/wrong-password/3.3-too-many", test_vnc_wrong_password,
        &wrong_33_too_many);
    ADD("/protocol/auth/vnc/wrong-password/3.7", test_vnc_wrong_password, &wrong_37);
    ADD("/protocol/auth/vnc/wrong-password/3.8", test_vnc_wrong_password, &wrong_38);

    ADD("/protocol/auth/refused/3.3", test_refused, GINT_TO_POINTER(3));
    ADD("/protocol/auth/refused/3.7-empty-list", test_refused, GINT_TO_POINTER(7));
    ADD("/protocol/auth/refused/3.8-empty-list", test_refused, GINT_TO_POINTER(8));

    ADD("/protocol/auth/reason-oversized/refusal-3.3", test_reason_oversized,
        GINT_TO_POINTER(REASON_IN_REFUSAL_33));
    ADD("/protocol/auth/reason-oversized/refusal-3.8", test_reason_oversized,
        GINT_TO_POINTER(REASON_IN_REFUSAL_38));
    ADD("/protocol/auth/reason-oversized/security-result", test_reason_oversized,
        GINT_TO_POINTER(REASON_IN_SECURITY_RESULT));
    ADD("/protocol/auth/reason-4GiB/refusal-3.3", test_reason_4gib,
        GINT_TO_POINTER(REASON_IN_REFUSAL_33));
    ADD("/protocol/auth/reason-4GiB/refusal-3.8", test_reason_4gib,
        GINT_TO_POINTER(REASON_IN_REFUSAL_38));
    ADD("/protocol/auth/reason-4GiB/security-result", test_reason_4gib,
        GINT_TO_POINTER(REASON_IN_SECURITY_RESULT));
    ADD("/protocol/auth/reason-at-limit", test_reason_at_limit, NULL);

    ADD("/protocol/auth/unsupported/3.3", test_unsupported, GINT_TO_POINTER(3));
    ADD("/protocol/auth/unsupported/3.8", test_unsupported, GINT_TO_POINTER(8));
    ADD("/protocol/auth/choice/automatic", test_auto_choice, NULL);
    ADD("/protocol/auth/choice/embedder", test_embedder_choice, NULL);
    ADD("/protocol/auth/choice/not-offered", test_embedder_choice_not_offered, NULL);

    ADD("/protocol/auth/shutdown/in-credential-handler",
        test_shutdown_in_credential_handler, NULL);
    ADD("/protocol/auth/shutdown/waiting-for-credential",
        test_shutdown_waiting_for_credential, NULL);

    return g_test_run();
}
