/*
 * gtk-vnc tests: VncBaseFramebuffer
 *
 * Every conversion the framebuffer does is checked against a reference
 * written here, one pixel at a time, in the plainest way: read the remote
 * pixel byte by byte in its byte order, pick the components out (or look
 * the colour up in the map), rescale each with the documented rule
 *
 *     local = (v * local_max + remote_max / 2) / remote_max
 *
 * (colour-map intensities and rgb24 bytes scale from 65535 and 255), and
 * write the local pixel byte by byte. The library uses lookup tables and
 * specialised loops instead, so the two share nothing but the rule.
 *
 * Each conversion test blits into the middle of a larger framebuffer
 * whose rows are padded, from a source whose rows are padded and whose
 * pixels are misaligned, and compares the whole buffer, so a write
 * outside the rectangle is caught as well as a wrong pixel.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib-object.h>

#include "vncbaseframebuffer.h"

#define LE G_LITTLE_ENDIAN
#define BE G_BIG_ENDIAN

#define TRUE_COLOR(bpp, depth, order, rmax, gmax, bmax, rshift, gshift, bshift) \
    { bpp, depth, order, 1, rmax, gmax, bmax, rshift, gshift, bshift }
#define COLOR_MAP(bpp, order) { bpp, bpp, order, 0, 0, 0, 0, 0, 0, 0 }

typedef struct {
    const char *name;
    VncPixelFormat format;
} NamedFormat;

/* Formats a server may send. The odd ones are deliberate: maxima of 7
 * and 3, components that do not start at a byte boundary, 10 and 11 bit
 * components, and hostile ones (a shift past the pixel, a component
 * sticking out of the top of the pixel, a zero maximum). */
static const NamedFormat remote_formats[] = {
    { "8-bgr233", TRUE_COLOR(8, 8, LE, 7, 7, 3, 0, 3, 6) },
    { "8-rgb332", TRUE_COLOR(8, 8, LE, 7, 7, 3, 5, 2, 0) },
    { "8-rgb222", TRUE_COLOR(8, 6, BE, 3, 3, 3, 4, 2, 0) },
    { "8-map", COLOR_MAP(8, LE) },
    { "16-rgb565-le", TRUE_COLOR(16, 16, LE, 31, 63, 31, 11, 5, 0) },
    { "16-rgb565-be", TRUE_COLOR(16, 16, BE, 31, 63, 31, 11, 5, 0) },
    { "16-rgb555-le", TRUE_COLOR(16, 15, LE, 31, 31, 31, 10, 5, 0) },
    { "16-bgr555-be", TRUE_COLOR(16, 15, BE, 31, 31, 31, 0, 5, 10) },
    { "16-rgb444-be", TRUE_COLOR(16, 12, BE, 15, 15, 15, 8, 4, 0) },
    { "16-rgb332-le", TRUE_COLOR(16, 8, LE, 7, 7, 3, 5, 2, 0) },
    { "16-rgb332-be", TRUE_COLOR(16, 8, BE, 7, 7, 3, 5, 2, 0) },
    { "16-map-le", COLOR_MAP(16, LE) },
    { "16-map-be", COLOR_MAP(16, BE) },
    { "32-xrgb-le", TRUE_COLOR(32, 24, LE, 255, 255, 255, 16, 8, 0) },
    { "32-xrgb-be", TRUE_COLOR(32, 24, BE, 255, 255, 255, 16, 8, 0) },
    { "32-xbgr-le", TRUE_COLOR(32, 24, LE, 255, 255, 255, 0, 8, 16) },
    { "32-rgbx-be", TRUE_COLOR(32, 24, BE, 255, 255, 255, 24, 16, 8) },
    { "32-xrgb-depth32-le", TRUE_COLOR(32, 32, LE, 255, 255, 255, 16, 8, 0) },
    { "32-rgb10-le", TRUE_COLOR(32, 30, LE, 1023, 1023, 1023, 20, 10, 0) },
    { "32-rgb11-11-10-be", TRUE_COLOR(32, 32, BE, 2047, 2047, 1023, 21, 10, 0) },
    { "32-rgb332-le", TRUE_COLOR(32, 8, LE, 7, 7, 3, 5, 2, 0) },
    { "32-rgb332-be", TRUE_COLOR(32, 8, BE, 7, 7, 3, 5, 2, 0) },
    { "32-rgb565-be", TRUE_COLOR(32, 16, BE, 31, 63, 31, 11, 5, 0) },
    { "32-hostile-shift", TRUE_COLOR(32, 24, LE, 255, 255, 255, 40, 8, 0) },
    { "32-hostile-zero-max", TRUE_COLOR(32, 24, BE, 255, 0, 255, 16, 8, 0) },
    { "32-hostile-overhang", TRUE_COLOR(32, 24, LE, 255, 255, 255, 28, 8, 0) },
    { "16-hostile-shift", TRUE_COLOR(16, 16, BE, 31, 63, 31, 20, 5, 0) },
    { "32-map-le", COLOR_MAP(32, LE) },
    { "32-map-be", COLOR_MAP(32, BE) },
};

/* Formats an embedder may store pixels in. */
static const NamedFormat local_formats[] = {
    { "32-xrgb-le", TRUE_COLOR(32, 24, LE, 255, 255, 255, 16, 8, 0) },
    { "32-xrgb-be", TRUE_COLOR(32, 24, BE, 255, 255, 255, 16, 8, 0) },
    { "32-rgb10-be", TRUE_COLOR(32, 30, BE, 1023, 1023, 1023, 20, 10, 0) },
    { "16-rgb565-le", TRUE_COLOR(16, 16, LE, 31, 63, 31, 11, 5, 0) },
    { "16-rgb565-be", TRUE_COLOR(16, 16, BE, 31, 63, 31, 11, 5, 0) },
    { "8-rgb332", TRUE_COLOR(8, 8, LE, 7, 7, 3, 5, 2, 0) },
};

/* Field by field: the structure has padding, which memcmp would read. */
#define assert_format_equal(a, b)                                       \
    do {                                                                \
        const VncPixelFormat *fa_ = (a), *fb_ = (b);                    \
        g_assert_cmpuint(fa_->bits_per_pixel, ==, fb_->bits_per_pixel); \
        g_assert_cmpuint(fa_->depth, ==, fb_->depth);                   \
        g_assert_cmpuint(fa_->byte_order, ==, fb_->byte_order);         \
        g_assert_cmpuint(fa_->true_color_flag, ==, fb_->true_color_flag); \
        g_assert_cmpuint(fa_->red_max, ==, fb_->red_max);               \
        g_assert_cmpuint(fa_->green_max, ==, fb_->green_max);           \
        g_assert_cmpuint(fa_->blue_max, ==, fb_->blue_max);             \
        g_assert_cmpuint(fa_->red_shift, ==, fb_->red_shift);           \
        g_assert_cmpuint(fa_->green_shift, ==, fb_->green_shift);       \
        g_assert_cmpuint(fa_->blue_shift, ==, fb_->blue_shift);         \
    } while (0)

/* ---- The reference ---- */

static guint
ref_bytes(const VncPixelFormat *f)
{
    return f->bits_per_pixel / 8;
}

static guint32
ref_read(const VncPixelFormat *f, const guint8 *p)
{
    guint n = ref_bytes(f);
    guint32 v = 0;

    for (guint i = 0; i < n; i++) {
        guint byte = f->byte_order == BE ? i : n - 1 - i;
        v = (v << 8) | p[byte];
    }
    return v;
}

static void
ref_write(const VncPixelFormat *f, guint8 *p, guint32 v)
{
    guint n = ref_bytes(f);

    for (guint i = 0; i < n; i++) {
        guint byte = f->byte_order == BE ? n - 1 - i : i;
        p[byte] = (v >> (8 * i)) & 0xff;
    }
}

static guint32
ref_scale(guint32 v, guint32 from_max, guint32 to_max)
{
    if (from_max == 0)
        return 0;
    return (guint32)(((guint64)v * to_max + from_max / 2) / from_max);
}

static guint32
ref_component(guint32 pixel, guint shift, guint32 max)
{
    if (shift >= 32)
        return 0;
    return (pixel >> shift) & max;
}

static guint32
ref_place(const VncPixelFormat *local, guint32 v, guint shift)
{
    guint64 placed = shift >= 32 ? 0 : (guint64)v << shift;
    guint64 mask = (G_GUINT64_CONSTANT(1) << local->bits_per_pixel) - 1;

    return (guint32)(placed & mask);
}

/* In 32 bpp local pixels, the bits outside the three colour fields are
 * ones (an opaque alpha byte). */
static guint32
ref_local_pixel(const VncPixelFormat *local,
                guint32 red, guint32 green, guint32 blue)
{
    guint32 fill = 0;

    if (local->bits_per_pixel == 32)
        fill = ~(ref_place(local, local->red_max, local->red_shift) |
                 ref_place(local, local->green_max, local->green_shift) |
                 ref_place(local, local->blue_max, local->blue_shift));
    return ref_place(local, red, local->red_shift) |
        ref_place(local, green, local->green_shift) |
        ref_place(local, blue, local->blue_shift) | fill;
}

static guint32
ref_convert(const VncPixelFormat *remote, const VncPixelFormat *local,
            const VncColorMap *map, guint32 pixel)
{
    if (remote->true_color_flag) {
        guint32 r = ref_component(pixel, remote->red_shift, remote->red_max);
        guint32 g = ref_component(pixel, remote->green_shift,
                                  remote->green_max);
        guint32 b = ref_component(pixel, remote->blue_shift, remote->blue_max);
        return ref_local_pixel(local,
                               ref_scale(r, remote->red_max, local->red_max),
                               ref_scale(g, remote->green_max,
                                         local->green_max),
                               ref_scale(b, remote->blue_max,
                                         local->blue_max));
    } else {
        VncColorMapEntry c = { 0, 0, 0 };  /* outside the map: black */
        if (map != NULL && pixel >= map->offset &&
            pixel < (guint32)map->offset + map->size)
            c = map->colors[pixel - map->offset];
        return ref_local_pixel(local,
                               ref_scale(c.red, 65535, local->red_max),
                               ref_scale(c.green, 65535, local->green_max),
                               ref_scale(c.blue, 65535, local->blue_max));
    }
}

/* Identical true colour formats are copied byte for byte (padding bits
 * included), everything else converted. */
static gboolean
ref_perfect_match(const VncPixelFormat *remote, const VncPixelFormat *local)
{
    return remote->true_color_flag && local->true_color_flag &&
        remote->bits_per_pixel == local->bits_per_pixel &&
        remote->depth == local->depth &&
        (remote->bits_per_pixel == 8 ||
         remote->byte_order == local->byte_order) &&
        remote->red_max == local->red_max &&
        remote->green_max == local->green_max &&
        remote->blue_max == local->blue_max &&
        remote->red_shift == local->red_shift &&
        remote->green_shift == local->green_shift &&
        remote->blue_shift == local->blue_shift;
}

/* Stores remote pixel @src at @dst as the framebuffer should. */
static void
ref_store(const VncPixelFormat *remote, const VncPixelFormat *local,
          const VncColorMap *map, guint8 *dst, const guint8 *src)
{
    if (ref_perfect_match(remote, local))
        memcpy(dst, src, ref_bytes(local));
    else
        ref_write(local, dst, ref_convert(remote, local, map,
                                          ref_read(remote, src)));
}

/* ---- Helpers ---- */

#define SENTINEL 0xa5

/* A framebuffer over padded rows, and the buffer it should end up as. */
typedef struct {
    VncFramebuffer *fb;
    const VncPixelFormat *local;
    const VncPixelFormat *remote;
    guint16 width;
    guint16 height;
    int rowstride;
    gsize size;
    guint8 *buffer;
    guint8 *expected;
} Canvas;

/* @padding bytes after each row's pixels: the row padding that a write
 * must never touch. */
static void
canvas_init_padded(Canvas *c, guint16 width, guint16 height,
                   const VncPixelFormat *local, const VncPixelFormat *remote,
                   guint padding)
{
    c->local = local;
    c->remote = remote;
    c->width = width;
    c->height = height;
    c->rowstride = width * ref_bytes(local) + padding;
    c->size = (gsize)c->rowstride * height;
    c->buffer = g_malloc(c->size);
    memset(c->buffer, SENTINEL, c->size);
    c->expected = g_malloc(c->size);
    memcpy(c->expected, c->buffer, c->size);
    c->fb = VNC_FRAMEBUFFER(vnc_base_framebuffer_new(c->buffer, width, height,
                                                     c->rowstride,
                                                     local, remote));
}

static void
canvas_init(Canvas *c, guint16 width, guint16 height,
            const VncPixelFormat *local, const VncPixelFormat *remote)
{
    canvas_init_padded(c, width, height, local, remote, 12);
}

static void
canvas_clear(Canvas *c)
{
    g_clear_object(&c->fb);
    g_clear_pointer(&c->buffer, g_free);
    g_clear_pointer(&c->expected, g_free);
}

static guint8 *
canvas_expected_at(Canvas *c, guint x, guint y)
{
    return c->expected + (gsize)y * c->rowstride + x * ref_bytes(c->local);
}

/* Compares the whole buffer, padding included, and on a difference
 * names the pixel before failing. */
static void
canvas_check(Canvas *c, const char *what)
{
    guint bytes = ref_bytes(c->local);

    if (memcmp(c->buffer, c->expected, c->size) == 0)
        return;
    for (gsize i = 0; i < c->size; i++) {
        if (c->buffer[i] != c->expected[i]) {
            gsize row = i / c->rowstride, column = (i % c->rowstride) / bytes;
            g_test_message("%s: first difference at byte %" G_GSIZE_FORMAT
                           " (row %" G_GSIZE_FORMAT ", column %"
                           G_GSIZE_FORMAT "%s)", what, i, row, column,
                           column >= c->width ? ", in the row padding" : "");
            g_assert_cmphex(c->buffer[i], ==, c->expected[i]);
        }
    }
}

/* A source image: @height rows of @width remote pixels, with rows padded
 * to an odd length and the first pixel at an odd address, so that no
 * pixel load is aligned by luck. */
typedef struct {
    guint8 *alloc;
    guint8 *pixels;
    int rowstride;
    guint bytes;
} Image;

static void
image_init(Image *img, const VncPixelFormat *f, guint width, guint height)
{
    img->bytes = ref_bytes(f);
    img->rowstride = width * img->bytes + 7;
    img->alloc = g_malloc0((gsize)img->rowstride * height + 1);
    img->pixels = img->alloc + 1;
}

static guint8 *
image_at(Image *img, guint x, guint y)
{
    return img->pixels + (gsize)y * img->rowstride + x * img->bytes;
}

static VncColorMap *
make_color_map(GRand *rand, guint16 offset, guint16 size)
{
    VncColorMap *map = vnc_color_map_new(offset, size);

    for (guint i = 0; i < size; i++) {
        guint16 r = g_rand_int(rand), g = g_rand_int(rand),
            b = g_rand_int(rand);
        /* Make sure the extremes are among them. */
        if (i == 0)
            r = g = b = 0;
        else if (i == 1)
            r = g = b = 65535;
        else if (i == 2)
            r = 65535, g = 0, b = 32768;
        g_assert_true(vnc_color_map_set(map, offset + i, r, g, b));
    }
    return map;
}

/* ---- Conversion through blt, fill and set_pixel_at ---- */

typedef struct {
    const NamedFormat *remote;
    const NamedFormat *local;
} ConvertCase;

/* The source pixel values: every value for 8 and 16 bpp; for 32 bpp a
 * fixed set of extremes followed by random values, a third of them small
 * (so colour-map formats hit the map as well as miss it). */
static guint32
source_value(GRand *rand, guint bytes, guint index)
{
    static const guint32 extremes[] = {
        0x00000000, 0xffffffff, 0x00ffffff, 0xff000000, 0x000000ff,
        0x0000ff00, 0x00ff0000, 0x3fffffff, 0x0000ffff, 0x00010000,
        0x00000006, 0x00000007, 0x0000012b, 0x0000012c, 0x80000000,
    };

    if (bytes < 4)
        return index;
    if (index < G_N_ELEMENTS(extremes))
        return extremes[index];
    if (index % 3 == 0)
        return g_rand_int_range(rand, 0, 400);
    return g_rand_int(rand);
}

/* Expects @c to have received remote pixel @src in the rectangle. */
static void
expect_fill(Canvas *c, const VncColorMap *map, const guint8 *src,
            guint x, guint y, guint width, guint height)
{
    for (guint j = 0; j < height; j++)
        for (guint i = 0; i < width; i++)
            ref_store(c->remote, c->local, map,
                      canvas_expected_at(c, x + i, y + j), src);
}

static void
expect_blt(Canvas *c, const VncColorMap *map, Image *img,
           guint x, guint y, guint width, guint height)
{
    for (guint j = 0; j < height; j++)
        for (guint i = 0; i < width; i++)
            ref_store(c->remote, c->local, map,
                      canvas_expected_at(c, x + i, y + j),
                      image_at(img, i, j));
}

/* Blits, fills and sets pixels; checks after each. */
static void
exercise_conversion(Canvas *c, const VncColorMap *map, Image *img,
                    guint width, guint height, const char *what)
{
    const guint x0 = 3, y0 = 2;
    static const guint points[][2] = {
        { 0, 0 }, { 1, 0 }, { 0, 1 }, { 20, 1 }, { 7, 11 },
    };

    vnc_framebuffer_blt(c->fb, img->pixels, img->rowstride,
                        x0, y0, width, height);
    expect_blt(c, map, img, x0, y0, width, height);
    canvas_check(c, what);

    /* Fill a few rectangles, including a one-pixel and a full-width
     * one, with pixels taken from the image. */
    vnc_framebuffer_fill(c->fb, image_at(img, 5, 3), 1, 1, 9, 4);
    expect_fill(c, map, image_at(img, 5, 3), 1, 1, 9, 4);
    vnc_framebuffer_fill(c->fb, image_at(img, width - 1, height - 1),
                         c->width - 1, c->height - 1, 1, 1);
    expect_fill(c, map, image_at(img, width - 1, height - 1),
                c->width - 1, c->height - 1, 1, 1);
    vnc_framebuffer_fill(c->fb, image_at(img, 1, 2), 0, 5, c->width, 2);
    expect_fill(c, map, image_at(img, 1, 2), 0, 5, c->width, 2);
    canvas_check(c, "fill");

    for (guint i = 0; i < G_N_ELEMENTS(points); i++) {
        guint8 *src = image_at(img, (i * 13) % width, (i * 7) % height);
        vnc_framebuffer_set_pixel_at(c->fb, src, points[i][0], points[i][1]);
        expect_fill(c, map, src, points[i][0], points[i][1], 1, 1);
    }
    vnc_framebuffer_set_pixel_at(c->fb, image_at(img, 0, 0),
                                 c->width - 1, 0);
    expect_fill(c, map, image_at(img, 0, 0), c->width - 1, 0, 1, 1);
    canvas_check(c, "set_pixel_at");
}

static void
test_convert(gconstpointer data)
{
    const ConvertCase *tc = data;
    const VncPixelFormat *remote = &tc->remote->format;
    const VncPixelFormat *local = &tc->local->format;
    guint bytes = ref_bytes(remote);
    /* 16x16 and 256x256 hold every 8 and 16 bpp value exactly once. */
    guint width = bytes == 1 ? 16 : bytes == 2 ? 256 : 128;
    guint height = bytes == 1 ? 16 : bytes == 2 ? 256 : 96;
    g_autoptr(GRand) rand = g_rand_new_with_seed(0x5eed);
    g_autoptr(VncColorMap) map = NULL;
    Canvas c;
    Image img;

    canvas_init(&c, width + 5, height + 3, local, remote);
    image_init(&img, remote, width, height);
    for (guint i = 0; i < width * height; i++)
        ref_write(remote, image_at(&img, i % width, i / width),
                  source_value(rand, bytes, i));

    g_assert_cmpint(vnc_framebuffer_perfect_format_match(c.fb), ==,
                    ref_perfect_match(remote, local));

    if (!remote->true_color_flag) {
        /* Before any colour map: everything black. */
        exercise_conversion(&c, NULL, &img, width, height, "blt, no map");

        /* A map that starts past 0 and, for 8 bpp, runs past 255. */
        map = make_color_map(rand, 7, 300);
        vnc_framebuffer_set_color_map(c.fb, map);
        exercise_conversion(&c, map, &img, width, height, "blt, map 7+300");

        /* A new map replaces the old one; this one ends at 65535. */
        g_clear_pointer(&map, vnc_color_map_free);
        map = make_color_map(rand, 65400, 136);
        vnc_framebuffer_set_color_map(c.fb, map);
        exercise_conversion(&c, map, &img, width, height,
                            "blt, map 65400+136");
    } else {
        exercise_conversion(&c, NULL, &img, width, height, "blt");
    }

    canvas_clear(&c);
    g_free(img.alloc);
}

/* ---- rgb24_blt ---- */

static void
test_rgb24_width(const VncPixelFormat *local, guint width)
{
    /* rgb24 ignores the remote format; use a colour-map one to show it. */
    const VncPixelFormat remote = COLOR_MAP(8, LE);
    const guint height = 11, x0 = 2, y0 = 3;
    const int rowstride = width * 3 + 5;
    /* The last row ends where the allocation does, so that a kernel that
     * reads past a row is caught by valgrind or AddressSanitizer. */
    const gsize size = (gsize)rowstride * (height - 1) + width * 3;
    g_autoptr(GRand) rand = g_rand_new_with_seed(24);
    g_autofree guint8 *alloc = g_malloc(size + 1);
    guint8 *src = alloc + 1;
    Canvas c;

    for (gsize i = 0; i < size; i++)
        src[i] = g_rand_int(rand);
    /* The extremes, at the start. */
    memcpy(src, "\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\xff\x00"
           "\x00\x00\xff\x80\x7f\x01", MIN(18, width * 3));

    canvas_init(&c, width + 4, height + 5, local, &remote);
    vnc_framebuffer_rgb24_blt(c.fb, src, rowstride, x0, y0, width, height);

    for (guint j = 0; j < height; j++) {
        for (guint i = 0; i < width; i++) {
            const guint8 *rgb = src + (gsize)j * rowstride + i * 3;
            ref_write(local, canvas_expected_at(&c, x0 + i, y0 + j),
                      ref_local_pixel(local,
                                      ref_scale(rgb[0], 255, local->red_max),
                                      ref_scale(rgb[1], 255, local->green_max),
                                      ref_scale(rgb[2], 255,
                                                local->blue_max)));
        }
    }
    canvas_check(&c, "rgb24_blt");
    canvas_clear(&c);
}

/* Every width up to a few vector steps (the fast kernels do groups of
 * pixels and finish the rest one at a time), and a long one. */
static void
test_rgb24(gconstpointer data)
{
    for (guint width = 1; width <= 13; width++)
        test_rgb24_width(data, width);
    test_rgb24_width(data, 37);
}

/* ---- copyrect ---- */

typedef struct {
    const char *name;
    guint16 srcx, srcy, dstx, dsty, width, height;
} CopyCase;

/* Overlapping in every direction, not overlapping, onto itself, and
 * whole rows (where the row padding lies between source and
 * destination). The framebuffer is 40x30. */
static const CopyCase copy_cases[] = {
    { "up", 10, 10, 10, 8, 12, 8 },
    { "down", 10, 10, 10, 13, 12, 8 },
    { "left", 10, 10, 7, 10, 12, 8 },
    { "right", 10, 10, 14, 10, 12, 8 },
    { "up-left", 10, 10, 8, 7, 12, 8 },
    { "up-right", 10, 10, 13, 9, 12, 8 },
    { "down-left", 10, 10, 9, 12, 12, 8 },
    { "down-right", 10, 10, 11, 11, 12, 8 },
    { "one-row-down", 0, 3, 0, 4, 40, 20 },
    { "one-row-up", 0, 4, 0, 3, 40, 20 },
    { "scroll-up", 0, 9, 0, 0, 40, 21 },
    { "scroll-down", 0, 0, 0, 9, 40, 21 },
    { "separate", 0, 0, 25, 20, 15, 10 },
    { "onto-itself", 5, 5, 5, 5, 10, 10 },
    { "whole", 0, 0, 0, 0, 40, 30 },
    { "empty", 3, 3, 4, 4, 0, 5 },
};

typedef struct {
    const CopyCase *copy;
    const VncPixelFormat *local;
    guint padding;  /* 0: whole-width rows are one block of memory */
} CopyTest;

static void
test_copyrect(gconstpointer data)
{
    const CopyTest *t = data;
    const CopyCase *cc = t->copy;
    guint bytes = ref_bytes(t->local);
    gsize row_bytes = (gsize)cc->width * bytes;
    g_autofree guint8 *saved = NULL;
    Canvas c;

    canvas_init_padded(&c, 40, 30, t->local, t->local, t->padding);
    /* Every byte different from its neighbours, padding included. */
    for (gsize i = 0; i < c.size; i++)
        c.buffer[i] = c.expected[i] = (i * 131 + i / 7) & 0xff;

    /* Reference: read the whole source first, then write it. */
    saved = g_malloc(row_bytes * cc->height + 1);
    for (guint j = 0; j < cc->height; j++)
        memcpy(saved + j * row_bytes,
               canvas_expected_at(&c, cc->srcx, cc->srcy + j), row_bytes);
    for (guint j = 0; j < cc->height; j++)
        memcpy(canvas_expected_at(&c, cc->dstx, cc->dsty + j),
               saved + j * row_bytes, row_bytes);

    vnc_framebuffer_copyrect(c.fb, cc->srcx, cc->srcy, cc->dstx, cc->dsty,
                             cc->width, cc->height);
    canvas_check(&c, cc->name);
    canvas_clear(&c);
}

/* ---- Colour maps ---- */

/* Colour numbers outside the map, below it and above it, and all
 * numbers with no map at all, give black; inside they give the colour. */
static void
test_color_map_out_of_range(void)
{
    const VncPixelFormat local = TRUE_COLOR(32, 24, LE, 255, 255, 255,
                                            16, 8, 0);
    const VncPixelFormat remote8 = COLOR_MAP(8, LE);
    const VncPixelFormat remote16 = COLOR_MAP(16, BE);
    const VncPixelFormat remote32 = COLOR_MAP(32, LE);
    guint8 pixel[4];
    g_autoptr(VncColorMap) map = vnc_color_map_new(10, 5);
    Canvas c;

    for (guint i = 0; i < 5; i++)
        vnc_color_map_set(map, 10 + i, 65535, 65535, 65535);

    /* 8 bpp: 9 and 15 are just outside 10..14. */
    canvas_init(&c, 4, 1, &local, &remote8);
    vnc_framebuffer_set_color_map(c.fb, map);
    pixel[0] = 9;
    vnc_framebuffer_set_pixel_at(c.fb, pixel, 0, 0);
    pixel[0] = 10;
    vnc_framebuffer_set_pixel_at(c.fb, pixel, 1, 0);
    pixel[0] = 14;
    vnc_framebuffer_set_pixel_at(c.fb, pixel, 2, 0);
    pixel[0] = 15;
    vnc_framebuffer_set_pixel_at(c.fb, pixel, 3, 0);
    g_assert_cmpmem(c.buffer, 16,
                    "\0\0\0\xff" "\xff\xff\xff\xff" "\xff\xff\xff\xff" "\0\0\0\xff",
                    16);
    canvas_clear(&c);

    /* 16 bpp big endian: 0x0100 would be index 1 if the bytes were
     * read the wrong way round. */
    canvas_init(&c, 3, 1, &local, &remote16);
    vnc_framebuffer_set_color_map(c.fb, map);
    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\x00\x0c", 0, 0);
    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\x0c\x00", 1, 0);
    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\xff\xff", 2, 0);
    g_assert_cmpmem(c.buffer, 12,
                    "\xff\xff\xff\xff" "\0\0\0\xff" "\0\0\0\xff", 12);
    canvas_clear(&c);

    /* 32 bpp: a colour number beyond any possible map. */
    canvas_init(&c, 3, 1, &local, &remote32);
    vnc_framebuffer_set_color_map(c.fb, map);
    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\x0b\x00\x00\x00", 0, 0);
    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\x0b\x00\x01\x00", 1, 0);
    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\xff\xff\xff\xff", 2, 0);
    g_assert_cmpmem(c.buffer, 12,
                    "\xff\xff\xff\xff" "\0\0\0\xff" "\0\0\0\xff", 12);

    /* Removing the map: black again. */
    vnc_framebuffer_set_color_map(c.fb, NULL);
    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\x0b\x00\x00\x00", 0, 0);
    g_assert_cmpmem(c.buffer, 4, "\0\0\0\xff", 4);
    canvas_clear(&c);
}

/* The framebuffer keeps its own copy of the map, and the "color-map"
 * property sets and returns it. */
static void
test_color_map_property(void)
{
    const VncPixelFormat local = TRUE_COLOR(32, 24, LE, 255, 255, 255,
                                            16, 8, 0);
    const VncPixelFormat remote = COLOR_MAP(8, LE);
    VncColorMap *map = vnc_color_map_new(0, 2);
    g_autoptr(VncColorMap) got = NULL;
    Canvas c;

    vnc_color_map_set(map, 1, 0xffff, 0x8000, 0x0000);
    canvas_init(&c, 1, 1, &local, &remote);
    g_object_set(c.fb, "color-map", map, NULL);
    vnc_color_map_free(map);  /* the framebuffer has its own */

    vnc_framebuffer_set_pixel_at(c.fb, (guint8 *)"\x01", 0, 0);
    g_assert_cmpmem(c.buffer, 4, "\x00\x80\xff\xff", 4);

    g_object_get(c.fb, "color-map", &got, NULL);
    g_assert_nonnull(got);
    g_assert_cmpuint(got->offset, ==, 0);
    g_assert_cmpuint(got->size, ==, 2);
    g_assert_cmpuint(got->colors[1].green, ==, 0x8000);
    canvas_clear(&c);
}

/* ---- The object ---- */

static void
test_properties(void)
{
    const VncPixelFormat local = TRUE_COLOR(16, 16, BE, 31, 63, 31, 11, 5, 0);
    const VncPixelFormat remote = TRUE_COLOR(32, 24, LE, 255, 255, 255,
                                             16, 8, 0);
    guint8 buffer[6 * 40];
    g_autoptr(VncBaseFramebuffer) fb =
        vnc_base_framebuffer_new(buffer, 17, 6, 40, &local, &remote);
    g_autoptr(VncPixelFormat) got_local = NULL;
    g_autoptr(VncPixelFormat) got_remote = NULL;
    gpointer got_buffer = NULL;
    guint width = 0, height = 0;
    int rowstride = 0;

    g_assert_true(VNC_IS_FRAMEBUFFER(fb));
    g_assert_cmpuint(vnc_framebuffer_get_width(VNC_FRAMEBUFFER(fb)), ==, 17);
    g_assert_cmpuint(vnc_framebuffer_get_height(VNC_FRAMEBUFFER(fb)), ==, 6);
    g_assert_cmpint(vnc_framebuffer_get_rowstride(VNC_FRAMEBUFFER(fb)), ==,
                    40);
    g_assert_true(vnc_framebuffer_get_buffer(VNC_FRAMEBUFFER(fb)) == buffer);
    assert_format_equal(vnc_framebuffer_get_local_format(VNC_FRAMEBUFFER(fb)),
                        &local);
    assert_format_equal(vnc_framebuffer_get_remote_format(VNC_FRAMEBUFFER(fb)),
                        &remote);
    g_assert_false(vnc_framebuffer_perfect_format_match(VNC_FRAMEBUFFER(fb)));

    g_object_get(fb, "buffer", &got_buffer, "width", &width,
                 "height", &height, "rowstride", &rowstride,
                 "local-format", &got_local, "remote-format", &got_remote,
                 NULL);
    g_assert_true(got_buffer == buffer);
    g_assert_cmpuint(width, ==, 17);
    g_assert_cmpuint(height, ==, 6);
    g_assert_cmpint(rowstride, ==, 40);
    assert_format_equal(got_local, &local);
    assert_format_equal(got_remote, &remote);
}

/* The same format, or one differing only where it does not matter, is
 * a perfect match; a colour-map format never is. */
static void
test_perfect_match(void)
{
    const VncPixelFormat xrgb_le = TRUE_COLOR(32, 24, LE, 255, 255, 255,
                                              16, 8, 0);
    const VncPixelFormat xrgb_be = TRUE_COLOR(32, 24, BE, 255, 255, 255,
                                              16, 8, 0);
    const VncPixelFormat rgb332_le = TRUE_COLOR(8, 8, LE, 7, 7, 3, 5, 2, 0);
    const VncPixelFormat rgb332_be = TRUE_COLOR(8, 8, BE, 7, 7, 3, 5, 2, 0);
    const VncPixelFormat map8 = COLOR_MAP(8, LE);
    const struct {
        const VncPixelFormat *local, *remote;
        gboolean match;
    } cases[] = {
        { &xrgb_le, &xrgb_le, TRUE },
        { &xrgb_le, &xrgb_be, FALSE },
        { &rgb332_le, &rgb332_be, TRUE },  /* byte order means nothing */
        { &rgb332_le, &map8, FALSE },
    };
    guint8 buffer[4];

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(VncBaseFramebuffer) fb =
            vnc_base_framebuffer_new(buffer, 1, 1, 4, cases[i].local,
                                     cases[i].remote);
        g_assert_cmpint(vnc_framebuffer_perfect_format_match(
                            VNC_FRAMEBUFFER(fb)), ==, cases[i].match);
    }
}

/* A rectangle reaching outside the framebuffer is a caller's bug: it is
 * reported and nothing is written. */
static void
test_outside_rejected(void)
{
    const VncPixelFormat local = TRUE_COLOR(32, 24, LE, 255, 255, 255,
                                            16, 8, 0);
    guint8 src[64 * 4] = { 0x11 };
    Canvas c;

    canvas_init(&c, 8, 4, &local, &local);

#define EXPECT_REJECTED(call)                                               \
    do {                                                                    \
        g_test_expect_message("gvnc", G_LOG_LEVEL_CRITICAL, "*failed*");    \
        call;                                                               \
        g_test_assert_expected_messages();                                  \
    } while (0)

    EXPECT_REJECTED(vnc_framebuffer_blt(c.fb, src, 32, 1, 0, 8, 1));
    EXPECT_REJECTED(vnc_framebuffer_blt(c.fb, src, 32, 0, 3, 1, 2));
    EXPECT_REJECTED(vnc_framebuffer_blt(c.fb, src, 32, 65535, 0, 2, 1));
    EXPECT_REJECTED(vnc_framebuffer_rgb24_blt(c.fb, src, 24, 0, 0, 9, 1));
    EXPECT_REJECTED(vnc_framebuffer_fill(c.fb, src, 4, 0, 5, 1));
    EXPECT_REJECTED(vnc_framebuffer_set_pixel_at(c.fb, src, 8, 0));
    EXPECT_REJECTED(vnc_framebuffer_set_pixel_at(c.fb, src, 0, 4));
    EXPECT_REJECTED(vnc_framebuffer_copyrect(c.fb, 0, 0, 1, 0, 8, 1));
    EXPECT_REJECTED(vnc_framebuffer_copyrect(c.fb, 0, 1, 0, 0, 1, 4));
#undef EXPECT_REJECTED

    canvas_check(&c, "after rejected calls");
    canvas_clear(&c);
}

/* The wrappers refuse what is not a framebuffer, NULL included. */
static void
test_not_a_framebuffer(void)
{
    g_autoptr(GObject) object = g_object_new(G_TYPE_OBJECT, NULL);
    guint8 pixel[4] = { 0 };

    g_test_expect_message("gvnc", G_LOG_LEVEL_CRITICAL, "*failed*");
    g_assert_cmpuint(vnc_framebuffer_get_width((VncFramebuffer *)object),
                     ==, 0);
    g_test_assert_expected_messages();

    g_test_expect_message("gvnc", G_LOG_LEVEL_CRITICAL, "*failed*");
    vnc_framebuffer_set_pixel_at((VncFramebuffer *)object, pixel, 0, 0);
    g_test_assert_expected_messages();

    g_test_expect_message("gvnc", G_LOG_LEVEL_CRITICAL, "*failed*");
    vnc_framebuffer_fill(NULL, pixel, 0, 0, 1, 1);
    g_test_assert_expected_messages();
}

/* A framebuffer that cannot work (24 bpp does not exist in RFB) is a
 * programming error: reported once, and drawing then does nothing. */
static void
test_unusable_format(void)
{
    const VncPixelFormat local = TRUE_COLOR(32, 24, LE, 255, 255, 255,
                                            16, 8, 0);
    const VncPixelFormat bad = TRUE_COLOR(24, 24, LE, 255, 255, 255,
                                          16, 8, 0);
    guint8 buffer[16];
    g_autoptr(VncBaseFramebuffer) fb = NULL;

    memset(buffer, SENTINEL, sizeof(buffer));
    g_test_expect_message("gvnc", G_LOG_LEVEL_CRITICAL, "*24 bpp*");
    fb = vnc_base_framebuffer_new(buffer, 2, 2, 8, &local, &bad);
    g_test_assert_expected_messages();

    g_assert_false(vnc_framebuffer_perfect_format_match(VNC_FRAMEBUFFER(fb)));
    g_test_expect_message("gvnc", G_LOG_LEVEL_CRITICAL, "*failed*");
    vnc_framebuffer_fill(VNC_FRAMEBUFFER(fb), buffer, 0, 0, 1, 1);
    g_test_assert_expected_messages();
    for (guint i = 0; i < sizeof(buffer); i++)
        g_assert_cmphex(buffer[i], ==, SENTINEL);
}

/* ---- Registration ---- */

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    for (guint r = 0; r < G_N_ELEMENTS(remote_formats); r++) {
        for (guint l = 0; l < G_N_ELEMENTS(local_formats); l++) {
            ConvertCase *tc = g_new0(ConvertCase, 1);
            g_autofree char *path = g_strdup_printf(
                "/framebuffer/convert/%s/to/%s",
                remote_formats[r].name, local_formats[l].name);
            tc->remote = &remote_formats[r];
            tc->local = &local_formats[l];
            g_test_add_data_func_full(path, tc, test_convert, g_free);
        }
    }

    for (guint l = 0; l < G_N_ELEMENTS(local_formats); l++) {
        g_autofree char *path = g_strdup_printf("/framebuffer/rgb24/to/%s",
                                                local_formats[l].name);
        g_test_add_data_func(path, &local_formats[l].format, test_rgb24);
    }

    /* copyrect works on local pixels: one local format per pixel size. */
    for (guint l = 0; l < G_N_ELEMENTS(local_formats); l++) {
        const VncPixelFormat *local = &local_formats[l].format;
        if (l > 0 &&
            local->bits_per_pixel ==
            local_formats[l - 1].format.bits_per_pixel)
            continue;
        for (guint i = 0; i < G_N_ELEMENTS(copy_cases); i++) {
            for (guint padded = 0; padded < 2; padded++) {
                CopyTest *t = g_new0(CopyTest, 1);
                g_autofree char *path = g_strdup_printf(
                    "/framebuffer/copyrect/%ubpp/%s/%s", local->bits_per_pixel,
                    padded ? "padded" : "unpadded", copy_cases[i].name);
                t->copy = &copy_cases[i];
                t->local = local;
                t->padding = padded ? 12 : 0;
                g_test_add_data_func_full(path, t, test_copyrect, g_free);
            }
        }
    }

    g_test_add_func("/framebuffer/color-map/out-of-range",
                    test_color_map_out_of_range);
    g_test_add_func("/framebuffer/color-map/property",
                    test_color_map_property);
    g_test_add_func("/framebuffer/properties", test_properties);
    g_test_add_func("/framebuffer/perfect-match", test_perfect_match);
    g_test_add_func("/framebuffer/outside-rejected", test_outside_rejected);
    g_test_add_func("/framebuffer/not-a-framebuffer", test_not_a_framebuffer);
    g_test_add_func("/framebuffer/unusable-format", test_unusable_format);

    return g_test_run();
}
