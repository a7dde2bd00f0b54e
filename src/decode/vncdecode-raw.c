/*
 * gtk-vnc: Raw encoding (RFC 6143 7.7.1): width * height pixels, row by row
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecoder-priv.h"

/* coroutine context */
gboolean
vnc_decode_raw(VncDecodeContext *ctx, guint16 x, guint16 y,
               guint16 width, guint16 height, GError **err)
{
    gsize bpp = vnc_decode_bytes_per_pixel(ctx->remote);
    gsize row_bytes = (gsize)width * bpp;

    if (row_bytes == 0 || height == 0)
        return TRUE;

    /* When the framebuffer stores pixels as they come, read them straight
     * into it: one copy instead of two, and none at all for large
     * rectangles, which the stream receives directly into place. */
    if (ctx->direct) {
        gsize stride = ctx->direct_stride;
        guint8 *dst = vnc_decode_direct_pixel(ctx, x, y, bpp);

        return vnc_stream_read_rows(ctx->stream, dst, row_bytes, stride, height, err);
    }

    /* Hand the framebuffer as many whole rows as the input buffer holds
     * at once: one blt per batch rather than one per row or pixel. */
    gsize rows_per_batch = VNC_STREAM_INPLACE_MAX / row_bytes;
    if (rows_per_batch == 0) {
        /* A row longer than the input buffer (width > 16384 at 32 bpp
         * cannot happen within our limits, but stay correct anyway). */
        g_autofree guint8 *row = g_malloc(row_bytes);
        for (guint16 i = 0; i < height; i++) {
            if (!vnc_stream_read(ctx->stream, row, row_bytes, err))
                return FALSE;
            vnc_framebuffer_blt(ctx->fb, row, row_bytes, x, y + i, width, 1);
        }
        return TRUE;
    }

    for (guint16 done = 0; done < height;) {
        guint16 rows = MIN(rows_per_batch, (gsize)(height - done));
        const guint8 *data = vnc_stream_read_inplace(ctx->stream, row_bytes * rows, err);
        if (!data)
            return FALSE;
        vnc_framebuffer_blt(ctx->fb, (guint8 *)data, row_bytes, x, y + done, width, rows);
        done += rows;
    }
    return TRUE;
}
