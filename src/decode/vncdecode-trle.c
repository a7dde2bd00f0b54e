/*
 * gtk-vnc: the TRLE encoding (15)
 *
 * ZRLE's tiles without zlib, 16x16 in size (RFC 6143, 7.7.5), and two
 * more subencodings that reuse the palette of an earlier tile of the
 * rectangle: 127 (packed indices) and 129 (palette runs).
 *
 * The bytes come straight from the stream. The tile decoder asks for
 * exactly what the format says must follow, so reading exactly that much
 * never takes bytes of the next message.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-rle-tile-priv.h"

#define VNC_TRLE_TILE 16

/* The most the tile decoder asks for at once is a raw tile and its
 * subencoding byte; twice that leaves room for bytes not yet used. */
#define VNC_TRLE_WINDOW (2 * (1 + VNC_TRLE_TILE * VNC_TRLE_TILE * 4))

typedef struct {
    VncTileReader reader;   /* first: the refill callback casts back */
    VncStream *stream;
    guint8 window[VNC_TRLE_WINDOW];
} VncTrleReader;

/* coroutine context */
static gboolean
vnc_trle_refill(VncTileReader *r, gsize need, GError **err)
{
    VncTrleReader *tr = (VncTrleReader *)r;
    gsize have = r->end - r->p;

    if (need > sizeof(tr->window)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "A TRLE tile needs %" G_GSIZE_FORMAT " bytes at once.",
                    need);
        return FALSE;
    }
    memmove(tr->window, r->p, have);
    if (!vnc_stream_read(tr->stream, tr->window + have, need - have, err))
        return FALSE;
    r->p = tr->window;
    r->end = tr->window + need;
    return TRUE;
}

/* coroutine context */
gboolean
vnc_decode_trle(VncDecodeContext *ctx, guint16 x, guint16 y,
                guint16 width, guint16 height, GError **err)
{
    VncRleTileDecoder d;
    VncTrleReader tr;
    guint8 tile[VNC_TRLE_TILE * VNC_TRLE_TILE * 4];

    if (!vnc_decode_check_bpp(ctx->remote, "TRLE", err))
        return FALSE;
    /* The palette to reuse is that of an earlier tile of this
     * rectangle: a fresh decoder per rectangle. */
    vnc_rle_tile_decoder_init(&d, "TRLE", ctx->remote, TRUE);
    if (vnc_decode_bytes_per_pixel(ctx->remote) == 4)
        d.bits1 = vnc_unpack_bits1_table_get(ctx->state);

    tr.reader.p = tr.reader.end = tr.window;
    tr.reader.refill = vnc_trle_refill;
    tr.stream = ctx->stream;

    for (guint ty = y; ty < (guint)y + height; ty += VNC_TRLE_TILE) {
        guint th = MIN(VNC_TRLE_TILE, (guint)y + height - ty);

        for (guint tx = x; tx < (guint)x + width; tx += VNC_TRLE_TILE) {
            guint tw = MIN(VNC_TRLE_TILE, (guint)x + width - tx);
            gboolean solid;

            if (!vnc_rle_tile_decode(&d, &tr.reader, tw, th, tile,
                                     &solid, err))
                return FALSE;
            if (solid)
                vnc_framebuffer_fill(ctx->fb, tile, tx, ty, tw, th);
            else
                vnc_framebuffer_blt(ctx->fb, tile, tw * d.cpixel.bpp,
                                    tx, ty, tw, th);
        }
    }
    return TRUE;
}
