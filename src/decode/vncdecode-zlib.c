/*
 * gtk-vnc: the Zlib encoding (6)
 *
 * A length, then that many bytes of zlib data that inflate to the
 * rectangle's raw pixels. One zlib stream serves all Zlib rectangles of
 * a connection (RFC 6143 lists the encoding; the layout is in the RFB
 * community spec), so its state lives in the decoder state.
 *
 * When the framebuffer keeps pixels as they come, long rows are inflated
 * straight into its rows. Otherwise they are inflated a band of rows at
 * a time into a scratch buffer and handed to the framebuffer band by
 * band, so memory does not grow with the rectangle.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-pixel-priv.h"
#include "vncinflate-priv.h"

/* Rows shorter than this go through the band even when they could be
 * inflated in place: zlib's fast loop needs room for a whole match (258
 * bytes) in its output, and a call per short row would mostly run the
 * slow one. */
#define VNC_ZLIB_DIRECT_ROW_MIN 2048u

/* How many bytes of rows one band holds (at least one row). */
#define VNC_ZLIB_BAND_BYTES (64u * 1024u)

typedef struct {
    VncInflate inf;
    guint8 *band;
    gsize band_size;
} VncZlibState;

static void
vnc_zlib_state_free(gpointer data)
{
    VncZlibState *zs = data;

    vnc_inflate_free(&zs->inf);
    g_free(zs->band);
    g_free(zs);
}

static VncZlibState *
vnc_zlib_state_get(VncDecoderState *state)
{
    VncZlibState *zs = state->data[VNC_DECODER_SLOT_ZLIB];

    if (!zs) {
        zs = g_new0(VncZlibState, 1);
        vnc_inflate_init(&zs->inf);
        state->data[VNC_DECODER_SLOT_ZLIB] = zs;
        state->free[VNC_DECODER_SLOT_ZLIB] = vnc_zlib_state_free;
    }
    return zs;
}

/* coroutine context */
gboolean
vnc_decode_zlib(VncDecodeContext *ctx, guint16 x, guint16 y,
                guint16 width, guint16 height, GError **err)
{
    VncZlibState *zs;
    guint bpp;
    gsize row_bytes;
    guint rows_per_band;
    guint32 length;

    if (!vnc_decode_check_bpp(ctx->remote, "Zlib", err))
        return FALSE;
    bpp = vnc_decode_bytes_per_pixel(ctx->remote);
    row_bytes = (gsize)width * bpp;
    zs = vnc_zlib_state_get(ctx->state);

    if (!vnc_stream_read_u32(ctx->stream, &length, err))
        return FALSE;
    if (!vnc_inflate_begin(&zs->inf, ctx->stream, length,
                           VNC_INFLATE_MAX_COMPRESSED(row_bytes * height),
                           "Zlib", err))
        return FALSE;

    if (row_bytes == 0 || height == 0)
        return vnc_inflate_end(&zs->inf, "Zlib", err);

    if (ctx->direct && (ctx->direct_stride == row_bytes ||
                        row_bytes >= VNC_ZLIB_DIRECT_ROW_MIN)) {
        /* Inflated straight into the framebuffer's rows. */
        guint8 *dst = vnc_decode_direct_pixel(ctx, x, y, bpp);

        if (ctx->direct_stride == row_bytes) {
            if (!vnc_inflate_pull(&zs->inf, dst, row_bytes * height, "Zlib", err))
                return FALSE;
        } else {
            for (guint row = 0; row < height; row++, dst += ctx->direct_stride) {
                if (!vnc_inflate_pull(&zs->inf, dst, row_bytes, "Zlib", err))
                    return FALSE;
            }
        }
        return vnc_inflate_end(&zs->inf, "Zlib", err);
    }

    rows_per_band = MAX(1, VNC_ZLIB_BAND_BYTES / row_bytes);
    rows_per_band = MIN(rows_per_band, height);
    if (zs->band_size < row_bytes * rows_per_band + VNC_INFLATE_SLACK) {
        g_free(zs->band);
        zs->band_size = row_bytes * rows_per_band + VNC_INFLATE_SLACK;
        zs->band = g_malloc(zs->band_size);
    }

    for (guint row = 0; row < height; row += rows_per_band) {
        guint rows = MIN(rows_per_band, (guint)height - row);
        gboolean last = row + rows == height;

        if (!(last ? vnc_inflate_pull_last : vnc_inflate_pull)(&zs->inf, zs->band,
                                                               row_bytes * rows,
                                                               "Zlib", err))
            return FALSE;
        vnc_framebuffer_blt(ctx->fb, zs->band, row_bytes,
                            x, y + row, width, rows);
    }
    return vnc_inflate_end(&zs->inf, "Zlib", err);
}
