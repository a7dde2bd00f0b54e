/*
 * gtk-vnc tests: the TRLE decoder
 *
 * No server on this machine sends TRLE, so these vectors, written from
 * RFC 6143 7.7.5, are all there is: every subencoding including the two
 * that reuse an earlier tile's palette, the tile loop at the rectangle's
 * edges, and hostile tiles.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "decode-utils.h"
#include "rle-tile-encoder.h"

/* A 3x2 rectangle at (1, 1) in a 5x4 framebuffer: one partial tile. */
#define RECT 5, 4, 1, 1, 3, 2
/* An 18x1 rectangle at (1, 1) in a 20x3 framebuffer: tiles 16 and 2. */
#define TWO 20, 3, 1, 1, 18, 1
/* A 34x1 rectangle: tiles 16, 16 and 2. */
#define THREE 36, 3, 1, 1, 34, 1

#define EMPTY20 "....................\n"
#define EMPTY36 "....................................\n"

static const VncTestDecodeCase cases[] = {
    { "solid", vnc_decode_trle, RECT,
      "u8:1 c:R", 0,
      ".....\n" ".RRR.\n" ".RRR.\n" ".....\n" },
    { "raw", vnc_decode_trle, RECT,
      "u8:0 c:R c:G c:B c:C c:M c:Y", 0,
      ".....\n" ".RGB.\n" ".CMY.\n" ".....\n" },
    { "packed-2", vnc_decode_trle, RECT,
      "u8:2 c:R c:G u8:0xa0 u8:0x40", 0,
      ".....\n" ".GRG.\n" ".RGR.\n" ".....\n" },
    { "packed-4", vnc_decode_trle, RECT,
      "u8:4 c:R c:G c:B c:W u8:0x1c u8:0xe4", 0,
      ".....\n" ".RGW.\n" ".WBG.\n" ".....\n" },
    { "packed-16", vnc_decode_trle, RECT,
      "u8:16 c:R c:G c:B c:C c:M c:Y c:W c:K c:O c:. c:R*6"
      " u8:0x78 u8:0x50 u8:0x12 u8:0x30", 0,
      ".....\n" ".KOY.\n" ".GBC.\n" ".....\n" },
    { "plain-rle", vnc_decode_trle, RECT,
      "u8:128 c:R u8:3 c:G u8:1", 0,
      ".....\n" ".RRR.\n" ".RGG.\n" ".....\n" },
    { "palette-rle", vnc_decode_trle, RECT,
      "u8:130 c:R c:B u8:0x80 u8:2 u8:1 u8:0x81 u8:1", 0,
      ".....\n" ".RRR.\n" ".BBB.\n" ".....\n" },
    { "two-tiles", vnc_decode_trle, TWO,
      "u8:1 c:M u8:0 c:Y c:K", 0,
      EMPTY20 ".MMMMMMMMMMMMMMMMYK.\n" EMPTY20 },
    { "reuse-packed", vnc_decode_trle, TWO,
      /* 127: the 2-colour palette of tile 1, indices 0 and 1 */
      "u8:2 c:R c:G u8:0xaa u8:0xaa u8:127 u8:0x40", 0,
      EMPTY20 ".GRGRGRGRGRGRGRGRRG.\n" EMPTY20 },
    { "reuse-packed-16", vnc_decode_trle, TWO,
      "u8:16 c:R c:G c:B c:C c:M c:Y c:W c:K c:O c:. c:R*6"
      " u8:0x01 u8:0x23 u8:0x45 u8:0x67 u8:0x89 u8:0x01 u8:0x23 u8:0x45"
      " u8:127 u8:0x78", 0,
      EMPTY20 ".RGBCMYWKO.RGBCMYKO.\n" EMPTY20 },
    { "reuse-palette-rle", vnc_decode_trle, TWO,
      /* 129: the palette of tile 1, in runs */
      "u8:130 c:B c:Y u8:0x80 u8:14 u8:1 u8:129 u8:1 u8:0", 0,
      EMPTY20 ".BBBBBBBBBBBBBBBYYB.\n" EMPTY20 },
    { "reuse-after-solid", vnc_decode_trle, TWO,
      /* a solid tile's palette is its one colour */
      "u8:1 c:C u8:127 u8:0x00", 0,
      EMPTY20 ".CCCCCCCCCCCCCCCCCC.\n" EMPTY20 },
    { "reuse-across-raw", vnc_decode_trle, THREE,
      /* raw and plain RLE tiles leave the last palette alone */
      "u8:2 c:R c:G u8:0x00 u8:0x00 u8:0 c:W*16 u8:127 u8:0x80", 0,
      EMPTY36 ".RRRRRRRRRRRRRRRRWWWWWWWWWWWWWWWWGR.\n" EMPTY36 },
    { "reuse-newest", vnc_decode_trle, THREE,
      /* the palette reused is the latest one sent */
      "u8:2 c:R c:G u8:0x00 u8:0x00 u8:2 c:B c:K u8:0xff u8:0xff"
      " u8:127 u8:0x40", 0,
      EMPTY36 ".RRRRRRRRRRRRRRRRKKKKKKKKKKKKKKKKBK.\n" EMPTY36 },
    { "long-run-partial-tiles", vnc_decode_trle, 20, 20, 1, 1, 18, 18,
      /* tiles 16x16, 2x16, 16x2, 2x2, each one run */
      "u8:128 c:R u8:255 u8:0 u8:128 c:G u8:31"
      " u8:128 c:B u8:31 u8:128 c:W u8:3", 0,
      EMPTY20
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".RRRRRRRRRRRRRRRRGG.\n" ".RRRRRRRRRRRRRRRRGG.\n"
      ".BBBBBBBBBBBBBBBBWW.\n" ".BBBBBBBBBBBBBBBBWW.\n"
      EMPTY20 },
    { "empty-rectangle", vnc_decode_trle, 4, 4, 1, 1, 0, 0,
      "", 0,
      "....\n" "....\n" "....\n" "....\n" },

    { "reuse-first-127", vnc_decode_trle, RECT,
      "u8:127 u8:0 u8:0", 0, NULL, VNC_ERROR_PROTOCOL },
    { "reuse-first-129", vnc_decode_trle, RECT,
      "u8:129 u8:0", 0, NULL, VNC_ERROR_PROTOCOL },
    { "reuse-after-raw-only", vnc_decode_trle, TWO,
      "u8:0 c:R*16 u8:127 u8:0", 0, NULL, VNC_ERROR_PROTOCOL },
    { "reuse-too-many-to-pack", vnc_decode_trle, TWO,
      /* a palette of 17 colours cannot be packed */
      "u8:145 c:R*17 u8:0x80 u8:15 u8:127 u8:0", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "reuse-index", vnc_decode_trle, TWO,
      "u8:3 c:R c:G c:B u8:0x00 u8:0x00 u8:0x00 u8:0x00 u8:127 u8:0xc0", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "reuse-rle-index", vnc_decode_trle, TWO,
      "u8:1 c:R u8:129 u8:1", 0, NULL, VNC_ERROR_PROTOCOL },
    { "unused-17", vnc_decode_trle, RECT,
      "u8:17", 0, NULL, VNC_ERROR_PROTOCOL },
    { "unused-126", vnc_decode_trle, RECT,
      "u8:126", 0, NULL, VNC_ERROR_PROTOCOL },
    { "packed-index", vnc_decode_trle, RECT,
      "u8:3 c:R c:G c:B u8:0x1c u8:0x00", 0, NULL, VNC_ERROR_PROTOCOL },
    { "palette-rle-index", vnc_decode_trle, RECT,
      "u8:130 c:R c:G u8:0x02", 0, NULL, VNC_ERROR_PROTOCOL },
    { "run-too-long", vnc_decode_trle, RECT,
      "u8:128 c:R u8:6", 0, NULL, VNC_ERROR_PROTOCOL },
    { "palette-run-too-long", vnc_decode_trle, RECT,
      "u8:130 c:R c:G u8:0x81 u8:6", 0, NULL, VNC_ERROR_PROTOCOL },
    { "run-of-255s", vnc_decode_trle, RECT,
      "u8:128 c:R u8:255*100", 0, NULL, VNC_ERROR_PROTOCOL },
    { "tile-missing", vnc_decode_trle, TWO,
      "u8:1 c:R", 0, NULL, VNC_ERROR_CLOSED },
    { "raw-short", vnc_decode_trle, RECT,
      "u8:0 c:R c:G", 0, NULL, VNC_ERROR_CLOSED },
};

/* Random images of 16x16 tiles in every subencoding, the reuse ones
 * wherever the previous palette fits, with partial tiles at the edges. */
static void
test_trle_random(gconstpointer data)
{
    guint format_index = GPOINTER_TO_UINT(data);
    static const guint sizes[][2] = { { 83, 45 }, { 16, 16 }, { 1, 40 },
                                      { 33, 1 }, { 160, 96 } };
    VncPixelFormat fmt;
    GRand *rand = g_rand_new_with_seed(4321 + format_index);
    guint counter = 0;
    guint32 *tile = g_new(guint32, 16 * 16);
    guint used[VNC_TEST_TILE_N_KINDS] = { 0 };

    vnc_test_format_nth(format_index, &fmt, NULL);
    for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
        guint w = sizes[s][0], h = sizes[s][1];
        guint32 *image = vnc_test_tiled_image(rand, &fmt, w, h, 16);
        VncTestDecoder *t = vnc_test_decoder_new(&fmt, w + 3, h + 4, 0);
        GByteArray *buf = g_byte_array_new();
        VncTestPalette previous = { { 0 }, 0 };
        GError *err = NULL;

        for (guint ty = 0; ty < h; ty += 16) {
            for (guint tx = 0; tx < w; tx += 16) {
                guint tw = MIN(16, w - tx), th = MIN(16, h - ty);
                VncTestTileKind kind;

                for (guint y = 0; y < th; y++)
                    memcpy(tile + y * tw, image + (gsize)(ty + y) * w + tx,
                           tw * sizeof(guint32));
                /* prefer reusing when it fits, else go round the kinds */
                if (counter % 3 == 0 &&
                    vnc_test_tile_kind_fits(VNC_TEST_TILE_PACKED_REUSE, tile,
                                            (gsize)tw * th, &previous))
                    kind = VNC_TEST_TILE_PACKED_REUSE;
                else if (counter % 3 == 1 &&
                         vnc_test_tile_kind_fits(VNC_TEST_TILE_PALETTE_RLE_REUSE,
                                                 tile, (gsize)tw * th,
                                                 &previous))
                    kind = VNC_TEST_TILE_PALETTE_RLE_REUSE;
                else
                    do {
                        kind = counter++ % VNC_TEST_TILE_PACKED_REUSE;
                    } while (!vnc_test_tile_kind_fits(kind, tile,
                                                      (gsize)tw * th,
                                                      &previous));
                counter++;
                used[kind]++;
                vnc_test_put_tile(buf, &fmt, tile, tw, th, kind, &previous);
            }
        }

        vnc_test_decoder_set_input(t, buf->data, buf->len);
        g_assert_true(vnc_test_decoder_run(t, vnc_decode_trle, 2, 3, w, h,
                                           &err));
        g_assert_no_error(err);
        vnc_test_decoder_assert_consumed(t);
        for (guint y = 0; y < t->height; y++) {
            for (guint x = 0; x < t->width; x++) {
                guint32 want = 0;

                if (x >= 2 && x < 2 + w && y >= 3 && y < 3 + h)
                    want = image[(gsize)(y - 3) * w + (x - 2)];
                if (vnc_test_decoder_get_pixel(t, x, y) != want)
                    g_error("pixel (%u, %u): expected %08x, got %08x", x, y,
                            want, vnc_test_decoder_get_pixel(t, x, y));
            }
        }
        if (s == 0) {
            vnc_test_decoder_assert_truncations(&fmt, w + 3, h + 4, 0,
                                                vnc_decode_trle, 2, 3, w, h,
                                                buf->data, buf->len);
            /* and mutations never write outside the rectangle */
            vnc_test_decoder_assert_mutations(&fmt, w + 3, h + 4,
                                              vnc_decode_trle, 2, 3, w, h,
                                              buf->data, buf->len, FALSE,
                                              300, 9 + format_index);
        }
        vnc_test_decoder_free(t);
        g_byte_array_unref(buf);
        g_free(image);
    }
    /* every subencoding got its turn */
    for (guint k = 0; k < VNC_TEST_TILE_N_KINDS; k++) {
        g_test_message("tile kind %u: %u tiles", k, used[k]);
        g_assert_cmpuint(used[k], >, 0);
    }
    g_free(tile);
    g_rand_free(rand);
}

static void
test_trle_bad_bpp(void)
{
    vnc_test_assert_rejects_bpp(vnc_decode_trle);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    vnc_test_cases_add("decode/trle", cases, G_N_ELEMENTS(cases));
    for (guint f = 0; f < VNC_TEST_N_FORMATS; f++) {
        VncPixelFormat fmt;
        const char *name;
        gchar *path;

        vnc_test_format_nth(f, &fmt, &name);
        path = g_strdup_printf("/decode/trle/random/%s", name);
        g_test_add_data_func(path, GUINT_TO_POINTER(f), test_trle_random);
        g_free(path);
    }
    g_test_add_func("/decode/trle/bad-bpp", test_trle_bad_bpp);

    return g_test_run();
}
