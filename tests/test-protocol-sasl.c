/*
 * gtk-vnc tests: security type SASL (20) against a SASL server in-process
 *
 * The server is Cyrus SASL's server side, driven the way QEMU drives it
 * (its wire format, its security properties, its way of hanging up on a
 * failed login), with a sasldb of its own made at start-up. It runs in a
 * coroutine on the far end of a socketpair, in the same main loop as the
 * VncConnection (which the protocol fixture drives as an embedder would).
 *
 * After the exchange the server talks through the SASL security layer
 * with its own code, framing packets itself (a 4-byte length, RFC 4422
 * 3.7) and calling sasl_encode/sasl_decode directly, so the client's
 * layer is checked against an independent reading: a ServerInit, a raw
 * update and a cut text bigger than one packet one way, a cut text bigger
 * than one packet the other way, everything compared byte for byte.
 *
 * Error paths: a wrong password (QEMU just hangs up), a refusal with a
 * reason after the exchange, mechanism lists too long or not a list,
 * challenges beyond the limit, a server whose proof does not check out,
 * mechanisms too weak to protect a session without TLS, bytes in the
 * clear where the layer should start. Where the client must give up, the
 * server notes at which point it hung up.
 *
 * TLS underneath (VeNCrypt's X509SASL and TLSSASL) is simulated by
 * setting the connection's tls_ssf, the way the TLS code announces its
 * layer, so that the no-layer and layer-inside-TLS cases run here too.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <sasl/sasl.h>

#include "protocol-fixture.h"
#include "vncauth-priv.h"
#include "vnclimits-priv.h"
#include "vncstream-priv.h"
#include "coroutine.h"

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, proto_fixture_setup, func, proto_fixture_teardown)

#define ACCOUNT_USER "alice"
#define ACCOUNT_PASSWORD "s3cr3t pa55"
#define QEMU_REJECT_REASON "Authentication failed"

/* ------------------------------------------------------------------ */
/* The server side of Cyrus SASL, once per process                     */

static char *sasldb_dir;
static char *sasldb_path;
static char *server_skip_reason;
static char *server_mechanisms;  /* what the server side can do */

static int
server_getopt(void *context, const char *plugin, const char *option,
              const char **result, unsigned *len)
{
    if (strcmp(option, "sasldb_path") == 0)
        *result = sasldb_path;
    else if (strcmp(option, "auxprop_plugin") == 0)
        *result = "sasldb";
    else if (strcmp(option, "pwcheck_method") == 0)
        *result = "auxprop";
    else
        return SASL_FAIL;
    if (len)
        *len = strlen(*result);
    return SASL_OK;
}

static int
server_log(void *context, int level, const char *message)
{
    if (g_test_verbose())
        g_test_message("SASL server: %s", message);
    return SASL_OK;
}

static sasl_callback_t server_callbacks[] = {
    { SASL_CB_GETOPT, (int (*)(void))(void (*)(void))server_getopt, NULL },
    { SASL_CB_LOG, (int (*)(void))(void (*)(void))server_log, NULL },
    { SASL_CB_LIST_END, NULL, NULL },
};

static void
server_global_setup(void)
{
    sasl_conn_t *conn = NULL;
    const char *list = NULL;
    int rc;

    sasldb_dir = g_dir_make_tmp("gvnc-sasl-XXXXXX", NULL);
    g_assert_nonnull(sasldb_dir);
    sasldb_path = g_build_filename(sasldb_dir, "sasldb", NULL);

    rc = sasl_server_init(server_callbacks, "gvnc-test");
    if (rc != SASL_OK) {
        server_skip_reason = g_strdup_printf("Cyrus SASL's server side does not start: %s",
                                             sasl_errstring(rc, NULL, NULL));
        return;
    }
    rc = sasl_server_new("vnc", NULL, NULL, NULL, NULL, NULL, 0, &conn);
    g_assert_cmpint(rc, ==, SASL_OK);
    rc = sasl_setpass(conn, ACCOUNT_USER, ACCOUNT_PASSWORD, strlen(ACCOUNT_PASSWORD),
                      NULL, 0, SASL_SET_CREATE);
    if (rc != SASL_OK) {
        server_skip_reason = g_strdup_printf("cannot make a sasldb (is the sasldb plugin, "
                                             "libsasl2-modules-db, installed?): %s",
                                             sasl_errdetail(conn));
        sasl_dispose(&conn);
        return;
    }
    rc = sasl_listmech(conn, NULL, "", ",", "", &list, NULL, NULL);
    g_assert_cmpint(rc, ==, SASL_OK);
    server_mechanisms = g_ascii_strup(list, -1);
    if (!strstr(server_mechanisms, "DIGEST-MD5"))
        server_skip_reason = g_strdup_printf("no DIGEST-MD5 on the server side (Debian: "
                                             "libsasl2-modules); it has %s",
                                             server_mechanisms);
    sasl_dispose(&conn);
}

static void
server_global_teardown(void)
{
    GDir *dir = g_dir_open(sasldb_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(sasldb_dir, name, NULL);
        g_unlink(path);
    }
    if (dir)
        g_dir_close(dir);
    g_rmdir(sasldb_dir);
    g_free(sasldb_dir);
    g_free(sasldb_path);
    g_free(server_skip_reason);
    g_free(server_mechanisms);
    sasl_server_done();
}

static gboolean
server_has(const char *mechanism)
{
    g_auto(GStrv) names = g_strsplit(server_mechanisms, ",", -1);

    return g_strv_contains((const char *const *)names, mechanism);
}

/* ------------------------------------------------------------------ */
/* The VNC server, in a coroutine                                      */

typedef struct {
    /* What kind of server it is. */
    int minor;                  /* 3.8 by default */
    const char *mechanisms;     /* advertised, comma-separated */
    guint min_ssf, max_ssf;     /* its security properties */
    unsigned security_flags;
    guint external_ssf;         /* TLS it pretends to have */
    gboolean qemu_ssf_check;    /* refuses an SSF below 56, as QEMU without TLS */
    gboolean reject_after;      /* refuses after a good exchange (QEMU's ACL) */
    gboolean tamper_proof;      /* spoils the success data (rspauth) */
    gboolean clear_after_result;/* bytes in the clear after the SecurityResult */
    const guint8 *raw_mechlist; /* sent instead of a real list; then EOF */
    gsize raw_mechlist_len;
    guint32 declared_mechlist_len;
    guint32 first_challenge_len;/* sent instead of the first challenge; then EOF */
    gboolean trickle;           /* the encoded bytes a few at a time */
    guint16 width, height;
    gsize server_cut_len;       /* ServerCutText to send through the layer */
    gsize client_cut_len;       /* ClientCutText the embedder sends */

    ProtoFixture *f;

    /* Running. */
    VncCoroutine *co;
    GSocket *socket;
    VncStream *stream;
    sasl_conn_t *conn;
    gboolean layer;
    unsigned max_out;
    GByteArray *plain;          /* decoded, not yet read */
    guint pause_id;
    gboolean started, done;

    /* What happened. */
    char *failure;              /* the server's script went wrong */
    const char *closed_at;      /* what it was reading when the client hung up */
    char *mechanism;
    char *user;
    unsigned ssf;
    gboolean authenticated;
    GByteArray *client_cut;
} SaslServer;

static void
server_init(SaslServer *s)
{
    memset(s, 0, sizeof(*s));
    s->minor = 8;
    s->mechanisms = "DIGEST-MD5";
    /* QEMU's properties for plain TCP. */
    s->min_ssf = VNC_SASL_MIN_SSF;
    s->max_ssf = 100000;
    s->security_flags = SASL_SEC_NOANONYMOUS | SASL_SEC_NOPLAINTEXT;
    s->qemu_ssf_check = TRUE;
    s->width = 64;
    s->height = 48;
    s->plain = g_byte_array_new();
}

static void
server_fail(SaslServer *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
server_fail(SaslServer *s, const char *fmt, ...)
{
    va_list args;

    if (s->failure)
        return;
    va_start(args, fmt);
    s->failure = g_strdup_vprintf(fmt, args);
    va_end(args);
}

/* coroutine context: lets the main loop run once. */
static gboolean
resume_after_pause(gpointer data)
{
    SaslServer *s = data;

    s->pause_id = 0;
    vnc_coroutine_enter(s->co, NULL);
    return G_SOURCE_REMOVE;
}

static void
server_pause(SaslServer *s)
{
    s->pause_id = g_idle_add(resume_after_pause, s);
    vnc_coroutine_yield(NULL);
}

static gboolean
read_failed(SaslServer *s, const char *what, GError *err)
{
    if (g_error_matches(err, VNC_ERROR, VNC_ERROR_CLOSED))
        s->closed_at = what;
    else
        server_fail(s, "reading %s: %s", what, err->message);
    g_error_free(err);
    return FALSE;
}

/* coroutine context: raw bytes, before any layer. */
static gboolean
raw_read(SaslServer *s, const char *what, void *buf, gsize len)
{
    GError *err = NULL;

    if (!vnc_stream_read(s->stream, buf, len, &err))
        return read_failed(s, what, err);
    return TRUE;
}

static gboolean
raw_send(SaslServer *s, const char *what, const void *data, gsize len)
{
    GError *err = NULL;

    if (!s->trickle || !s->layer) {
        vnc_stream_write(s->stream, data, len);
        if (!vnc_stream_flush(s->stream, &err)) {
            server_fail(s, "sending %s: %s", what, err->message);
            g_error_free(err);
            return FALSE;
        }
        return TRUE;
    }
    /* A few bytes at a time, the main loop running in between, so that
     * the client sees packets arrive in pieces. */
    for (gsize off = 0; off < len;) {
        gsize n = MIN(len - off, 1 + off % 7);
        vnc_stream_write(s->stream, (const guint8 *)data + off, n);
        if (!vnc_stream_flush(s->stream, &err)) {
            server_fail(s, "sending %s: %s", what, err->message);
            g_error_free(err);
            return FALSE;
        }
        off += n;
        server_pause(s);
    }
    return TRUE;
}

/* coroutine context: through the security layer once it is on. */
static gboolean
server_read(SaslServer *s, const char *what, void *buf, gsize len)
{
    if (!s->layer)
        return raw_read(s, what, buf, len);

    while (s->plain->len < len) {
        guint8 header[4];
        guint32 packet_len;
        const char *out = NULL;
        unsigned out_len = 0;

        if (!raw_read(s, what, header, 4))
            return FALSE;
        packet_len = ((guint32)header[0] << 24) | (header[1] << 16) | (header[2] << 8) |
                     header[3];
        if (packet_len > 16u * 1024 * 1024) {
            server_fail(s, "reading %s: a SASL packet of %u bytes", what, packet_len);
            return FALSE;
        }
        g_autofree guint8 *packet = g_malloc(4 + packet_len);
        memcpy(packet, header, 4);
        if (!raw_read(s, what, packet + 4, packet_len))
            return FALSE;
        if (sasl_decode(s->conn, (const char *)packet, 4 + packet_len, &out, &out_len) !=
            SASL_OK) {
            server_fail(s, "reading %s: the client's packet does not decode: %s", what,
                        sasl_errdetail(s->conn));
            return FALSE;
        }
        g_byte_array_append(s->plain, (const guint8 *)out, out_len);
    }
    memcpy(buf, s->plain->data, len);
    g_byte_array_remove_range(s->plain, 0, len);
    return TRUE;
}

static gboolean
server_send(SaslServer *s, const char *what, const void *data, gsize len)
{
    if (!s->layer)
        return raw_send(s, what, data, len);

    for (gsize off = 0; off < len;) {
        unsigned n = (unsigned)MIN(len - off, (gsize)s->max_out);
        const char *out = NULL;
        unsigned out_len = 0;

        if (sasl_encode(s->conn, (const char *)data + off, n, &out, &out_len) != SASL_OK) {
            server_fail(s, "encoding %s: %s", what, sasl_errdetail(s->conn));
            return FALSE;
        }
        if (!raw_send(s, what, out, out_len))
            return FALSE;
        off += n;
    }
    return TRUE;
}

static gboolean
server_send_msg(SaslServer *s, const char *what, GByteArray *msg)
{
    gboolean ok = server_send(s, what, msg->data, msg->len);

    g_byte_array_unref(msg);
    return ok;
}

/* coroutine context: one whole client message. */
static GByteArray *
server_read_message(SaslServer *s, const char *what)
{
    GByteArray *msg = g_byte_array_new();
    gssize want;
    guint8 byte;

    for (;;) {
        want = test_client_message_length(msg->data, msg->len);
        if (want < 0) {
            g_autofree char *hex = test_hex(msg->data, msg->len, 16);
            server_fail(s, "reading %s: not a client message: %s", what, hex);
            g_byte_array_unref(msg);
            return NULL;
        }
        if (want > 0 && (gsize)want <= msg->len)
            return msg;
        if (want > 0) {
            gsize old = msg->len;
            g_byte_array_set_size(msg, want);
            if (!server_read(s, what, msg->data + old, want - old))
                break;
            return msg;
        }
        if (!server_read(s, what, &byte, 1))
            break;
        g_byte_array_append(msg, &byte, 1);
    }
    g_byte_array_unref(msg);
    return NULL;
}

static gboolean
server_expect_msg(SaslServer *s, const char *what, GByteArray *expected)
{
    g_autoptr(GByteArray) expect = expected;
    g_autoptr(GByteArray) got = server_read_message(s, what);

    if (!got)
        return FALSE;
    if (got->len != expect->len || memcmp(got->data, expect->data, got->len) != 0) {
        g_autofree char *a = test_hex(got->data, got->len, 32);
        g_autofree char *b = test_hex(expect->data, expect->len, 32);
        server_fail(s, "%s: got %s, expected %s", what, a, b);
        return FALSE;
    }
    return TRUE;
}

/* coroutine context: the client must hang up now. */
static void
server_expect_close(SaslServer *s)
{
    guint8 byte;

    while (server_read(s, "the end", &byte, 1))
        ;
}

/* The embedder's side, from the main loop. */
static gboolean
embedder_cut_text(gpointer data)
{
    SaslServer *s = data;
    g_autofree char *text = g_malloc(s->client_cut_len);

    for (gsize i = 0; i < s->client_cut_len; i++)
        text[i] = 'a' + i % 26;
    vnc_connection_client_cut_text(s->f->conn, text, s->client_cut_len);
    return G_SOURCE_REMOVE;
}

static gboolean
embedder_shutdown(gpointer data)
{
    SaslServer *s = data;

    vnc_connection_shutdown(s->f->conn);
    return G_SOURCE_REMOVE;
}

static guint32
pattern_pixel(guint x, guint y)
{
    return ((x * 37) & 0xff) << 16 | ((y * 91) & 0xff) << 8 | ((x ^ y) & 0xff);
}

/* coroutine context: the session after authentication. */
static void
server_session(SaslServer *s)
{
    ProtoFixture *f = s->f;
    GByteArray *msg;
    guint8 shared;

    if (!server_read(s, "ClientInit", &shared, 1))
        return;
    if (shared != 1)
        server_fail(s, "ClientInit: shared flag %u", shared);

    msg = g_byte_array_new();
    test_msg_server_init(msg, s->width, s->height, &f->format, "sasl");
    if (!server_send_msg(s, "ServerInit", msg))
        return;

    msg = g_byte_array_new();
    test_msg_set_pixel_format(msg, &f->format);
    if (!server_expect_msg(s, "SetPixelFormat", msg))
        return;
    msg = g_byte_array_new();
    test_msg_set_encodings(msg, f->n_encodings, f->encodings);
    if (!server_expect_msg(s, "SetEncodings", msg))
        return;
    msg = g_byte_array_new();
    test_msg_update_request(msg, FALSE, 0, 0, s->width, s->height);
    if (!server_expect_msg(s, "FramebufferUpdateRequest", msg))
        return;

    /* A raw update of the whole desktop: more than one packet. */
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, s->width, s->height, TEST_ENCODING_RAW);
    for (guint y = 0; y < s->height; y++) {
        for (guint x = 0; x < s->width; x++) {
            guint32 p = GUINT32_TO_LE(pattern_pixel(x, y));
            test_put_bytes(msg, &p, 4);
        }
    }
    if (!server_send_msg(s, "FramebufferUpdate", msg))
        return;

    if (s->server_cut_len > 0) {
        g_autofree char *text = g_malloc(s->server_cut_len);
        for (gsize i = 0; i < s->server_cut_len; i++)
            text[i] = 'A' + i % 26;
        msg = g_byte_array_new();
        test_msg_server_cut_text(msg, text, s->server_cut_len);
        if (!server_send_msg(s, "ServerCutText", msg))
            return;
    }

    if (s->client_cut_len > 0) {
        g_idle_add(embedder_cut_text, s);
        for (;;) {
            g_autoptr(GByteArray) got = server_read_message(s, "ClientCutText");
            if (!got)
                return;
            if (got->data[0] == TEST_CLIENT_UPDATE_REQUEST)
                continue;
            if (got->data[0] != TEST_CLIENT_CUT_TEXT) {
                server_fail(s, "expected ClientCutText, got message type %u", got->data[0]);
                return;
            }
            s->client_cut = g_byte_array_new();
            g_byte_array_append(s->client_cut, got->data + 8, got->len - 8);
            break;
        }
    }

    g_idle_add(embedder_shutdown, s);
    server_expect_close(s);
}

static gboolean
send_result(SaslServer *s, gboolean ok)
{
    GByteArray *msg = g_byte_array_new();

    if (ok)
        test_msg_security_result(msg, 0, NULL);
    else
        test_msg_security_result(msg, 1, s->minor >= 8 ? QEMU_REJECT_REASON : NULL);
    if (ok && s->clear_after_result)
        test_put_bytes(msg, "clear!", 6);
    return server_send_msg(s, "SecurityResult", msg);
}

/* coroutine context: version, the security type, the SASL exchange. */
static void
server_run(SaslServer *s)
{
    g_autofree char *version = g_strdup_printf("RFB 003.%03d\n", s->minor);
    GByteArray *msg;
    char client_version[12];
    guint8 chosen;
    guint32 len;
    int rc;

    if (!server_send(s, "ProtocolVersion", version, 12) ||
        !server_read(s, "the client's ProtocolVersion", client_version, 12))
        return;
    if (memcmp(client_version, version, 12) != 0) {
        server_fail(s, "the client answered version %.11s", client_version);
        return;
    }
    msg = g_byte_array_new();
    if (s->minor == 3) {
        test_put_u32(msg, VNC_CONNECTION_AUTH_SASL);
        if (!server_send_msg(s, "the security type", msg))
            return;
    } else {
        static const guint8 sasl[] = { VNC_CONNECTION_AUTH_SASL };
        test_msg_security_types(msg, 1, sasl);
        if (!server_send_msg(s, "the security types", msg) ||
            !server_read(s, "the client's choice", &chosen, 1))
            return;
        if (chosen != VNC_CONNECTION_AUTH_SASL) {
            server_fail(s, "the client chose security type %u", chosen);
            return;
        }
    }

    if (s->raw_mechlist) {
        msg = g_byte_array_new();
        test_put_u32(msg, s->declared_mechlist_len ? s->declared_mechlist_len
                                                   : s->raw_mechlist_len);
        test_put_bytes(msg, s->raw_mechlist, s->raw_mechlist_len);
        if (server_send_msg(s, "a bad mechanism list", msg))
            server_expect_close(s);
        return;
    }

    rc = sasl_server_new("vnc", NULL, NULL, NULL, NULL, NULL, SASL_SUCCESS_DATA, &s->conn);
    if (rc != SASL_OK) {
        server_fail(s, "sasl_server_new: %s", sasl_errstring(rc, NULL, NULL));
        return;
    }
    if (s->external_ssf) {
        sasl_ssf_t ssf = s->external_ssf;
        sasl_setprop(s->conn, SASL_SSF_EXTERNAL, &ssf);
    }
    sasl_security_properties_t props = {
        .min_ssf = s->min_ssf,
        .max_ssf = s->max_ssf,
        .maxbufsize = 8192,  /* QEMU's: the client's packets come in many */
        .security_flags = s->security_flags,
    };
    sasl_setprop(s->conn, SASL_SEC_PROPS, &props);

    msg = g_byte_array_new();
    test_put_string(msg, s->mechanisms);
    if (!server_send_msg(s, "the mechanism list", msg))
        return;

    g_autofree char *mechanism = NULL;
    if (!server_read(s, "the mechanism name length", &len, 4))
        return;
    len = GUINT32_FROM_BE(len);
    if (len < 1 || len > 100) {
        server_fail(s, "a mechanism name of %u bytes", len);
        return;
    }
    mechanism = g_malloc0(len + 1);
    if (!server_read(s, "the mechanism name", mechanism, len))
        return;
    s->mechanism = g_strdup(mechanism);

    gboolean first = TRUE;
    const char *out = NULL;
    unsigned out_len = 0;
    for (;;) {
        const char *what = first ? "the initial response" : "the client's response";
        g_autofree char *data = NULL;

        if (!server_read(s, what, &len, 4))
            return;
        len = GUINT32_FROM_BE(len);
        if (len > VNC_MAX_SASL_DATA_LENGTH) {
            server_fail(s, "%s of %u bytes", what, len);
            return;
        }
        if (len > 0) {
            data = g_malloc(len);
            if (!server_read(s, what, data, len))
                return;
            if (data[len - 1] != '\0') {
                server_fail(s, "%s does not end in a NUL", what);
                return;
            }
        }
        if (first)
            rc = sasl_server_start(s->conn, mechanism, data, len ? len - 1 : 0, &out,
                                   &out_len);
        else
            rc = sasl_server_step(s->conn, data, len ? len - 1 : 0, &out, &out_len);
        if (rc != SASL_OK && rc != SASL_CONTINUE) {
            /* QEMU hangs up without a word. */
            if (g_test_verbose())
                g_test_message("SASL server: refusing: %s", sasl_errdetail(s->conn));
            return;
        }

        msg = g_byte_array_new();
        if (first && s->first_challenge_len) {
            test_put_u32(msg, s->first_challenge_len);
            test_put_zeros(msg, 1024);
            if (server_send_msg(s, "an oversized challenge", msg))
                server_expect_close(s);
            return;
        }
        if (out) {
            test_put_u32(msg, out_len + 1);
            gsize at = msg->len;
            test_put_bytes(msg, out, out_len);
            test_put_u8(msg, 0);
            if (rc == SASL_OK && s->tamper_proof && out_len > 0)
                msg->data[at + out_len - 1] ^= 1;
        } else {
            test_put_u32(msg, 0);
        }
        test_put_u8(msg, rc == SASL_CONTINUE ? 0 : 1);
        if (!server_send_msg(s, "a challenge", msg))
            return;
        first = FALSE;
        if (rc == SASL_OK)
            break;
    }

    const void *value = NULL;
    sasl_getprop(s->conn, SASL_SSF, &value);
    s->ssf = *(const sasl_ssf_t *)value;
    if (sasl_getprop(s->conn, SASL_USERNAME, &value) == SASL_OK && value)
        s->user = g_strdup(value);
    s->authenticated = TRUE;

    if (s->reject_after || (s->qemu_ssf_check && s->ssf < VNC_SASL_MIN_SSF)) {
        if (send_result(s, FALSE))
            server_expect_close(s);
        return;
    }
    if (s->tamper_proof) {
        /* The client stops at the bad proof, before any result. */
        server_expect_close(s);
        return;
    }
    if (!send_result(s, TRUE))
        return;
    if (s->clear_after_result) {
        server_expect_close(s);
        return;
    }
    if (s->ssf > 0) {
        sasl_getprop(s->conn, SASL_MAXOUTBUF, &value);
        s->max_out = *(const unsigned *)value;
        s->layer = TRUE;
    }
    server_session(s);
}

static gpointer
server_main(gpointer data)
{
    SaslServer *s = data;

    server_run(s);
    /* Hang up, whatever happened (QEMU's answer to a failed login). */
    g_socket_close(s->socket, NULL);
    s->done = TRUE;
    return NULL;
}

static gboolean
server_start_idle(gpointer data)
{
    SaslServer *s = data;

    vnc_coroutine_enter(s->co, s);
    return G_SOURCE_REMOVE;
}

/* Runs a session: the client on one end of a new socketpair, the server
 * on the other, until both are done. */
static void
run_session(ProtoFixture *f, SaslServer *s)
{
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
    /* The fixture's fake server gets no script: it is done at once. */
    close(f->client_fd);
    f->client_fd = fds[0];
    s->f = f;
    /* A guard against hangs, not a timing: valgrind on a busy machine
     * takes its time over DIGEST-MD5. */
    if (g_getenv("VNC_TEST_UNDER_VALGRIND"))
        f->timeout_seconds = 300;
    s->socket = g_socket_new_from_fd(fds[1], NULL);
    g_assert_nonnull(s->socket);
    s->stream = vnc_stream_new_socket(s->socket);
    s->co = vnc_coroutine_new(server_main, 0);
    g_idle_add(server_start_idle, s);

    proto_fixture_run(f);

    /* The client is gone; the server notices the close, if it has not. */
    gint64 deadline = g_get_monotonic_time() + f->timeout_seconds * G_USEC_PER_SEC;
    while (!s->done && g_get_monotonic_time() < deadline)
        g_main_context_iteration(NULL, TRUE);
    if (!s->done)
        server_fail(s, "the server is still waiting (it had got to %s)",
                    s->closed_at ? s->closed_at : "?");
}

static void
server_clear(SaslServer *s)
{
    if (s->stream && !s->done) {
        vnc_stream_cancel(s->stream);
        for (int i = 0; i < 100 && !s->done; i++)
            g_main_context_iteration(NULL, FALSE);
    }
    if (s->pause_id)
        g_source_remove(s->pause_id);
    if (s->done)
        vnc_coroutine_free(s->co);
    vnc_stream_free(s->stream);
    g_clear_object(&s->socket);
    if (s->conn)
        sasl_dispose(&s->conn);
    g_byte_array_unref(s->plain);
    if (s->client_cut)
        g_byte_array_unref(s->client_cut);
    g_free(s->failure);
    g_free(s->mechanism);
    g_free(s->user);
}

static gboolean
skip_without_server(void)
{
    if (server_skip_reason) {
        g_test_skip(server_skip_reason);
        return TRUE;
    }
    return FALSE;
}

#define assert_server_ok(s) g_assert_cmpstr((s)->failure, ==, NULL)

/* The session with the test account's user name and password. */
static void
run_with_account(ProtoFixture *f, SaslServer *s)
{
    f->username = ACCOUNT_USER;
    f->password = ACCOUNT_PASSWORD;
    run_session(f, s);
}

/* The server saw nothing wrong and got to its end; the client stopped
 * with an error. */
static void
check_error_at_end(ProtoFixture *f, SaslServer *s)
{
    assert_server_ok(s);
    g_assert_cmpstr(s->closed_at, ==, "the end");
    proto_assert_error_end(f);
}

/* ------------------------------------------------------------------ */
/* Good sessions                                                       */

static void
check_good_session(ProtoFixture *f, SaslServer *s)
{
    assert_server_ok(s);
    g_assert_cmpstr(s->closed_at, ==, "the end");
    g_assert_true(s->authenticated);
    g_assert_cmpstr(s->mechanism, ==, "DIGEST-MD5");
    g_assert_nonnull(s->user);
    g_assert_true(g_str_has_prefix(s->user, ACCOUNT_USER));
    g_assert_cmpuint(s->ssf, >=, VNC_SASL_MIN_SSF);
    proto_assert_clean_end(f);

    /* The update came through the layer intact. */
    for (guint y = 0; y < s->height; y += 7)
        for (guint x = 0; x < s->width; x += 5)
            g_assert_cmphex(proto_fb_pixel32(f, x, y), ==, pattern_pixel(x, y));
}

static void
test_good(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.minor = GPOINTER_TO_INT(data);
    run_with_account(f, &s);

    check_good_session(f, &s);
    if (s.minor == 3)
        proto_assert_events(f, "connected credential(username,password) initialized "
                            "update(0,0,64,48) disconnected");
    else
        proto_assert_events(f, "connected choose-type(20) credential(username,password) "
                            "initialized update(0,0,64,48) disconnected");
    server_clear(&s);
}

/* Bigger than the packets in both directions: a 256x128 update and a
 * 100 KB cut text from the server, 70 KB of cut text from the client
 * (the server takes 8 KiB packets). */
static void
test_big_messages(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.width = 256;
    s.height = 128;
    s.server_cut_len = 100000;
    s.client_cut_len = 70000;
    run_with_account(f, &s);

    check_good_session(f, &s);
    proto_assert_events(f, "connected choose-type(20) credential(username,password) "
                        "initialized update(0,0,256,128) cut-text disconnected");
    g_assert_cmpuint(strlen(f->cut_text), ==, s.server_cut_len);
    for (gsize i = 0; i < s.server_cut_len; i += 997)
        g_assert_cmpint(f->cut_text[i], ==, 'A' + i % 26);
    g_assert_nonnull(s.client_cut);
    g_assert_cmpuint(s.client_cut->len, ==, s.client_cut_len);
    for (gsize i = 0; i < s.client_cut_len; i++) {
        if (s.client_cut->data[i] != 'a' + i % 26)
            g_assert_cmpuint(i, ==, G_MAXSIZE);
    }
    server_clear(&s);
}

/* The server's encoded bytes a few at a time: packets arrive in pieces. */
static void
test_trickled(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.trickle = TRUE;
    s.width = 16;
    s.height = 8;
    s.server_cut_len = 300;
    run_with_account(f, &s);

    check_good_session(f, &s);
    g_assert_cmpuint(strlen(f->cut_text), ==, 300);
    server_clear(&s);
}

/* The embedder answers for the credentials later, from the main loop. */
static void
test_deferred_credentials(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    f->username = ACCOUNT_USER;
    f->password = ACCOUNT_PASSWORD;
    f->defer_credentials = TRUE;
    run_session(f, &s);

    check_good_session(f, &s);
    server_clear(&s);
}

/* The embedder shuts the connection down instead of answering. */
static void
test_shutdown_at_credentials(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    f->shutdown_on_credential = TRUE;
    run_session(f, &s);

    assert_server_ok(&s);
    g_assert_nonnull(s.closed_at);
    g_assert_false(s.authenticated);
    proto_assert_clean_end(f);
    server_clear(&s);
}

/* ------------------------------------------------------------------ */
/* Over TLS (simulated: the connection's tls_ssf, as the TLS code sets)  */

static void
on_connected_pretend_tls(VncConnection *conn, gpointer data)
{
    conn->priv->tls_ssf = 256;
}

/* X509SASL as QEMU does it: no layer wanted, the server counts the TLS.
 * A mechanism without a layer (SCRAM, PLAIN) is fine then. */
static void
test_tls_no_layer(ProtoFixture *f, gconstpointer data)
{
    const char *mechanism = data;
    SaslServer s;

    if (skip_without_server())
        return;
    if (!server_has(mechanism)) {
        g_autofree char *why = g_strdup_printf("the SASL server side has no %s", mechanism);
        g_test_skip(why);
        return;
    }
    server_init(&s);
    s.mechanisms = mechanism;
    s.min_ssf = s.max_ssf = 0;
    s.security_flags = 0;
    s.external_ssf = 256;
    s.qemu_ssf_check = FALSE;
    f->username = ACCOUNT_USER;
    f->password = ACCOUNT_PASSWORD;
    g_signal_connect(f->conn, "vnc-connected", G_CALLBACK(on_connected_pretend_tls), NULL);
    run_session(f, &s);

    assert_server_ok(&s);
    g_assert_cmpstr(s.closed_at, ==, "the end");
    g_assert_cmpstr(s.mechanism, ==, mechanism);
    g_assert_cmpuint(s.ssf, ==, 0);
    proto_assert_clean_end(f);
    g_assert_cmphex(proto_fb_pixel32(f, 3, 2), ==, pattern_pixel(3, 2));
    server_clear(&s);
}

/* TLSSASL as QEMU does it: anonymous TLS is not enough for QEMU, which
 * insists on a layer inside it; the client uses the layer it agreed to. */
static void
test_tls_with_layer(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.server_cut_len = 20000;
    f->username = ACCOUNT_USER;
    f->password = ACCOUNT_PASSWORD;
    g_signal_connect(f->conn, "vnc-connected", G_CALLBACK(on_connected_pretend_tls), NULL);
    run_session(f, &s);

    check_good_session(f, &s);
    g_assert_cmpuint(strlen(f->cut_text), ==, 20000);
    server_clear(&s);
}

/* ------------------------------------------------------------------ */
/* Refusals                                                            */

/* A wrong password: QEMU hangs up in the middle of the exchange. */
static void
test_wrong_password(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    f->username = ACCOUNT_USER;
    f->password = "not the password";
    run_session(f, &s);

    assert_server_ok(&s);
    g_assert_false(s.authenticated);
    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(20) credential(username,password) "
                        "auth-failure error disconnected");
    g_assert_nonnull(strstr(f->auth_failure, "wrong username or password"));
    server_clear(&s);
}

static void
test_unknown_user(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    f->username = "mallory";
    f->password = ACCOUNT_PASSWORD;
    run_session(f, &s);

    assert_server_ok(&s);
    g_assert_false(s.authenticated);
    proto_assert_error_end(f);
    g_assert_nonnull(f->auth_failure);
    server_clear(&s);
}

/* The exchange works, then the server says no (QEMU's access list), with
 * its reason at 3.8 and without at 3.7. */
static void
test_refused_after(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.minor = GPOINTER_TO_INT(data);
    s.reject_after = TRUE;
    run_with_account(f, &s);

    assert_server_ok(&s);
    g_assert_cmpstr(s.closed_at, ==, "the end");
    g_assert_true(s.authenticated);
    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(20) credential(username,password) "
                        "auth-failure error disconnected");
    if (s.minor >= 8) {
        g_assert_cmpstr(f->auth_failure, ==, QEMU_REJECT_REASON);
        g_assert_nonnull(strstr(f->error_message, QEMU_REJECT_REASON));
    }
    server_clear(&s);
}

/* The server's proof (DIGEST-MD5's rspauth) does not check out: it does
 * not know the password, whatever it says. */
static void
test_bad_server_proof(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.tamper_proof = TRUE;
    run_with_account(f, &s);

    check_error_at_end(f, &s);
    g_assert_nonnull(strstr(f->error_message, "SASL"));
    server_clear(&s);
}

/* ------------------------------------------------------------------ */
/* Too weak without TLS                                                */

/* Only mechanisms without a security layer: the client will not use
 * them in the clear, and says so before sending anything. */
static void
test_weak_mechanisms(ProtoFixture *f, gconstpointer data)
{
    const char *mechanisms = data;
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.mechanisms = mechanisms;
    s.min_ssf = s.max_ssf = 0;
    s.security_flags = 0;
    s.qemu_ssf_check = FALSE;
    run_with_account(f, &s);

    assert_server_ok(&s);
    g_assert_cmpstr(s.closed_at, ==, "the mechanism name length");
    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(20) error disconnected");
    g_assert_nonnull(strstr(f->error_message, "security layer"));
    server_clear(&s);
}

/* DIGEST-MD5, but the server offers no cipher of 56 bits or more. */
static void
test_weak_layer(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.min_ssf = 0;
    s.max_ssf = 40;
    s.qemu_ssf_check = FALSE;
    run_with_account(f, &s);

    assert_server_ok(&s);
    g_assert_false(s.authenticated);
    g_assert_cmpstr(s.closed_at, ==, "the client's response");
    proto_assert_error_end(f);
    server_clear(&s);
}

/* ------------------------------------------------------------------ */
/* Hostile servers                                                     */

static void
run_bad_mechlist(ProtoFixture *f, const guint8 *list, gsize len, guint32 declared)
{
    SaslServer s;

    server_init(&s);
    s.raw_mechlist = list;
    s.raw_mechlist_len = len;
    s.declared_mechlist_len = declared;
    run_with_account(f, &s);

    check_error_at_end(f, &s);
    /* Nothing was asked or sent. */
    proto_assert_events(f, "connected choose-type(20) error disconnected");
    server_clear(&s);
}

static void
test_mechlist_too_long(ProtoFixture *f, gconstpointer data)
{
    guint32 declared = GPOINTER_TO_UINT(data);
    static const guint8 some[] = "DIGEST-MD5";

    run_bad_mechlist(f, some, 10, declared);
    g_assert_nonnull(strstr(f->error_message, "mechanism list"));
}

/* The longest list accepted: the client reads it and finds nothing it
 * knows in it. */
static void
test_mechlist_at_limit(ProtoFixture *f, gconstpointer data)
{
    g_autofree guint8 *list = g_malloc(VNC_MAX_SASL_MECHLIST_LENGTH);

    if (skip_without_server())
        return;
    for (gsize i = 0; i < VNC_MAX_SASL_MECHLIST_LENGTH; i++)
        list[i] = i % 21 == 20 ? ',' : 'X';
    run_bad_mechlist(f, list, VNC_MAX_SASL_MECHLIST_LENGTH, 0);
    g_assert_nonnull(strstr(f->error_message, "None of the server's SASL mechanisms"));
}

typedef struct {
    const char *name;
    const char *list;
    gsize len;
} GarbageCase;

static const GarbageCase garbage_cases[] = {
    { "empty", "", 0 },
    { "nul", "DIGEST-MD5\0PLAIN", 16 },
    { "control", "DIGEST-MD5\nPLAIN", 16 },
    { "high-bit", "DIGEST-MD5,\xc3\xa9", 13 },
};

static void
test_mechlist_garbage(ProtoFixture *f, gconstpointer data)
{
    const GarbageCase *c = data;

    run_bad_mechlist(f, (const guint8 *)c->list, c->len, 0);
    g_assert_nonnull(strstr(f->error_message, "mechanism list"));
}

/* A challenge longer than the limit: refused unread. */
static void
test_challenge_too_long(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.first_challenge_len = GPOINTER_TO_UINT(data);
    run_with_account(f, &s);

    check_error_at_end(f, &s);
    g_assert_nonnull(strstr(f->error_message, "SASL data"));
    server_clear(&s);
}

/* Bytes in the clear where the security layer should start: they would
 * be taken for encoded data, so the client stops. */
static void
test_clear_after_result(ProtoFixture *f, gconstpointer data)
{
    SaslServer s;

    if (skip_without_server())
        return;
    server_init(&s);
    s.clear_after_result = TRUE;
    run_with_account(f, &s);

    check_error_at_end(f, &s);
    g_assert_nonnull(strstr(f->error_message, "before its SASL security layer"));
    server_clear(&s);
}

int
main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    server_global_setup();

    ADD("/protocol/sasl/good/3.8", test_good, GINT_TO_POINTER(8));
    ADD("/protocol/sasl/good/3.7", test_good, GINT_TO_POINTER(7));
    ADD("/protocol/sasl/good/3.3", test_good, GINT_TO_POINTER(3));
    ADD("/protocol/sasl/good/big-messages", test_big_messages, NULL);
    ADD("/protocol/sasl/good/trickled", test_trickled, NULL);
    ADD("/protocol/sasl/good/deferred-credentials", test_deferred_credentials, NULL);
    ADD("/protocol/sasl/shutdown-at-credentials", test_shutdown_at_credentials, NULL);

    ADD("/protocol/sasl/tls/no-layer/SCRAM-SHA-256", test_tls_no_layer, "SCRAM-SHA-256");
    ADD("/protocol/sasl/tls/no-layer/PLAIN", test_tls_no_layer, "PLAIN");
    ADD("/protocol/sasl/tls/no-layer/DIGEST-MD5", test_tls_no_layer, "DIGEST-MD5");
    ADD("/protocol/sasl/tls/with-layer", test_tls_with_layer, NULL);

    ADD("/protocol/sasl/wrong-password", test_wrong_password, NULL);
    ADD("/protocol/sasl/unknown-user", test_unknown_user, NULL);
    ADD("/protocol/sasl/refused-after/3.8", test_refused_after, GINT_TO_POINTER(8));
    ADD("/protocol/sasl/refused-after/3.7", test_refused_after, GINT_TO_POINTER(7));
    ADD("/protocol/sasl/bad-server-proof", test_bad_server_proof, NULL);

    ADD("/protocol/sasl/weak/PLAIN", test_weak_mechanisms, "PLAIN");
    ADD("/protocol/sasl/weak/SCRAM-SHA-256-and-PLAIN", test_weak_mechanisms,
        "SCRAM-SHA-256,PLAIN");
    ADD("/protocol/sasl/weak/DIGEST-MD5-40-bit", test_weak_layer, NULL);

    ADD("/protocol/sasl/mechlist/too-long", test_mechlist_too_long,
        GUINT_TO_POINTER(VNC_MAX_SASL_MECHLIST_LENGTH + 1));
    ADD("/protocol/sasl/mechlist/4GiB", test_mechlist_too_long,
        GUINT_TO_POINTER(0xffffffffu));
    ADD("/protocol/sasl/mechlist/at-limit", test_mechlist_at_limit, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(garbage_cases); i++) {
        g_autofree char *path = g_strdup_printf("/protocol/sasl/mechlist/%s",
                                                garbage_cases[i].name);
        ADD(path, test_mechlist_garbage, &garbage_cases[i]);
    }
    ADD("/protocol/sasl/challenge/too-long", test_challenge_too_long,
        GUINT_TO_POINTER(VNC_MAX_SASL_DATA_LENGTH + 1));
    ADD("/protocol/sasl/challenge/4GiB", test_challenge_too_long,
        GUINT_TO_POINTER(0xffffffffu));
    ADD("/protocol/sasl/clear-bytes-after-result", test_clear_after_result, NULL);

    ret = g_test_run();
    server_global_teardown();
    return ret;
}
