/*
 * gtk-vnc tests: the ZYWRLE decoder
 *
 * ZYWRLE is ZRLE whose would-be raw tiles carry wavelet coefficients.
 * Tests: the ZRLE side (other subencodings pass through, 8 bpp is never
 * transformed), hand-computed coefficient tiles, and a forward transform
 * written here from the ZYWRLE description (RGB to YUV with JPEG 2000's
 * reversible colour transform, PLHaar levels, bands packed finest first)
 * whose output the decoder must turn back into the picture: exactly for
 * grey pictures, within the colour transform's rounding otherwise.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <zlib.h>

#include "decode-utils.h"

#define RECT 5, 4, 1, 1, 3, 2
#define Z VNC_TEST_ZLIB

static const VncTestDecodeCase cases[] = {
    { "solid", vnc_decode_zywrle, RECT,
      "u8:1 c:R", Z,
      ".....\n" ".RRR.\n" ".RRR.\n" ".....\n" },
    { "packed", vnc_decode_zywrle, RECT,
      "u8:2 c:R c:G u8:0xa0 u8:0x40", Z,
      ".....\n" ".GRG.\n" ".RGR.\n" ".....\n" },
    { "palette-rle", vnc_decode_zywrle, RECT,
      "u8:130 c:R c:B u8:0x80 u8:2 u8:1 u8:0x81 u8:1", Z,
      ".....\n" ".RRR.\n" ".BBB.\n" ".....\n" },
    { "raw-8bpp", vnc_decode_zywrle, RECT,
      /* no transform at 8 bpp: a raw tile is plain pixels */
      "u8:0 c:R c:G c:B c:C c:M c:Y", Z,
      ".....\n" ".RGB.\n" ".CMY.\n" ".....\n", 0, 8 },
    { "raw-1-row", vnc_decode_zywrle, 5, 3, 1, 1, 3, 1,
      /* one row: nothing is a multiple of 2 high, so no transform, but
       * the inner tile still follows the raw byte */
      "u8:0 u8:0 c:R c:G c:B", Z,
      ".....\n" ".RGB.\n" ".....\n", 0, 16 },

    { "inner-unused", vnc_decode_zywrle, RECT,
      "u8:0 u8:17", Z, NULL, VNC_ERROR_PROTOCOL, 32 },
    { "inner-short", vnc_decode_zywrle, RECT,
      "u8:0 u8:0 c:R", Z, NULL, VNC_ERROR_PROTOCOL, 32 },
    { "inner-missing", vnc_decode_zywrle, RECT,
      "u8:0", Z, NULL, VNC_ERROR_PROTOCOL, 16 },
    { "inner-run-too-long", vnc_decode_zywrle, RECT,
      "u8:0 u8:128 c:R u8:9", Z, NULL, VNC_ERROR_PROTOCOL, 32 },
    { "length-4g", vnc_decode_zywrle, RECT,
      "u32:0xffffffff", 0, NULL, VNC_ERROR_LIMIT },
};

/* ---- the forward transform, for making test data ---- */

typedef enum { LAYOUT_888, LAYOUT_565, LAYOUT_555 } Layout;

static gint8
wrap8(gint v)
{
    v &= 0xff;
    return (gint8)(v >= 128 ? v - 256 : v);
}

/* PLHaar on a pair, as the ZYWRLE reference applies it. */
static void
plhaar(gint8 *a, gint8 *b)
{
    gint x0 = *a, x1 = *b;

    if ((x0 < 0) != (x1 < 0)) {
        gint sum = x0 + x1;

        if ((sum < 0) == (x1 < 0))
            x0 -= sum;
        x1 = sum;
    } else {
        gint diff = x0 - x1;

        if ((diff < 0) == (x0 < 0))
            x1 += diff;
        x0 = diff;
    }
    *a = wrap8(x1);
    *b = wrap8(x0);
}

static void
rgb_of(guint32 v, Layout layout, gint *r, gint *g, gint *b)
{
    switch (layout) {
    case LAYOUT_888:
        *r = (v >> 16) & 0xff;
        *g = (v >> 8) & 0xff;
        *b = v & 0xff;
        break;
    case LAYOUT_565:
        *r = ((v >> 11) & 0x1f) << 3;
        *g = ((v >> 5) & 0x3f) << 2;
        *b = (v & 0x1f) << 3;
        break;
    case LAYOUT_555:
        *r = ((v >> 10) & 0x1f) << 3;
        *g = ((v >> 5) & 0x1f) << 3;
        *b = (v & 0x1f) << 3;
        break;
    }
}

static guint32
pixel_of(gint r, gint g, gint b, Layout layout)
{
    r &= 0xff;
    g &= 0xff;
    b &= 0xff;
    switch (layout) {
    case LAYOUT_888:
        return (r << 16) | (g << 8) | b;
    case LAYOUT_565:
        return ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
    default:
        return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    }
}

/* Floor division by 2^n for negative values too. */
static gint
floor_shift(gint v, guint n)
{
    return v >= 0 ? v >> n : -((-v + (1 << n) - 1) >> n);
}

/* Turns @tile (@tw x @th pixel values) into the coefficient tile the
 * server would send, in place. */
static void
zywrle_analyze(guint32 *tile, guint tw, guint th, guint level, Layout layout)
{
    guint w = tw & ~((1u << level) - 1), h = th & ~((1u << level) - 1);
    gint8 (*c)[3];
    guint32 *out;
    gsize seq = 0;
    gint ymask_low = layout == LAYOUT_888 ? 0 : layout == LAYOUT_565 ? 3 : 7;
    gint uvmask_low = layout == LAYOUT_888 ? 0 : 7;

    if (w == 0 || h == 0)
        return;
    c = g_malloc0((gsize)w * h * sizeof(*c));
    out = g_new0(guint32, (gsize)tw * th);

    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            gint r, g, b, yy, u, v;

            rgb_of(tile[y * tw + x], layout, &r, &g, &b);
            yy = floor_shift(r + 2 * g + b, 2) - 128;
            u = floor_shift(b - g, 1);
            v = floor_shift(r - g, 1);
            /* drop the bits the pixel cannot carry, keeping -128 out */
            yy &= ~ymask_low;
            u &= ~uvmask_low;
            v &= ~uvmask_low;
            if (yy == -128)
                yy += ymask_low + 1;
            if (u == -128)
                u += uvmask_low + 1;
            if (v == -128)
                v += uvmask_low + 1;
            c[y * w + x][0] = u;
            c[y * w + x][1] = yy;
            c[y * w + x][2] = v;
        }
    }

    for (guint l = 0; l < level; l++) {
        guint step = 1u << l;

        for (guint y = 0; y < h; y += step) {
            for (guint x = 0; x + step < w; x += 2 * step) {
                for (guint k = 0; k < 3; k++)
                    plhaar(&c[y * w + x][k], &c[y * w + x + step][k]);
            }
        }
        for (guint x = 0; x < w; x += step) {
            for (guint y = 0; y + step < h; y += 2 * step) {
                for (guint k = 0; k < 3; k++)
                    plhaar(&c[y * w + x][k], &c[(y + step) * w + x][k]);
            }
        }
    }

    for (guint l = 0; l < level; l++) {
        guint s = 2u << l, half = s / 2;

        for (gint band = 3; band >= 0; band--) {
            if (band == 0 && l != level - 1)
                break;
            for (guint y = (band & 2) ? half : 0; y < h; y += s) {
                for (guint x = (band & 1) ? half : 0; x < w; x += s) {
                    const gint8 *k = c[y * w + x];

                    /* V in the red field, Y in green, U in blue */
                    out[seq++] = pixel_of(k[2], k[1], k[0], layout);
                }
            }
        }
    }
    for (guint y = 0; y < h; y++)
        for (guint x = w; x < tw; x++)
            out[seq++] = tile[y * tw + x];
    for (guint y = h; y < th; y++)
        for (guint x = 0; x < w; x++)
            out[seq++] = tile[y * tw + x];
    for (guint y = h; y < th; y++)
        for (guint x = w; x < tw; x++)
            out[seq++] = tile[y * tw + x];
    g_assert_cmpuint(seq, ==, (gsize)tw * th);

    memcpy(tile, out, (gsize)tw * th * sizeof(guint32));
    g_free(out);
    g_free(c);
}

/* ---- running the decoder ---- */

/* Decodes one ZYWRLE rectangle of @w x @h whose tiles are @coeff (the
 * coefficient pixels, tile after tile) sent as raw inner tiles, with
 * the quality level @quality announced, into @t at (1, 1). */
static void
decode_coefficients(VncTestDecoder *t, gint quality, const guint32 *image,
                    guint w, guint h, guint level, Layout layout)
{
    GByteArray *plain = g_byte_array_new();
    GByteArray *wire = g_byte_array_new();
    z_stream zs = { 0 };
    guint32 *tile = g_new(guint32, 64 * 64);
    GError *err = NULL;

    for (guint ty = 0; ty < h; ty += 64) {
        for (guint tx = 0; tx < w; tx += 64) {
            guint tw = MIN(64, w - tx), th = MIN(64, h - ty);

            for (guint y = 0; y < th; y++)
                memcpy(tile + y * tw, image + (gsize)(ty + y) * w + tx,
                       tw * sizeof(guint32));
            zywrle_analyze(tile, tw, th, level, layout);
            vnc_test_put_u8(plain, 0);
            vnc_test_put_u8(plain, 0);
            for (guint i = 0; i < tw * th; i++)
                vnc_test_put_cpixel(plain, &t->format, tile[i]);
        }
    }
    g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
    {
        GByteArray *z = g_byte_array_new();

        vnc_test_deflate(&zs, plain->data, plain->len, z);
        vnc_test_put_u32(wire, z->len);
        vnc_test_put_bytes(wire, z->data, z->len);
        g_byte_array_unref(z);
    }
    deflateEnd(&zs);

    vnc_decode_zywrle_set_quality(t->state, quality);
    vnc_test_decoder_set_input(t, wire->data, wire->len);
    if (!vnc_test_decoder_run(t, vnc_decode_zywrle, 1, 1, w, h, &err))
        g_error("decoding failed: %s", err->message);
    vnc_test_decoder_assert_consumed(t);

    g_free(tile);
    g_byte_array_unref(plain);
    g_byte_array_unref(wire);
}

static void
format_for(Layout layout, guint byte_order, VncPixelFormat *fmt)
{
    if (layout == LAYOUT_888) {
        vnc_test_format_init(fmt, 32, byte_order);
    } else {
        vnc_test_format_init(fmt, 16, byte_order);
        if (layout == LAYOUT_555) {
            fmt->depth = 15;
            fmt->green_max = 31;
            fmt->red_shift = 10;
        }
    }
}

/* A constant 2x2 tile, worked by hand: (R, G, B) = (100, 50, 20) gives
 * Y = 55 - 128 = -73, U = (20 - 50) / 2 = -15, V = (100 - 50) / 2 = 25;
 * one level of PLHaar on four equal values leaves the low band at
 * those and the three details at 0. Sent finest band first: three zero
 * pixels, then V, Y, U in the red, green and blue fields. */
static void
test_zywrle_by_hand(void)
{
    static const char *inner[] = {
        "u8:0 cv:0 cv:0 cv:0 cv:19b7f1",
        /* the same coefficients as palette runs */
        "u8:130 cv:0 cv:19b7f1 u8:0x80 u8:2 u8:1",
    };

    for (guint order = 0; order < 2; order++) {
        for (guint i = 0; i < G_N_ELEMENTS(inner); i++) {
            VncPixelFormat fmt;
            VncTestDecoder *t;
            GByteArray *plain = g_byte_array_new(), *z = g_byte_array_new();
            GByteArray *wire = g_byte_array_new();
            z_stream zs = { 0 };
            GError *err = NULL;

            vnc_test_format_init(&fmt, 32, order ? G_BIG_ENDIAN : G_LITTLE_ENDIAN);
            t = vnc_test_decoder_new(&fmt, 4, 4, 0);
            vnc_test_put_u8(plain, 0);
            vnc_test_put_script(plain, &fmt, inner[i]);
            g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
            vnc_test_deflate(&zs, plain->data, plain->len, z);
            deflateEnd(&zs);
            vnc_test_put_u32(wire, z->len);
            vnc_test_put_bytes(wire, z->data, z->len);

            vnc_test_decoder_set_input(t, wire->data, wire->len);
            g_assert_true(vnc_test_decoder_run(t, vnc_decode_zywrle, 1, 1, 2, 2,
                                               &err));
            g_assert_no_error(err);
            for (guint y = 0; y < 4; y++) {
                for (guint x = 0; x < 4; x++) {
                    guint32 want = (x >= 1 && x <= 2 && y >= 1 && y <= 2) ?
                        0x643214 : 0;

                    g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, y), ==,
                                    want);
                }
            }
            vnc_test_decoder_free(t);
            g_byte_array_unref(plain);
            g_byte_array_unref(z);
            g_byte_array_unref(wire);
        }
    }
}

/* A 3x3 tile at level 1: the transformed part is 2x2; the other five
 * pixels follow the coefficients as they are, right strip, bottom
 * strip, corner. */
static void
test_zywrle_unaligned(void)
{
    VncPixelFormat fmt;
    VncTestDecoder *t;
    GByteArray *plain = g_byte_array_new(), *z = g_byte_array_new();
    GByteArray *wire = g_byte_array_new();
    z_stream zs = { 0 };
    GError *err = NULL;
    VncTestLegend legend[VNC_TEST_N_COLORS + 1];
    gchar *script;

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    t = vnc_test_decoder_new(&fmt, 5, 5, vnc_test_color(&fmt, '.'));
    vnc_test_legend_init(legend, &fmt);
    /* (255, 0, 0): Y = 63 - 128 = -65, U = 0, V = 127 (255 / 2) */
    script = g_strdup_printf("u8:0 u8:0 cv:0 cv:0 cv:0 cv:%06x"
                             " c:G c:B c:C c:M c:Y",
                             (0x7f << 16) | (0xbf << 8) | 0x00);
    vnc_test_put_script(plain, &fmt, script);
    g_free(script);
    g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
    vnc_test_deflate(&zs, plain->data, plain->len, z);
    deflateEnd(&zs);
    vnc_test_put_u32(wire, z->len);
    vnc_test_put_bytes(wire, z->data, z->len);

    vnc_test_decoder_set_input(t, wire->data, wire->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_zywrle, 1, 1, 3, 3, &err));
    g_assert_no_error(err);
    /* V = 127 comes back as 254 + G: red 254 (not in the legend), so
     * look at the rest first */
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 1, 1), ==, 0xfe0000);
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 2, 2), ==, 0xfe0000);
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 3, 1), ==,
                    vnc_test_color(&fmt, 'G'));
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 3, 2), ==,
                    vnc_test_color(&fmt, 'B'));
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 1, 3), ==,
                    vnc_test_color(&fmt, 'C'));
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 2, 3), ==,
                    vnc_test_color(&fmt, 'M'));
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 3, 3), ==,
                    vnc_test_color(&fmt, 'Y'));
    for (guint i = 0; i < 5; i++) {
        g_assert_cmphex(vnc_test_decoder_get_pixel(t, i, 0), ==,
                        vnc_test_color(&fmt, '.'));
        g_assert_cmphex(vnc_test_decoder_get_pixel(t, 0, i), ==,
                        vnc_test_color(&fmt, '.'));
        g_assert_cmphex(vnc_test_decoder_get_pixel(t, i, 4), ==,
                        vnc_test_color(&fmt, '.'));
        g_assert_cmphex(vnc_test_decoder_get_pixel(t, 4, i), ==,
                        vnc_test_color(&fmt, '.'));
    }
    vnc_test_decoder_free(t);
    g_byte_array_unref(plain);
    g_byte_array_unref(z);
    g_byte_array_unref(wire);
}

typedef struct {
    Layout layout;
    guint byte_order;
    gint quality;
    guint level;
    gboolean grey;
} RoundTrip;

static const RoundTrip round_trips[] = {
    { LAYOUT_888, G_LITTLE_ENDIAN, -1, 1, TRUE },
    { LAYOUT_888, G_BIG_ENDIAN, 8, 1, TRUE },
    { LAYOUT_888, G_LITTLE_ENDIAN, 4, 2, TRUE },
    { LAYOUT_888, G_BIG_ENDIAN, 0, 3, TRUE },
    { LAYOUT_888, G_LITTLE_ENDIAN, -1, 1, FALSE },
    { LAYOUT_888, G_BIG_ENDIAN, 5, 2, FALSE },
    { LAYOUT_888, G_LITTLE_ENDIAN, 2, 3, FALSE },
    { LAYOUT_565, G_LITTLE_ENDIAN, 7, 1, FALSE },
    { LAYOUT_565, G_BIG_ENDIAN, 1, 3, FALSE },
    { LAYOUT_555, G_LITTLE_ENDIAN, 3, 2, FALSE },
    { LAYOUT_555, G_BIG_ENDIAN, 9, 1, FALSE },
};

/*
 * The forward transform's output, decoded, gives the picture back: at
 * 32 bpp grey pictures exactly (the colour transform loses nothing when
 * U and V are 0) and colour ones within 2 per channel; at 16 bpp the
 * coefficients lose their low bits in the pixel fields, so only smooth
 * pictures come back close, within a few steps of the 5- or 6-bit
 * fields. Sizes with partial tiles at both edges.
 */
static void
test_zywrle_round_trip(gconstpointer data)
{
    const RoundTrip *rt = data;
    const guint w = 100, h = 71;
    VncPixelFormat fmt;
    VncTestDecoder *t;
    guint32 *image = g_new(guint32, w * h);
    GRand *rand = g_rand_new_with_seed(rt->level * 10 + rt->layout);
    gint tolerance;

    format_for(rt->layout, rt->byte_order, &fmt);
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            gint r, g, b;

            if (rt->layout != LAYOUT_888) {
                /* smooth: gradients */
                r = (x * 2 + y) & 0xff;
                g = (x + y * 2) & 0xff;
                b = (128 + x - y) & 0xff;
            } else if (rt->grey) {
                /* not 0: Y = -128 is sent as -127 (the reference keeps
                 * coefficients in -127..127), which comes back as 1 */
                r = g = b = g_rand_int_range(rand, 1, 256);
            } else {
                r = g_rand_int_range(rand, 0, 256);
                g = g_rand_int_range(rand, 0, 256);
                b = g_rand_int_range(rand, 0, 256);
            }
            image[y * w + x] = pixel_of(r, g, b, rt->layout);
        }
    }
    t = vnc_test_decoder_new(&fmt, w + 2, h + 2, 0);
    decode_coefficients(t, rt->quality, image, w, h, rt->level, rt->layout);

    tolerance = rt->layout == LAYOUT_888 ? (rt->grey ? 0 : 2) : 40;
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            guint32 got = vnc_test_decoder_get_pixel(t, x + 1, y + 1);
            gint r0, g0, b0, r1, g1, b1;

            rgb_of(image[y * w + x], rt->layout, &r0, &g0, &b0);
            rgb_of(got, rt->layout, &r1, &g1, &b1);
            if (abs(r0 - r1) > tolerance || abs(g0 - g1) > tolerance ||
                abs(b0 - b1) > tolerance)
                g_error("pixel (%u, %u): sent (%d, %d, %d), got (%d, %d, %d)",
                        x, y, r0, g0, b0, r1, g1, b1);
        }
    }
    /* and nothing around the rectangle */
    for (guint x = 0; x < w + 2; x++) {
        g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, 0), ==, 0);
        g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, h + 1), ==, 0);
    }
    vnc_test_decoder_free(t);
    g_free(image);
    g_rand_free(rand);
}

/* On -127..127, where the encoder keeps its coefficients, the wavelet
 * step stays in that range and is its own inverse: the property the
 * decoder relies on to undo the server's transform with the same step.
 * (-128 is where it breaks, the reason the range is odd.) */
static void
test_zywrle_plhaar_involution(void)
{
    for (gint a = -127; a < 128; a++) {
        for (gint b = -127; b < 128; b++) {
            gint8 x = a, y = b;

            plhaar(&x, &y);
            g_assert_cmpint(x, !=, -128);
            g_assert_cmpint(y, !=, -128);
            plhaar(&x, &y);
            if (x != a || y != b)
                g_error("PLHaar twice on (%d, %d) gives (%d, %d)", a, b, x, y);
        }
    }
}

/* ZRLE and ZYWRLE rectangles share one zlib stream. */
static void
test_zywrle_shares_zrle_stream(void)
{
    VncPixelFormat fmt;
    VncTestDecoder *t;
    z_stream zs = { 0 };
    GError *err = NULL;
    static const guint8 tile_zrle[] = { 1, 0x10, 0x20, 0x30 };
    static const guint8 tile_zywrle[] = { 1, 0x40, 0x50, 0x60 };
    const guint8 *tiles[] = { tile_zrle, tile_zywrle, tile_zrle };
    VncDecodeFunc decoders[] = { vnc_decode_zrle, vnc_decode_zywrle,
                                 vnc_decode_zrle };

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    t = vnc_test_decoder_new(&fmt, 3, 1, 0);
    g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
    for (guint i = 0; i < 3; i++) {
        GByteArray *z = g_byte_array_new(), *wire = g_byte_array_new();

        vnc_test_deflate(&zs, tiles[i], 4, z);
        vnc_test_put_u32(wire, z->len);
        vnc_test_put_bytes(wire, z->data, z->len);
        vnc_test_decoder_set_input(t, wire->data, wire->len);
        g_assert_true(vnc_test_decoder_run(t, decoders[i], i, 0, 1, 1, &err));
        g_assert_no_error(err);
        g_byte_array_unref(z);
        g_byte_array_unref(wire);
    }
    deflateEnd(&zs);
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 0, 0), ==, 0x302010);
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 1, 0), ==, 0x605040);
    g_assert_cmphex(vnc_test_decoder_get_pixel(t, 2, 0), ==, 0x302010);
    vnc_test_decoder_free(t);
}

/* Mutated inner tiles never write outside the rectangle. */
static void
test_zywrle_mutations(void)
{
    VncPixelFormat fmt;
    GByteArray *plain = g_byte_array_new();
    guint32 *tile = g_new(guint32, 64 * 64);
    GRand *rand = g_rand_new_with_seed(11);

    format_for(LAYOUT_565, G_BIG_ENDIAN, &fmt);
    /* a 70x40 rectangle: tiles 64x40 and 6x40, coefficients raw and in
     * palette runs */
    for (guint i = 0; i < 64 * 40; i++)
        tile[i] = g_rand_int(rand) & 0xffff;
    zywrle_analyze(tile, 64, 40, 1, LAYOUT_565);
    vnc_test_put_u8(plain, 0);
    vnc_test_put_u8(plain, 0);
    for (guint i = 0; i < 64 * 40; i++)
        vnc_test_put_cpixel(plain, &fmt, tile[i]);
    vnc_test_put_script(plain, &fmt,
                        "u8:0 u8:130 v:1234 v:8000 u8:0x80 u8:200 u8:0x81 u8:38");
    vnc_test_decoder_assert_mutations(&fmt, 72, 42, vnc_decode_zywrle,
                                      1, 1, 70, 40, plain->data, plain->len,
                                      TRUE, 500, 12);
    g_free(tile);
    g_rand_free(rand);
    g_byte_array_unref(plain);
}

static void
test_zywrle_bad_bpp(void)
{
    vnc_test_assert_rejects_bpp(vnc_decode_zywrle);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    vnc_test_cases_add("decode/zywrle", cases, G_N_ELEMENTS(cases));
    g_test_add_func("/decode/zywrle/by-hand", test_zywrle_by_hand);
    g_test_add_func("/decode/zywrle/unaligned", test_zywrle_unaligned);
    g_test_add_func("/decode/zywrle/plhaar-involution",
                    test_zywrle_plhaar_involution);
    for (guint i = 0; i < G_N_ELEMENTS(round_trips); i++) {
        const RoundTrip *rt = &round_trips[i];
        gchar *path = g_strdup_printf("/decode/zywrle/round-trip/%s-%s-q%d-%s",
                                      rt->layout == LAYOUT_888 ? "888" :
                                      rt->layout == LAYOUT_565 ? "565" : "555",
                                      rt->byte_order == G_BIG_ENDIAN ? "be" : "le",
                                      rt->quality,
                                      rt->grey ? "grey" : "colour");

        g_test_add_data_func(path, rt, test_zywrle_round_trip);
        g_free(path);
    }
    g_test_add_func("/decode/zywrle/shares-zrle-stream",
                    test_zywrle_shares_zrle_stream);
    g_test_add_func("/decode/zywrle/bad-bpp", test_zywrle_bad_bpp);
    g_test_add_func("/decode/zywrle/mutations", test_zywrle_mutations);

    return g_test_run();
}
