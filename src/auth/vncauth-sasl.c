/*
 * gtk-vnc: security type SASL (20), as QEMU speaks it
 *
 * The wire, after the client has chosen type 20 (all numbers u32,
 * big-endian):
 *
 *   server: length, the mechanism names separated by commas
 *   client: length, the chosen mechanism's name;
 *           length, the initial response (see below)
 *   server: length, the challenge (see below); u8 "complete"
 *   client: length, the response ... until the server says complete
 *   server: SecurityResult
 *
 * Data travels with a NUL after it, counted in its length; a length of 0
 * means "no data", which SASL tells apart from "empty data" (length 1,
 * just the NUL). The server's last message may carry data (success data,
 * DIGEST-MD5's rspauth): the client checks it, which is how it knows it
 * talked to the server that holds its secret.
 *
 * If the mechanism negotiated a security layer (an SSF above 0),
 * everything after the SecurityResult goes through sasl_encode/decode: a
 * layer on the stream (vncstream-sasl.c) does that. Without TLS this
 * client insists on a layer of at least VNC_SASL_MIN_SSF bits, so that
 * the session is never readable on the wire.
 *
 * Credentials come from the embedder through vnc-auth-credential, asked
 * for only when the mechanism needs them (SASL_INTERACT), so a mechanism
 * that needs none (GSSAPI) asks nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sasl/sasl.h>

#include "vncauth-priv.h"
#include "vncbytes-priv.h"
#include "vncstream-sasl-priv.h"

/* What the security layer may send us at once (sasl_security_properties
 * maxbufsize): our side takes any size, so the largest DIGEST-MD5 packet. */
#define VNC_SASL_MAX_BUFFER 65536

/* The SSF we allow at most: no limit worth speaking of. */
#define VNC_SASL_MAX_SSF 100000

/* ------------------------------------------------------------------ */
/* Library set-up                                                      */

static int
sasl_log(void *context, int level, const char *message)
{
    /* Cyrus SASL logs mechanism trouble, never secrets. */
    VNC_DEBUG("SASL: %s", message);
    return SASL_OK;
}

static gboolean
sasl_client_ready(GError **err)
{
    static gsize once = 0;
    static int init_result;

    if (g_once_init_enter(&once)) {
        init_result = sasl_client_init(NULL);
        g_once_init_leave(&once, 1);
    }
    if (init_result != SASL_OK) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "Cannot start the SASL library: %s",
                    sasl_errstring(init_result, NULL, NULL));
        return FALSE;
    }
    return TRUE;
}

/* The callbacks listed with no function are answered through
 * SASL_INTERACT: listing them stops Cyrus SASL from answering them on its
 * own (it would take $USER as the user name). */
static sasl_callback_t sasl_callbacks[] = {
    { SASL_CB_LOG, (int (*)(void))(void (*)(void))sasl_log, NULL },
    { SASL_CB_USER, NULL, NULL },
    { SASL_CB_AUTHNAME, NULL, NULL },
    { SASL_CB_PASS, NULL, NULL },
    { SASL_CB_GETREALM, NULL, NULL },
    { SASL_CB_LIST_END, NULL, NULL },
};

/* "address;port", as SASL wants peers named, for TCP sockets; NULL for
 * others (unix sockets), where mechanisms do without. */
static char *
socket_address_string(GSocketAddress *address)
{
    if (!G_IS_INET_SOCKET_ADDRESS(address))
        return NULL;

    GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS(address);
    g_autofree char *host =
        g_inet_address_to_string(g_inet_socket_address_get_address(inet));
    return g_strdup_printf("%s;%u", host, g_inet_socket_address_get_port(inet));
}

static void
socket_addresses(VncConnection *conn, char **local, char **remote)
{
    GSocket *socket = conn->priv->socket;

    *local = *remote = NULL;
    if (socket == NULL)
        return;

    g_autoptr(GSocketAddress) local_address = g_socket_get_local_address(socket, NULL);
    g_autoptr(GSocketAddress) remote_address = g_socket_get_remote_address(socket, NULL);
    if (local_address && remote_address) {
        *local = socket_address_string(local_address);
        *remote = socket_address_string(remote_address);
    }
    if (*local == NULL || *remote == NULL) {
        g_clear_pointer(local, g_free);
        g_clear_pointer(remote, g_free);
    }
}

/* The server's name as mechanisms use it (DIGEST-MD5's digest-uri is
 * "vnc/NAME"): what the embedder connected to. */
static const char *
server_name(VncConnection *conn)
{
    VncConnectionTarget *target = &conn->priv->target;

    if (target->hostname && *target->hostname)
        return target->hostname;
    if (target->host && *target->host)
        return target->host;
    return "localhost";
}

/* ------------------------------------------------------------------ */
/* The exchange                                                        */

typedef struct {
    VncConnection *conn;
    sasl_conn_t *sasl;
    gboolean over_tls;
    /* The embedder has been asked for credentials: from then on, the
     * server ending the exchange most likely means it did not like them. */
    gboolean gave_credentials;
} SaslExchange;

/* The mechanism frees its questions when it is next called, which will
 * not happen after a failed answer: free them here. (Plugins allocate
 * them with SASL's allocator, malloc unless sasl_set_alloc() changed it,
 * which nothing here does; they keep no pointer to them.) */
static void
abandon_interaction(sasl_interact_t *interact)
{
    free(interact);
}

/* coroutine context: answers the mechanism's questions, asking the
 * embedder for what it does not know yet. On failure the questions are
 * abandoned: the exchange ends there. */
static gboolean
answer_interaction(SaslExchange *ex, sasl_interact_t *interact, GError **err)
{
    VncConnectionPrivate *priv = ex->conn->priv;
    VncConnectionCredential wanted[2];
    guint n_wanted = 0;
    gboolean want_username = FALSE, want_password = FALSE;

    for (sasl_interact_t *in = interact; in->id != SASL_CB_LIST_END; in++) {
        switch (in->id) {
        case SASL_CB_AUTHNAME:
            want_username = TRUE;
            break;
        case SASL_CB_PASS:
            want_password = TRUE;
            break;
        case SASL_CB_USER:
        case SASL_CB_GETREALM:
            break;
        default:
            g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                        "The SASL mechanism asks for something this client cannot "
                        "give (%s)", in->prompt ? in->prompt : "unknown question");
            abandon_interaction(interact);
            return FALSE;
        }
    }
    if (want_username)
        wanted[n_wanted++] = VNC_CONNECTION_CREDENTIAL_USERNAME;
    if (want_password)
        wanted[n_wanted++] = VNC_CONNECTION_CREDENTIAL_PASSWORD;
    if (n_wanted > 0) {
        if (!vnc_connection_priv_want_credentials(ex->conn, wanted, n_wanted, err)) {
            abandon_interaction(interact);
            return FALSE;
        }
        ex->gave_credentials = TRUE;
    }

    /* The answers point at the connection's own copies: nothing secret is
     * duplicated here, and they outlive the next start or step call,
     * which is when the mechanism reads them. */
    for (sasl_interact_t *in = interact; in->id != SASL_CB_LIST_END; in++) {
        const char *answer;

        switch (in->id) {
        case SASL_CB_AUTHNAME:
            answer = priv->cred_username;
            break;
        case SASL_CB_PASS:
            answer = priv->cred_password;
            break;
        case SASL_CB_GETREALM:
            /* The realm the server proposed, if it did. */
            answer = in->defresult ? in->defresult : "";
            break;
        default:
            /* SASL_CB_USER, the identity to act as: empty means "the one
             * I authenticate as". */
            answer = "";
            break;
        }
        in->result = answer;
        in->len = strlen(answer);
    }
    return TRUE;
}

/* coroutine context: sends data from the mechanism, NUL-terminated as
 * QEMU expects, or the "no data" marker. It may hold a secret (PLAIN's is
 * the password itself), so it goes straight through the stream's layers,
 * leaving no copy in the output buffer, and our copy is wiped. */
static gboolean
send_data(SaslExchange *ex, const char *data, unsigned len, GError **err)
{
    gsize total = data ? 4 + (gsize)len + 1 : 4;
    guint32 wire_len = data ? len + 1 : 0;
    guint8 *msg = g_malloc0(total);
    gboolean ok;

    vnc_store_be32(msg, wire_len);
    if (data)
        memcpy(msg + 4, data, len);
    ok = vnc_connection_priv_send_secret(ex->conn, msg, total, err);
    explicit_bzero(msg, total);
    g_free(msg);
    return ok;
}

/* Mechanism names are [A-Z0-9-_] (RFC 4422 3.1); we also take lower case
 * and the separators servers use. Anything else (a NUL, a control byte)
 * is not a mechanism list. */
static gboolean
valid_mechanism_list(const char *list, gsize len)
{
    if (len == 0)
        return FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = list[i];
        if (!g_ascii_isalnum(c) && c != '-' && c != '_' && c != ',' && c != ' ')
            return FALSE;
    }
    return TRUE;
}

/* coroutine context */
static gboolean
read_mechanisms(SaslExchange *ex, char **mechanisms, GError **err)
{
    g_autofree char *list = NULL;
    guint32 len;

    if (!vnc_connection_priv_read_sized(ex->conn, VNC_MAX_SASL_MECHLIST_LENGTH,
                                        "SASL mechanism list", &list, &len, err))
        return FALSE;
    if (!valid_mechanism_list(list, len)) {
        g_autofree char *shown = g_strescape(list, NULL);
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server's SASL mechanism list is not a list of names (\"%s\")",
                    len ? shown : "");
        return FALSE;
    }
    *mechanisms = g_steal_pointer(&list);
    return TRUE;
}

/* coroutine context: one challenge from the server. @data is NULL when
 * the server sent none. */
static gboolean
read_challenge(SaslExchange *ex, char **data, unsigned *len, gboolean *complete,
               GError **err)
{
    VncStream *stream = ex->conn->priv->stream;
    g_autofree char *buf = NULL;
    guint32 wire_len;
    guint8 done;

    *data = NULL;
    *len = 0;
    if (!vnc_connection_priv_read_sized(ex->conn, VNC_MAX_SASL_DATA_LENGTH,
                                        "SASL data message", &buf, &wire_len, err))
        return FALSE;
    if (wire_len == 0) {
        /* No data, which the mechanism must be told apart from empty data. */
        g_clear_pointer(&buf, g_free);
    } else if (buf[wire_len - 1] == '\0') {
        /* The NUL QEMU sends belongs to the wire, not to the data. */
        wire_len--;
    }
    if (!vnc_stream_read_u8(stream, &done, err))
        return FALSE;

    *data = g_steal_pointer(&buf);
    *len = wire_len;
    *complete = done != 0;
    return TRUE;
}

/* coroutine context: sasl_client_start, answering questions. The result
 * is SASL_INTERACT when the embedder gave no answer: @err says why. */
static int
client_start(SaslExchange *ex, const char *mechanisms, const char **out,
             unsigned *out_len, const char **mechanism, GError **err)
{
    sasl_interact_t *interact = NULL;
    int rc;

    for (;;) {
        rc = sasl_client_start(ex->sasl, mechanisms, &interact, out, out_len, mechanism);
        if (rc != SASL_INTERACT || !answer_interaction(ex, interact, err))
            return rc;
    }
}

/* coroutine context: sasl_client_step, the same way. */
static int
client_step(SaslExchange *ex, const char *in, unsigned in_len, const char **out,
            unsigned *out_len, GError **err)
{
    sasl_interact_t *interact = NULL;
    int rc;

    for (;;) {
        rc = sasl_client_step(ex->sasl, in, in_len, &interact, out, out_len);
        if (rc != SASL_INTERACT || !answer_interaction(ex, interact, err))
            return rc;
    }
}

/* A failure of the mechanism (not of the wire) as an error. */
static void
set_sasl_error(SaslExchange *ex, int rc, const char *doing, GError **err)
{
    g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH, "SASL authentication failed while %s: %s",
                doing, rc == SASL_NOMEM ? sasl_errstring(rc, NULL, NULL)
                                        : sasl_errdetail(ex->sasl));
}

/* coroutine context: the server hung up in the middle of the exchange.
 * QEMU does just that when the credentials are wrong, without a word. */
static gboolean
exchange_read_failed(SaslExchange *ex, GError **err)
{
    if (ex->gave_credentials && g_error_matches(*err, VNC_ERROR, VNC_ERROR_CLOSED)) {
        const char *reason = "The server ended the SASL exchange "
                             "(wrong username or password?)";
        g_clear_error(err);
        vnc_connection_priv_auth_failed(ex->conn, reason, err);
    }
    return FALSE;
}

/* coroutine context: from the mechanism list to the server's "complete". */
static gboolean
run_exchange(SaslExchange *ex, GError **err)
{
    VncStream *stream = ex->conn->priv->stream;
    g_autofree char *mechanisms = NULL;
    const char *out = NULL, *mechanism = NULL;
    unsigned out_len = 0;
    int rc;

    if (!read_mechanisms(ex, &mechanisms, err))
        return FALSE;
    VNC_DEBUG("The server offers the SASL mechanisms %s", mechanisms);

    rc = client_start(ex, mechanisms, &out, &out_len, &mechanism, err);
    if (rc == SASL_INTERACT)
        return FALSE;  /* the embedder did not answer; @err says why */
    if (rc == SASL_NOMECH) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "None of the server's SASL mechanisms (%s) is usable%s: %s",
                    mechanisms,
                    ex->over_tls ? "" : " with a security layer of at least 56 bits",
                    sasl_errdetail(ex->sasl));
        return FALSE;
    }
    if (rc != SASL_OK && rc != SASL_CONTINUE) {
        set_sasl_error(ex, rc, "starting", err);
        return FALSE;
    }
    VNC_DEBUG("Using the SASL mechanism %s", mechanism);

    vnc_stream_write_u32(stream, strlen(mechanism));
    vnc_stream_write(stream, mechanism, strlen(mechanism));
    if (!send_data(ex, out, out_len, err))
        return FALSE;

    for (;;) {
        g_autofree char *in = NULL;
        unsigned in_len;
        gboolean complete;

        if (!read_challenge(ex, &in, &in_len, &complete, err))
            return exchange_read_failed(ex, err);

        if (in == NULL && complete) {
            /* Nothing to check. Our side must be done too, or it must
             * get there without more from the server. */
            if (rc == SASL_CONTINUE)
                rc = client_step(ex, NULL, 0, &out, &out_len, err);
            if (rc == SASL_INTERACT)
                return FALSE;
            if (rc != SASL_OK) {
                g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                                    "The server ended the SASL exchange before the "
                                    "mechanism had finished");
                return FALSE;
            }
            return TRUE;
        }
        if (rc == SASL_OK) {
            g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                                "The server went on with the SASL exchange after the "
                                "mechanism had finished");
            return FALSE;
        }

        rc = client_step(ex, in, in_len, &out, &out_len, err);
        if (rc == SASL_INTERACT)
            return FALSE;
        if (rc != SASL_OK && rc != SASL_CONTINUE) {
            /* A server whose proof does not check out (a wrong rspauth)
             * lands here too: it may not be the server we meant. */
            set_sasl_error(ex, rc, "checking the server's message", err);
            return FALSE;
        }

        if (complete) {
            if (rc != SASL_OK) {
                g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                                    "The server ended the SASL exchange before the "
                                    "mechanism had finished");
                return FALSE;
            }
            return TRUE;
        }

        if (!send_data(ex, out, out_len, err))
            return FALSE;
    }
}

/* The strength the mechanism settled on. */
static gboolean
negotiated_ssf(SaslExchange *ex, sasl_ssf_t *ssf, GError **err)
{
    const void *value = NULL;

    if (sasl_getprop(ex->sasl, SASL_SSF, &value) != SASL_OK || value == NULL) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "SASL does not say how strong its security layer is: %s",
                    sasl_errdetail(ex->sasl));
        return FALSE;
    }
    *ssf = *(const sasl_ssf_t *)value;
    return TRUE;
}

/* Creates the SASL client for @ex. */
static gboolean
new_client(SaslExchange *ex, GError **err)
{
    VncConnectionPrivate *priv = ex->conn->priv;
    g_autofree char *local = NULL, *remote = NULL;
    sasl_security_properties_t props;
    int rc;

    socket_addresses(ex->conn, &local, &remote);
    rc = sasl_client_new("vnc", server_name(ex->conn), local, remote, sasl_callbacks,
                         SASL_SUCCESS_DATA, &ex->sasl);
    if (rc != SASL_OK) {
        ex->sasl = NULL;
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH, "Cannot start a SASL session: %s",
                    sasl_errstring(rc, NULL, NULL));
        return FALSE;
    }

    if (ex->over_tls) {
        sasl_ssf_t external = priv->tls_ssf;
        rc = sasl_setprop(ex->sasl, SASL_SSF_EXTERNAL, &external);
        if (rc != SASL_OK) {
            set_sasl_error(ex, rc, "telling it about TLS", err);
            return FALSE;
        }
    }

    memset(&props, 0, sizeof(props));
    props.maxbufsize = VNC_SASL_MAX_BUFFER;
    props.max_ssf = VNC_SASL_MAX_SSF;
    if (ex->over_tls) {
        /* TLS protects the session already; a layer is used only if the
         * server wants one. */
        props.min_ssf = 0;
        props.security_flags = 0;
    } else {
        /* Nothing else protects it: a real layer, and no mechanism that
         * shows the password or lets anyone in. */
        props.min_ssf = VNC_SASL_MIN_SSF;
        props.security_flags = SASL_SEC_NOPLAINTEXT | SASL_SEC_NOANONYMOUS;
    }
    rc = sasl_setprop(ex->sasl, SASL_SEC_PROPS, &props);
    if (rc != SASL_OK) {
        set_sasl_error(ex, rc, "setting its security requirements", err);
        return FALSE;
    }
    return TRUE;
}

/* coroutine context */
gboolean
vnc_auth_sasl(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    SaslExchange ex = { .conn = conn, .over_tls = priv->tls_ssf > 0 };
    sasl_ssf_t ssf = 0;
    gboolean ok = FALSE;

    if (!sasl_client_ready(err) || !new_client(&ex, err))
        goto out;
    if (!run_exchange(&ex, err) || !negotiated_ssf(&ex, &ssf, err))
        goto out;

    VNC_DEBUG("SASL exchange done, security layer of %u bits%s", ssf,
              ex.over_tls ? " inside TLS" : "");
    if (!ex.over_tls && ssf < VNC_SASL_MIN_SSF) {
        /* The mechanism should not have agreed to this; do not rely on it. */
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "The SASL security layer is too weak: %u bits, where at least %u "
                    "are needed without TLS", ssf, VNC_SASL_MIN_SSF);
        goto out;
    }

    if (!vnc_connection_priv_check_security_result(conn, err))
        goto out;

    if (ssf > 0) {
        /* Everything from here on is encoded. Bytes the server sent in the
         * clear after the SecurityResult would be read past the layer. */
        if (vnc_stream_buffered(priv->stream) > 0) {
            g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                                "The server sent data before its SASL security layer "
                                "started");
            goto out;
        }
        if (!vnc_stream_push_sasl(priv->stream, ex.sasl, err))
            goto out;
        ex.sasl = NULL;  /* the stream's now */
    }
    ok = TRUE;

out:
    if (ex.sasl)
        sasl_dispose(&ex.sasl);
    return ok;
}
