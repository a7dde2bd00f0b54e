/*
 * gtk-vnc tests: the RRE and CoRRE decoders on hand-made payloads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "decode-utils.h"

/* The rectangle under test sits at (1, 1), 4x3, in a 6x5 framebuffer. */
#define RECT 6, 5, 1, 1, 4, 3

static const VncTestDecodeCase rre_cases[] = {
    { "background-only", vnc_decode_rre, RECT,
      "u32:0 p:R", 0,
      "......\n"
      ".RRRR.\n"
      ".RRRR.\n"
      ".RRRR.\n"
      "......\n" },
    { "two-subrects", vnc_decode_rre, RECT,
      "u32:2 p:B"
      " p:R u16:0 u16:0 u16:2 u16:1"
      " p:G u16:3 u16:2 u16:1 u16:1", 0,
      "......\n"
      ".RRBB.\n"
      ".BBBB.\n"
      ".BBBG.\n"
      "......\n" },
    { "edge-to-edge", vnc_decode_rre, RECT,
      /* a subrectangle ending exactly at the far corner is inside */
      "u32:2 p:K"
      " p:W u16:0 u16:0 u16:4 u16:3"
      " p:Y u16:1 u16:1 u16:3 u16:2", 0,
      "......\n"
      ".WWWW.\n"
      ".WYYY.\n"
      ".WYYY.\n"
      "......\n" },
    { "later-wins", vnc_decode_rre, RECT,
      "u32:2 p:K"
      " p:R u16:0 u16:0 u16:3 u16:3"
      " p:G u16:1 u16:0 u16:3 u16:3", 0,
      "......\n"
      ".RGGG.\n"
      ".RGGG.\n"
      ".RGGG.\n"
      "......\n" },
    { "empty-subrects", vnc_decode_rre, RECT,
      /* zero width or height draws nothing but is not an error */
      "u32:2 p:C"
      " p:R u16:4 u16:0 u16:0 u16:3"
      " p:R u16:0 u16:3 u16:4 u16:0", 0,
      "......\n"
      ".CCCC.\n"
      ".CCCC.\n"
      ".CCCC.\n"
      "......\n" },
    { "empty-rectangle", vnc_decode_rre, 6, 5, 2, 2, 0, 0,
      "u32:0 p:R", 0,
      "......\n"
      "......\n"
      "......\n"
      "......\n"
      "......\n" },

    { "subrect-past-right", vnc_decode_rre, RECT,
      "u32:1 p:B p:R u16:3 u16:0 u16:2 u16:1", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrect-past-bottom", vnc_decode_rre, RECT,
      "u32:1 p:B p:R u16:0 u16:1 u16:1 u16:3", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrect-x-wraps", vnc_decode_rre, RECT,
      /* 0xffff + 2 wraps to 1 in 16 bits */
      "u32:1 p:B p:R u16:0xffff u16:0 u16:2 u16:1", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrect-huge", vnc_decode_rre, RECT,
      "u32:1 p:B p:R u16:0 u16:0 u16:0xffff u16:0xffff", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "more-subrects-than-pixels", vnc_decode_rre, RECT,
      "u32:13 p:B", 0,
      NULL, VNC_ERROR_LIMIT },
    { "count-4g", vnc_decode_rre, RECT,
      "u32:0xffffffff p:B", 0,
      NULL, VNC_ERROR_LIMIT },
    { "subrects-missing", vnc_decode_rre, RECT,
      "u32:2 p:B p:R u16:0 u16:0 u16:1 u16:1", 0,
      NULL, VNC_ERROR_CLOSED },
    { "bad-second-subrect", vnc_decode_rre, RECT,
      /* the first is drawn, the second refused: both inside the rect */
      "u32:2 p:B p:R u16:0 u16:0 u16:1 u16:1 p:G u16:4 u16:0 u16:1 u16:1", 0,
      NULL, VNC_ERROR_PROTOCOL },
};

static const VncTestDecodeCase corre_cases[] = {
    { "two-subrects", vnc_decode_corre, RECT,
      "u32:2 p:B"
      " p:R u8:0 u8:0 u8:2 u8:1"
      " p:G u8:3 u8:2 u8:1 u8:1", 0,
      "......\n"
      ".RRBB.\n"
      ".BBBB.\n"
      ".BBBG.\n"
      "......\n" },
    { "edge-to-edge", vnc_decode_corre, RECT,
      "u32:1 p:K p:M u8:0 u8:0 u8:4 u8:3", 0,
      "......\n"
      ".MMMM.\n"
      ".MMMM.\n"
      ".MMMM.\n"
      "......\n" },
    { "subrect-past-right", vnc_decode_corre, RECT,
      "u32:1 p:B p:R u8:3 u8:0 u8:2 u8:1", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "subrect-past-bottom", vnc_decode_corre, RECT,
      "u32:1 p:B p:R u8:0 u8:255 u8:1 u8:255", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "more-subrects-than-pixels", vnc_decode_corre, RECT,
      "u32:0x80000000 p:B", 0,
      NULL, VNC_ERROR_LIMIT },
};

/* Many subrectangles: more than one batch of reads. */
static void
test_rre_many_subrects(void)
{
    VncPixelFormat fmt;
    GByteArray *buf = g_byte_array_new();
    VncTestDecoder *t;
    GError *err = NULL;
    const guint16 w = 100, h = 50;

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    vnc_test_put_u32(buf, (guint32)w * h);
    vnc_test_put_pixel(buf, &fmt, vnc_test_color(&fmt, 'K'));
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            vnc_test_put_pixel(buf, &fmt, vnc_test_rgb(&fmt, x, y, x ^ y));
            vnc_test_put_u16(buf, x);
            vnc_test_put_u16(buf, y);
            vnc_test_put_u16(buf, 1);
            vnc_test_put_u16(buf, 1);
        }
    }

    t = vnc_test_decoder_new(&fmt, w, h, 0);
    vnc_test_decoder_set_input(t, buf->data, buf->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_rre, 0, 0, w, h, &err));
    g_assert_no_error(err);
    vnc_test_decoder_assert_consumed(t);
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++)
            g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, y), ==,
                            vnc_test_rgb(&fmt, x, y, x ^ y));
    }
    vnc_test_decoder_free(t);
    g_byte_array_unref(buf);
}

/* Mutated payloads never write outside the rectangle. */
static void
test_rre_mutations(void)
{
    VncPixelFormat fmt;
    GByteArray *buf = g_byte_array_new();

    vnc_test_format_init(&fmt, 16, G_BIG_ENDIAN);
    vnc_test_put_script(buf, &fmt,
                        "u32:4 p:B p:R u16:0 u16:0 u16:2 u16:1"
                        " p:G u16:3 u16:2 u16:1 u16:1 p:Y u16:1 u16:1 u16:2 u16:2"
                        " p:W u16:0 u16:2 u16:4 u16:1");
    vnc_test_decoder_assert_mutations(&fmt, 6, 5, vnc_decode_rre, 1, 1, 4, 3,
                                      buf->data, buf->len, FALSE, 2000, 1);
    g_byte_array_set_size(buf, 0);
    vnc_test_put_script(buf, &fmt,
                        "u32:3 p:B p:R u8:0 u8:0 u8:2 u8:1"
                        " p:G u8:3 u8:2 u8:1 u8:1 p:Y u8:1 u8:1 u8:2 u8:2");
    vnc_test_decoder_assert_mutations(&fmt, 6, 5, vnc_decode_corre, 1, 1, 4, 3,
                                      buf->data, buf->len, FALSE, 2000, 2);
    g_byte_array_unref(buf);
}

static void
test_rre_bad_bpp(void)
{
    vnc_test_assert_rejects_bpp(vnc_decode_rre);
    vnc_test_assert_rejects_bpp(vnc_decode_corre);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    vnc_test_cases_add("decode/rre", rre_cases, G_N_ELEMENTS(rre_cases));
    vnc_test_cases_add("decode/corre", corre_cases, G_N_ELEMENTS(corre_cases));
    g_test_add_func("/decode/rre/many-subrects", test_rre_many_subrects);
    g_test_add_func("/decode/rre/bad-bpp", test_rre_bad_bpp);
    g_test_add_func("/decode/rre/mutations", test_rre_mutations);

    return g_test_run();
}
