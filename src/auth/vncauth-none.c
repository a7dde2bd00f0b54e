/*
 * gtk-vnc: security type None (1): nothing to do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncauth-priv.h"

/* coroutine context */
gboolean
vnc_auth_none(VncConnection *conn, GError **err)
{
    VNC_DEBUG("No authentication");
    return TRUE;
}
