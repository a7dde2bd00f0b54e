/*
 * gtk-vnc tests: a small encoder of ZRLE/TRLE tiles
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "rle-tile-encoder.h"

gboolean
vnc_test_palette_of(const guint32 *pixels, gsize n, VncTestPalette *palette)
{
    palette->n_colors = 0;
    for (gsize i = 0; i < n; i++) {
        guint j;

        for (j = 0; j < palette->n_colors; j++) {
            if (palette->colors[j] == pixels[i])
                break;
        }
        if (j == palette->n_colors) {
            if (palette->n_colors == 127)
                return FALSE;
            palette->colors[palette->n_colors++] = pixels[i];
        }
    }
    return TRUE;
}

static gint
vnc_test_palette_index(const VncTestPalette *palette, guint32 pixel)
{
    for (guint j = 0; j < palette->n_colors; j++) {
        if (palette->colors[j] == pixel)
            return j;
    }
    return -1;
}

gboolean
vnc_test_tile_kind_fits(VncTestTileKind kind, const guint32 *pixels, gsize n,
                        const VncTestPalette *previous)
{
    VncTestPalette own;
    gboolean small = vnc_test_palette_of(pixels, n, &own);

    switch (kind) {
    case VNC_TEST_TILE_RAW:
    case VNC_TEST_TILE_PLAIN_RLE:
        return TRUE;
    case VNC_TEST_TILE_SOLID:
        return own.n_colors == 1;
    case VNC_TEST_TILE_PACKED:
        return small && own.n_colors >= 2 && own.n_colors <= 16;
    case VNC_TEST_TILE_PALETTE_RLE:
        return small && own.n_colors >= 2;
    case VNC_TEST_TILE_PACKED_REUSE:
    case VNC_TEST_TILE_PALETTE_RLE_REUSE:
        if (previous->n_colors == 0)
            return FALSE;
        if (kind == VNC_TEST_TILE_PACKED_REUSE && previous->n_colors > 16)
            return FALSE;
        for (gsize i = 0; i < n; i++) {
            if (vnc_test_palette_index(previous, pixels[i]) < 0)
                return FALSE;
        }
        return TRUE;
    default:
        return FALSE;
    }
}

/* A run length after its first pixel: RFC 6143 7.7.6, 255 for every
 * full 255 and then the rest. */
static void
vnc_test_put_run_length(GByteArray *buf, gsize len)
{
    len -= 1;
    while (len >= 255) {
        vnc_test_put_u8(buf, 255);
        len -= 255;
    }
    vnc_test_put_u8(buf, len);
}

static void
vnc_test_put_packed(GByteArray *buf, const guint32 *pixels, guint tw, guint th,
                    const VncTestPalette *palette)
{
    guint n = palette->n_colors;
    guint bits = n <= 2 ? 1 : n <= 4 ? 2 : 4;

    for (guint y = 0; y < th; y++) {
        guint8 byte = 0;
        guint used = 0;

        for (guint x = 0; x < tw; x++) {
            byte = (byte << bits) | vnc_test_palette_index(palette,
                                                           pixels[y * tw + x]);
            used += bits;
            if (used == 8) {
                vnc_test_put_u8(buf, byte);
                byte = 0;
                used = 0;
            }
        }
        if (used > 0)
            vnc_test_put_u8(buf, byte << (8 - used));
    }
}

static void
vnc_test_put_palette_runs(GByteArray *buf, const guint32 *pixels, gsize n,
                          const VncTestPalette *palette)
{
    for (gsize i = 0; i < n;) {
        gsize run = 1;
        guint idx = vnc_test_palette_index(palette, pixels[i]);

        while (i + run < n && pixels[i + run] == pixels[i])
            run++;
        if (run == 1) {
            vnc_test_put_u8(buf, idx);
        } else {
            vnc_test_put_u8(buf, idx | 128);
            vnc_test_put_run_length(buf, run);
        }
        i += run;
    }
}

void
vnc_test_put_tile(GByteArray *buf, const VncPixelFormat *format,
                  const guint32 *pixels, guint tw, guint th,
                  VncTestTileKind kind, VncTestPalette *previous)
{
    gsize n = (gsize)tw * th;
    VncTestPalette own;

    g_assert_true(vnc_test_tile_kind_fits(kind, pixels, n, previous));
    vnc_test_palette_of(pixels, n, &own);

    switch (kind) {
    case VNC_TEST_TILE_RAW:
        vnc_test_put_u8(buf, 0);
        for (gsize i = 0; i < n; i++)
            vnc_test_put_cpixel(buf, format, pixels[i]);
        break;
    case VNC_TEST_TILE_SOLID:
        vnc_test_put_u8(buf, 1);
        vnc_test_put_cpixel(buf, format, pixels[0]);
        *previous = own;
        break;
    case VNC_TEST_TILE_PACKED:
        vnc_test_put_u8(buf, own.n_colors);
        for (guint j = 0; j < own.n_colors; j++)
            vnc_test_put_cpixel(buf, format, own.colors[j]);
        vnc_test_put_packed(buf, pixels, tw, th, &own);
        *previous = own;
        break;
    case VNC_TEST_TILE_PACKED_REUSE:
        vnc_test_put_u8(buf, 127);
        vnc_test_put_packed(buf, pixels, tw, th, previous);
        break;
    case VNC_TEST_TILE_PLAIN_RLE:
        vnc_test_put_u8(buf, 128);
        for (gsize i = 0; i < n;) {
            gsize run = 1;

            while (i + run < n && pixels[i + run] == pixels[i])
                run++;
            vnc_test_put_cpixel(buf, format, pixels[i]);
            vnc_test_put_run_length(buf, run);
            i += run;
        }
        break;
    case VNC_TEST_TILE_PALETTE_RLE:
        vnc_test_put_u8(buf, 128 + own.n_colors);
        for (guint j = 0; j < own.n_colors; j++)
            vnc_test_put_cpixel(buf, format, own.colors[j]);
        vnc_test_put_palette_runs(buf, pixels, n, &own);
        *previous = own;
        break;
    case VNC_TEST_TILE_PALETTE_RLE_REUSE:
        vnc_test_put_u8(buf, 129);
        vnc_test_put_palette_runs(buf, pixels, n, previous);
        break;
    default:
        g_assert_not_reached();
    }
}

guint32 *
vnc_test_tiled_image(GRand *rand, const VncPixelFormat *format,
                     guint w, guint h, guint tile)
{
    guint32 *image = g_new(guint32, (gsize)w * h);
    guint32 shared[40];

    /* Tiles draw from one pool of colours, so that a tile's colours are
     * often those of the tile before (for palette reuse). */
    for (guint i = 0; i < G_N_ELEMENTS(shared); i++)
        shared[i] = vnc_test_rgb(format, g_rand_int(rand), g_rand_int(rand),
                                 g_rand_int(rand));

    for (guint ty = 0; ty < h; ty += tile) {
        for (guint tx = 0; tx < w; tx += tile) {
            guint choice = g_rand_int_range(rand, 0, 10);
            guint n_colors = choice < 2 ? 1 : choice < 5 ? 2 :
                choice < 7 ? g_rand_int_range(rand, 3, 17) :
                choice < 9 ? g_rand_int_range(rand, 17, 41) : 0;
            guint first = g_rand_int_range(rand, 0, 4);
            guint32 color = 0;
            gsize run = 0;

            for (guint y = ty; y < MIN(ty + tile, h); y++) {
                for (guint x = tx; x < MIN(tx + tile, w); x++) {
                    if (run == 0) {
                        /* 0 colours: every pixel its own (raw-like) */
                        if (n_colors == 0)
                            color = vnc_test_rgb(format, g_rand_int(rand),
                                                 g_rand_int(rand),
                                                 g_rand_int(rand));
                        else
                            color = shared[(first +
                                            g_rand_int_range(rand, 0, n_colors)) %
                                           G_N_ELEMENTS(shared)];
                        run = n_colors == 0 ? 1 :
                            g_rand_int_range(rand, 1, 300);
                    }
                    image[(gsize)y * w + x] = color;
                    run--;
                }
            }
        }
    }
    return image;
}
