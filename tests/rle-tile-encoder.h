/*
 * gtk-vnc tests: a small encoder of ZRLE/TRLE tiles, written from
 * RFC 6143 7.7.5 and 7.7.6, to make large test images in every
 * subencoding.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_TEST_RLE_TILE_ENCODER_H
#define VNC_TEST_RLE_TILE_ENCODER_H

#include "decode-utils.h"

G_BEGIN_DECLS

typedef enum {
    VNC_TEST_TILE_RAW,
    VNC_TEST_TILE_SOLID,
    VNC_TEST_TILE_PACKED,
    VNC_TEST_TILE_PLAIN_RLE,
    VNC_TEST_TILE_PALETTE_RLE,
    VNC_TEST_TILE_PACKED_REUSE,       /* TRLE 127 */
    VNC_TEST_TILE_PALETTE_RLE_REUSE,  /* TRLE 129 */
    VNC_TEST_TILE_N_KINDS
} VncTestTileKind;

typedef struct {
    guint32 colors[128];
    guint n_colors;
} VncTestPalette;

/* The distinct colours of @pixels in order of appearance, or FALSE if
 * there are more than 127. */
gboolean vnc_test_palette_of(const guint32 *pixels, gsize n,
                             VncTestPalette *palette);

/* Whether a tile of @pixels can be sent as @kind, given the palette of
 * the previous tile (@previous, for the reuse kinds). */
gboolean vnc_test_tile_kind_fits(VncTestTileKind kind,
                                 const guint32 *pixels, gsize n,
                                 const VncTestPalette *previous);

/* Appends the tile (@tw x @th pixels, rows packed) as @kind, which
 * must fit. For a palette kind, @previous receives the palette sent
 * (and supplies it for the reuse kinds). */
void vnc_test_put_tile(GByteArray *buf, const VncPixelFormat *format,
                       const guint32 *pixels, guint tw, guint th,
                       VncTestTileKind kind, VncTestPalette *previous);

/* A @w x @h image of tiles of @tile pixels, each drawn from a small
 * random palette (1 to 40 colours) in random runs: content every
 * subencoding can carry. */
guint32 *vnc_test_tiled_image(GRand *rand, const VncPixelFormat *format,
                              guint w, guint h, guint tile);

G_END_DECLS

#endif /* VNC_TEST_RLE_TILE_ENCODER_H */
