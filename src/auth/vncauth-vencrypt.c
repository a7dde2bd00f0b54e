/*
 * gtk-vnc: security type VeNCrypt (19), version 0.2
 *
 * The server sends the highest VeNCrypt version it speaks (two u8), the
 * client the version it will use, the server a u8 that is 0 when it
 * agrees. Then the server lists its sub-types (a u8 count and that many
 * u32) and the client picks one (a u32). For the TLS and X509 sub-types
 * the server answers with a u8, 1 to go on, and the TLS handshake starts
 * (anonymous for TLS*, certificate-checked for X509*). Then comes the
 * sub-type's own exchange: nothing (None), VNC authentication, Plain (a
 * u32 user name length, a u32 password length, then both) or SASL, and
 * the SecurityResult.
 *
 * Version 0.1 (one-byte sub-types) is obsolete and not spoken here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncauth-priv.h"
#include "vncbytes-priv.h"

#define VNC_VENCRYPT_MAJOR 0
#define VNC_VENCRYPT_MINOR 2

/* The server's answer to our version: 0 is agreement. */
#define VNC_VENCRYPT_VERSION_OK 0
/* Its answer to our sub-type, for the TLS ones: 1 starts TLS. */
#define VNC_VENCRYPT_TLS_GO 1

typedef enum {
    VENCRYPT_NO_TLS,
    VENCRYPT_TLS_ANON,
    VENCRYPT_TLS_X509,
} VencryptTls;

typedef enum {
    VENCRYPT_INNER_NONE,
    VENCRYPT_INNER_VNC,
    VENCRYPT_INNER_PLAIN,
    VENCRYPT_INNER_SASL,
} VencryptInner;

typedef struct {
    guint32 subtype;
    const char *name;
    VencryptTls tls;
    VencryptInner inner;
} VencryptSubtype;

static const VencryptSubtype vencrypt_subtypes[] = {
    { VNC_CONNECTION_AUTH_VENCRYPT_PLAIN, "Plain", VENCRYPT_NO_TLS, VENCRYPT_INNER_PLAIN },
    { VNC_CONNECTION_AUTH_VENCRYPT_TLSNONE, "TLSNone", VENCRYPT_TLS_ANON, VENCRYPT_INNER_NONE },
    { VNC_CONNECTION_AUTH_VENCRYPT_TLSVNC, "TLSVnc", VENCRYPT_TLS_ANON, VENCRYPT_INNER_VNC },
    { VNC_CONNECTION_AUTH_VENCRYPT_TLSPLAIN, "TLSPlain", VENCRYPT_TLS_ANON,
      VENCRYPT_INNER_PLAIN },
    { VNC_CONNECTION_AUTH_VENCRYPT_X509NONE, "X509None", VENCRYPT_TLS_X509,
      VENCRYPT_INNER_NONE },
    { VNC_CONNECTION_AUTH_VENCRYPT_X509VNC, "X509Vnc", VENCRYPT_TLS_X509, VENCRYPT_INNER_VNC },
    { VNC_CONNECTION_AUTH_VENCRYPT_X509PLAIN, "X509Plain", VENCRYPT_TLS_X509,
      VENCRYPT_INNER_PLAIN },
    { VNC_CONNECTION_AUTH_VENCRYPT_X509SASL, "X509SASL", VENCRYPT_TLS_X509,
      VENCRYPT_INNER_SASL },
    { VNC_CONNECTION_AUTH_VENCRYPT_TLSSASL, "TLSSASL", VENCRYPT_TLS_ANON,
      VENCRYPT_INNER_SASL },
};

static const VencryptSubtype *
find_subtype(guint32 subtype)
{
    for (gsize i = 0; i < G_N_ELEMENTS(vencrypt_subtypes); i++) {
        if (vencrypt_subtypes[i].subtype == subtype)
            return &vencrypt_subtypes[i];
    }
    return NULL;
}

/* Plain without TLS beneath sends the password in the clear. */
static gboolean
subtype_allowed(VncConnection *conn, const VencryptSubtype *sub)
{
    return sub->tls != VENCRYPT_NO_TLS || !vnc_connection_priv_encryption_required(conn);
}

static char *
describe_subtypes(const guint32 *subtypes, guint n)
{
    GString *list = g_string_new(NULL);

    for (guint i = 0; i < n; i++) {
        const VencryptSubtype *sub = find_subtype(subtypes[i]);
        if (sub)
            g_string_append_printf(list, "%s%s (%u)", i ? ", " : "", sub->name, subtypes[i]);
        else
            g_string_append_printf(list, "%s%u", i ? ", " : "", subtypes[i]);
    }
    return g_string_free(list, FALSE);
}

static gboolean
offered(const guint32 *subtypes, guint n, guint32 subtype)
{
    for (guint i = 0; i < n; i++) {
        if (subtypes[i] == subtype)
            return TRUE;
    }
    return FALSE;
}

/* The server's favourite among those we speak and may use. */
static guint32
first_usable(VncConnection *conn, const guint32 *subtypes, guint n, gboolean check_policy)
{
    for (guint i = 0; i < n; i++) {
        const VencryptSubtype *sub = find_subtype(subtypes[i]);
        if (sub && (!check_policy || subtype_allowed(conn, sub)))
            return subtypes[i];
    }
    return VNC_CONNECTION_AUTH_INVALID;
}

static void
emit_choose_subtype(VncConnection *conn, const guint32 *subtypes, guint n)
{
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    GValueArray *list = vnc_connection_priv_enum_list_new(VNC_TYPE_CONNECTION_AUTH_VENCRYPT,
                                                          subtypes, sizeof(*subtypes), n);
    vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_CHOOSE_SUBTYPE,
                             (guint)VNC_CONNECTION_AUTH_VENCRYPT, list);
    g_value_array_free(list);
    G_GNUC_END_IGNORE_DEPRECATIONS
}

/* coroutine context: the version exchange. */
static gboolean
negotiate_version(VncConnection *conn, GError **err)
{
    VncStream *stream = conn->priv->stream;
    guint8 major, minor, answer;

    if (!vnc_stream_read_u8(stream, &major, err) ||
        !vnc_stream_read_u8(stream, &minor, err))
        return FALSE;
    VNC_DEBUG("The server speaks VeNCrypt up to %u.%u", major, minor);

    if (major == VNC_VENCRYPT_MAJOR && minor < VNC_VENCRYPT_MINOR) {
        /* 0.0 tells the server we cannot go on; it closes. */
        vnc_stream_write_u8(stream, 0);
        vnc_stream_write_u8(stream, 0);
        vnc_stream_flush(stream, NULL);
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "The server speaks VeNCrypt %u.%u, which is obsolete; this client "
                    "needs version %u.%u", major, minor,
                    VNC_VENCRYPT_MAJOR, VNC_VENCRYPT_MINOR);
        return FALSE;
    }

    /* A server with a newer version still speaks the older ones. */
    vnc_stream_write_u8(stream, VNC_VENCRYPT_MAJOR);
    vnc_stream_write_u8(stream, VNC_VENCRYPT_MINOR);
    if (!vnc_stream_flush(stream, err) ||
        !vnc_stream_read_u8(stream, &answer, err))
        return FALSE;
    if (answer != VNC_VENCRYPT_VERSION_OK) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "The server refused VeNCrypt version %u.%u (it answered %u)",
                    VNC_VENCRYPT_MAJOR, VNC_VENCRYPT_MINOR, answer);
        return FALSE;
    }
    return TRUE;
}

/* coroutine context: the sub-type list and our choice. */
static const VencryptSubtype *
choose_subtype(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint32 subtypes[255];
    guint8 n;

    if (!vnc_stream_read_u8(priv->stream, &n, err))
        return NULL;
    if (n == 0) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                            "The server offers no VeNCrypt sub-type");
        return NULL;
    }
    for (guint i = 0; i < n; i++) {
        if (!vnc_stream_read_u32(priv->stream, &subtypes[i], err))
            return NULL;
    }
    g_autofree char *listed = describe_subtypes(subtypes, n);
    VNC_DEBUG("The server offers VeNCrypt sub-types %s", listed);

    /* The embedder may choose in its handler; otherwise we take the
     * server's favourite among those we speak and may use. */
    priv->auth_subtype = VNC_CONNECTION_AUTH_INVALID;
    emit_choose_subtype(conn, subtypes, n);
    if (priv->cancelled) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_CANCELLED, "The connection was closed");
        return NULL;
    }
    if (priv->auth_subtype == VNC_CONNECTION_AUTH_INVALID)
        priv->auth_subtype = first_usable(conn, subtypes, n, TRUE);

    if (priv->auth_subtype == VNC_CONNECTION_AUTH_INVALID) {
        if (first_usable(conn, subtypes, n, FALSE) != VNC_CONNECTION_AUTH_INVALID) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                        "Encryption is required, and the server offers only VeNCrypt "
                        "sub-types that do not encrypt (%s)", listed);
            return NULL;
        }
        vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_UNSUPPORTED, (guint)subtypes[0]);
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "The server offers no VeNCrypt sub-type this client supports "
                    "(it offers %s)", listed);
        return NULL;
    }
    if (!offered(subtypes, n, priv->auth_subtype)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "VeNCrypt sub-type %u was chosen, but the server offers only %s",
                    priv->auth_subtype, listed);
        return NULL;
    }
    const VencryptSubtype *sub = find_subtype(priv->auth_subtype);
    if (!sub) {
        vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_UNSUPPORTED, priv->auth_subtype);
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "VeNCrypt sub-type %u is not supported by this client",
                    priv->auth_subtype);
        return NULL;
    }
    if (!subtype_allowed(conn, sub)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "VeNCrypt sub-type %s does not encrypt the session, and encryption "
                    "is required", sub->name);
        return NULL;
    }

    VNC_DEBUG("VeNCrypt sub-type %s", sub->name);
    vnc_stream_write_u32(priv->stream, sub->subtype);
    if (!vnc_stream_flush(priv->stream, err))
        return NULL;
    return sub;
}

/* coroutine context: Plain, the user name and password as they are. */
static gboolean
send_plain(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    static const VncConnectionCredential wanted[] = {
        VNC_CONNECTION_CREDENTIAL_USERNAME,
        VNC_CONNECTION_CREDENTIAL_PASSWORD,
    };

    if (!vnc_connection_priv_want_credentials(conn, wanted, G_N_ELEMENTS(wanted), err))
        return FALSE;

    gsize username_len = strlen(priv->cred_username);
    gsize password_len = strlen(priv->cred_password);
    if (username_len > G_MAXUINT16 || password_len > G_MAXUINT16) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                            "The user name or password is too long to send");
        return FALSE;
    }

    gsize len = 8 + username_len + password_len;
    guint8 *msg = g_malloc(len);
    vnc_store_be32(msg, username_len);
    vnc_store_be32(msg + 4, password_len);
    memcpy(msg + 8, priv->cred_username, username_len);
    memcpy(msg + 8 + username_len, priv->cred_password, password_len);

    /* Straight through the layers, so that no copy of the password is
     * left in the stream's output buffer. */
    gboolean ok = vnc_connection_priv_send_secret(conn, msg, len, err);
    explicit_bzero(msg, len);
    g_free(msg);
    /* Nothing in this session needs the password again. */
    g_clear_pointer(&priv->cred_password, vnc_connection_priv_free_secret);
    return ok;
}

/* coroutine context: SASL, from auth/vncauth-sasl.c (vnc_auth_sasl),
 * reached through the table of security types. It reads the
 * SecurityResult itself. */
static gboolean
run_sasl(VncConnection *conn, GError **err)
{
    const VncAuthMethod *sasl = vnc_auth_find(VNC_CONNECTION_AUTH_SASL);

    if (!sasl) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                            "VeNCrypt with SASL is not supported yet");
        return FALSE;
    }
    return sasl->run(conn, err);
}

/* coroutine context */
gboolean
vnc_auth_vencrypt(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    const VencryptSubtype *sub;

    if (!negotiate_version(conn, err))
        return FALSE;
    sub = choose_subtype(conn, err);
    if (!sub)
        return FALSE;

    if (sub->tls != VENCRYPT_NO_TLS) {
        guint8 go;
        if (!vnc_stream_read_u8(priv->stream, &go, err))
            return FALSE;
        if (go != VNC_VENCRYPT_TLS_GO) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                        "The server refused to start TLS for VeNCrypt sub-type %s",
                        sub->name);
            return FALSE;
        }
        if (!vnc_connection_priv_start_tls(conn, sub->tls == VENCRYPT_TLS_X509, err))
            return FALSE;
    }

    switch (sub->inner) {
    case VENCRYPT_INNER_NONE:
        break;
    case VENCRYPT_INNER_VNC:
        if (!vnc_auth_vnc(conn, err))
            return FALSE;
        break;
    case VENCRYPT_INNER_PLAIN:
        if (!send_plain(conn, err))
            return FALSE;
        break;
    case VENCRYPT_INNER_SASL:
        return run_sasl(conn, err);
    }
    return vnc_connection_priv_check_security_result(conn, err);
}
