/*
 * gtk-vnc: the RRE encoding (2)
 *
 * A background pixel for the whole rectangle, then a count of
 * subrectangles, each a pixel and a position and size (16 bits each)
 * relative to the rectangle (RFC 6143, 7.7.3).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-pixel-priv.h"
#include "vncbytes-priv.h"
#include "vncdecode-rre-priv.h"

/* Subrectangles are read in batches of this many: all of them are the
 * rectangle's own bytes, so reading ahead is safe, and a batch always
 * fits the stream's input buffer. */
#define VNC_RRE_BATCH 2048

/* coroutine context: the part RRE and CoRRE share; @coord_size is the
 * size of each of x, y, w, h on the wire (2 for RRE, 1 for CoRRE). */
gboolean
vnc_decode_rre_common(VncDecodeContext *ctx, const char *name,
                      guint coord_size,
                      guint16 x, guint16 y, guint16 width, guint16 height,
                      GError **err)
{
    guint bpp;
    guint32 count;
    const guint8 *bg;
    gsize subrect_size;

    if (!vnc_decode_check_bpp(ctx->remote, name, err))
        return FALSE;
    bpp = vnc_decode_bytes_per_pixel(ctx->remote);
    subrect_size = bpp + 4 * coord_size;

    if (!vnc_stream_read_u32(ctx->stream, &count, err))
        return FALSE;
    /* Subrectangles may overlap, so this is not a hard bound of the
     * encoding, but no encoder needs more of them than there are pixels,
     * and without a bound a server could keep us busy for 50 GB. */
    if ((guint64)count > (guint64)width * height) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server announced %u %s subrectangles for a "
                    "rectangle of only %u pixels.",
                    count, name, (guint)width * height);
        return FALSE;
    }

    bg = vnc_stream_read_inplace(ctx->stream, bpp, err);
    if (!bg)
        return FALSE;
    vnc_framebuffer_fill(ctx->fb, (guint8 *)bg, x, y, width, height);

    while (count > 0) {
        guint32 batch = MIN(count, VNC_RRE_BATCH);
        const guint8 *p = vnc_stream_read_inplace(ctx->stream,
                                                  batch * subrect_size, err);

        if (!p)
            return FALSE;
        for (guint32 i = 0; i < batch; i++, p += subrect_size) {
            const guint8 *pixel = p;
            const guint8 *c = p + bpp;
            guint32 sx, sy, sw, sh;

            if (coord_size == 2) {
                sx = vnc_load_be16(c);
                sy = vnc_load_be16(c + 2);
                sw = vnc_load_be16(c + 4);
                sh = vnc_load_be16(c + 6);
            } else {
                sx = c[0];
                sy = c[1];
                sw = c[2];
                sh = c[3];
            }
            /* 32-bit sums of 16-bit values cannot wrap. */
            if (sx + sw > width || sy + sh > height) {
                g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The %s subrectangle at (%u, %u) of size %ux%u "
                            "reaches outside its %ux%u rectangle.",
                            name, sx, sy, sw, sh, width, height);
                return FALSE;
            }
            if (sw == 0 || sh == 0)
                continue;
            vnc_framebuffer_fill(ctx->fb, (guint8 *)pixel,
                                 x + sx, y + sy, sw, sh);
        }
        count -= batch;
    }
    return TRUE;
}

/* coroutine context */
gboolean
vnc_decode_rre(VncDecodeContext *ctx, guint16 x, guint16 y,
               guint16 width, guint16 height, GError **err)
{
    return vnc_decode_rre_common(ctx, "RRE", 2, x, y, width, height, err);
}
