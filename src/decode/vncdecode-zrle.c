/*
 * gtk-vnc: the ZRLE encoding (16)
 *
 * A length, then that many bytes of zlib data which inflate to 64x64
 * tiles, left to right and top to bottom, the last column and row
 * smaller (RFC 6143, 7.7.6). The zlib stream lives for the connection.
 *
 * Inflated bytes are parsed straight out of a window that is refilled
 * in large pieces; each tile is decoded into a scratch tile and handed
 * to the framebuffer with one blt (or one fill when solid).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-zrle-priv.h"

typedef struct {
    VncTileReader reader;   /* first: the refill callback casts back */
    VncZrleState *zs;
    const char *name;
} VncZrleReader;

static void
vnc_zrle_state_free(gpointer data)
{
    VncZrleState *zs = data;

    vnc_inflate_free(&zs->inf);
    g_free(zs->input);
    g_free(zs->tile);
    g_free(zs->coeff);
    g_free(zs->copy);
    g_free(zs);
}

VncZrleState *
vnc_zrle_state_get(VncDecoderState *state)
{
    VncZrleState *zs = state->data[VNC_DECODER_SLOT_ZRLE];

    if (!zs) {
        zs = g_new0(VncZrleState, 1);
        vnc_inflate_init(&zs->inf);
        zs->quality = -1;
        state->data[VNC_DECODER_SLOT_ZRLE] = zs;
        state->free[VNC_DECODER_SLOT_ZRLE] = vnc_zrle_state_free;
    }
    return zs;
}

/* coroutine context: keeps what is left of the window and inflates
 * more behind it. */
static gboolean
vnc_zrle_refill(VncTileReader *r, gsize need, GError **err)
{
    VncZrleReader *zr = (VncZrleReader *)r;
    guint8 *input = zr->zs->input;
    gsize have = r->end - r->p;

    /* The tile decoder never asks for more than one raw tile. */
    if (need > VNC_ZRLE_INPUT_SIZE) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "A %s tile needs %" G_GSIZE_FORMAT " bytes at once.",
                    zr->name, need);
        return FALSE;
    }

    memmove(input, r->p, have);
    while (have < need) {
        gsize got;

        if (!vnc_inflate_pull_some(&zr->zs->inf, input + have,
                                   VNC_ZRLE_INPUT_SIZE - have, &got,
                                   zr->name, err))
            return FALSE;
        if (got == 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server's %s data ended before the last tile "
                        "of the rectangle.", zr->name);
            return FALSE;
        }
        have += got;
    }
    r->p = input;
    r->end = input + have;
    return TRUE;
}

/* The most a rectangle's tiles can inflate to: per tile a subencoding
 * byte (two for a ZYWRLE tile within a tile) and a full palette, and per
 * pixel a CPIXEL and a run length byte (plain RLE with runs of one). */
static guint64
vnc_zrle_max_inflated(guint16 width, guint16 height, guint cpixel_size)
{
    guint64 tiles = (guint64)((width + VNC_RLE_MAX_TILE - 1) / VNC_RLE_MAX_TILE) *
        ((height + VNC_RLE_MAX_TILE - 1) / VNC_RLE_MAX_TILE);

    return tiles * (2 + VNC_RLE_MAX_PALETTE * cpixel_size) +
        (guint64)width * height * (cpixel_size + 1);
}

/* coroutine context */
gboolean
vnc_decode_zrle_rect(VncDecodeContext *ctx, const char *name,
                     guint zywrle_level,
                     guint16 x, guint16 y, guint16 width, guint16 height,
                     GError **err)
{
    VncZrleState *zs;
    VncRleTileDecoder d;
    VncZrleReader zr;
    guint32 length;

    if (!vnc_decode_check_bpp(ctx->remote, name, err))
        return FALSE;
    zs = vnc_zrle_state_get(ctx->state);
    if (!zs->input) {
        zs->input = g_malloc(VNC_ZRLE_INPUT_SIZE);
        zs->tile = g_malloc(VNC_RLE_MAX_TILE * VNC_RLE_MAX_TILE * 4);
    }
    vnc_rle_tile_decoder_init(&d, name, ctx->remote, FALSE);
    if (vnc_decode_bytes_per_pixel(ctx->remote) == 4)
        d.bits1 = vnc_unpack_bits1_table_get(ctx->state);
    if (zywrle_level > 0) {
        if (!zs->coeff) {
            zs->coeff = g_malloc(VNC_RLE_MAX_TILE * VNC_RLE_MAX_TILE *
                                 sizeof(*zs->coeff));
            zs->copy = g_malloc(VNC_RLE_MAX_TILE * VNC_RLE_MAX_TILE * 4);
        }
        d.zywrle_level = zywrle_level;
        d.coeff = zs->coeff;
        d.copy = zs->copy;
    }

    if (!vnc_stream_read_u32(ctx->stream, &length, err))
        return FALSE;
    if (!vnc_inflate_begin(&zs->inf, ctx->stream, length,
                           VNC_INFLATE_MAX_COMPRESSED(
                               vnc_zrle_max_inflated(width, height,
                                                     d.cpixel.size)),
                           name, err))
        return FALSE;

    zr.reader.p = zr.reader.end = zs->input;
    zr.reader.refill = vnc_zrle_refill;
    zr.zs = zs;
    zr.name = name;

    for (guint ty = y; ty < (guint)y + height; ty += VNC_RLE_MAX_TILE) {
        guint th = MIN(VNC_RLE_MAX_TILE, (guint)y + height - ty);

        for (guint tx = x; tx < (guint)x + width; tx += VNC_RLE_MAX_TILE) {
            guint tw = MIN(VNC_RLE_MAX_TILE, (guint)x + width - tx);
            guint bpp = d.cpixel.bpp;
            gboolean solid;

            /* ZYWRLE's tiles are transformed in the scratch tile. */
            if (ctx->direct && zywrle_level == 0) {
                d.direct = vnc_decode_direct_pixel(ctx, tx, ty, bpp);
                d.direct_stride = ctx->direct_stride;
            }
            if (!vnc_rle_tile_decode(&d, &zr.reader, tw, th, zs->tile,
                                     &solid, err))
                return FALSE;
            if (d.wrote_direct)
                continue;
            if (d.direct && solid) {
                vnc_pixel_fill_rect(d.direct, d.direct_stride, zs->tile, tw, th, bpp);
            } else if (d.direct) {
                /* Runs, which cross the scratch tile's rows: copied into
                 * place row by row. */
                for (guint row = 0; row < th; row++)
                    memcpy(d.direct + row * d.direct_stride,
                           zs->tile + (gsize)row * tw * bpp, (gsize)tw * bpp);
            } else if (solid) {
                vnc_framebuffer_fill(ctx->fb, zs->tile, tx, ty, tw, th);
            } else {
                vnc_framebuffer_blt(ctx->fb, zs->tile, tw * bpp,
                                    tx, ty, tw, th);
            }
        }
    }

    if (zr.reader.p != zr.reader.end) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server's %s data holds more than the rectangle's "
                    "tiles.", name);
        return FALSE;
    }
    return vnc_inflate_end(&zs->inf, name, err);
}

/* coroutine context */
gboolean
vnc_decode_zrle(VncDecodeContext *ctx, guint16 x, guint16 y,
                guint16 width, guint16 height, GError **err)
{
    return vnc_decode_zrle_rect(ctx, "ZRLE", 0, x, y, width, height, err);
}
