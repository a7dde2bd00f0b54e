/*
 * gtk-vnc: the CoRRE encoding (4)
 *
 * RRE with 8-bit subrectangle coordinates (RFC 6143 lists it among the
 * registered encodings; the layout is RRE's with U8 in place of U16).
 * Servers split larger areas into rectangles of at most 255x255, but
 * nothing here depends on that: each subrectangle is checked against
 * the rectangle it belongs to.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-rre-priv.h"

/* coroutine context */
gboolean
vnc_decode_corre(VncDecodeContext *ctx, guint16 x, guint16 y,
                 guint16 width, guint16 height, GError **err)
{
    return vnc_decode_rre_common(ctx, "CoRRE", 1, x, y, width, height, err);
}
