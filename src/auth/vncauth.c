/*
 * gtk-vnc: the table of security types this client implements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncauth-priv.h"

static const VncAuthMethod methods[] = {
    { VNC_CONNECTION_AUTH_NONE, "None", vnc_auth_none, FALSE },
    { VNC_CONNECTION_AUTH_VNC, "VNC", vnc_auth_vnc, FALSE },
    { VNC_CONNECTION_AUTH_TLS, "TLS", vnc_auth_tls, TRUE },
    { VNC_CONNECTION_AUTH_VENCRYPT, "VeNCrypt", vnc_auth_vencrypt, TRUE },
    { VNC_CONNECTION_AUTH_SASL, "SASL", vnc_auth_sasl, TRUE },
    { VNC_CONNECTION_AUTH_ARD, "ARD", vnc_auth_ard, FALSE },
    { VNC_CONNECTION_AUTH_MSLOGONII, "MSLogonII", vnc_auth_mslogon, FALSE },
};

const VncAuthMethod *
vnc_auth_find(guint32 type)
{
    for (gsize i = 0; i < G_N_ELEMENTS(methods); i++) {
        if (methods[i].type == type)
            return &methods[i];
    }
    return NULL;
}
