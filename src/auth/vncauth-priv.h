/*
 * gtk-vnc: security types, one file each
 *
 * After the server and client agree on a security type, the connection
 * runs that type's VncAuthFunc. It talks to the server through the
 * connection's stream, asks the embedder for credentials with
 * vnc_connection_priv_want_credentials(), and may push a layer (TLS,
 * SASL) onto the stream. The generic code reads the SecurityResult
 * afterwards when the protocol version calls for one.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_AUTH_PRIV_H
#define VNC_AUTH_PRIV_H

#include "vncconnection-priv.h"

G_BEGIN_DECLS

/* coroutine context */
typedef gboolean (*VncAuthFunc)(VncConnection *conn, GError **err);

typedef struct {
    guint32 type;         /* a VncConnectionAuth value */
    const char *name;
    VncAuthFunc run;
    /* TRUE when run() reads the SecurityResult itself (VeNCrypt and TLS,
     * whose inner types decide); otherwise the generic code does. */
    gboolean reads_own_result;
} VncAuthMethod;

/* The method for security @type, or NULL if we do not implement it. */
const VncAuthMethod *vnc_auth_find(guint32 type);

gboolean vnc_auth_none(VncConnection *conn, GError **err);
gboolean vnc_auth_vnc(VncConnection *conn, GError **err);
/* TLS (18) runs the security negotiation again inside TLS, and VeNCrypt
 * (19) reads the SecurityResult itself after its sub-type's exchange
 * (SASL reads its own): both are reads_own_result. */
gboolean vnc_auth_tls(VncConnection *conn, GError **err);
gboolean vnc_auth_vencrypt(VncConnection *conn, GError **err);

/* The DES key VNC authentication and MS-Logon II derive from up to 8
 * bytes of @secret (@len; the rest of the key stays zero): each byte's
 * bits mirrored, as the original implementation read key bits from the
 * least significant end. */
void vnc_auth_des_key(guint8 key[8], const guint8 *secret, gsize len);

/* The VNC authentication response: @challenge (16 bytes) encrypted with
 * DES under @password as RFB specifies it (first 8 bytes of the password,
 * each byte's bits mirrored, as the key). Used by VncAuth and by the
 * VeNCrypt *Vnc subtypes. */
void vnc_auth_vnc_response(const char *password, const guint8 challenge[16],
                           guint8 response[16]);

/*
 * SASL (security type 20, and the inner exchange of VeNCrypt's X509SASL
 * and TLSSASL): the mechanism list, start and steps as QEMU speaks them,
 * the embedder's username and password for the mechanism, then the
 * SecurityResult, which this function reads itself: a security layer the
 * mechanism negotiated starts right after it, so no caller may read it
 * again. Over TLS (priv->tls_ssf > 0) the TLS strength is the mechanism's
 * external SSF and no security layer is required, but one the server
 * insists on is used; without TLS the layer must reach VNC_SASL_MIN_SSF.
 */
gboolean vnc_auth_sasl(VncConnection *conn, GError **err);

/* The least strength, in bits, of a SASL security layer that protects a
 * session without TLS (what QEMU requires too). */
#define VNC_SASL_MIN_SSF 56

/*
 * Apple Remote Desktop (30): Diffie-Hellman with the server's generator
 * and prime, MD5 of the shared secret as an AES-128 key, the username and
 * password encrypted in ECB mode (rfbproto, "Diffie-Hellman
 * Authentication").
 */
gboolean vnc_auth_ard(VncConnection *conn, GError **err);

/* The 128 bytes ARD encrypts: @username then @password, each
 * NUL-terminated in a 64-byte field padded with random bytes. FALSE with
 * @err when either does not fit. */
#define VNC_AUTH_ARD_CREDENTIALS_LENGTH 128
gboolean vnc_auth_ard_credentials(const char *username, const char *password,
                                  guint8 plaintext[VNC_AUTH_ARD_CREDENTIALS_LENGTH],
                                  GError **err);

/* The arithmetic of ARD, apart so that it can be checked against known
 * answers: with the server's @generator, @prime and @server_public (each
 * @key_length bytes, big-endian) and our @private_key (@key_length bytes),
 * writes our public value (@key_length bytes) to @client_public and
 * @plaintext encrypted to @ciphertext. FALSE with @err on parameters no
 * honest server sends. */
gboolean vnc_auth_ard_compute(guint16 generator, const guint8 *prime,
                              const guint8 *server_public, gsize key_length,
                              const guint8 *private_key,
                              const guint8 plaintext[VNC_AUTH_ARD_CREDENTIALS_LENGTH],
                              guint8 *client_public,
                              guint8 ciphertext[VNC_AUTH_ARD_CREDENTIALS_LENGTH],
                              GError **err);

/*
 * UltraVNC MS-Logon II (113): Diffie-Hellman on 64-bit numbers, then the
 * username (256 bytes) and password (64 bytes), NUL-padded, encrypted with
 * DES in CBC mode, the shared secret being both key and IV.
 */
gboolean vnc_auth_mslogon(VncConnection *conn, GError **err);

#define VNC_AUTH_MSLOGON_USERNAME_LENGTH 256
#define VNC_AUTH_MSLOGON_PASSWORD_LENGTH 64

/* The arithmetic of MS-Logon II, apart for known-answer tests: from the
 * server's @generator, @modulus and @server_public and our @private_key,
 * our public value and the 8-byte shared secret (big-endian). FALSE with
 * @err on parameters no honest server sends. */
gboolean vnc_auth_mslogon_compute(guint64 generator, guint64 modulus,
                                  guint64 server_public, guint64 private_key,
                                  guint64 *client_public, guint8 secret[8],
                                  GError **err);

/* Encrypts @len bytes (a multiple of 8) at @data in place as MS-Logon II
 * does: DES-CBC, @secret as the key (bit-mirrored like every DES key of
 * the VNC lineage) and, unmirrored, as the IV. */
void vnc_auth_mslogon_encrypt(const guint8 secret[8], guint8 *data, gsize len);

G_END_DECLS

#endif /* VNC_AUTH_PRIV_H */
