/*
 * gtk-vnc: what ZRLE and ZYWRLE share: one zlib stream per connection
 * (the encodings use the same one, RFC 6143 7.7.6 and the ZYWRLE
 * description), its buffers, and the loop over a rectangle's tiles.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DECODE_ZRLE_PRIV_H
#define VNC_DECODE_ZRLE_PRIV_H

#include "vncdecode-rle-tile-priv.h"
#include "vncinflate-priv.h"

G_BEGIN_DECLS

/* Inflated bytes are parsed from a window this large: enough for the
 * largest tile (a raw 64x64 tile of 4-byte pixels and its subencoding
 * byte) several times over. */
#define VNC_ZRLE_INPUT_SIZE (64u * 1024u)

typedef struct {
    VncInflate inf;
    gint quality;        /* the JPEG quality level announced, or -1 */
    guint8 *input;       /* VNC_ZRLE_INPUT_SIZE */
    guint8 *tile;        /* one 64x64 tile of 4-byte pixels */
    gint8 (*coeff)[3];   /* ZYWRLE work space, one entry a pixel */
    guint8 *copy;        /* ZYWRLE: a copy of the tile */
} VncZrleState;

/* The state in the ZRLE slot, made on first use. */
VncZrleState *vnc_zrle_state_get(VncDecoderState *state);

/* coroutine context: a ZRLE rectangle; with @zywrle_level above 0, a
 * ZYWRLE one. */
gboolean vnc_decode_zrle_rect(VncDecodeContext *ctx, const char *name,
                              guint zywrle_level,
                              guint16 x, guint16 y,
                              guint16 width, guint16 height,
                              GError **err);

G_END_DECLS

#endif /* VNC_DECODE_ZRLE_PRIV_H */
