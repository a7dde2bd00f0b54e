/*
 * gtk-vnc tests: the Zlib decoder, and through it the inflate helper
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <zlib.h>

#include "decode-utils.h"

/* A 3x2 rectangle at (1, 1) in a 5x4 framebuffer. */
#define RECT 5, 4, 1, 1, 3, 2

static const VncTestDecodeCase cases[] = {
    { "pixels", vnc_decode_zlib, RECT,
      "p:R p:G p:B p:C p:M p:Y", VNC_TEST_ZLIB,
      ".....\n"
      ".RGB.\n"
      ".CMY.\n"
      ".....\n" },
    { "empty-rectangle", vnc_decode_zlib, 5, 4, 2, 2, 0, 2,
      "", VNC_TEST_ZLIB,
      ".....\n"
      ".....\n"
      ".....\n"
      ".....\n" },
    { "stored-block", vnc_decode_zlib, RECT,
      /* a zlib header, one stored block of the six pixels (only for
       * 8 bpp: 6 bytes) and a sync flush marker; no compression */
      "u32:18 x:7801 x:000600f9ff x:073fc70707ff x:000000ffff", 0,
      ".....\n"
      ".RYM.\n"
      ".RRW.\n"
      ".....\n", 0, 8 },

    { "too-few-pixels", vnc_decode_zlib, RECT,
      "p:R p:G p:B p:C p:M", VNC_TEST_ZLIB,
      NULL, VNC_ERROR_PROTOCOL },
    { "too-many-pixels", vnc_decode_zlib, RECT,
      "p:R p:G p:B p:C p:M p:Y p:K", VNC_TEST_ZLIB,
      NULL, VNC_ERROR_PROTOCOL },
    { "length-4g", vnc_decode_zlib, RECT,
      "u32:0xffffffff x:7801", 0,
      NULL, VNC_ERROR_LIMIT },
    { "length-too-long", vnc_decode_zlib, RECT,
      /* six pixels of at most 4 bytes never need 5000 bytes */
      "u32:5000 x:7801", 0,
      NULL, VNC_ERROR_LIMIT },
    { "not-zlib", vnc_decode_zlib, RECT,
      "u32:4 x:deadbeef", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "corrupt-block", vnc_decode_zlib, RECT,
      /* a valid header, then a block of the reserved type 3 */
      "u32:4 x:7801 x:07ff", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "truncated-block", vnc_decode_zlib, RECT,
      /* the length covers only part of the stored block: too few */
      "u32:9 x:7801 x:000600f9ff x:0102", 0,
      NULL, VNC_ERROR_PROTOCOL, 8 },
    { "preset-dictionary", vnc_decode_zlib, RECT,
      /* FDICT set: the server cannot have a dictionary we know */
      "u32:6 x:78bb x:00000001", 0,
      NULL, VNC_ERROR_PROTOCOL },
    { "data-missing", vnc_decode_zlib, RECT,
      "u32:40 x:7801", 0,
      NULL, VNC_ERROR_CLOSED },
};

/* Builds a Zlib rectangle of @n pixels from @pixels on the running @zs. */
static void
put_zlib_rect(GByteArray *buf, z_stream *zs, const VncPixelFormat *fmt,
              const guint32 *pixels, gsize n)
{
    GByteArray *plain = g_byte_array_new();
    GByteArray *z = g_byte_array_new();

    for (gsize i = 0; i < n; i++)
        vnc_test_put_pixel(plain, fmt, pixels[i]);
    vnc_test_deflate(zs, plain->data, plain->len, z);
    vnc_test_put_u32(buf, z->len);
    vnc_test_put_bytes(buf, z->data, z->len);
    g_byte_array_unref(plain);
    g_byte_array_unref(z);
}

/* Rectangles share one zlib stream: the second refers back to the
 * first's bytes, so it only decodes with the state kept. */
static void
test_zlib_stream_continues(void)
{
    VncPixelFormat fmt;
    VncTestDecoder *t;
    z_stream zs = { 0 };
    GByteArray *one = g_byte_array_new();
    GByteArray *two = g_byte_array_new();
    guint32 pixels[64 * 8];
    GError *err = NULL;

    vnc_test_format_init(&fmt, 32, G_BIG_ENDIAN);
    for (guint i = 0; i < G_N_ELEMENTS(pixels); i++)
        pixels[i] = vnc_test_rgb(&fmt, i * 7, i * 13, i * 29);
    g_assert_cmpint(deflateInit(&zs, 9), ==, Z_OK);
    put_zlib_rect(one, &zs, &fmt, pixels, G_N_ELEMENTS(pixels));
    put_zlib_rect(two, &zs, &fmt, pixels, G_N_ELEMENTS(pixels));
    deflateEnd(&zs);
    /* the repeat costs far less than the original */
    g_assert_cmpuint(two->len * 4, <, one->len);

    t = vnc_test_decoder_new(&fmt, 64, 16, 0);
    vnc_test_decoder_set_input(t, one->data, one->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_zlib, 0, 0, 64, 8, &err));
    g_assert_no_error(err);
    vnc_test_decoder_assert_consumed(t);
    vnc_test_decoder_set_input(t, two->data, two->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_zlib, 0, 8, 64, 8, &err));
    g_assert_no_error(err);
    vnc_test_decoder_assert_consumed(t);
    for (guint y = 0; y < 16; y++) {
        for (guint x = 0; x < 64; x++)
            g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, y), ==,
                            pixels[(y % 8) * 64 + x]);
    }

    /* Without the first rectangle the second is garbage to zlib. */
    vnc_test_decoder_free(t);
    t = vnc_test_decoder_new(&fmt, 64, 16, 0);
    vnc_test_decoder_set_input(t, two->data, two->len);
    g_assert_false(vnc_test_decoder_run(t, vnc_decode_zlib, 0, 8, 64, 8,
                                        &err));
    g_assert_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL);
    g_clear_error(&err);

    vnc_test_decoder_free(t);
    g_byte_array_unref(one);
    g_byte_array_unref(two);
}

/* A rectangle larger than one band of rows (64 KiB), of incompressible
 * pixels, checked pixel by pixel. */
static void
test_zlib_many_bands(void)
{
    VncPixelFormat fmt;
    VncTestDecoder *t;
    z_stream zs = { 0 };
    GByteArray *buf = g_byte_array_new();
    const guint16 w = 300, h = 200;
    guint32 *pixels = g_new(guint32, w * h);
    GError *err = NULL;
    GRand *rand = g_rand_new_with_seed(42);

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    for (guint i = 0; i < (guint)w * h; i++)
        pixels[i] = g_rand_int(rand) & 0xffffff;
    g_assert_cmpint(deflateInit(&zs, 1), ==, Z_OK);
    put_zlib_rect(buf, &zs, &fmt, pixels, (gsize)w * h);
    deflateEnd(&zs);

    t = vnc_test_decoder_new(&fmt, w + 2, h + 2, 0);
    vnc_test_decoder_set_input(t, buf->data, buf->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_zlib, 1, 1, w, h, &err));
    g_assert_no_error(err);
    vnc_test_decoder_assert_consumed(t);
    for (guint y = 0; y < h + 2u; y++) {
        for (guint x = 0; x < w + 2u; x++) {
            guint32 want = 0;

            if (x >= 1 && x <= w && y >= 1 && y <= h)
                want = pixels[(y - 1) * w + x - 1];
            g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, y), ==, want);
        }
    }
    vnc_test_decoder_free(t);
    g_byte_array_unref(buf);
    g_free(pixels);
    g_rand_free(rand);
}

/* A server that ends its zlib stream (Z_FINISH) instead of flushing:
 * the rectangle decodes, and the next one may start a new stream. */
static void
test_zlib_stream_end(void)
{
    VncPixelFormat fmt;
    VncTestDecoder *t;
    GError *err = NULL;

    vnc_test_format_init(&fmt, 8, G_LITTLE_ENDIAN);
    t = vnc_test_decoder_new(&fmt, 3, 2, 0);
    for (guint round = 0; round < 2; round++) {
        guint8 plain[6] = { 1, 2, 3, 4, 5, 6 + round };
        guint8 z[64];
        uLongf zlen = sizeof(z);
        GByteArray *buf = g_byte_array_new();

        g_assert_cmpint(compress(z, &zlen, plain, sizeof(plain)), ==, Z_OK);
        vnc_test_put_u32(buf, zlen);
        vnc_test_put_bytes(buf, z, zlen);
        vnc_test_decoder_set_input(t, buf->data, buf->len);
        g_assert_true(vnc_test_decoder_run(t, vnc_decode_zlib, 0, 0, 3, 2,
                                           &err));
        g_assert_no_error(err);
        vnc_test_decoder_assert_consumed(t);
        g_assert_cmpmem(t->buffer, 6, plain, 6);
        g_byte_array_unref(buf);
    }
    vnc_test_decoder_free(t);
}

/* Bytes after the end of a finished zlib stream are refused. */
static void
test_zlib_after_stream_end(void)
{
    VncPixelFormat fmt;
    VncTestDecoder *t;
    GError *err = NULL;
    guint8 plain[6] = { 1, 2, 3, 4, 5, 6 };
    guint8 z[64];
    uLongf zlen = sizeof(z);
    GByteArray *buf = g_byte_array_new();

    vnc_test_format_init(&fmt, 8, G_LITTLE_ENDIAN);
    g_assert_cmpint(compress(z, &zlen, plain, sizeof(plain)), ==, Z_OK);
    vnc_test_put_u32(buf, zlen + 4);
    vnc_test_put_bytes(buf, z, zlen);
    vnc_test_put_u32(buf, 0);
    t = vnc_test_decoder_new(&fmt, 3, 2, 0);
    vnc_test_decoder_set_input(t, buf->data, buf->len);
    g_assert_false(vnc_test_decoder_run(t, vnc_decode_zlib, 0, 0, 3, 2, &err));
    g_assert_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL);
    g_error_free(err);
    vnc_test_decoder_free(t);
    g_byte_array_unref(buf);
}

/* Mutated pixel data (compressed after the mutation), and mutated
 * compressed data, never write outside the rectangle. */
static void
test_zlib_mutations(void)
{
    VncPixelFormat fmt;
    GByteArray *plain = g_byte_array_new();
    GByteArray *wire = g_byte_array_new();
    z_stream zs = { 0 };

    vnc_test_format_init(&fmt, 16, G_LITTLE_ENDIAN);
    for (guint i = 0; i < 40 * 3; i++)
        vnc_test_put_pixel(plain, &fmt, vnc_test_rgb(&fmt, i * 9, i * 5, i));
    vnc_test_decoder_assert_mutations(&fmt, 42, 5, vnc_decode_zlib,
                                      1, 1, 40, 3, plain->data, plain->len,
                                      TRUE, 1000, 4);
    g_assert_cmpint(deflateInit(&zs, 9), ==, Z_OK);
    {
        GByteArray *z = g_byte_array_new();

        vnc_test_deflate(&zs, plain->data, plain->len, z);
        vnc_test_put_u32(wire, z->len);
        vnc_test_put_bytes(wire, z->data, z->len);
        g_byte_array_unref(z);
    }
    deflateEnd(&zs);
    vnc_test_decoder_assert_mutations(&fmt, 42, 5, vnc_decode_zlib,
                                      1, 1, 40, 3, wire->data, wire->len,
                                      FALSE, 1000, 5);
    g_byte_array_unref(plain);
    g_byte_array_unref(wire);
}

static void
test_zlib_bad_bpp(void)
{
    vnc_test_assert_rejects_bpp(vnc_decode_zlib);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    vnc_test_cases_add("decode/zlib", cases, G_N_ELEMENTS(cases));
    g_test_add_func("/decode/zlib/stream-continues", test_zlib_stream_continues);
    g_test_add_func("/decode/zlib/many-bands", test_zlib_many_bands);
    g_test_add_func("/decode/zlib/stream-end", test_zlib_stream_end);
    g_test_add_func("/decode/zlib/after-stream-end", test_zlib_after_stream_end);
    g_test_add_func("/decode/zlib/bad-bpp", test_zlib_bad_bpp);
    g_test_add_func("/decode/zlib/mutations", test_zlib_mutations);

    return g_test_run();
}
