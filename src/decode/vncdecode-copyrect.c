/*
 * gtk-vnc: CopyRect encoding (RFC 6143 7.7.2): copy from elsewhere on screen
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecoder-priv.h"

/* coroutine context */
gboolean
vnc_decode_copyrect(VncDecodeContext *ctx, guint16 x, guint16 y,
                    guint16 width, guint16 height, GError **err)
{
    guint16 src_x, src_y;

    if (!vnc_stream_read_u16(ctx->stream, &src_x, err) ||
        !vnc_stream_read_u16(ctx->stream, &src_y, err))
        return FALSE;

    /* The destination was checked by the caller; the source is ours to
     * check, in a type wide enough that x + width cannot wrap. */
    guint32 fb_width = vnc_framebuffer_get_width(ctx->fb);
    guint32 fb_height = vnc_framebuffer_get_height(ctx->fb);
    if ((guint32)src_x + width > fb_width || (guint32)src_y + height > fb_height) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server asked to copy %ux%u pixels from %u,%u, "
                    "outside its %ux%u desktop",
                    width, height, src_x, src_y, fb_width, fb_height);
        return FALSE;
    }

    vnc_framebuffer_copyrect(ctx->fb, src_x, src_y, x, y, width, height);
    return TRUE;
}
