/*
 * gtk-vnc: a GnuTLS session as a layer of the stream
 *
 * A VncStreamTls is made for one connection (anonymous, or x509 with the
 * files to trust and present), runs its handshake over the layer that is
 * on top of the stream at that moment, and is then pushed onto the
 * stream, which owns it from there on: everything read and written above
 * it is encrypted. Until it is pushed the caller owns it and frees it
 * with vnc_stream_tls_free().
 *
 * The handshake runs in the coroutine and drives GnuTLS itself, waiting
 * with vnc_stream_wait() whenever it would block, so cancelling the stream
 * ends it like any read. Checking the server's certificate
 * is a separate step, so that the connection can ask the embedder about a
 * certificate that fails before anything secret is sent.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_STREAM_TLS_PRIV_H
#define VNC_STREAM_TLS_PRIV_H

#include "vncstream-priv.h"

G_BEGIN_DECLS

typedef struct _VncStreamTls VncStreamTls;

/* What an x509 session trusts and presents. Every file is PEM. */
typedef struct {
    const char *ca_file;    /* the authorities to trust; NULL trusts none */
    const char *crl_file;   /* revoked certificates; may be NULL */
    const char *cert_file;  /* our own certificate, with key_file; may be NULL */
    const char *key_file;
} VncStreamTlsX509;

/* An anonymous session (no certificates: encrypted, not authenticated). */
VncStreamTls *vnc_stream_tls_new_anon(GError **err);
/* A session that checks the server's certificate. @server_name (may be
 * NULL) is sent to the server as SNI when it is a DNS name. Fails with a
 * readable error when a file cannot be read. */
VncStreamTls *vnc_stream_tls_new_x509(const VncStreamTlsX509 *files,
                                      const char *server_name, GError **err);
void vnc_stream_tls_free(VncStreamTls *tls);

/* coroutine context: runs the TLS handshake with the server through the
 * current top layer of @stream, which must have no unread input (a
 * protocol error otherwise); flush what must go out in the clear first.
 * Waits for the stream's socket when it would block; fails with
 * VNC_ERROR_CANCELLED once the stream is cancelled. */
gboolean vnc_stream_tls_handshake(VncStreamTls *tls, VncStream *stream, GError **err);

/* After the handshake of an x509 session: checks the server's
 * certificate chain against the trusted authorities and the CRL, its
 * dates, its purpose, and that it was issued for @hostname (NULL: there
 * is no name to check, which counts as a mismatch). Sets *@status to 0
 * when all is well, otherwise to GnuTLS gnutls_certificate_status_t bits.
 * FALSE with @err only when there is no certificate to check at all. */
gboolean vnc_stream_tls_verify(VncStreamTls *tls, const char *hostname,
                               guint *status, GError **err);
/* A sentence for a person about the problems in @status (from
 * vnc_stream_tls_verify) with a certificate expected for @hostname. */
char *vnc_stream_tls_describe_status(guint status, const char *hostname);
/* The server's certificate in PEM form, or NULL. */
char *vnc_stream_tls_get_peer_pem(VncStreamTls *tls);

/* After the handshake: the strength of the session's cipher, in bits
 * (its key size; at least 1). */
guint vnc_stream_tls_get_ssf(VncStreamTls *tls);

/* Puts @tls on top of @stream, which owns it from now on. */
void vnc_stream_tls_push(VncStreamTls *tls, VncStream *stream);

G_END_DECLS

#endif /* VNC_STREAM_TLS_PRIV_H */
