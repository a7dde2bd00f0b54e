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

/* The VNC authentication response: @challenge (16 bytes) encrypted with
 * DES under @password as RFB specifies it (first 8 bytes of the password,
 * each byte's bits mirrored, as the key). Used by VncAuth and by the
 * VeNCrypt *Vnc subtypes. */
void vnc_auth_vnc_response(const char *password, const guint8 challenge[16],
                           guint8 response[16]);

G_END_DECLS

#endif /* VNC_AUTH_PRIV_H */
