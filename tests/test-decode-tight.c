/*
 * gtk-vnc tests: the Tight (7) and Tight-PNG (-260) decoders
 *
 * Every vector is built here from the encoding's description: pixels are
 * filtered (copy, palette, gradient) and compressed with zlib, JPEG
 * images made with libjpeg and PNG images with libpng. Good vectors carry
 * the pixels they must produce, hostile ones the error they must raise;
 * both live in the same tables. Every good vector is also cut short at
 * every byte and must then fail without writing outside its rectangle.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

#include "coroutine.h"
#include "decode-utils.h"
#include "vncdecode-tight-priv.h"

/* Rectangles sit at this offset in a framebuffer with this much margin
 * on every side, so stray writes show. */
#define RECT_X 3
#define RECT_Y 2
#define MARGIN_W 6
#define MARGIN_H 4

/* ------------------------------------------------------------------ */
/* Pixel formats                                                       */

typedef enum {
    FMT_32LE,       /* depth 24, red at 16: 3-byte TPIXELs; local BGRX */
    FMT_32BE,       /* the same, big endian: local XRGB */
    FMT_32HIGH_LE,  /* red at 24: 3-byte TPIXELs; local XBGR */
    FMT_32HIGH_BE,  /* local RGBX */
    FMT_32ODD,      /* red 0, green 16, blue 8: no libjpeg layout */
    FMT_32DEEP,     /* depth 30, 10 bits a component: 4-byte TPIXELs */
    FMT_16LE,
    FMT_16BE,
    FMT_8,
} TestFormat;

static void
test_format(VncPixelFormat *fmt, TestFormat which)
{
    switch (which) {
    case FMT_32LE:
        vnc_test_format_init(fmt, 32, G_LITTLE_ENDIAN);
        break;
    case FMT_32BE:
        vnc_test_format_init(fmt, 32, G_BIG_ENDIAN);
        break;
    case FMT_32HIGH_LE:
        vnc_test_format_init_high(fmt, G_LITTLE_ENDIAN);
        break;
    case FMT_32HIGH_BE:
        vnc_test_format_init_high(fmt, G_BIG_ENDIAN);
        break;
    case FMT_32ODD:
        vnc_test_format_init(fmt, 32, G_LITTLE_ENDIAN);
        fmt->red_shift = 0;
        fmt->green_shift = 16;
        fmt->blue_shift = 8;
        break;
    case FMT_32DEEP:
        vnc_test_format_init(fmt, 32, G_LITTLE_ENDIAN);
        fmt->depth = 30;
        fmt->red_max = fmt->green_max = fmt->blue_max = 1023;
        fmt->red_shift = 20;
        fmt->green_shift = 10;
        fmt->blue_shift = 0;
        break;
    case FMT_16LE:
        vnc_test_format_init(fmt, 16, G_LITTLE_ENDIAN);
        break;
    case FMT_16BE:
        vnc_test_format_init(fmt, 16, G_BIG_ENDIAN);
        break;
    case FMT_8:
        vnc_test_format_init(fmt, 8, G_LITTLE_ENDIAN);
        break;
    }
}

/* The spec's condition for 3-byte TPIXELs. */
static gboolean
test_is_rgb24(const VncPixelFormat *fmt)
{
    return fmt->bits_per_pixel == 32 && fmt->depth == 24 &&
        fmt->true_color_flag && fmt->red_max == 255 &&
        fmt->green_max == 255 && fmt->blue_max == 255;
}

static guint
test_tpixel_size(const VncPixelFormat *fmt)
{
    return test_is_rgb24(fmt) ? 3 : fmt->bits_per_pixel / 8;
}

static guint32
test_component(const VncPixelFormat *fmt, guint32 pixel, guint c)
{
    const guint shift[3] = { fmt->red_shift, fmt->green_shift, fmt->blue_shift };
    const guint32 max[3] = { fmt->red_max, fmt->green_max, fmt->blue_max };

    return (pixel >> shift[c]) & max[c];
}

static guint32
test_component_max(const VncPixelFormat *fmt, guint c)
{
    const guint32 max[3] = { fmt->red_max, fmt->green_max, fmt->blue_max };

    return max[c];
}

static guint32
test_compose(const VncPixelFormat *fmt, const guint32 comp[3])
{
    return (comp[0] << fmt->red_shift) | (comp[1] << fmt->green_shift) |
        (comp[2] << fmt->blue_shift);
}

static void
test_put_tpixel(GByteArray *buf, const VncPixelFormat *fmt, guint32 pixel)
{
    if (test_is_rgb24(fmt)) {
        guint8 rgb[3];

        for (guint c = 0; c < 3; c++)
            rgb[c] = test_component(fmt, pixel, c);
        vnc_test_put_bytes(buf, rgb, 3);
    } else {
        vnc_test_put_pixel(buf, fmt, pixel);
    }
}

static guint32
test_background(const VncPixelFormat *fmt)
{
    return vnc_test_rgb(fmt, 201, 99, 47);
}

/* A busy picture, different in every component. */
static guint32
test_pattern(const VncPixelFormat *fmt, guint x, guint y)
{
    return vnc_test_rgb(fmt, (x * 37 + y * 11) & 0xff,
                        (x * 5 + y * 29 + 64) & 0xff,
                        (x * y * 3 + 17) & 0xff);
}

/* ------------------------------------------------------------------ */
/* Building the wire bytes                                             */

static void
test_put_compact(GByteArray *buf, guint32 len)
{
    g_assert_cmpuint(len, <=, 0x3fffff);
    if (len < 0x80) {
        vnc_test_put_u8(buf, len);
    } else if (len < 0x4000) {
        vnc_test_put_u8(buf, (len & 0x7f) | 0x80);
        vnc_test_put_u8(buf, len >> 7);
    } else {
        vnc_test_put_u8(buf, (len & 0x7f) | 0x80);
        vnc_test_put_u8(buf, ((len >> 7) & 0x7f) | 0x80);
        vnc_test_put_u8(buf, len >> 14);
    }
}

/* The encoder's zlib streams, one per Tight stream number. */
typedef struct {
    z_stream zs[4];
    gboolean ready[4];
} TestDeflate;

static z_stream *
test_deflate_stream(TestDeflate *d, guint id)
{
    if (!d->ready[id]) {
        memset(&d->zs[id], 0, sizeof(d->zs[id]));
        g_assert_cmpint(deflateInit(&d->zs[id], 6), ==, Z_OK);
        d->ready[id] = TRUE;
    }
    return &d->zs[id];
}

static void
test_deflate_reset(TestDeflate *d, guint id)
{
    if (d->ready[id])
        deflateEnd(&d->zs[id]);
    d->ready[id] = FALSE;
}

static void
test_deflate_clear(TestDeflate *d)
{
    for (guint i = 0; i < 4; i++)
        test_deflate_reset(d, i);
}

/* Basic-compression data: as is below 12 bytes, else compressed on
 * stream @id with a compact length in front. */
static void
test_put_basic_data(GByteArray *buf, TestDeflate *d, guint id,
                    const guint8 *data, gsize len)
{
    if (len < 12) {
        vnc_test_put_bytes(buf, data, len);
    } else {
        GByteArray *z = g_byte_array_new();

        vnc_test_deflate(test_deflate_stream(d, id), data, len, z);
        test_put_compact(buf, z->len);
        vnc_test_put_bytes(buf, z->data, z->len);
        g_byte_array_unref(z);
    }
}

/* In a table's param: send basic data without zlib (LibVNCServer's and
 * TurboVNC's compression level 0), control byte 0xA0 or 0xE0. */
#define NO_ZLIB 0x1000

/* Basic data as the case wants it: compressed on stream @id, or with
 * NO_ZLIB as it is behind a compact length (below 12 bytes without). */
static void
test_put_case_data(GByteArray *buf, TestDeflate *d, guint param, guint id,
                   const guint8 *data, gsize len)
{
    if ((param & NO_ZLIB) && len >= 12) {
        test_put_compact(buf, len);
        vnc_test_put_bytes(buf, data, len);
    } else {
        test_put_basic_data(buf, d, id, data, len);
    }
}

/* The control byte of basic compression on stream @id, or of its
 * no-zlib form. */
static guint8
test_basic_control(guint param, guint id, gboolean filter)
{
    if (param & NO_ZLIB)
        return filter ? 0xe0 : 0xa0;
    return (id | (filter ? 4 : 0)) << 4;
}

/* Rows of TPIXELs. */
static GByteArray *
test_copy_rows(const VncPixelFormat *fmt, const guint32 *pixels,
               guint w, guint h)
{
    GByteArray *rows = g_byte_array_new();

    for (guint i = 0; i < w * h; i++)
        test_put_tpixel(rows, fmt, pixels[i]);
    return rows;
}

/* Palette indices: one bit each (rows padded, top bit first) for two
 * colours, else one byte. */
static GByteArray *
test_index_rows(const guint8 *indices, guint w, guint h, guint n_colors)
{
    GByteArray *rows = g_byte_array_new();

    for (guint y = 0; y < h; y++) {
        if (n_colors == 2) {
            for (guint x = 0; x < w; x += 8) {
                guint8 byte = 0;

                for (guint i = 0; i < 8 && x + i < w; i++)
                    byte |= (indices[y * w + x + i] & 1) << (7 - i);
                vnc_test_put_u8(rows, byte);
            }
        } else {
            vnc_test_put_bytes(rows, indices + y * w, w);
        }
    }
    return rows;
}

/* The gradient filter from the encoder's side: per component, the
 * difference from the prediction (left + above - above-left, clamped),
 * masked to the component. */
static GByteArray *
test_gradient_rows(const VncPixelFormat *fmt, const guint32 *pixels,
                   guint w, guint h)
{
    GByteArray *rows = g_byte_array_new();

    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            guint32 diff[3];

            for (guint c = 0; c < 3; c++) {
                gint64 max = test_component_max(fmt, c);
                gint64 left = x > 0 ? test_component(fmt, pixels[y * w + x - 1], c) : 0;
                gint64 above = y > 0 ? test_component(fmt, pixels[(y - 1) * w + x], c) : 0;
                gint64 corner = x > 0 && y > 0 ?
                    test_component(fmt, pixels[(y - 1) * w + x - 1], c) : 0;
                gint64 guess = CLAMP(left + above - corner, 0, max);
                gint64 actual = test_component(fmt, pixels[y * w + x], c);

                diff[c] = (guint32)(actual - guess) & max;
            }
            if (test_is_rgb24(fmt)) {
                guint8 rgb[3] = { diff[0], diff[1], diff[2] };

                vnc_test_put_bytes(rows, rgb, 3);
            } else {
                vnc_test_put_pixel(rows, fmt, test_compose(fmt, diff));
            }
        }
    }
    return rows;
}

/* ------------------------------------------------------------------ */
/* JPEG and PNG images made with the real libraries                    */

/* Smooth content, as JPEG is meant for. */
static void
test_photo(guint8 *rgb, guint w, guint h)
{
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            guint8 *p = rgb + (y * w + x) * 3;
            double dx = (double)x - w / 2.0, dy = (double)y - h / 2.0;
            double r = sqrt(dx * dx + dy * dy);

            p[0] = (guint8)(128 + 100 * sin(x / 9.0));
            p[1] = (guint8)(40 + 180.0 * y / h);
            p[2] = (guint8)(128 + 90 * cos(r / 7.0));
        }
    }
}

static GByteArray *
test_make_jpeg(const guint8 *rgb, guint w, guint h, int quality,
               gboolean gray, gboolean progressive)
{
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    unsigned char *out = NULL;
    unsigned long out_len = 0;
    guint8 *row = g_malloc(w * 3);
    GByteArray *jpeg;

    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &out, &out_len);
    cinfo.image_width = w;
    cinfo.image_height = h;
    cinfo.input_components = gray ? 1 : 3;
    cinfo.in_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (progressive)
        jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < h) {
        const guint8 *src = rgb + cinfo.next_scanline * w * 3;
        JSAMPROW rows[1] = { row };

        if (gray) {
            for (guint x = 0; x < w; x++)
                row[x] = src[x * 3 + 1];
        } else {
            memcpy(row, src, w * 3);
        }
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);

    jpeg = g_byte_array_new();
    g_byte_array_append(jpeg, out, out_len);
    free(out);
    g_free(row);
    return jpeg;
}

/* The RGB pixels libjpeg itself makes of @jpeg. */
static guint8 *
test_decode_jpeg(const GByteArray *jpeg, guint w, guint h)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr jerr;
    guint8 *rgb = g_malloc((gsize)w * h * 3);

    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, jpeg->data, jpeg->len);
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    g_assert_cmpuint(cinfo.output_width, ==, w);
    g_assert_cmpuint(cinfo.output_height, ==, h);
    while (cinfo.output_scanline < h) {
        JSAMPROW row = rgb + (gsize)cinfo.output_scanline * w * 3;

        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return rgb;
}

typedef enum {
    PNG_RGB,
    PNG_RGB16,
    PNG_RGBA,
    PNG_PALETTE,
    PNG_PALETTE_TRNS,
    PNG_GRAY,
    PNG_GRAY1,
    PNG_GRAY_ALPHA,
    PNG_RGB_INTERLACED,
} TestPngKind;

static void
test_png_write(png_structp png, png_bytep data, png_size_t len)
{
    g_byte_array_append(png_get_io_ptr(png), data, len);
}

static void
test_png_flush(png_structp png G_GNUC_UNUSED)
{
}

/* Fills @rgb with what the image shows once alpha and precision are
 * dropped, and returns the PNG file. */
static GByteArray *
test_make_png(TestPngKind kind, guint w, guint h, guint8 *rgb)
{
    GByteArray *file = g_byte_array_new();
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING,
                                              NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    int color_type, depth = 8, channels;
    png_color palette[6];
    png_byte trns[6] = { 0, 64, 128, 255, 255, 10 };
    guint8 *row;

    for (guint i = 0; i < G_N_ELEMENTS(palette); i++) {
        palette[i].red = i * 50;
        palette[i].green = 255 - i * 40;
        palette[i].blue = (i * 97) & 0xff;
    }

    switch (kind) {
    case PNG_RGB:
    case PNG_RGB_INTERLACED:
        color_type = PNG_COLOR_TYPE_RGB;
        channels = 3;
        break;
    case PNG_RGB16:
        color_type = PNG_COLOR_TYPE_RGB;
        depth = 16;
        channels = 3;
        break;
    case PNG_RGBA:
        color_type = PNG_COLOR_TYPE_RGB_ALPHA;
        channels = 4;
        break;
    case PNG_PALETTE:
    case PNG_PALETTE_TRNS:
        color_type = PNG_COLOR_TYPE_PALETTE;
        channels = 1;
        break;
    case PNG_GRAY:
        color_type = PNG_COLOR_TYPE_GRAY;
        channels = 1;
        break;
    case PNG_GRAY1:
        color_type = PNG_COLOR_TYPE_GRAY;
        depth = 1;
        channels = 1;
        break;
    case PNG_GRAY_ALPHA:
    default:
        color_type = PNG_COLOR_TYPE_GRAY_ALPHA;
        channels = 2;
        break;
    }

    png_set_write_fn(png, file, test_png_write, test_png_flush);
    png_set_IHDR(png, info, w, h, depth, color_type,
                 kind == PNG_RGB_INTERLACED ? PNG_INTERLACE_ADAM7 :
                 PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE)
        png_set_PLTE(png, info, palette, G_N_ELEMENTS(palette));
    if (kind == PNG_PALETTE_TRNS)
        png_set_tRNS(png, info, trns, G_N_ELEMENTS(trns), NULL);
    png_write_info(png, info);

    row = g_malloc0((gsize)w * channels * 2);
    for (int pass = 0; pass < png_set_interlace_handling(png); pass++) {
        for (guint y = 0; y < h; y++) {
            for (guint x = 0; x < w; x++) {
                guint8 *out = rgb + (y * w + x) * 3;
                guint8 r = (x * 23 + y * 7) & 0xff;
                guint8 g = (x * 3 + y * 31) & 0xff;
                guint8 b = (x ^ y) * 9 & 0xff;
                guint index = (x / 3 + y) % G_N_ELEMENTS(palette);

                switch (kind) {
                case PNG_RGB:
                case PNG_RGB_INTERLACED:
                    row[x * 3] = r;
                    row[x * 3 + 1] = g;
                    row[x * 3 + 2] = b;
                    break;
                case PNG_RGB16:
                    /* The low bytes are noise that must not show. */
                    row[x * 6] = r;
                    row[x * 6 + 1] = x * 77;
                    row[x * 6 + 2] = g;
                    row[x * 6 + 3] = y * 13;
                    row[x * 6 + 4] = b;
                    row[x * 6 + 5] = 0x5a;
                    break;
                case PNG_RGBA:
                    row[x * 4] = r;
                    row[x * 4 + 1] = g;
                    row[x * 4 + 2] = b;
                    row[x * 4 + 3] = x * 11;
                    break;
                case PNG_PALETTE:
                case PNG_PALETTE_TRNS:
                    row[x] = index;
                    r = palette[index].red;
                    g = palette[index].green;
                    b = palette[index].blue;
                    break;
                case PNG_GRAY:
                    row[x] = g;
                    r = b = g;
                    break;
                case PNG_GRAY1:
                    if (x % 8 == 0)
                        row[x / 8] = 0;
                    g = ((x + y) % 3 == 0) ? 255 : 0;
                    if (g)
                        row[x / 8] |= 0x80 >> (x % 8);
                    r = b = g;
                    break;
                case PNG_GRAY_ALPHA:
                    row[x * 2] = g;
                    row[x * 2 + 1] = y * 5;
                    r = b = g;
                    break;
                }
                out[0] = r;
                out[1] = g;
                out[2] = b;
            }
            png_write_row(png, row);
        }
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    g_free(row);
    return file;
}

/* ------------------------------------------------------------------ */
/* The table of basic, fill and hostile vectors                        */

typedef struct _TestCase TestCase;

typedef struct {
    const TestCase *tc;
    VncPixelFormat fmt;
    GByteArray *payload;
    guint32 *expect;        /* the rectangle's pixels; NULL for errors */
    TestDeflate deflate;
} TestBuild;

struct _TestCase {
    const char *name;
    TestFormat format;
    gboolean tight_png;     /* decode as Tight-PNG rather than Tight */
    guint16 w, h;
    void (*build)(TestBuild *b);
    guint param;            /* colours, stream number, control byte... */
    int error;              /* -1 for success, else a VncErrorCode */
    gboolean skip_truncation;  /* too large to cut at every byte */
};

static guint32 *
test_pattern_pixels(TestBuild *b)
{
    const TestCase *tc = b->tc;
    guint32 *pixels = g_new(guint32, (gsize)tc->w * tc->h + 1);

    for (guint y = 0; y < tc->h; y++) {
        for (guint x = 0; x < tc->w; x++)
            pixels[y * tc->w + x] = test_pattern(&b->fmt, x, y);
    }
    return pixels;
}

/* Fill: param is the pixel's red. */
static void
build_fill(TestBuild *b)
{
    const TestCase *tc = b->tc;
    guint32 pixel = vnc_test_rgb(&b->fmt, b->tc->param, 80, 160);

    vnc_test_put_u8(b->payload, 0x80);
    test_put_tpixel(b->payload, &b->fmt, pixel);
    b->expect = g_new(guint32, (gsize)tc->w * tc->h + 1);
    for (guint i = 0; i < (guint)tc->w * tc->h; i++)
        b->expect[i] = pixel;
}

/* Basic with the copy filter, implicit; param is the stream. */
static void
build_copy(TestBuild *b)
{
    const TestCase *tc = b->tc;
    GByteArray *rows;

    b->expect = test_pattern_pixels(b);
    rows = test_copy_rows(&b->fmt, b->expect, tc->w, tc->h);
    vnc_test_put_u8(b->payload, test_basic_control(tc->param, tc->param & 3,
                                                   FALSE));
    test_put_case_data(b->payload, &b->deflate, tc->param, tc->param & 3,
                       rows->data, rows->len);
    g_byte_array_unref(rows);
}

/* Basic with the copy filter named explicitly, stream 2. */
static void
build_copy_explicit(TestBuild *b)
{
    const TestCase *tc = b->tc;
    GByteArray *rows;

    b->expect = test_pattern_pixels(b);
    rows = test_copy_rows(&b->fmt, b->expect, tc->w, tc->h);
    vnc_test_put_u8(b->payload, 0x60);
    vnc_test_put_u8(b->payload, 0);
    test_put_basic_data(b->payload, &b->deflate, 2, rows->data, rows->len);
    g_byte_array_unref(rows);
}

/* Palette filter with param colours, stream 1. */
static void
build_palette(TestBuild *b)
{
    const TestCase *tc = b->tc;
    guint n = tc->param & 0x1ff;
    guint32 palette[256];
    guint8 *indices = g_malloc((gsize)tc->w * tc->h + 1);
    GByteArray *rows;

    for (guint i = 0; i < n; i++)
        palette[i] = vnc_test_rgb(&b->fmt, i * 7, 255 - i, (i * 53) & 0xff);
    b->expect = g_new(guint32, (gsize)tc->w * tc->h + 1);
    for (guint y = 0; y < tc->h; y++) {
        for (guint x = 0; x < tc->w; x++) {
            /* x * x / 7 breaks the period: with two colours the two
             * halves of an index byte differ. */
            guint i = (x * 5 + y * 3 + x * y + x * x / 7) % n;

            indices[y * tc->w + x] = i;
            b->expect[y * tc->w + x] = palette[i];
        }
    }

    vnc_test_put_u8(b->payload, test_basic_control(tc->param, 1, TRUE));
    vnc_test_put_u8(b->payload, 1);
    vnc_test_put_u8(b->payload, n - 1);
    for (guint i = 0; i < n; i++)
        test_put_tpixel(b->payload, &b->fmt, palette[i]);
    rows = test_index_rows(indices, tc->w, tc->h, n);
    test_put_case_data(b->payload, &b->deflate, tc->param, 1,
                       rows->data, rows->len);
    g_byte_array_unref(rows);
    g_free(indices);
}

/* Gradient filter, stream 3. */
static void
build_gradient(TestBuild *b)
{
    const TestCase *tc = b->tc;
    GByteArray *rows;

    b->expect = test_pattern_pixels(b);
    rows = test_gradient_rows(&b->fmt, b->expect, tc->w, tc->h);
    vnc_test_put_u8(b->payload, test_basic_control(tc->param, 3, TRUE));
    vnc_test_put_u8(b->payload, 2);
    test_put_case_data(b->payload, &b->deflate, tc->param, 3,
                       rows->data, rows->len);
    g_byte_array_unref(rows);
}

/* Gradient over extreme values, to reach both ends of the clamp. */
static void
build_gradient_extremes(TestBuild *b)
{
    const TestCase *tc = b->tc;
    GByteArray *rows;

    b->expect = g_new(guint32, (gsize)tc->w * tc->h + 1);
    for (guint y = 0; y < tc->h; y++) {
        for (guint x = 0; x < tc->w; x++) {
            guint v = (x * 7 + y * 13) % 5;
            guint8 level[5] = { 0, 255, 0, 255, 128 };

            b->expect[y * tc->w + x] =
                vnc_test_rgb(&b->fmt, level[v], level[(v + 1) % 5],
                             level[(v + 3) % 5]);
        }
    }
    rows = test_gradient_rows(&b->fmt, b->expect, tc->w, tc->h);
    vnc_test_put_u8(b->payload, 0x40);
    vnc_test_put_u8(b->payload, 2);
    test_put_basic_data(b->payload, &b->deflate, 0, rows->data, rows->len);
    g_byte_array_unref(rows);
}

/* Hostile: a bare control byte (param). */
static void
build_control(TestBuild *b)
{
    vnc_test_put_u8(b->payload, b->tc->param);
    /* Something plausible after it, so the error is the byte's. */
    test_put_compact(b->payload, 4);
    vnc_test_put_u32(b->payload, 0);
}

/* Hostile: filter id param. */
static void
build_bad_filter(TestBuild *b)
{
    vnc_test_put_u8(b->payload, 0x40);
    vnc_test_put_u8(b->payload, b->tc->param);
    vnc_test_put_u32(b->payload, 0);
}

/* Hostile: a three-colour palette, and a pixel of colour param. */
static void
build_bad_index(TestBuild *b)
{
    const TestCase *tc = b->tc;
    gsize n = (gsize)tc->w * tc->h;
    guint8 *indices = g_malloc0(n);

    indices[n - 1] = tc->param;
    vnc_test_put_u8(b->payload, 0x40);
    vnc_test_put_u8(b->payload, 1);
    vnc_test_put_u8(b->payload, 2);
    for (guint i = 0; i < 3; i++)
        test_put_tpixel(b->payload, &b->fmt, vnc_test_rgb(&b->fmt, i, i, i));
    test_put_basic_data(b->payload, &b->deflate, 0, indices, n);
    g_free(indices);
}

/* Hostile: a compact length of param for data that needs far less. */
static void
build_huge_length(TestBuild *b)
{
    vnc_test_put_u8(b->payload, 0x00);
    test_put_compact(b->payload, b->tc->param);
    for (guint i = 0; i < 64; i++)
        vnc_test_put_u8(b->payload, 0);
}

/* Hostile: zlib data inflating to param bytes more (or fewer, if the
 * top bit is set) than the rectangle needs. */
static void
build_wrong_inflated_size(TestBuild *b)
{
    const TestCase *tc = b->tc;
    gsize need = (gsize)tc->w * tc->h * test_tpixel_size(&b->fmt);
    gsize len = tc->param & 0x80 ? need - (tc->param & 0x7f) : need + tc->param;
    guint8 *data = g_malloc0(len);
    GByteArray *z = g_byte_array_new();

    vnc_test_deflate(test_deflate_stream(&b->deflate, 0), data, len, z);
    vnc_test_put_u8(b->payload, 0x00);
    test_put_compact(b->payload, z->len);
    vnc_test_put_bytes(b->payload, z->data, z->len);
    g_byte_array_unref(z);
    g_free(data);
}

/* Hostile: no-zlib data whose compact length is off by param (signed,
 * in the low byte). */
static void
build_no_zlib_wrong_length(TestBuild *b)
{
    const TestCase *tc = b->tc;
    gsize need = (gsize)tc->w * tc->h * test_tpixel_size(&b->fmt);
    gsize len = need + (gint8)(tc->param & 0xff);
    guint8 *data = g_malloc0(len);

    vnc_test_put_u8(b->payload, 0xa0);
    test_put_compact(b->payload, len);
    vnc_test_put_bytes(b->payload, data, len);
    g_free(data);
}

/* Hostile: bytes that are not zlib data. */
static void
build_not_zlib(TestBuild *b)
{
    vnc_test_put_u8(b->payload, 0x10);
    test_put_compact(b->payload, 16);
    for (guint i = 0; i < 16; i++)
        vnc_test_put_u8(b->payload, 0xff - i);
}

/* Hostile: a compact length of 0 where compressed data must follow. */
static void
build_zero_length(TestBuild *b)
{
    vnc_test_put_u8(b->payload, 0x00);
    test_put_compact(b->payload, 0);
}

/* A JPEG of the rectangle's size, or of (param >> 8) x (param & 0xff)
 * when param is set. */
static void
build_jpeg(TestBuild *b)
{
    const TestCase *tc = b->tc;
    guint w = tc->param ? tc->param >> 8 : tc->w;
    guint h = tc->param ? tc->param & 0xff : tc->h;
    guint8 *rgb = g_malloc((gsize)w * h * 3);
    GByteArray *jpeg;

    test_photo(rgb, w, h);
    jpeg = test_make_jpeg(rgb, w, h, 90, FALSE, FALSE);
    vnc_test_put_u8(b->payload, 0x90);
    test_put_compact(b->payload, jpeg->len);
    vnc_test_put_bytes(b->payload, jpeg->data, jpeg->len);
    g_byte_array_unref(jpeg);
    g_free(rgb);
}

/* Hostile: a JPEG whose entropy-coded data is damaged (param: 0 garbage
 * in the middle, 1 cut in half with a matching length, 2 progressive,
 * 3 empty, 4 the largest length with nothing after it). */
static void
build_bad_jpeg(TestBuild *b)
{
    const TestCase *tc = b->tc;
    guint8 *rgb = g_malloc((gsize)tc->w * tc->h * 3);
    GByteArray *jpeg;

    test_photo(rgb, tc->w, tc->h);
    jpeg = test_make_jpeg(rgb, tc->w, tc->h, 90, FALSE, tc->param == 2);
    vnc_test_put_u8(b->payload, 0x90);
    switch (tc->param) {
    case 0:
        /* Markers in the middle of the scan: 0xff 0xd8 is a second SOI. */
        for (guint i = jpeg->len / 2; i < jpeg->len / 2 + 40; i += 2) {
            jpeg->data[i] = 0xff;
            jpeg->data[i + 1] = 0xd8;
        }
        test_put_compact(b->payload, jpeg->len);
        vnc_test_put_bytes(b->payload, jpeg->data, jpeg->len);
        break;
    case 1:
        test_put_compact(b->payload, jpeg->len / 2);
        vnc_test_put_bytes(b->payload, jpeg->data, jpeg->len / 2);
        break;
    case 2:
        test_put_compact(b->payload, jpeg->len);
        vnc_test_put_bytes(b->payload, jpeg->data, jpeg->len);
        break;
    case 3:
        test_put_compact(b->payload, 0);
        break;
    default:
        test_put_compact(b->payload, 0x3fffff);
        vnc_test_put_bytes(b->payload, jpeg->data, jpeg->len);
        break;
    }
    g_byte_array_unref(jpeg);
    g_free(rgb);
}

/* A PNG of the rectangle's size (param: TestPngKind), or a hostile one
 * (param 100 wrong size, 101 bad CRC, 102 cut short, 103 not a PNG). */
static void
build_png(TestBuild *b)
{
    const TestCase *tc = b->tc;
    guint w = tc->param == 100 ? tc->w + 1 : tc->w;
    guint8 *rgb = g_malloc((gsize)w * tc->h * 3);
    GByteArray *png;
    guint len;

    png = test_make_png(tc->param >= 100 ? PNG_RGB : (TestPngKind)tc->param,
                        w, tc->h, rgb);
    len = png->len;
    switch (tc->param) {
    case 101:
        png->data[png->len - 20] ^= 0x01;   /* in the IDAT chunk */
        break;
    case 102:
        len = png->len - 30;
        break;
    case 103:
        png->data[1] = 'X';
        break;
    default:
        break;
    }
    vnc_test_put_u8(b->payload, 0xa0);
    test_put_compact(b->payload, len);
    vnc_test_put_bytes(b->payload, png->data, len);

    if (tc->error < 0) {
        b->expect = g_new(guint32, (gsize)tc->w * tc->h + 1);
        for (guint i = 0; i < (guint)tc->w * tc->h; i++)
            b->expect[i] = vnc_test_rgb(&b->fmt, rgb[i * 3], rgb[i * 3 + 1],
                                        rgb[i * 3 + 2]);
    }
    g_byte_array_unref(png);
    g_free(rgb);
}

#define OK (-1)

static const TestCase cases[] = {
    /* Fill, in every TPIXEL size. */
    { "fill/32le", FMT_32LE, FALSE, 9, 5, build_fill, 10, OK, FALSE },
    { "fill/32be", FMT_32BE, FALSE, 9, 5, build_fill, 20, OK, FALSE },
    { "fill/32high", FMT_32HIGH_LE, FALSE, 9, 5, build_fill, 30, OK, FALSE },
    { "fill/32deep", FMT_32DEEP, FALSE, 9, 5, build_fill, 40, OK, FALSE },
    { "fill/16le", FMT_16LE, FALSE, 9, 5, build_fill, 50, OK, FALSE },
    { "fill/16be", FMT_16BE, FALSE, 9, 5, build_fill, 60, OK, FALSE },
    { "fill/8", FMT_8, FALSE, 9, 5, build_fill, 70, OK, FALSE },
    { "fill/tightpng", FMT_32LE, TRUE, 9, 5, build_fill, 80, OK, FALSE },
    { "fill/empty", FMT_32LE, FALSE, 0, 0, build_fill, 90, OK, FALSE },

    /* Copy: raw below 12 bytes, compressed from 12 up. */
    { "copy/raw-32", FMT_32LE, FALSE, 3, 1, build_copy, 0, OK, FALSE },
    { "copy/raw-16", FMT_16LE, FALSE, 5, 1, build_copy, 0, OK, FALSE },
    { "copy/raw-8", FMT_8, FALSE, 11, 1, build_copy, 0, OK, FALSE },
    { "copy/zlib-32-exactly-12", FMT_32LE, FALSE, 4, 1, build_copy, 0, OK, FALSE },
    { "copy/zlib-8-exactly-12", FMT_8, FALSE, 4, 3, build_copy, 1, OK, FALSE },
    { "copy/zlib-32le", FMT_32LE, FALSE, 13, 7, build_copy, 0, OK, FALSE },
    { "copy/zlib-32be", FMT_32BE, FALSE, 13, 7, build_copy, 1, OK, FALSE },
    { "copy/zlib-32high-be", FMT_32HIGH_BE, FALSE, 13, 7, build_copy, 2, OK, FALSE },
    { "copy/zlib-32deep", FMT_32DEEP, FALSE, 13, 7, build_copy, 3, OK, FALSE },
    { "copy/zlib-16be", FMT_16BE, FALSE, 13, 7, build_copy, 2, OK, FALSE },
    { "copy/zlib-8", FMT_8, FALSE, 13, 7, build_copy, 3, OK, FALSE },
    { "copy/explicit", FMT_16LE, FALSE, 10, 4, build_copy_explicit, 0, OK, FALSE },
    { "copy/bands", FMT_32LE, FALSE, 301, 203, build_copy, 0, OK, TRUE },
    { "copy/one-wide-row", FMT_32LE, FALSE, 17000, 2, build_copy, 0, OK, TRUE },
    { "copy/empty", FMT_32LE, FALSE, 0, 3, build_copy, 0, OK, FALSE },

    /* Palette: two colours at one bit a pixel, more at a byte. */
    { "palette/2-raw", FMT_32LE, FALSE, 9, 3, build_palette, 2, OK, FALSE },
    { "palette/2-zlib", FMT_32LE, FALSE, 21, 9, build_palette, 2, OK, FALSE },
    { "palette/2-width-8", FMT_16LE, FALSE, 8, 13, build_palette, 2, OK, FALSE },
    { "palette/2-8bpp", FMT_8, FALSE, 19, 6, build_palette, 2, OK, FALSE },
    { "palette/1", FMT_32LE, FALSE, 5, 4, build_palette, 1, OK, FALSE },
    { "palette/3-raw", FMT_16BE, FALSE, 5, 2, build_palette, 3, OK, FALSE },
    { "palette/3-zlib", FMT_32BE, FALSE, 12, 9, build_palette, 3, OK, FALSE },
    { "palette/17-32deep", FMT_32DEEP, FALSE, 12, 9, build_palette, 17, OK, FALSE },
    { "palette/256", FMT_32LE, FALSE, 40, 30, build_palette, 256, OK, TRUE },
    { "palette/255-16", FMT_16LE, FALSE, 40, 30, build_palette, 255, OK, TRUE },
    { "palette/bands", FMT_32HIGH_LE, FALSE, 310, 250, build_palette, 7, OK, TRUE },
    { "palette/bands-2", FMT_32LE, FALSE, 1030, 150, build_palette, 2, OK, TRUE },

    /* Gradient: per component for 3-byte TPIXELs, 16 and 32 bpp. */
    { "gradient/raw", FMT_32LE, FALSE, 2, 1, build_gradient, 0, OK, FALSE },
    { "gradient/32le", FMT_32LE, FALSE, 15, 8, build_gradient, 0, OK, FALSE },
    { "gradient/32be", FMT_32BE, FALSE, 15, 8, build_gradient, 0, OK, FALSE },
    { "gradient/32deep", FMT_32DEEP, FALSE, 15, 8, build_gradient, 0, OK, FALSE },
    { "gradient/16le", FMT_16LE, FALSE, 15, 8, build_gradient, 0, OK, FALSE },
    { "gradient/16be", FMT_16BE, FALSE, 15, 8, build_gradient, 0, OK, FALSE },
    { "gradient/clamp-32", FMT_32LE, FALSE, 16, 9, build_gradient_extremes, 0, OK, FALSE },
    { "gradient/clamp-16", FMT_16BE, FALSE, 16, 9, build_gradient_extremes, 0, OK, FALSE },
    { "gradient/clamp-deep", FMT_32DEEP, FALSE, 16, 9, build_gradient_extremes, 0, OK, FALSE },
    { "gradient/bands-32", FMT_32LE, FALSE, 257, 301, build_gradient, 0, OK, TRUE },
    { "gradient/bands-16", FMT_16LE, FALSE, 700, 120, build_gradient, 0, OK, TRUE },

    /* Basic compression without zlib (Tight only). */
    { "no-zlib/copy-raw", FMT_32LE, FALSE, 3, 1, build_copy, NO_ZLIB, OK, FALSE },
    { "no-zlib/copy-32", FMT_32LE, FALSE, 13, 7, build_copy, NO_ZLIB, OK, FALSE },
    { "no-zlib/copy-16be", FMT_16BE, FALSE, 13, 7, build_copy, NO_ZLIB, OK, FALSE },
    { "no-zlib/copy-bands", FMT_32BE, FALSE, 200, 150, build_copy, NO_ZLIB, OK, TRUE },
    { "no-zlib/copy-wide-rows", FMT_32LE, FALSE, 30000, 2, build_copy, NO_ZLIB, OK, TRUE },
    { "no-zlib/palette-2", FMT_32LE, FALSE, 21, 9, build_palette, NO_ZLIB | 2, OK, FALSE },
    { "no-zlib/palette-5", FMT_16LE, FALSE, 21, 9, build_palette, NO_ZLIB | 5, OK, FALSE },
    { "no-zlib/gradient", FMT_32LE, FALSE, 15, 8, build_gradient, NO_ZLIB, OK, FALSE },

    /* Basic compression in Tight-PNG, as QEMU sends it to 8 bpp clients
     * and with its lossy option. */
    { "tightpng/copy-8", FMT_8, TRUE, 13, 7, build_copy, 0, OK, FALSE },
    { "tightpng/copy-32", FMT_32LE, TRUE, 13, 7, build_copy, 2, OK, FALSE },
    { "tightpng/palette", FMT_16LE, TRUE, 21, 9, build_palette, 2, OK, FALSE },
    { "tightpng/gradient-32", FMT_32LE, TRUE, 15, 8, build_gradient, 0, OK, FALSE },
    { "tightpng/gradient-16", FMT_16BE, TRUE, 15, 8, build_gradient, 0, OK, FALSE },

    /* JPEG within Tight and Tight-PNG (pixels checked by PSNR below). */
    { "jpeg/tight", FMT_32LE, FALSE, 24, 16, build_jpeg, 0, OK, FALSE },
    { "jpeg/tightpng", FMT_32LE, TRUE, 24, 16, build_jpeg, 0, OK, FALSE },

    /* PNG, exact. */
    { "png/rgb", FMT_32LE, TRUE, 19, 11, build_png, PNG_RGB, OK, FALSE },
    { "png/palette", FMT_32BE, TRUE, 19, 11, build_png, PNG_PALETTE, OK, FALSE },
    { "png/gray", FMT_32HIGH_LE, TRUE, 19, 11, build_png, PNG_GRAY, OK, FALSE },
    { "png/rgb-through-rgb24-blt", FMT_32ODD, TRUE, 19, 11, build_png, PNG_RGB, OK, FALSE },

    /* Hostile control bytes. */
    { "bad/control-0xb0", FMT_32LE, FALSE, 4, 4, build_control, 0xb0, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/control-0xcf", FMT_32LE, FALSE, 4, 4, build_control, 0xcf, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/control-0xf0", FMT_32LE, FALSE, 4, 4, build_control, 0xf0, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/png-in-tight", FMT_32LE, FALSE, 12, 7, build_png, PNG_RGB, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/no-zlib-in-tightpng", FMT_32LE, TRUE, 4, 4, build_control, 0xe0, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/control-0xbf", FMT_32LE, FALSE, 4, 4, build_control, 0xbf, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/control-0xd0", FMT_32LE, FALSE, 4, 4, build_control, 0xd0, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/control-0xb0-tightpng", FMT_32LE, TRUE, 4, 4, build_control, 0xb0, VNC_ERROR_PROTOCOL, FALSE },

    /* Hostile filters. */
    { "bad/filter-3", FMT_32LE, FALSE, 4, 4, build_bad_filter, 3, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/filter-255", FMT_32LE, FALSE, 4, 4, build_bad_filter, 255, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/gradient-8bpp", FMT_8, FALSE, 4, 4, build_bad_filter, 2, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/index-past-palette-raw", FMT_32LE, FALSE, 3, 2, build_bad_index, 3, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/index-past-palette-zlib", FMT_16LE, FALSE, 9, 7, build_bad_index, 200, VNC_ERROR_PROTOCOL, FALSE },
    /* Rows long enough for the sixteen-at-a-time check: the bad index
     * in the vector part (32 wide) and in the tail after it (35). */
    { "bad/index-past-palette-vector", FMT_32LE, FALSE, 32, 2, build_bad_index, 3, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/index-past-palette-tail", FMT_32LE, FALSE, 35, 3, build_bad_index, 255, VNC_ERROR_PROTOCOL, FALSE },

    /* Hostile lengths and zlib data. */
    { "bad/compact-length-max", FMT_32LE, FALSE, 4, 4, build_huge_length, 0x3fffff, VNC_ERROR_LIMIT, FALSE },
    { "bad/compact-length-over", FMT_32LE, FALSE, 4, 4, build_huge_length, 64 + 4096 + 9, VNC_ERROR_LIMIT, FALSE },
    { "bad/zlib-longer", FMT_32LE, FALSE, 6, 5, build_wrong_inflated_size, 1, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/zlib-much-longer", FMT_16LE, FALSE, 6, 5, build_wrong_inflated_size, 100, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/zlib-shorter", FMT_32LE, FALSE, 6, 5, build_wrong_inflated_size, 0x81, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/zlib-much-shorter", FMT_8, FALSE, 6, 5, build_wrong_inflated_size, 0x80 | 20, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/not-zlib", FMT_32LE, FALSE, 6, 5, build_not_zlib, 0, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/no-zlib-longer", FMT_32LE, FALSE, 6, 5, build_no_zlib_wrong_length, 1, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/no-zlib-shorter", FMT_32LE, FALSE, 6, 5, build_no_zlib_wrong_length, 0xff, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/zero-length", FMT_32LE, FALSE, 6, 5, build_zero_length, 0, VNC_ERROR_PROTOCOL, FALSE },

    /* Hostile JPEG. */
    { "bad/jpeg-too-wide", FMT_32LE, FALSE, 24, 16, build_jpeg, (25 << 8) | 16, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/jpeg-too-short", FMT_32LE, FALSE, 24, 16, build_jpeg, (24 << 8) | 15, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/jpeg-fallback-wrong-size", FMT_16LE, FALSE, 24, 16, build_jpeg, (8 << 8) | 8, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/jpeg-corrupt", FMT_32LE, FALSE, 48, 32, build_bad_jpeg, 0, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/jpeg-corrupt-fallback", FMT_16BE, FALSE, 48, 32, build_bad_jpeg, 0, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/jpeg-half", FMT_32LE, FALSE, 48, 32, build_bad_jpeg, 1, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/jpeg-progressive", FMT_32LE, FALSE, 48, 32, build_bad_jpeg, 2, VNC_ERROR_UNSUPPORTED, FALSE },
    { "bad/jpeg-empty", FMT_32LE, FALSE, 48, 32, build_bad_jpeg, 3, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/jpeg-length-max", FMT_32LE, FALSE, 48, 32, build_bad_jpeg, 4, VNC_ERROR_CLOSED, FALSE },
    { "bad/jpeg-empty-rect", FMT_32LE, FALSE, 0, 0, build_control, 0x90, VNC_ERROR_PROTOCOL, FALSE },

    /* Hostile PNG. */
    { "bad/png-wrong-size", FMT_32LE, TRUE, 12, 7, build_png, 100, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/png-bad-crc", FMT_32LE, TRUE, 12, 7, build_png, 101, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/png-cut-short", FMT_32LE, TRUE, 12, 7, build_png, 102, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/png-cut-short-fallback", FMT_16LE, TRUE, 12, 7, build_png, 102, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/not-png", FMT_32LE, TRUE, 12, 7, build_png, 103, VNC_ERROR_PROTOCOL, FALSE },
    { "bad/png-empty-rect", FMT_32LE, TRUE, 0, 5, build_control, 0xa0, VNC_ERROR_PROTOCOL, FALSE },
};

/* Compares components only: libjpeg and libpng write 0xff into the
 * unused byte of 32 bpp pixels where they write the framebuffer
 * directly. */
static guint32
test_color_mask(const VncPixelFormat *fmt)
{
    return ((guint32)fmt->red_max << fmt->red_shift) |
        ((guint32)fmt->green_max << fmt->green_shift) |
        ((guint32)fmt->blue_max << fmt->blue_shift);
}

/* Decoded RGB of a framebuffer pixel, scaled to 0-255. */
static void
test_pixel_rgb(VncTestDecoder *t, guint x, guint y, guint8 *rgb)
{
    guint32 pixel = vnc_test_decoder_get_pixel(t, x, y);

    for (guint c = 0; c < 3; c++) {
        guint32 max = test_component_max(&t->format, c);

        rgb[c] = test_component(&t->format, pixel, c) * 255 / max;
    }
}

static void
test_assert_outside_untouched(VncTestDecoder *t, guint16 x, guint16 y,
                              guint16 w, guint16 h, guint32 background)
{
    for (guint py = 0; py < t->height; py++) {
        for (guint px = 0; px < t->width; px++) {
            if (px >= x && px < (guint)x + w && py >= y && py < (guint)y + h)
                continue;
            g_assert_cmphex(vnc_test_decoder_get_pixel(t, px, py), ==,
                            background);
        }
    }
}

static double
test_psnr(VncTestDecoder *t, guint16 x0, guint16 y0, guint16 w, guint16 h,
          const guint8 *rgb)
{
    double sum = 0;

    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            guint8 got[3];

            test_pixel_rgb(t, x0 + x, y0 + y, got);
            for (guint c = 0; c < 3; c++) {
                double d = (double)got[c] - rgb[(y * w + x) * 3 + c];

                sum += d * d;
            }
        }
    }
    if (sum == 0)
        return 99;
    return 10 * log10(255.0 * 255.0 / (sum / (w * h * 3.0)));
}

/* @via_framebuffer: the decoder goes through the framebuffer's calls
 * (as for a local format that differs) instead of writing into its
 * memory (ctx->direct), so that both ways are covered. */
static void
test_case_run_how(const TestCase *tc, gboolean via_framebuffer)
{
    TestBuild b = { .tc = tc };
    VncDecodeFunc decode = tc->tight_png ? vnc_decode_tight_png : vnc_decode_tight;
    VncTestDecoder *t;
    guint32 background;
    GError *err = NULL;
    gboolean ok;

    test_format(&b.fmt, tc->format);
    background = test_background(&b.fmt);
    b.payload = g_byte_array_new();
    tc->build(&b);
    test_deflate_clear(&b.deflate);
    g_test_message("%u bytes of payload", b.payload->len);

    t = vnc_test_decoder_new(&b.fmt, tc->w + MARGIN_W, tc->h + MARGIN_H,
                             background);
    g_assert_nonnull(t->ctx.direct);
    if (via_framebuffer)
        t->ctx.direct = NULL;
    vnc_test_decoder_set_input(t, b.payload->data, b.payload->len);
    ok = vnc_test_decoder_run(t, decode, RECT_X, RECT_Y, tc->w, tc->h, &err);

    if (tc->error >= 0) {
        g_assert_false(ok);
        g_assert_error(err, VNC_ERROR, tc->error);
        g_test_message("error: %s", err->message);
        g_clear_error(&err);
        test_assert_outside_untouched(t, RECT_X, RECT_Y, tc->w, tc->h,
                                      background);
    } else {
        guint32 mask = test_color_mask(&b.fmt);

        g_assert_no_error(err);
        g_assert_true(ok);
        vnc_test_decoder_assert_consumed(t);
        test_assert_outside_untouched(t, RECT_X, RECT_Y, tc->w, tc->h,
                                      background);
        if (b.expect) {
            for (guint y = 0; y < tc->h; y++) {
                for (guint x = 0; x < tc->w; x++) {
                    guint32 got = vnc_test_decoder_get_pixel(t, RECT_X + x,
                                                             RECT_Y + y);
                    guint32 want = b.expect[y * tc->w + x];

                    if ((got & mask) != (want & mask))
                        g_test_message("pixel (%u, %u)", x, y);
                    g_assert_cmphex(got & mask, ==, want & mask);
                }
            }
        } else {
            /* JPEG: near enough to the picture. */
            guint8 *rgb = g_malloc((gsize)tc->w * tc->h * 3);

            test_photo(rgb, tc->w, tc->h);
            g_assert_cmpfloat(test_psnr(t, RECT_X, RECT_Y, tc->w, tc->h, rgb),
                              >=, 30.0);
            g_free(rgb);
        }
        if (!tc->skip_truncation)
            vnc_test_decoder_assert_truncations(&b.fmt, tc->w + MARGIN_W,
                                                tc->h + MARGIN_H, background,
                                                decode, RECT_X, RECT_Y,
                                                tc->w, tc->h,
                                                b.payload->data,
                                                b.payload->len);
    }

    vnc_test_decoder_free(t);
    g_free(b.expect);
    g_byte_array_unref(b.payload);
}

static void
test_case_run(gconstpointer data)
{
    test_case_run_how(data, FALSE);
}

static void
test_case_run_via_framebuffer(gconstpointer data)
{
    test_case_run_how(data, TRUE);
}

/* ------------------------------------------------------------------ */
/* JPEG and PNG into every kind of local memory                        */

typedef struct {
    const char *name;
    TestFormat format;
    gboolean gray;
} JpegCase;

static const JpegCase jpeg_cases[] = {
    { "bgrx", FMT_32LE, FALSE },     /* straight into memory */
    { "xrgb", FMT_32BE, FALSE },
    { "xbgr", FMT_32HIGH_LE, FALSE },
    { "rgbx", FMT_32HIGH_BE, FALSE },
    { "odd-32", FMT_32ODD, FALSE },  /* through rgb24_blt */
    { "deep-32", FMT_32DEEP, FALSE },
    { "16le", FMT_16LE, FALSE },
    { "16be", FMT_16BE, FALSE },
    { "gray-bgrx", FMT_32LE, TRUE },
    { "gray-16", FMT_16LE, TRUE },
};

/* The framebuffer showing @rgb exactly as rgb24_blt puts it: what a
 * lossless decoder must produce whatever the local format. */
static VncTestDecoder *
test_reference(const VncPixelFormat *fmt, guint16 fb_w, guint16 fb_h,
               guint16 w, guint16 h, const guint8 *rgb)
{
    VncTestDecoder *ref = vnc_test_decoder_new(fmt, fb_w, fb_h,
                                               test_background(fmt));

    vnc_framebuffer_rgb24_blt(ref->fb, (guint8 *)rgb, w * 3,
                              RECT_X, RECT_Y, w, h);
    return ref;
}

static void
test_jpeg_run(gconstpointer data)
{
    const JpegCase *jc = data;
    const guint16 w = 61, h = 45;   /* not multiples of the 8x8 blocks */
    VncPixelFormat fmt;
    guint8 *rgb = g_malloc(w * h * 3);
    GByteArray *jpeg, *payload = g_byte_array_new();
    VncTestDecoder *t, *ref;
    GError *err = NULL;
    guint8 *decoded;
    guint32 mask;
    double psnr;

    test_format(&fmt, jc->format);
    mask = test_color_mask(&fmt);
    test_photo(rgb, w, h);
    if (jc->gray) {
        for (guint i = 0; i < (guint)w * h; i++)
            rgb[i * 3] = rgb[i * 3 + 2] = rgb[i * 3 + 1];
    }
    jpeg = test_make_jpeg(rgb, w, h, 90, jc->gray, FALSE);
    vnc_test_put_u8(payload, 0x9f);     /* resetting every stream too */
    test_put_compact(payload, jpeg->len);
    vnc_test_put_bytes(payload, jpeg->data, jpeg->len);

    t = vnc_test_decoder_new(&fmt, w + MARGIN_W, h + MARGIN_H,
                             test_background(&fmt));
    vnc_test_decoder_set_input(t, payload->data, payload->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_tight, RECT_X, RECT_Y,
                                       w, h, &err));
    g_assert_no_error(err);
    vnc_test_decoder_assert_consumed(t);
    test_assert_outside_untouched(t, RECT_X, RECT_Y, w, h,
                                  test_background(&fmt));

    /* Exactly what libjpeg decodes, put in place by rgb24_blt: whichever
     * way the pixels took, straight into memory or not, they are the
     * same. */
    decoded = test_decode_jpeg(jpeg, w, h);
    ref = test_reference(&fmt, w + MARGIN_W, h + MARGIN_H, w, h, decoded);
    for (guint y = 0; y < t->height; y++) {
        for (guint x = 0; x < t->width; x++) {
            guint32 got = vnc_test_decoder_get_pixel(t, x, y);
            guint32 want = vnc_test_decoder_get_pixel(ref, x, y);

            if ((got & mask) != (want & mask))
                g_test_message("pixel (%u, %u)", x, y);
            g_assert_cmphex(got & mask, ==, want & mask);
        }
    }
    vnc_test_decoder_free(ref);

    /* Against the picture as this local format can show it, so that only
     * the JPEG's loss counts. */
    ref = test_reference(&fmt, w + MARGIN_W, h + MARGIN_H, w, h, rgb);
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++)
            test_pixel_rgb(ref, RECT_X + x, RECT_Y + y, rgb + (y * w + x) * 3);
    }
    psnr = test_psnr(t, RECT_X, RECT_Y, w, h, rgb);
    g_test_message("%u bytes of JPEG, PSNR %.1f dB", jpeg->len, psnr);
    g_assert_cmpfloat(psnr, >=, 30.0);

    g_free(decoded);
    vnc_test_decoder_free(ref);
    vnc_test_decoder_free(t);
    g_byte_array_unref(jpeg);
    g_byte_array_unref(payload);
    g_free(rgb);
}

typedef struct {
    const char *name;
    TestFormat format;
    TestPngKind kind;
} PngCase;

static const PngCase png_cases[] = {
    { "rgb-bgrx", FMT_32LE, PNG_RGB },
    { "rgb-xrgb", FMT_32BE, PNG_RGB },
    { "rgb-xbgr", FMT_32HIGH_LE, PNG_RGB },
    { "rgb-rgbx", FMT_32HIGH_BE, PNG_RGB },
    { "rgb-odd", FMT_32ODD, PNG_RGB },
    { "rgb-deep", FMT_32DEEP, PNG_RGB },
    { "rgb-16le", FMT_16LE, PNG_RGB },
    { "rgb-16be", FMT_16BE, PNG_RGB },
    { "rgb-8", FMT_8, PNG_RGB },
    { "rgb16-bgrx", FMT_32LE, PNG_RGB16 },
    { "rgb16-odd", FMT_32ODD, PNG_RGB16 },
    { "rgba-xrgb", FMT_32BE, PNG_RGBA },
    { "rgba-16le", FMT_16LE, PNG_RGBA },
    { "palette-bgrx", FMT_32LE, PNG_PALETTE },
    { "palette-16be", FMT_16BE, PNG_PALETTE },
    { "palette-trns-rgbx", FMT_32HIGH_BE, PNG_PALETTE_TRNS },
    { "palette-trns-odd", FMT_32ODD, PNG_PALETTE_TRNS },
    { "gray-bgrx", FMT_32LE, PNG_GRAY },
    { "gray-16le", FMT_16LE, PNG_GRAY },
    { "gray1-xbgr", FMT_32HIGH_LE, PNG_GRAY1 },
    { "gray1-odd", FMT_32ODD, PNG_GRAY1 },
    { "gray-alpha-bgrx", FMT_32LE, PNG_GRAY_ALPHA },
    { "interlaced-bgrx", FMT_32LE, PNG_RGB_INTERLACED },
    { "interlaced-odd", FMT_32ODD, PNG_RGB_INTERLACED },
    { "interlaced-16be", FMT_16BE, PNG_RGB_INTERLACED },
};

static void
test_png_run(gconstpointer data)
{
    const PngCase *pc = data;
    const guint16 w = 37, h = 23;
    VncPixelFormat fmt;
    guint8 *rgb = g_malloc(w * h * 3);
    GByteArray *png, *payload = g_byte_array_new();
    VncTestDecoder *t, *ref;
    GError *err = NULL;
    guint32 mask;

    test_format(&fmt, pc->format);
    mask = test_color_mask(&fmt);
    png = test_make_png(pc->kind, w, h, rgb);
    vnc_test_put_u8(payload, 0xa3);
    test_put_compact(payload, png->len);
    vnc_test_put_bytes(payload, png->data, png->len);

    t = vnc_test_decoder_new(&fmt, w + MARGIN_W, h + MARGIN_H,
                             test_background(&fmt));
    vnc_test_decoder_set_input(t, payload->data, payload->len);
    g_assert_true(vnc_test_decoder_run(t, vnc_decode_tight_png, RECT_X, RECT_Y,
                                       w, h, &err));
    g_assert_no_error(err);
    vnc_test_decoder_assert_consumed(t);

    /* Exactly what rgb24_blt of the true picture gives, everywhere. */
    ref = test_reference(&fmt, w + MARGIN_W, h + MARGIN_H, w, h, rgb);
    for (guint y = 0; y < t->height; y++) {
        for (guint x = 0; x < t->width; x++) {
            guint32 got = vnc_test_decoder_get_pixel(t, x, y);
            guint32 want = vnc_test_decoder_get_pixel(ref, x, y);

            if ((got & mask) != (want & mask))
                g_test_message("pixel (%u, %u)", x, y);
            g_assert_cmphex(got & mask, ==, want & mask);
        }
    }
    test_assert_outside_untouched(t, RECT_X, RECT_Y, w, h,
                                  test_background(&fmt));

    vnc_test_decoder_assert_truncations(&fmt, w + MARGIN_W, h + MARGIN_H,
                                        test_background(&fmt),
                                        vnc_decode_tight_png, RECT_X, RECT_Y,
                                        w, h, payload->data, payload->len);

    vnc_test_decoder_free(ref);
    vnc_test_decoder_free(t);
    g_byte_array_unref(png);
    g_byte_array_unref(payload);
    g_free(rgb);
}

/* Which local formats libjpeg and libpng write directly. */
static void
test_local_layout(void)
{
    static const struct {
        TestFormat format;
        VncTightLayout layout;
    } layouts[] = {
        { FMT_32LE, VNC_TIGHT_LAYOUT_BGRX },
        { FMT_32BE, VNC_TIGHT_LAYOUT_XRGB },
        { FMT_32HIGH_LE, VNC_TIGHT_LAYOUT_XBGR },
        { FMT_32HIGH_BE, VNC_TIGHT_LAYOUT_RGBX },
        { FMT_32ODD, VNC_TIGHT_LAYOUT_NONE },
        { FMT_32DEEP, VNC_TIGHT_LAYOUT_NONE },
        { FMT_16LE, VNC_TIGHT_LAYOUT_NONE },
        { FMT_8, VNC_TIGHT_LAYOUT_NONE },
    };

    for (guint i = 0; i < G_N_ELEMENTS(layouts); i++) {
        VncPixelFormat fmt;
        VncTestDecoder *t;

        test_format(&fmt, layouts[i].format);
        t = vnc_test_decoder_new(&fmt, 4, 4, 0);
        g_assert_cmpint(vnc_tight_local_layout(t->fb), ==, layouts[i].layout);
        vnc_test_decoder_free(t);
    }
}

/* ------------------------------------------------------------------ */
/* Sequences of rectangles: the zlib streams outlive each one          */

typedef struct {
    VncPixelFormat fmt;
    VncTestDecoder *t;
    TestDeflate deflate;
    guint seed;
} TestSequence;

static void
test_sequence_init(TestSequence *s)
{
    memset(s, 0, sizeof(*s));
    test_format(&s->fmt, FMT_32LE);
    s->t = vnc_test_decoder_new(&s->fmt, 40, 30, test_background(&s->fmt));
}

static void
test_sequence_clear(TestSequence *s)
{
    vnc_test_decoder_free(s->t);
    test_deflate_clear(&s->deflate);
}

/* Sends a copy-filter rectangle of repetitive content (so later ones
 * lean on the dictionary) on @stream with control bits @reset, and
 * checks it, or that it fails when @should_fail. */
static void
test_sequence_rect(TestSequence *s, guint stream, guint reset,
                   gboolean should_fail)
{
    const guint16 w = 20, h = 10, x0 = 5, y0 = 7;
    guint32 pixels[20 * 10];
    GByteArray *payload = g_byte_array_new();
    GByteArray *rows;
    GError *err = NULL;

    s->seed++;
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++)
            pixels[y * w + x] = vnc_test_rgb(&s->fmt, (x * 9) & 0xff,
                                             (y * 20) & 0xff,
                                             (s->seed * 40) & 0xff);
    }
    rows = test_copy_rows(&s->fmt, pixels, w, h);
    vnc_test_put_u8(payload, (stream << 4) | reset);
    test_put_basic_data(payload, &s->deflate, stream, rows->data, rows->len);

    vnc_test_decoder_set_input(s->t, payload->data, payload->len);
    if (should_fail) {
        g_assert_false(vnc_test_decoder_run(s->t, vnc_decode_tight,
                                            x0, y0, w, h, &err));
        g_assert_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL);
        g_clear_error(&err);
    } else {
        g_assert_true(vnc_test_decoder_run(s->t, vnc_decode_tight,
                                           x0, y0, w, h, &err));
        g_assert_no_error(err);
        vnc_test_decoder_assert_consumed(s->t);
        for (guint y = 0; y < h; y++) {
            for (guint x = 0; x < w; x++)
                g_assert_cmphex(vnc_test_decoder_get_pixel(s->t, x0 + x, y0 + y),
                                ==, pixels[y * w + x]);
        }
    }
    g_byte_array_unref(rows);
    g_byte_array_unref(payload);
}

static void
test_streams_persist(void)
{
    TestSequence s;

    test_sequence_init(&s);
    /* Four interleaved streams, each continuing its own dictionary. */
    for (guint round = 0; round < 3; round++) {
        for (guint stream = 0; stream < 4; stream++)
            test_sequence_rect(&s, (stream * 3 + round) % 4, 0, FALSE);
    }
    test_sequence_clear(&s);
}

static void
test_streams_reset(void)
{
    TestSequence s;

    test_sequence_init(&s);
    test_sequence_rect(&s, 2, 0, FALSE);
    test_sequence_rect(&s, 1, 0, FALSE);

    /* The server starts stream 2 afresh and says so. */
    test_deflate_reset(&s.deflate, 2);
    test_sequence_rect(&s, 2, 0x4, FALSE);
    test_sequence_rect(&s, 1, 0, FALSE);

    /* Resetting all four, each with a fresh stream. */
    for (guint i = 0; i < 4; i++)
        test_deflate_reset(&s.deflate, i);
    test_sequence_rect(&s, 0, 0xf, FALSE);
    test_sequence_rect(&s, 3, 0, FALSE);
    test_sequence_clear(&s);
}

static void
test_streams_reset_missing(void)
{
    TestSequence s;

    test_sequence_init(&s);
    test_sequence_rect(&s, 0, 0, FALSE);
    /* A fresh zlib stream without the reset bit is garbage to a client
     * that kept its dictionary. */
    test_deflate_reset(&s.deflate, 0);
    test_sequence_rect(&s, 0, 0, TRUE);
    test_sequence_clear(&s);
}

static void
test_streams_reset_with_fill(void)
{
    TestSequence s;
    const guint8 fill[] = { 0x81, 1, 2, 3 };
    GError *err = NULL;

    test_sequence_init(&s);
    test_sequence_rect(&s, 0, 0, FALSE);
    /* A fill rectangle may carry the reset of stream 0. */
    vnc_test_decoder_set_input(s.t, fill, sizeof(fill));
    g_assert_true(vnc_test_decoder_run(s.t, vnc_decode_tight, 0, 0, 2, 2, &err));
    g_assert_no_error(err);
    g_assert_cmphex(vnc_test_decoder_get_pixel(s.t, 1, 1), ==,
                    vnc_test_rgb(&s.fmt, 1, 2, 3));
    test_deflate_reset(&s.deflate, 0);
    test_sequence_rect(&s, 0, 0, FALSE);
    test_sequence_clear(&s);
}

/* ------------------------------------------------------------------ */
/* Inside a coroutine, as on a connection                              */

/* libjpeg's and libpng's errors longjmp; on a coroutine's own stack that
 * must land back in the decoder and leave the coroutine able to go on. */
typedef struct {
    VncTestDecoder *t;
    GByteArray *payloads[4];
    VncDecodeFunc decode[4];
    gboolean ok[4];
    int code[4];
} TestCoroutineRun;

static gpointer
test_coroutine_body(gpointer data)
{
    TestCoroutineRun *run = data;

    for (guint i = 0; i < G_N_ELEMENTS(run->payloads); i++) {
        GError *err = NULL;

        vnc_test_decoder_set_input(run->t, run->payloads[i]->data,
                                   run->payloads[i]->len);
        run->ok[i] = vnc_test_decoder_run(run->t, run->decode[i],
                                          RECT_X, RECT_Y, 48, 32, &err);
        run->code[i] = err ? err->code : -1;
        g_clear_error(&err);
        /* Back to the main stack and in again, between the images. */
        vnc_coroutine_yield(NULL);
    }
    return run;
}

static GByteArray *
test_image_payload(gboolean png, gboolean corrupt)
{
    GByteArray *payload = g_byte_array_new();
    guint8 *rgb = g_malloc(48 * 32 * 3);
    GByteArray *image;

    if (png) {
        image = test_make_png(PNG_RGB, 48, 32, rgb);
    } else {
        test_photo(rgb, 48, 32);
        image = test_make_jpeg(rgb, 48, 32, 90, FALSE, FALSE);
    }
    if (corrupt)
        memset(image->data + image->len / 3, 0xd9, image->len / 3);
    vnc_test_put_u8(payload, png ? 0xa0 : 0x90);
    test_put_compact(payload, image->len);
    vnc_test_put_bytes(payload, image->data, image->len);
    g_byte_array_unref(image);
    g_free(rgb);
    return payload;
}

static void
test_coroutine_images(void)
{
    VncPixelFormat fmt;
    TestCoroutineRun run = { 0 };
    VncCoroutine *co = vnc_coroutine_new(test_coroutine_body, 0);
    guint entries = 0;

    test_format(&fmt, FMT_32LE);
    run.t = vnc_test_decoder_new(&fmt, 48 + MARGIN_W, 32 + MARGIN_H,
                                 test_background(&fmt));
    run.payloads[0] = test_image_payload(FALSE, TRUE);
    run.payloads[1] = test_image_payload(FALSE, FALSE);
    run.payloads[2] = test_image_payload(TRUE, TRUE);
    run.payloads[3] = test_image_payload(TRUE, FALSE);
    run.decode[0] = run.decode[1] = vnc_decode_tight;
    run.decode[2] = run.decode[3] = vnc_decode_tight_png;

    while (!vnc_coroutine_is_finished(co)) {
        vnc_coroutine_enter(co, &run);
        entries++;
    }
    g_assert_cmpuint(entries, ==, 5);
    vnc_coroutine_free(co);

    g_assert_false(run.ok[0]);
    g_assert_cmpint(run.code[0], ==, VNC_ERROR_PROTOCOL);
    g_assert_true(run.ok[1]);
    g_assert_false(run.ok[2]);
    g_assert_cmpint(run.code[2], ==, VNC_ERROR_PROTOCOL);
    g_assert_true(run.ok[3]);

    for (guint i = 0; i < G_N_ELEMENTS(run.payloads); i++)
        g_byte_array_unref(run.payloads[i]);
    vnc_test_decoder_free(run.t);
}

/* ------------------------------------------------------------------ */
/* Speed, with -m perf: lossless Tight against plain inflate           */

static void
test_perf(gconstpointer data)
{
    VncTightFilterId filter = GPOINTER_TO_UINT(data);
    const guint16 w = 1920, h = 1080;
    const guint n_colors = 200;
    VncPixelFormat fmt;
    TestDeflate deflate = { 0 };
    GByteArray *payload, *rows, *z;
    guint32 *pixels;
    guint8 *indices;
    VncTestDecoder *t;
    GTimer *timer;
    double t_tight, t_inflate;
    z_stream zs = { 0 };
    guint8 *out;

    if (!g_test_perf()) {
        g_test_skip("a benchmark: run with -m perf");
        return;
    }

    test_format(&fmt, FMT_32LE);
    pixels = g_new(guint32, (gsize)w * h);
    indices = g_new(guint8, (gsize)w * h);
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            guint i = y * w + x;

            indices[i] = ((x / 5) ^ (y / 3)) % n_colors;
            pixels[i] = vnc_test_rgb(&fmt, (x / 7) & 0xff, y & 0xff,
                                     ((x * y) >> 9) & 0xff);
        }
    }

    payload = g_byte_array_new();
    vnc_test_put_u8(payload, 0x40);
    vnc_test_put_u8(payload, filter);
    if (filter == VNC_TIGHT_FILTER_PALETTE) {
        vnc_test_put_u8(payload, n_colors - 1);
        for (guint i = 0; i < n_colors; i++)
            test_put_tpixel(payload, &fmt, vnc_test_rgb(&fmt, i, 255 - i, i * 3));
        rows = test_index_rows(indices, w, h, n_colors);
    } else if (filter == VNC_TIGHT_FILTER_GRADIENT) {
        rows = test_gradient_rows(&fmt, pixels, w, h);
    } else {
        rows = test_copy_rows(&fmt, pixels, w, h);
    }
    z = g_byte_array_new();
    vnc_test_deflate(test_deflate_stream(&deflate, 0), rows->data, rows->len, z);
    test_deflate_clear(&deflate);
    test_put_compact(payload, z->len);
    vnc_test_put_bytes(payload, z->data, z->len);

    /* The best of a few runs each, memory touched beforehand, so that
     * page faults and a busy machine count as little as possible. */
    timer = g_timer_new();
    t = vnc_test_decoder_new(&fmt, w, h, 0);
    out = g_malloc0(rows->len);
    t_tight = t_inflate = G_MAXDOUBLE;
    for (guint run = 0; run < 5; run++) {
        vnc_decoder_state_free(t->state);
        t->state = t->ctx.state = vnc_decoder_state_new();
        vnc_test_decoder_set_input(t, payload->data, payload->len);
        g_timer_start(timer);
        g_assert_true(vnc_test_decoder_run(t, vnc_decode_tight, 0, 0, w, h,
                                           NULL));
        t_tight = MIN(t_tight, g_timer_elapsed(timer, NULL));

        /* The same compressed bytes through zlib alone. */
        memset(&zs, 0, sizeof(zs));
        g_assert_cmpint(inflateInit(&zs), ==, Z_OK);
        zs.next_in = z->data;
        zs.avail_in = z->len;
        zs.next_out = out;
        zs.avail_out = rows->len;
        g_timer_start(timer);
        inflate(&zs, Z_SYNC_FLUSH);
        t_inflate = MIN(t_inflate, g_timer_elapsed(timer, NULL));
        g_assert_cmpuint(zs.avail_out, ==, 0);
        inflateEnd(&zs);
    }

    g_test_minimized_result(t_tight, "tight filter %u, 1920x1080: %.2f ms "
                            "(inflate alone %.2f ms, ratio %.2f)", filter,
                            t_tight * 1000, t_inflate * 1000,
                            t_tight / t_inflate);

    g_free(out);
    g_timer_destroy(timer);
    vnc_test_decoder_free(t);
    g_byte_array_unref(z);
    g_byte_array_unref(rows);
    g_byte_array_unref(payload);
    g_free(indices);
    g_free(pixels);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = g_strdup_printf("/decode/tight/%s", cases[i].name);

        g_test_add_data_func(path, &cases[i], test_case_run);
        g_free(path);
        path = g_strdup_printf("/decode/tight/%s/via-framebuffer", cases[i].name);
        g_test_add_data_func(path, &cases[i], test_case_run_via_framebuffer);
        g_free(path);
    }
    for (guint i = 0; i < G_N_ELEMENTS(jpeg_cases); i++) {
        char *path = g_strdup_printf("/decode/tight/jpeg-local/%s",
                                     jpeg_cases[i].name);

        g_test_add_data_func(path, &jpeg_cases[i], test_jpeg_run);
        g_free(path);
    }
    for (guint i = 0; i < G_N_ELEMENTS(png_cases); i++) {
        char *path = g_strdup_printf("/decode/tight/png-local/%s",
                                     png_cases[i].name);

        g_test_add_data_func(path, &png_cases[i], test_png_run);
        g_free(path);
    }
    g_test_add_func("/decode/tight/local-layout", test_local_layout);
    g_test_add_func("/decode/tight/streams/persist", test_streams_persist);
    g_test_add_func("/decode/tight/streams/reset", test_streams_reset);
    g_test_add_func("/decode/tight/streams/reset-missing",
                    test_streams_reset_missing);
    g_test_add_func("/decode/tight/streams/reset-with-fill",
                    test_streams_reset_with_fill);
    g_test_add_func("/decode/tight/coroutine/images", test_coroutine_images);
    g_test_add_data_func("/decode/tight/perf/copy",
                         GUINT_TO_POINTER(VNC_TIGHT_FILTER_COPY), test_perf);
    g_test_add_data_func("/decode/tight/perf/palette",
                         GUINT_TO_POINTER(VNC_TIGHT_FILTER_PALETTE), test_perf);
    g_test_add_data_func("/decode/tight/perf/gradient",
                         GUINT_TO_POINTER(VNC_TIGHT_FILTER_GRADIENT), test_perf);

    return g_test_run();
}
