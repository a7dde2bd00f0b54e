/*
 * gtk-vnc: a GnuTLS session as a layer of the stream
 *
 * GnuTLS reads and writes records through two callbacks, which here go to
 * the layer beneath (the socket transport). Neither ever blocks: when the
 * layer beneath would block, the callback tells GnuTLS EAGAIN, GnuTLS
 * returns GNUTLS_E_AGAIN, and we return G_IO_ERROR_WOULD_BLOCK to the
 * stream, which waits for the socket and calls again.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "vncstream-tls-priv.h"
#include "vncerror-priv.h"
#include "vncutil.h"

/* Anonymous key exchange is off by default in GnuTLS; servers that offer
 * anonymous TLS (QEMU's tls-creds-anon, TigerVNC's TLS* types) need it. */
#define VNC_TLS_ANON_PRIORITY "+ANON-ECDH:+ANON-DH"

struct _VncStreamTls {
    gnutls_session_t session;
    gnutls_anon_client_credentials_t anon;
    gnutls_certificate_credentials_t x509;

    VncStreamLayer *lower;      /* where the records go */
    GError *io_error;           /* why the layer beneath last failed */
    gboolean peer_closed;       /* the layer beneath reached the end */
    /* Bytes of a record_send that would have blocked: GnuTLS keeps that
     * record and must be asked to finish it before anything new. */
    gsize send_pending;
};

/* ------------------------------------------------------------------ */
/* The transport callbacks                                             */

static void
vnc_stream_tls_keep_io_error(VncStreamTls *tls, GError *error)
{
    if (tls->io_error == NULL)
        tls->io_error = error;
    else
        g_error_free(error);
}

static ssize_t
vnc_stream_tls_push_func(gnutls_transport_ptr_t ptr, const void *buf, size_t len)
{
    VncStreamTls *tls = ptr;
    GError *error = NULL;
    gssize sent = vnc_stream_layer_send(tls->lower, buf, len, &error);

    if (sent > 0)
        return sent;
    if (sent < 0 && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
        g_error_free(error);
        gnutls_transport_set_errno(tls->session, EAGAIN);
        return -1;
    }
    if (sent == 0)
        error = g_error_new_literal(VNC_ERROR, VNC_ERROR_IO,
                                    "Sending to the server made no progress");
    vnc_stream_tls_keep_io_error(tls, error);
    gnutls_transport_set_errno(tls->session, EIO);
    return -1;
}

static ssize_t
vnc_stream_tls_pull_func(gnutls_transport_ptr_t ptr, void *buf, size_t len)
{
    VncStreamTls *tls = ptr;
    GError *error = NULL;
    gssize got = vnc_stream_layer_recv(tls->lower, buf, len, &error);

    if (got == 0)
        tls->peer_closed = TRUE;
    if (got >= 0)
        return got;
    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
        g_error_free(error);
        gnutls_transport_set_errno(tls->session, EAGAIN);
        return -1;
    }
    vnc_stream_tls_keep_io_error(tls, error);
    gnutls_transport_set_errno(tls->session, EIO);
    return -1;
}

/* GnuTLS asks whether data may be there before some reads. We never
 * block, so the answer is "try": the pull function then says EAGAIN if
 * there is nothing. */
static int
vnc_stream_tls_pull_timeout_func(gnutls_transport_ptr_t ptr, unsigned int ms)
{
    return 1;
}

/* A GnuTLS failure as our error; the layer beneath's own error wins,
 * since it says what really happened ("Connection reset by peer"). */
static void
vnc_stream_tls_set_error(VncStreamTls *tls, int ret, const char *doing, GError **err)
{
    if (tls->io_error != NULL) {
        g_propagate_error(err, g_error_copy(tls->io_error));
        return;
    }
    if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED) {
        /* The alert says what the server did not like. */
        const char *alert = gnutls_alert_get_name(gnutls_alert_get(tls->session));
        g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                    "TLS error while %s: the server sent the TLS alert '%s'",
                    doing, alert ? alert : "unknown");
        return;
    }
    g_set_error(err, VNC_ERROR, VNC_ERROR_TLS, "TLS error while %s: %s",
                doing, gnutls_strerror(ret));
}

/* ------------------------------------------------------------------ */
/* The layer                                                           */

static gssize
vnc_stream_tls_recv(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err)
{
    VncStreamTls *tls = layer->data;

    for (;;) {
        ssize_t got = gnutls_record_recv(tls->session, buf, len);

        if (got >= 0)
            return got;
        switch (got) {
        case GNUTLS_E_INTERRUPTED:
            continue;
        case GNUTLS_E_AGAIN:
            g_set_error_literal(err, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                                "No TLS record is complete yet");
            return -1;
        case GNUTLS_E_PREMATURE_TERMINATION:
            /* Many servers close the socket without a TLS goodbye; for
             * VNC that is simply the end of the session. */
            return 0;
        case GNUTLS_E_REHANDSHAKE:
            /* A TLS 1.2 server asking to renegotiate: a client may
             * decline by going on, which is what we do. */
            VNC_DEBUG("Ignoring the server's TLS renegotiation request");
            continue;
        default:
            if (!gnutls_error_is_fatal(got)) {
                VNC_DEBUG("TLS warning while reading: %s", gnutls_strerror(got));
                continue;
            }
            vnc_stream_tls_set_error(tls, got, "reading from the server", err);
            return -1;
        }
    }
}

static gssize
vnc_stream_tls_send(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err)
{
    VncStreamTls *tls = layer->data;

    for (;;) {
        ssize_t sent;

        /* After GNUTLS_E_AGAIN, GnuTLS holds the encrypted record and
         * wants the same call again, or (NULL, 0) to finish it; the
         * stream's unsent bytes still start with that record's data. */
        if (tls->send_pending > 0)
            sent = gnutls_record_send(tls->session, NULL, 0);
        else
            sent = gnutls_record_send(tls->session, buf, len);

        if (sent >= 0) {
            tls->send_pending = 0;
            return MIN((gsize)sent, len);
        }
        if (sent == GNUTLS_E_INTERRUPTED || sent == GNUTLS_E_AGAIN) {
            if (tls->send_pending == 0)
                tls->send_pending = len;
            if (sent == GNUTLS_E_INTERRUPTED)
                continue;
            g_set_error_literal(err, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                                "The TLS record cannot be sent yet");
            return -1;
        }
        vnc_stream_tls_set_error(tls, sent, "sending to the server", err);
        return -1;
    }
}

static gsize
vnc_stream_tls_pending(VncStreamLayer *layer)
{
    VncStreamTls *tls = layer->data;

    return gnutls_record_check_pending(tls->session);
}

static const VncStreamLayerFuncs vnc_stream_tls_funcs = {
    .name = "tls",
    .recv = vnc_stream_tls_recv,
    .send = vnc_stream_tls_send,
    .pending = vnc_stream_tls_pending,
    .free = (void (*)(gpointer))vnc_stream_tls_free,
};

/* ------------------------------------------------------------------ */
/* Making a session                                                    */

static gboolean
vnc_stream_tls_check(int ret, const char *doing, GError **err)
{
    if (ret >= 0)
        return TRUE;
    g_set_error(err, VNC_ERROR, VNC_ERROR_TLS, "Cannot %s: %s", doing, gnutls_strerror(ret));
    return FALSE;
}

static VncStreamTls *
vnc_stream_tls_new(GError **err)
{
    VncStreamTls *tls = g_new0(VncStreamTls, 1);

    if (!vnc_stream_tls_check(gnutls_init(&tls->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK),
                              "start a TLS session", err)) {
        g_free(tls);
        return NULL;
    }
    gnutls_transport_set_ptr(tls->session, tls);
    gnutls_transport_set_push_function(tls->session, vnc_stream_tls_push_func);
    gnutls_transport_set_pull_function(tls->session, vnc_stream_tls_pull_func);
    gnutls_transport_set_pull_timeout_function(tls->session,
                                               vnc_stream_tls_pull_timeout_func);
    /* Reads of the VNC session never time out; neither does this. */
    gnutls_handshake_set_timeout(tls->session, GNUTLS_INDEFINITE_TIMEOUT);
    return tls;
}

void
vnc_stream_tls_free(VncStreamTls *tls)
{
    if (tls == NULL)
        return;
    /* gnutls_deinit wipes the session's keys. */
    if (tls->session != NULL)
        gnutls_deinit(tls->session);
    if (tls->anon != NULL)
        gnutls_anon_free_client_credentials(tls->anon);
    if (tls->x509 != NULL)
        gnutls_certificate_free_credentials(tls->x509);
    g_clear_error(&tls->io_error);
    g_free(tls);
}

VncStreamTls *
vnc_stream_tls_new_anon(GError **err)
{
    VncStreamTls *tls = vnc_stream_tls_new(err);
    const char *bad = NULL;

    if (tls == NULL)
        return NULL;
    if (!vnc_stream_tls_check(gnutls_anon_allocate_client_credentials(&tls->anon),
                              "set up anonymous TLS", err) ||
        !vnc_stream_tls_check(gnutls_set_default_priority_append(tls->session,
                                                                 VNC_TLS_ANON_PRIORITY,
                                                                 &bad, 0),
                              "enable anonymous TLS", err) ||
        !vnc_stream_tls_check(gnutls_credentials_set(tls->session, GNUTLS_CRD_ANON,
                                                     tls->anon),
                              "set up anonymous TLS", err)) {
        vnc_stream_tls_free(tls);
        return NULL;
    }
    return tls;
}

/* Reads a whole PEM file, with the OS's reason when that fails. */
static gboolean
vnc_stream_tls_read_file(const char *path, const char *what, gnutls_datum_t *datum,
                         GError **err)
{
    char *data = NULL;
    gsize len = 0;
    GError *error = NULL;

    if (!g_file_get_contents(path, &data, &len, &error)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_TLS, "Cannot read the %s: %s",
                    what, error->message);
        g_error_free(error);
        return FALSE;
    }
    datum->data = (unsigned char *)data;
    datum->size = len;
    return TRUE;
}

static void
vnc_stream_tls_free_file(gnutls_datum_t *datum, gboolean secret)
{
    if (datum->data != NULL && secret)
        explicit_bzero(datum->data, datum->size);
    g_free(datum->data);
    datum->data = NULL;
    datum->size = 0;
}

/* The files, loaded into the session's credentials. */
static gboolean
vnc_stream_tls_load_x509(VncStreamTls *tls, const VncStreamTlsX509 *files, GError **err)
{
    gnutls_datum_t data = { NULL, 0 };
    int ret;

    if (files->ca_file != NULL) {
        if (!vnc_stream_tls_read_file(files->ca_file, "CA certificate file", &data, err))
            return FALSE;
        ret = gnutls_certificate_set_x509_trust_mem(tls->x509, &data, GNUTLS_X509_FMT_PEM);
        vnc_stream_tls_free_file(&data, FALSE);
        if (ret <= 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                        "The CA certificate file %s holds no usable certificate%s%s",
                        files->ca_file, ret < 0 ? ": " : "",
                        ret < 0 ? gnutls_strerror(ret) : "");
            return FALSE;
        }
        VNC_DEBUG("Trusting %d CA certificate(s) from %s", ret, files->ca_file);
    }

    if (files->crl_file != NULL) {
        if (!vnc_stream_tls_read_file(files->crl_file, "certificate revocation list",
                                      &data, err))
            return FALSE;
        ret = gnutls_certificate_set_x509_crl_mem(tls->x509, &data, GNUTLS_X509_FMT_PEM);
        vnc_stream_tls_free_file(&data, FALSE);
        if (ret < 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                        "The certificate revocation list %s is unusable: %s",
                        files->crl_file, gnutls_strerror(ret));
            return FALSE;
        }
        VNC_DEBUG("Using %d certificate revocation list(s) from %s", ret, files->crl_file);
    }

    if (files->cert_file != NULL && files->key_file != NULL) {
        gnutls_datum_t key = { NULL, 0 };

        if (!vnc_stream_tls_read_file(files->cert_file, "client certificate", &data, err))
            return FALSE;
        if (!vnc_stream_tls_read_file(files->key_file, "client key", &key, err)) {
            vnc_stream_tls_free_file(&data, FALSE);
            return FALSE;
        }
        ret = gnutls_certificate_set_x509_key_mem(tls->x509, &data, &key,
                                                  GNUTLS_X509_FMT_PEM);
        vnc_stream_tls_free_file(&data, FALSE);
        vnc_stream_tls_free_file(&key, TRUE);
        if (ret < 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                        "The client certificate %s and key %s are unusable: %s",
                        files->cert_file, files->key_file, gnutls_strerror(ret));
            return FALSE;
        }
        VNC_DEBUG("Presenting the client certificate %s", files->cert_file);
    }
    return TRUE;
}

VncStreamTls *
vnc_stream_tls_new_x509(const VncStreamTlsX509 *files, const char *server_name,
                        GError **err)
{
    VncStreamTls *tls = vnc_stream_tls_new(err);

    if (tls == NULL)
        return NULL;
    if (!vnc_stream_tls_check(gnutls_certificate_allocate_credentials(&tls->x509),
                              "set up TLS certificates", err) ||
        !vnc_stream_tls_load_x509(tls, files, err) ||
        !vnc_stream_tls_check(gnutls_set_default_priority(tls->session),
                              "set up TLS", err) ||
        !vnc_stream_tls_check(gnutls_credentials_set(tls->session, GNUTLS_CRD_CERTIFICATE,
                                                     tls->x509),
                              "set up TLS certificates", err)) {
        vnc_stream_tls_free(tls);
        return NULL;
    }
    /* SNI carries DNS names only; servers may refuse anything else. */
    if (server_name != NULL && server_name[0] != '\0' &&
        !g_hostname_is_ip_address(server_name))
        gnutls_server_name_set(tls->session, GNUTLS_NAME_DNS, server_name,
                               strlen(server_name));
    return tls;
}

/* ------------------------------------------------------------------ */
/* The handshake                                                       */

/* coroutine context */
gboolean
vnc_stream_tls_handshake(VncStreamTls *tls, VncStream *stream, GError **err)
{
    /* The server speaks only after our first TLS message: anything it
     * sent before is not part of TLS, and would otherwise be read as if
     * it had come through the encrypted channel. */
    if (vnc_stream_buffered(stream) > 0) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent %" G_GSIZE_FORMAT " unexpected bytes before "
                    "the TLS handshake", vnc_stream_buffered(stream));
        return FALSE;
    }
    /* Output written meanwhile (there should be none before the session
     * starts) waits in the stream and goes out through TLS once the
     * layer is pushed, which is where it belongs. */

    tls->lower = vnc_stream_get_top_layer(stream);
    for (;;) {
        int ret = gnutls_handshake(tls->session);

        if (ret == GNUTLS_E_SUCCESS)
            break;
        if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED) {
            GIOCondition condition =
                gnutls_record_get_direction(tls->session) ? G_IO_OUT : G_IO_IN;
            if (ret == GNUTLS_E_AGAIN &&
                !vnc_stream_wait(stream, condition, err))
                return FALSE;
            continue;
        }
        if (!gnutls_error_is_fatal(ret)) {
            VNC_DEBUG("TLS handshake warning: %s", gnutls_strerror(ret));
            continue;
        }
        if (tls->io_error != NULL) {
            g_propagate_prefixed_error(err, g_steal_pointer(&tls->io_error),
                                       "The TLS handshake failed: ");
        } else if (tls->peer_closed || ret == GNUTLS_E_PREMATURE_TERMINATION) {
            g_set_error_literal(err, VNC_ERROR, VNC_ERROR_TLS,
                                "The server closed the connection during the TLS handshake");
        } else if (ret == GNUTLS_E_UNEXPECTED_PACKET_LENGTH ||
                   ret == GNUTLS_E_UNSUPPORTED_VERSION_PACKET ||
                   ret == GNUTLS_E_UNEXPECTED_PACKET) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                        "The TLS handshake failed: the server does not speak TLS "
                        "here (%s)", gnutls_strerror(ret));
        } else if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED) {
            const char *alert = gnutls_alert_get_name(gnutls_alert_get(tls->session));
            g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                        "The TLS handshake failed: the server sent the TLS alert '%s'",
                        alert ? alert : "unknown");
        } else {
            g_set_error(err, VNC_ERROR, VNC_ERROR_TLS, "The TLS handshake failed: %s",
                        gnutls_strerror(ret));
        }
        return FALSE;
    }

    if (vnc_util_get_debug()) {
        char *desc = gnutls_session_get_desc(tls->session);
        VNC_DEBUG("TLS handshake done: %s", desc);
        gnutls_free(desc);
    }
    return TRUE;
}

guint
vnc_stream_tls_get_ssf(VncStreamTls *tls)
{
    gsize key_size = gnutls_cipher_get_key_size(gnutls_cipher_get(tls->session));

    return MAX(1, (guint)key_size * 8);
}

void
vnc_stream_tls_push(VncStreamTls *tls, VncStream *stream)
{
    vnc_stream_push_layer(stream, &vnc_stream_tls_funcs, tls);
}

/* ------------------------------------------------------------------ */
/* The server's certificate                                            */

/* Host names may come as "[v6 literal]" from the embedder. */
static char *
vnc_stream_tls_bare_host(const char *hostname)
{
    gsize len = strlen(hostname);

    if (len >= 2 && hostname[0] == '[' && hostname[len - 1] == ']')
        return g_strndup(hostname + 1, len - 2);
    return g_strdup(hostname);
}

gboolean
vnc_stream_tls_verify(VncStreamTls *tls, const char *hostname, guint *status,
                      GError **err)
{
    gnutls_typed_vdata_st checks[2];
    unsigned int n_checks = 0, result = 0;
    g_autofree char *host = NULL;
    int ret;

    if (gnutls_certificate_type_get(tls->session) != GNUTLS_CRT_X509) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_TLS,
                            "The server did not present an X.509 certificate");
        return FALSE;
    }

    if (hostname != NULL && hostname[0] != '\0') {
        host = vnc_stream_tls_bare_host(hostname);
        /* A textual IP address is matched against the certificate's IP
         * addresses, a name against its DNS names (RFC 6125). */
        checks[n_checks].type = GNUTLS_DT_DNS_HOSTNAME;
        checks[n_checks].data = (unsigned char *)host;
        checks[n_checks].size = 0;
        n_checks++;
    }
    checks[n_checks].type = GNUTLS_DT_KEY_PURPOSE_OID;
    checks[n_checks].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
    checks[n_checks].size = 0;
    n_checks++;

    ret = gnutls_certificate_verify_peers(tls->session, checks, n_checks, &result);
    if (ret == GNUTLS_E_NO_CERTIFICATE_FOUND) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_TLS,
                            "The server did not present a certificate");
        return FALSE;
    }
    if (ret < 0) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_TLS,
                    "The server's certificate cannot be checked: %s", gnutls_strerror(ret));
        return FALSE;
    }
    /* Without a name to compare, nobody can tell whose certificate it
     * is: that is a failure a person may still overrule, not a pass. */
    if (host == NULL)
        result |= GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER;
    *status = result;
    return TRUE;
}

char *
vnc_stream_tls_describe_status(guint status, const char *hostname)
{
    static const struct {
        guint flag;
        const char *text;
    } problems[] = {
        { GNUTLS_CERT_SIGNER_NOT_FOUND, "it is not signed by a trusted certificate authority" },
        { GNUTLS_CERT_SIGNER_NOT_CA, "its issuer is not a certificate authority" },
        { GNUTLS_CERT_SIGNATURE_FAILURE, "its signature is not valid" },
        { GNUTLS_CERT_INSECURE_ALGORITHM, "it is signed with an insecure algorithm" },
        { GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
          "its issuer is not allowed to issue it" },
        { GNUTLS_CERT_NOT_ACTIVATED, "it is not valid yet" },
        { GNUTLS_CERT_EXPIRED, "it has expired" },
        { GNUTLS_CERT_REVOKED, "it has been revoked" },
        { GNUTLS_CERT_PURPOSE_MISMATCH, "it is not meant for a TLS server" },
        { GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "it has critical extensions nobody knows" },
    };
    GString *text = g_string_new(NULL);
    guint explained = GNUTLS_CERT_INVALID;

    for (gsize i = 0; i < G_N_ELEMENTS(problems); i++) {
        if (status & problems[i].flag) {
            g_string_append_printf(text, "%s%s", text->len ? "; " : "", problems[i].text);
            explained |= problems[i].flag;
        }
    }
    if (status & GNUTLS_CERT_UNEXPECTED_OWNER) {
        if (hostname != NULL && hostname[0] != '\0')
            g_string_append_printf(text, "%sit was not issued for the host name '%s'",
                                   text->len ? "; " : "", hostname);
        else
            g_string_append_printf(text, "%sthere is no host name to check it against",
                                   text->len ? "; " : "");
        explained |= GNUTLS_CERT_UNEXPECTED_OWNER;
    }
    /* Anything else: GnuTLS's own words. */
    if ((status & ~explained) != 0 || text->len == 0) {
        guint rest = (status & ~explained) != 0 ? status & ~explained : status;
        gnutls_datum_t out = { NULL, 0 };
        if (gnutls_certificate_verification_status_print(rest, GNUTLS_CRT_X509, &out, 0) == 0) {
            g_string_append_printf(text, "%s%s", text->len ? "; " : "", (const char *)out.data);
            gnutls_free(out.data);
        } else {
            g_string_append_printf(text, "%sverification failed (status 0x%x)",
                                   text->len ? "; " : "", status);
        }
    }
    return g_string_free(text, FALSE);
}

char *
vnc_stream_tls_get_peer_pem(VncStreamTls *tls)
{
    const gnutls_datum_t *certs;
    unsigned int n_certs = 0;
    gnutls_x509_crt_t crt;
    gnutls_datum_t pem = { NULL, 0 };
    char *text = NULL;

    certs = gnutls_certificate_get_peers(tls->session, &n_certs);
    if (certs == NULL || n_certs == 0 || gnutls_x509_crt_init(&crt) < 0)
        return NULL;
    if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) >= 0 &&
        gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem) >= 0) {
        text = g_strndup((const char *)pem.data, pem.size);
        gnutls_free(pem.data);
    }
    gnutls_x509_crt_deinit(crt);
    return text;
}
