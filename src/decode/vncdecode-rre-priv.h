/*
 * gtk-vnc: what RRE and CoRRE share (they differ only in the size of
 * the subrectangles' coordinates)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DECODE_RRE_PRIV_H
#define VNC_DECODE_RRE_PRIV_H

#include "vncdecoder-priv.h"

G_BEGIN_DECLS

/* coroutine context */
gboolean vnc_decode_rre_common(VncDecodeContext *ctx, const char *name,
                               guint coord_size,
                               guint16 x, guint16 y,
                               guint16 width, guint16 height,
                               GError **err);

G_END_DECLS

#endif /* VNC_DECODE_RRE_PRIV_H */
