/*
 * gtk-vnc: TLS for the connection, and what the embedder controls of it
 *
 * The embedder sets the x509 files (or lets them be found where gtk-vnc
 * 1.x finds them), may require encryption, and decides about a server
 * certificate that fails its checks through vnc-auth-certificate. The
 * security types (auth/vncauth-tls.c, auth/vncauth-vencrypt.c) start TLS
 * through vnc_connection_priv_start_tls().
 *
 * A certificate that fails is refused unless a handler of
 * vnc-auth-certificate returns TRUE: with no handler, nothing is
 * accepted.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncconnection-priv.h"
#include "vncstream-tls-priv.h"

/* Where gtk-vnc 1.x looks for x509 files when the embedder names none:
 * the user's ~/.pki first, then the system's $(sysconfdir)/pki. The CA
 * files live in CA/, the client's own in a folder named after the
 * VNC_CONNECTION_CREDENTIAL_CLIENTNAME credential. */
#ifndef VNC_SYSCONFDIR
#define VNC_SYSCONFDIR "/etc"
#endif
#define VNC_PKI_CA_DIR "CA"
#define VNC_PKI_CA_CERT "cacert.pem"
#define VNC_PKI_CA_CRL "cacrl.pem"
#define VNC_PKI_CLIENT_CERT "clientcert.pem"
#define VNC_PKI_CLIENT_KEY "private/clientkey.pem"

/* Our property ids start far above vncconnection.c's own, so that both
 * lists can grow without meeting. */
enum {
    PROP_TLS_0 = 1000,
    PROP_TLS_CA_FILE,
    PROP_TLS_CRL_FILE,
    PROP_TLS_CLIENT_CERT_FILE,
    PROP_TLS_CLIENT_KEY_FILE,
    PROP_REQUIRE_ENCRYPTION,
    PROP_TLS_LAST
};

#define N_TLS_PROPS (PROP_TLS_LAST - PROP_TLS_0)

static GParamSpec *tls_properties[N_TLS_PROPS];
static guint certificate_signal;

/* ------------------------------------------------------------------ */
/* The class                                                           */

static GParamSpec *
file_property(const char *name, const char *nick, const char *blurb)
{
    return g_param_spec_string(name, nick, blurb, NULL,
                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
}

void
vnc_connection_priv_tls_class_init(GObjectClass *object_class)
{
#define TLS_PROP(id) tls_properties[(id) - PROP_TLS_0]
    /**
     * VncConnection:tls-ca-file:
     *
     * A PEM file of the certificate authorities that the server's x509
     * certificate must be signed by; see vnc_connection_set_tls_ca_file().
     */
    TLS_PROP(PROP_TLS_CA_FILE) =
        file_property("tls-ca-file", "TLS CA file",
                      "PEM file of the certificate authorities to trust");
    /**
     * VncConnection:tls-crl-file:
     *
     * A PEM file of revoked certificates; see
     * vnc_connection_set_tls_crl_file().
     */
    TLS_PROP(PROP_TLS_CRL_FILE) =
        file_property("tls-crl-file", "TLS CRL file",
                      "PEM file of the certificate revocation list");
    /**
     * VncConnection:tls-client-cert-file:
     *
     * A PEM file holding the certificate presented to servers that ask
     * for one; see vnc_connection_set_tls_client_cert_file().
     */
    TLS_PROP(PROP_TLS_CLIENT_CERT_FILE) =
        file_property("tls-client-cert-file", "TLS client certificate file",
                      "PEM file of the certificate to present to the server");
    /**
     * VncConnection:tls-client-key-file:
     *
     * A PEM file holding the private key of
     * #VncConnection:tls-client-cert-file.
     */
    TLS_PROP(PROP_TLS_CLIENT_KEY_FILE) =
        file_property("tls-client-key-file", "TLS client key file",
                      "PEM file of the private key of the client certificate");
    /**
     * VncConnection:require-encryption:
     *
     * Whether only security types that encrypt the session may be used;
     * see vnc_connection_set_require_encryption().
     */
    TLS_PROP(PROP_REQUIRE_ENCRYPTION) =
        g_param_spec_boolean("require-encryption", "Require encryption",
                             "Refuse every security type that does not encrypt the session",
                             FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    for (guint id = PROP_TLS_0 + 1; id < PROP_TLS_LAST; id++)
        g_object_class_install_property(object_class, id, TLS_PROP(id));
#undef TLS_PROP

    /**
     * VncConnection::vnc-auth-certificate:
     * @conn: the connection
     * @pem: the server's certificate, PEM encoded
     * @reason: what is wrong with it, in a sentence for a person
     * @status: the same as gnutls_certificate_status_t bits
     *
     * The server's x509 certificate failed a check (an unknown authority,
     * its dates, revocation, the host name). Return %TRUE to accept it
     * for this session anyway, after a person has looked at it; %FALSE
     * (or no handler at all) refuses it and the connection ends with
     * vnc-error. Emission stops at the first handler that accepts.
     *
     * Returns: %TRUE to accept the certificate
     */
    certificate_signal =
        g_signal_new("vnc-auth-certificate", G_OBJECT_CLASS_TYPE(object_class),
                     G_SIGNAL_RUN_LAST, 0,
                     g_signal_accumulator_true_handled, NULL, NULL,
                     G_TYPE_BOOLEAN, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
}

/* Where each file property is kept, in property-id order from
 * PROP_TLS_CA_FILE: the property functions, the public getters and
 * setters and finalize all go through this one table. */
static const gsize file_fields[] = {
    G_STRUCT_OFFSET(VncConnectionPrivate, tls_ca_file),
    G_STRUCT_OFFSET(VncConnectionPrivate, tls_crl_file),
    G_STRUCT_OFFSET(VncConnectionPrivate, tls_client_cert_file),
    G_STRUCT_OFFSET(VncConnectionPrivate, tls_client_key_file),
};

G_STATIC_ASSERT(G_N_ELEMENTS(file_fields) ==
                PROP_TLS_CLIENT_KEY_FILE - PROP_TLS_CA_FILE + 1);

/* The field of file property @prop_id, or NULL for other ids. */
static char **
file_slot(VncConnectionPrivate *priv, guint prop_id)
{
    if (prop_id < PROP_TLS_CA_FILE || prop_id > PROP_TLS_CLIENT_KEY_FILE)
        return NULL;
    return G_STRUCT_MEMBER_P(priv, file_fields[prop_id - PROP_TLS_CA_FILE]);
}

static const char *
get_file(VncConnection *conn, guint prop_id)
{
    return *file_slot(conn->priv, prop_id);
}

gboolean
vnc_connection_priv_tls_get_property(VncConnection *conn, guint prop_id, GValue *value)
{
    char **slot = file_slot(conn->priv, prop_id);

    if (slot) {
        g_value_set_string(value, *slot);
        return TRUE;
    }
    if (prop_id == PROP_REQUIRE_ENCRYPTION) {
        g_value_set_boolean(value, conn->priv->require_encryption);
        return TRUE;
    }
    return FALSE;
}

/* Always TRUE, what the public setters return. */
static gboolean
set_file(VncConnection *conn, guint prop_id, const char *file)
{
    char **slot = file_slot(conn->priv, prop_id);

    if (g_strcmp0(*slot, file) == 0)
        return TRUE;
    g_free(*slot);
    *slot = (file && file[0]) ? g_strdup(file) : NULL;
    g_object_notify_by_pspec(G_OBJECT(conn), tls_properties[prop_id - PROP_TLS_0]);
    return TRUE;
}

gboolean
vnc_connection_priv_tls_set_property(VncConnection *conn, guint prop_id,
                                     const GValue *value)
{
    if (file_slot(conn->priv, prop_id)) {
        set_file(conn, prop_id, g_value_get_string(value));
        return TRUE;
    }
    if (prop_id == PROP_REQUIRE_ENCRYPTION) {
        vnc_connection_set_require_encryption(conn, g_value_get_boolean(value));
        return TRUE;
    }
    return FALSE;
}

void
vnc_connection_priv_tls_finalize(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    for (guint id = PROP_TLS_CA_FILE; id <= PROP_TLS_CLIENT_KEY_FILE; id++)
        g_clear_pointer(file_slot(priv, id), g_free);
}

/* ------------------------------------------------------------------ */
/* The public API                                                      */

/**
 * vnc_connection_set_tls_ca_file:
 * @conn: the connection
 * @file: (nullable): a PEM file of trusted certificate authorities
 *
 * Sets the authorities that the server's x509 certificate must be signed
 * by. When none of the CA, CRL, client certificate and client key files
 * is set, they are looked for where gtk-vnc 1.x looks: ~/.pki/CA/cacert.pem,
 * then $(sysconfdir)/pki/CA/cacert.pem (and cacrl.pem beside it), and the
 * client's certificate and key in ~/.pki/NAME/clientcert.pem and
 * ~/.pki/NAME/private/clientkey.pem (then under $(sysconfdir)/pki), where
 * NAME is the #VNC_CONNECTION_CREDENTIAL_CLIENTNAME credential, asked for
 * through #VncConnection::vnc-auth-credential when it is not set yet.
 * The setting takes effect at the next TLS handshake.
 *
 * The server's certificate must also be valid now, not be revoked, and
 * name the host given to vnc_connection_open_host(),
 * vnc_connection_open_addr() or vnc_connection_open_fd_with_hostname();
 * with no host name (a plain file descriptor, a unix socket) there is
 * nothing to match, and the certificate is refused unless a handler of
 * #VncConnection::vnc-auth-certificate accepts it.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_tls_ca_file(VncConnection *conn, const char *file)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return set_file(conn, PROP_TLS_CA_FILE, file);
}

/**
 * vnc_connection_get_tls_ca_file:
 * @conn: the connection
 *
 * The CA file set with vnc_connection_set_tls_ca_file(); files found in
 * the default places are not reported here.
 *
 * Returns: (nullable) (transfer none): the CA file set, or %NULL
 */
const char *
vnc_connection_get_tls_ca_file(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return get_file(conn, PROP_TLS_CA_FILE);
}

/**
 * vnc_connection_set_tls_crl_file:
 * @conn: the connection
 * @file: (nullable): a PEM file of revoked certificates
 *
 * Sets the certificate revocation list checked against the server's
 * certificate chain. See vnc_connection_set_tls_ca_file() for the files
 * used when none is set.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_tls_crl_file(VncConnection *conn, const char *file)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return set_file(conn, PROP_TLS_CRL_FILE, file);
}

/**
 * vnc_connection_get_tls_crl_file:
 * @conn: the connection
 *
 * The revocation list set with vnc_connection_set_tls_crl_file().
 *
 * Returns: (nullable) (transfer none): the CRL file set, or %NULL
 */
const char *
vnc_connection_get_tls_crl_file(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return get_file(conn, PROP_TLS_CRL_FILE);
}

/**
 * vnc_connection_set_tls_client_cert_file:
 * @conn: the connection
 * @file: (nullable): a PEM file holding the client's certificate
 *
 * Sets the certificate presented to servers that ask for one (QEMU with
 * verify-peer, for instance); its key is set with
 * vnc_connection_set_tls_client_key_file().
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_tls_client_cert_file(VncConnection *conn, const char *file)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return set_file(conn, PROP_TLS_CLIENT_CERT_FILE, file);
}

/**
 * vnc_connection_get_tls_client_cert_file:
 * @conn: the connection
 *
 * The client certificate set with
 * vnc_connection_set_tls_client_cert_file().
 *
 * Returns: (nullable) (transfer none): the client certificate file set,
 *   or %NULL
 */
const char *
vnc_connection_get_tls_client_cert_file(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return get_file(conn, PROP_TLS_CLIENT_CERT_FILE);
}

/**
 * vnc_connection_set_tls_client_key_file:
 * @conn: the connection
 * @file: (nullable): a PEM file holding the client certificate's private key
 *
 * Sets the private key of the certificate set with
 * vnc_connection_set_tls_client_cert_file(); the two go together, and a
 * session with only one of them set fails when TLS starts. The key must
 * not be encrypted with a passphrase.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_tls_client_key_file(VncConnection *conn, const char *file)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return set_file(conn, PROP_TLS_CLIENT_KEY_FILE, file);
}

/**
 * vnc_connection_get_tls_client_key_file:
 * @conn: the connection
 *
 * The client key set with vnc_connection_set_tls_client_key_file().
 *
 * Returns: (nullable) (transfer none): the client key file set, or %NULL
 */
const char *
vnc_connection_get_tls_client_key_file(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), NULL);
    return get_file(conn, PROP_TLS_CLIENT_KEY_FILE);
}

/**
 * vnc_connection_set_require_encryption:
 * @conn: the connection
 * @require: whether the session must be encrypted
 *
 * With @require set, no security type or VeNCrypt sub-type that leaves
 * the session unencrypted is ever used, whatever the server offers and
 * whatever a handler of #VncConnection::vnc-auth-choose-type or
 * #VncConnection::vnc-auth-choose-subtype picks: None, VNC authentication
 * and VeNCrypt Plain are refused unless they run inside TLS, and SASL
 * must negotiate a security layer. A server that offers nothing else is
 * refused with vnc-error.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_set_require_encryption(VncConnection *conn, gboolean require)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    require = require ? TRUE : FALSE;
    if (conn->priv->require_encryption != require) {
        conn->priv->require_encryption = require;
        g_object_notify_by_pspec(G_OBJECT(conn),
                                 tls_properties[PROP_REQUIRE_ENCRYPTION - PROP_TLS_0]);
    }
    return TRUE;
}

/**
 * vnc_connection_get_require_encryption:
 * @conn: the connection
 *
 * Tells whether unencrypted sessions are refused (see
 * vnc_connection_set_require_encryption()).
 *
 * Returns: %TRUE if only encrypted sessions are allowed
 */
gboolean
vnc_connection_get_require_encryption(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    return conn->priv->require_encryption;
}

/* ------------------------------------------------------------------ */
/* Requiring encryption                                                */

gboolean
vnc_connection_priv_encryption_required(VncConnection *conn)
{
    return conn->priv->require_encryption && conn->priv->tls_ssf == 0;
}

gboolean
vnc_connection_priv_auth_allowed(VncConnection *conn, guint type)
{
    if (!vnc_connection_priv_encryption_required(conn))
        return TRUE;
    /* VeNCrypt may still offer Plain; its sub-type choice checks that. */
    return type == VNC_CONNECTION_AUTH_TLS ||
        type == VNC_CONNECTION_AUTH_VENCRYPT ||
        type == VNC_CONNECTION_AUTH_SASL;
}

gboolean
vnc_connection_priv_check_auth_allowed(VncConnection *conn, guint type, GError **err)
{
    if (vnc_connection_priv_auth_allowed(conn, type))
        return TRUE;
    g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                "Security type %u does not encrypt the session, and encryption is required",
                type);
    return FALSE;
}

/* ------------------------------------------------------------------ */
/* Finding the x509 files                                              */

typedef struct {
    char *ca_file;
    char *crl_file;
    char *cert_file;
    char *key_file;
    char *searched_ca;    /* where we looked for a CA, when we did */
} X509Files;

static void
x509_files_clear(X509Files *files)
{
    g_free(files->ca_file);
    g_free(files->crl_file);
    g_free(files->cert_file);
    g_free(files->key_file);
    g_free(files->searched_ca);
}

static char *
pki_path(const char *base, const char *dir, const char *file)
{
    return g_build_filename(base, dir, file, NULL);
}

/* The first of ~/.pki/DIR/FILE and $(sysconfdir)/pki/DIR/FILE that
 * exists. */
static char *
find_pki_file(const char *dir, const char *file)
{
    g_autofree char *user_base = g_build_filename(g_get_home_dir(), ".pki", NULL);
    g_autofree char *system_base = g_build_filename(VNC_SYSCONFDIR, "pki", NULL);
    const char *bases[] = { user_base, system_base };

    for (gsize i = 0; i < G_N_ELEMENTS(bases); i++) {
        char *path = pki_path(bases[i], dir, file);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
            return path;
        g_free(path);
    }
    return NULL;
}

/* A client name becomes a folder name: nothing that leaves ~/.pki. */
static gboolean
client_name_usable(const char *name)
{
    return name && name[0] && !strchr(name, '/') && strcmp(name, ".") != 0 &&
        strcmp(name, "..") != 0;
}

/* coroutine context: the files for an x509 session, set by the embedder
 * or found in the usual places. */
static gboolean
find_x509_files(VncConnection *conn, X509Files *files, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    static const VncConnectionCredential wanted[] = { VNC_CONNECTION_CREDENTIAL_CLIENTNAME };

    if (priv->tls_ca_file || priv->tls_crl_file ||
        priv->tls_client_cert_file || priv->tls_client_key_file) {
        if (!priv->tls_client_cert_file != !priv->tls_client_key_file) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                        "A client certificate needs both its certificate and its "
                        "key file; only the %s was set",
                        priv->tls_client_cert_file ? "certificate" : "key");
            return FALSE;
        }
        files->ca_file = g_strdup(priv->tls_ca_file);
        files->crl_file = g_strdup(priv->tls_crl_file);
        files->cert_file = g_strdup(priv->tls_client_cert_file);
        files->key_file = g_strdup(priv->tls_client_key_file);
        return TRUE;
    }

    /* As gtk-vnc 1.x: the client's files are named by the client name,
     * which the embedder gives when asked. */
    if (!priv->cred_clientname &&
        !vnc_connection_priv_want_credentials(conn, wanted, G_N_ELEMENTS(wanted), err))
        return FALSE;

    files->ca_file = find_pki_file(VNC_PKI_CA_DIR, VNC_PKI_CA_CERT);
    files->crl_file = find_pki_file(VNC_PKI_CA_DIR, VNC_PKI_CA_CRL);
    if (!files->ca_file) {
        g_autofree char *user = pki_path(g_get_home_dir(), ".pki/" VNC_PKI_CA_DIR,
                                         VNC_PKI_CA_CERT);
        g_autofree char *system = pki_path(VNC_SYSCONFDIR, "pki/" VNC_PKI_CA_DIR,
                                           VNC_PKI_CA_CERT);
        files->searched_ca = g_strdup_printf("%s or %s", user, system);
    }
    if (client_name_usable(priv->cred_clientname)) {
        g_autofree char *cert = find_pki_file(priv->cred_clientname, VNC_PKI_CLIENT_CERT);
        g_autofree char *key = find_pki_file(priv->cred_clientname, VNC_PKI_CLIENT_KEY);
        /* Only a pair is any use. */
        if (cert && key) {
            files->cert_file = g_steal_pointer(&cert);
            files->key_file = g_steal_pointer(&key);
        }
    }
    VNC_DEBUG("x509 files: CA %s, CRL %s, client certificate %s",
              files->ca_file ? files->ca_file : "(none found)",
              files->crl_file ? files->crl_file : "(none)",
              files->cert_file ? files->cert_file : "(none)");
    return TRUE;
}

/* ------------------------------------------------------------------ */
/* The certificate check                                               */

/* coroutine context */
static gboolean
check_certificate(VncConnection *conn, VncStreamTls *tls, const X509Files *files,
                  GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    const char *hostname = priv->target.hostname;
    guint status = 0;

    if (!vnc_stream_tls_verify(tls, hostname, &status, err))
        return FALSE;
    if (status == 0) {
        VNC_DEBUG("The server's certificate is valid for '%s'", hostname);
        return TRUE;
    }

    g_autofree char *problems = vnc_stream_tls_describe_status(status, hostname);
    g_autofree char *reason = files->searched_ca ?
        g_strdup_printf("%s (no CA certificate was found in %s)", problems,
                        files->searched_ca) :
        g_strdup(problems);
    g_autofree char *pem = vnc_stream_tls_get_peer_pem(tls);
    VNC_DEBUG("The server's certificate failed its checks: %s", reason);

    /* Asked in the main context, as every signal is emitted. */
    gboolean accepted = vnc_connection_priv_emit_boolean(conn, certificate_signal,
                                                         pem ? pem : "", reason, status);
    if (priv->cancelled) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_CANCELLED, "The connection was closed");
        return FALSE;
    }
    if (!accepted) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                    "The server's certificate is not trusted: %s", reason);
        return FALSE;
    }
    VNC_DEBUG("The embedder accepted the server's certificate anyway");
    return TRUE;
}

/* ------------------------------------------------------------------ */
/* Starting TLS                                                        */

/* coroutine context */
gboolean
vnc_connection_priv_start_tls(VncConnection *conn, gboolean x509, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    X509Files files = { NULL };
    VncStreamTls *tls;
    gboolean ok = FALSE;

    if (priv->tls_ssf > 0) {
        /* A server that nests TLS in TLS gains nothing but our stack. */
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server asked for TLS inside TLS");
        return FALSE;
    }
    if (!vnc_stream_flush(priv->stream, err))
        return FALSE;

    if (x509) {
        if (!find_x509_files(conn, &files, err))
            goto out;
        VncStreamTlsX509 use = {
            .ca_file = files.ca_file,
            .crl_file = files.crl_file,
            .cert_file = files.cert_file,
            .key_file = files.key_file,
        };
        tls = vnc_stream_tls_new_x509(&use, priv->target.hostname, err);
    } else {
        tls = vnc_stream_tls_new_anon(err);
    }
    if (!tls)
        goto out;

    VNC_DEBUG("Starting %s TLS", x509 ? "x509" : "anonymous");
    if (!vnc_stream_tls_handshake(tls, priv->stream, err) ||
        (x509 && !check_certificate(conn, tls, &files, err))) {
        vnc_stream_tls_free(tls);
        goto out;
    }
    /* SASL reads the strength to tell its mechanism (auth/vncauth-sasl.c). */
    priv->tls_ssf = vnc_stream_tls_get_ssf(tls);
    vnc_stream_tls_push(tls, priv->stream);
    ok = TRUE;

 out:
    x509_files_clear(&files);
    return ok;
}

/* coroutine context */
gboolean
vnc_connection_priv_send_secret(VncConnection *conn, const guint8 *data, gsize len,
                                GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    VncStreamLayer *top;

    if (!vnc_stream_flush(priv->stream, err))
        return FALSE;
    top = vnc_stream_get_top_layer(priv->stream);
    while (len > 0) {
        GError *error = NULL;
        gssize sent = vnc_stream_layer_send(top, data, len, &error);

        if (sent > 0) {
            data += sent;
            len -= sent;
            continue;
        }
        if (sent < 0 && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
            g_error_free(error);
            if (!vnc_stream_wait(priv->stream, G_IO_OUT, err))
                return FALSE;
            continue;
        }
        if (sent == 0)
            error = g_error_new_literal(VNC_ERROR, VNC_ERROR_IO,
                                        "Sending to the server made no progress");
        if (error->domain != VNC_ERROR) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_IO, "Cannot send to the server: %s",
                        error->message);
            g_error_free(error);
        } else {
            g_propagate_error(err, error);
        }
        return FALSE;
    }
    return TRUE;
}
