/*
 * gtk-vnc tests: the Hextile decoder on hand-made payloads
 *
 * Most rectangles are 18 pixels wide or tall, so that the second tile
 * of a row or column is a partial one (2 pixels).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "decode-utils.h"

/* An 18x2 rectangle at (1, 1) in a 20x4 framebuffer: tiles 16x2, 2x2. */
#define WIDE 20, 4, 1, 1, 18, 2
/* A 2x18 rectangle at (1, 1) in a 4x20 framebuffer: tiles 2x16, 2x2. */
#define TALL 4, 20, 1, 1, 2, 18

/* Subencoding masks used below: 1 raw, 2 background, 4 foreground,
 * 8 any subrects, 16 subrects coloured; so 10 = 2|8, 14 = 2|4|8,
 * 26 = 2|8|16, 30 = 2|4|8|16. */

static const VncTestDecodeCase cases[] = {
    { "raw", vnc_decode_hextile, WIDE,
      "u8:1"
      " p:R p:G p:B p:C p:M p:Y p:W p:K p:R p:G p:B p:C p:M p:Y p:W p:K"
      " p:K p:W p:Y p:M p:C p:B p:G p:R p:K p:W p:Y p:M p:C p:B p:G p:R"
      " u8:1 p:O p:G p:B p:O", 0,
      "....................\n"
      ".RGBCMYWKRGBCMYWKOG.\n"
      ".KWYMCBGRKWYMCBGRBO.\n"
      "....................\n" },
    { "background-only", vnc_decode_hextile, WIDE,
      /* the second tile keeps the first one's background */
      "u8:2 p:B u8:0", 0,
      "....................\n"
      ".BBBBBBBBBBBBBBBBBB.\n"
      ".BBBBBBBBBBBBBBBBBB.\n"
      "....................\n" },
    { "foreground-subrects", vnc_decode_hextile, WIDE,
      /* tile 1: background B, foreground R, a 2x1 subrect at (0, 0)
       * and a 1x1 at (15, 1); tile 2: both colours carried over, a 1x2
       * subrect at (1, 0) */
      "u8:14 p:B p:R u8:2 u8:0x00 u8:0x10 u8:0xf1 u8:0x00"
      " u8:8 u8:1 u8:0x10 u8:0x01", 0,
      "....................\n"
      ".RRBBBBBBBBBBBBBBBR.\n"
      ".BBBBBBBBBBBBBBBRBR.\n"
      "....................\n" },
    { "coloured-subrects", vnc_decode_hextile, WIDE,
      /* tile 2 has plain subrects after a coloured tile: its foreground
       * is the last colour used, as other decoders have it */
      "u8:26 p:K u8:2 p:G u8:0x00 u8:0x01 p:Y u8:0x50 u8:0x30"
      " u8:8 u8:1 u8:0x01 u8:0x10", 0,
      "....................\n"
      ".GKKKKYYYYKKKKKKKKK.\n"
      ".GKKKKKKKKKKKKKKKYY.\n"
      "....................\n" },
    { "foreground-and-coloured", vnc_decode_hextile, WIDE,
      /* forbidden by the spec but unambiguous: read the foreground, then
       * the coloured subrects */
      "u8:30 p:W p:R u8:1 p:G u8:0x00 u8:0x00"
      " u8:0", 0,
      "....................\n"
      ".GWWWWWWWWWWWWWWWWW.\n"
      ".WWWWWWWWWWWWWWWWWW.\n"
      "....................\n" },
    { "zero-subrects", vnc_decode_hextile, WIDE,
      /* AnySubrects with a count of 0 and no foreground yet */
      "u8:10 p:M u8:0 u8:10 p:C u8:0", 0,
      "....................\n"
      ".MMMMMMMMMMMMMMMMCC.\n"
      ".MMMMMMMMMMMMMMMMCC.\n"
      "....................\n" },
    { "background-after-raw", vnc_decode_hextile, 36, 3, 1, 1, 34, 1,
      /* a raw tile between two others leaves the background alone */
      "u8:2 p:G"
      " u8:1 p:R*16"
      " u8:0", 0,
      "....................................\n"
      ".GGGGGGGGGGGGGGGGRRRRRRRRRRRRRRRRGG.\n"
      "....................................\n" },
    { "tall", vnc_decode_hextile, TALL,
      "u8:14 p:Y p:B u8:1 u8:0x1f u8:0x00"
      " u8:8 u8:1 u8:0x00 u8:0x11", 0,
      "....\n" ".YY.\n" ".YY.\n" ".YY.\n" ".YY.\n" ".YY.\n" ".YY.\n"
      ".YY.\n" ".YY.\n" ".YY.\n" ".YY.\n" ".YY.\n" ".YY.\n" ".YY.\n"
      ".YY.\n" ".YY.\n" ".YB.\n" ".BB.\n" ".BB.\n" "....\n" },
    { "full-tile-subrect", vnc_decode_hextile, WIDE,
      "u8:14 p:K p:W u8:1 u8:0x00 u8:0xf1"
      " u8:8 u8:1 u8:0x00 u8:0x11", 0,
      "....................\n"
      ".WWWWWWWWWWWWWWWWWW.\n"
      ".WWWWWWWWWWWWWWWWWW.\n"
      "....................\n" },
    { "empty-rectangle", vnc_decode_hextile, 4, 4, 1, 1, 0, 0,
      "", 0,
      "....\n" "....\n" "....\n" "....\n" },

    { "no-background", vnc_decode_hextile, WIDE,
      "u8:0", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "no-background-after-raw", vnc_decode_hextile, WIDE,
      "u8:1 p:R*32 u8:0", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "no-foreground", vnc_decode_hextile, WIDE,
      "u8:10 p:B u8:1 u8:0x00 u8:0x00", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrect-past-partial-tile", vnc_decode_hextile, WIDE,
      /* the second tile is 2 wide: x 1 + w 2 is too much */
      "u8:2 p:B u8:14 p:B p:R u8:1 u8:0x10 u8:0x10", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrect-past-bottom", vnc_decode_hextile, WIDE,
      "u8:14 p:B p:R u8:1 u8:0x01 u8:0x01", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrect-past-tall-tile", vnc_decode_hextile, TALL,
      "u8:2 p:B u8:14 p:B p:R u8:1 u8:0x01 u8:0x01", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "zlibhex-bits", vnc_decode_hextile, WIDE,
      "u8:0x20", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "unknown-bit", vnc_decode_hextile, WIDE,
      "u8:0x82 p:B", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrects-missing", vnc_decode_hextile, WIDE,
      "u8:14 p:B p:R u8:3 u8:0x00 u8:0x00", 0,
      NULL, VNC_ERROR_CLOSED },
};

static void
test_hextile_bad_bpp(void)
{
    vnc_test_assert_rejects_bpp(vnc_decode_hextile);
}

/* A rectangle of 3x3 full tiles and partial ones at both edges, each
 * tile raw, checked against the pixels sent. */
static void
test_hextile_big_raw(void)
{
    VncPixelFormat fmt;
    const guint16 w = 53, h = 37, fbw = 60, fbh = 40, x0 = 5, y0 = 2;
    GByteArray *buf = g_byte_array_new();
    VncTestDecoder *t;
    GError *err = NULL;

    vnc_test_format_init(&fmt, 16, G_BIG_ENDIAN);
    for (guint ty = 0; ty < h; ty += 16) {
        for (guint tx = 0; tx < w; tx += 16) {
            vnc_test_put_u8(buf, 1);
            for (guint y = ty; y < MIN(ty + 16u, h); y++) {
                for (guint x = tx; x < MIN(tx + 16u, w); x++)
                    vnc_test_put_pixel(buf, &fmt,
                                       vnc_test_rgb(&fmt, x * 4, y * 6, x ^ y));
            }
        }
    }
    t = vnc_test_decoder_new(&fmt, fbw, fbh, 0);
    vnc_test_decoder_set_input(t, buf->data, buf->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_hextile, x0, y0, w, h,
                                       &err));
    g_assert_no_error(err);
    vnc_test_decoder_assert_consumed(t);
    for (guint y = 0; y < fbh; y++) {
        for (guint x = 0; x < fbw; x++) {
            guint32 want = 0;

            if (x >= x0 && x < x0 + w && y >= y0 && y < y0 + h)
                want = vnc_test_rgb(&fmt, (x - x0) * 4, (y - y0) * 6,
                                    (x - x0) ^ (y - y0));
            g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, y), ==, want);
        }
    }
    vnc_test_decoder_free(t);
    g_byte_array_unref(buf);
}

/* Mutated payloads never write outside the rectangle: six tiles (34x18
 * in a 36x20 framebuffer), of every kind. */
static void
test_hextile_mutations(void)
{
    VncPixelFormat fmt;
    GByteArray *buf = g_byte_array_new();

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    vnc_test_put_script(buf, &fmt,
                        "u8:14 p:B p:R u8:2 u8:0x00 u8:0x10 u8:0xf1 u8:0x00"
                        " u8:26 p:K u8:2 p:G u8:0x00 u8:0x01 p:Y u8:0x50 u8:0x30"
                        " u8:1 p:C*32"
                        " u8:8 u8:1 u8:0x11 u8:0x11"
                        " u8:2 p:W"
                        " u8:30 p:W p:R u8:1 p:G u8:0x00 u8:0x00");
    vnc_test_decoder_assert_mutations(&fmt, 36, 20, vnc_decode_hextile,
                                      1, 1, 34, 18, buf->data, buf->len,
                                      FALSE, 2000, 3);
    g_byte_array_unref(buf);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    vnc_test_cases_add("decode/hextile", cases, G_N_ELEMENTS(cases));
    g_test_add_func("/decode/hextile/bad-bpp", test_hextile_bad_bpp);
    g_test_add_func("/decode/hextile/big-raw", test_hextile_big_raw);
    g_test_add_func("/decode/hextile/mutations", test_hextile_mutations);

    return g_test_run();
}
