/*
 * gtk-vnc: the tiles of ZRLE, ZYWRLE and TRLE
 *
 * The three encodings share one tile format (RFC 6143, 7.7.5 and 7.7.6):
 * a subencoding byte, then raw CPIXELs, one solid CPIXEL, a palette with
 * packed indices, plain runs, or palette runs. TRLE adds two subencodings
 * that reuse the previous tile's palette; ZYWRLE sends wavelet
 * coefficients in place of raw pixels. They differ in where the bytes
 * come from (the stream itself for TRLE, a zlib block for the others)
 * and in the tile size (16 or 64).
 *
 * Bytes come through a VncTileReader: a window [p, end) of readable
 * bytes and a refill function. The tile decoder asks for exactly as many
 * bytes as the format guarantees follow, never more, so a reader may
 * fetch exactly what it is asked for (TRLE, straight from the stream)
 * or read ahead (ZRLE, inflating in large pieces).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DECODE_RLE_TILE_PRIV_H
#define VNC_DECODE_RLE_TILE_PRIV_H

#include "vncdecode-pixel-priv.h"
#include "vncdecode-unpack-priv.h"

G_BEGIN_DECLS

#define VNC_RLE_MAX_TILE 64
#define VNC_RLE_MAX_PALETTE 127

typedef struct _VncTileReader VncTileReader;

struct _VncTileReader {
    const guint8 *p;    /* next unread byte */
    const guint8 *end;  /* end of the bytes readable now */
    /* coroutine context: makes at least @need bytes readable at p,
     * keeping those in [p, end); fails at the end of the data. */
    gboolean (*refill)(VncTileReader *r, gsize need, GError **err);
};

typedef struct {
    const char *name;            /* "ZRLE", "ZYWRLE", "TRLE", for errors */
    const VncPixelFormat *remote;
    VncCPixel cpixel;
    gboolean palette_reuse;      /* TRLE: subencodings 127 and 129 */
    guint zywrle_level;          /* ZYWRLE: 1 to 3; 0 for the others */

    /* The last palette sent, expanded to full pixels (TRLE reuse). */
    guint8 palette[VNC_RLE_MAX_PALETTE * 4];
    guint palette_size;

    /* ZYWRLE work space, VNC_RLE_MAX_TILE squared entries each. */
    gint8 (*coeff)[3];
    guint8 *copy;

    /* Set by the caller for each tile: where the tile's top left pixel
     * is in the framebuffer's memory, when the decoder may write there
     * (formats that match; never for ZYWRLE), or NULL. Raw and packed
     * palette tiles then go straight there and the decoder says so in
     * wrote_direct; the others still come back in @out. */
    guint8 *direct;
    gsize direct_stride;
    gboolean wrote_direct;

    /* Kept by the caller from tile to tile, or NULL: see
     * vnc_unpack_bits1_table_get(). */
    VncUnpackBits1Table *bits1;
} VncRleTileDecoder;

/* Sets up @d for @remote (whose bits per pixel are checked already). */
void vnc_rle_tile_decoder_init(VncRleTileDecoder *d, const char *name,
                               const VncPixelFormat *remote,
                               gboolean palette_reuse);

/* coroutine context: decodes one @tw x @th tile into @out, rows packed
 * (stride @tw * bytes per pixel). For a solid tile only the first pixel
 * of @out is written and *@solid is set, so that the caller can fill. */
gboolean vnc_rle_tile_decode(VncRleTileDecoder *d, VncTileReader *r,
                             guint tw, guint th, guint8 *out,
                             gboolean *solid, GError **err);

/* ZYWRLE: turns a tile of wavelet coefficients (as decoded from the
 * wire, rows packed) back into pixels, in place. */
void vnc_zywrle_synthesize(VncRleTileDecoder *d, guint8 *tile,
                           guint tw, guint th);

G_END_DECLS

#endif /* VNC_DECODE_RLE_TILE_PRIV_H */
