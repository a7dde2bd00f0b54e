/*
 * gtk-vnc: the SASL security layer of a stream
 *
 * When a SASL mechanism negotiates a security layer (DIGEST-MD5's
 * "auth-conf", GSSAPI's wrapping), every byte after the SecurityResult
 * travels in packets made by sasl_encode() and opened by sasl_decode().
 * This layer sits above the transport (or above TLS) and does that, so
 * the protocol code above the stream never knows.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_STREAM_SASL_PRIV_H
#define VNC_STREAM_SASL_PRIV_H

#include <sasl/sasl.h>

#include "vncstream-priv.h"

G_BEGIN_DECLS

/* The name of the layer (VncStreamLayerFuncs.name). */
#define VNC_STREAM_LAYER_SASL "sasl"

/*
 * Pushes the security layer of @conn, a SASL session whose exchange has
 * completed with a non-zero SSF, onto @stream. The layer owns @conn from
 * then on and disposes of it with the stream. FALSE with @err (and @conn
 * left to the caller) when SASL cannot say how large a packet may be.
 */
gboolean vnc_stream_push_sasl(VncStream *stream, sasl_conn_t *conn, GError **err);

G_END_DECLS

#endif /* VNC_STREAM_SASL_PRIV_H */
