/*
 * gtk-vnc: security type TLS (18), as VINO speaks it
 *
 * Right after the client picks this type, an anonymous TLS handshake
 * starts (no certificates: the channel is encrypted, the server is not
 * authenticated). Inside it the server offers its security types again,
 * exactly as at the start of the session, and the session goes on with
 * the type chosen there and its SecurityResult. None and VNC
 * authentication are acceptable inside even when the embedder requires
 * encryption; TLS inside TLS is not.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncauth-priv.h"

/* coroutine context */
gboolean
vnc_auth_tls(VncConnection *conn, GError **err)
{
    if (!vnc_connection_priv_start_tls(conn, FALSE, err))
        return FALSE;
    VNC_DEBUG("Negotiating the security type inside TLS");
    return vnc_connection_priv_negotiate_security(conn, err);
}
