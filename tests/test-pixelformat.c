/*
 * gtk-vnc tests: VncPixelFormat and VncColorMap
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <glib-object.h>

#include "vncpixelformat.h"
#include "vnccolormap.h"

static const VncPixelFormat xrgb_le = {
    .bits_per_pixel = 32, .depth = 24, .byte_order = G_LITTLE_ENDIAN,
    .true_color_flag = 1, .red_max = 255, .green_max = 255, .blue_max = 255,
    .red_shift = 16, .green_shift = 8, .blue_shift = 0,
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

static void
test_format_new_copy(void)
{
    g_autoptr(VncPixelFormat) empty = vnc_pixel_format_new();
    g_autoptr(VncPixelFormat) copy = NULL;
    VncPixelFormat *boxed;
    const VncPixelFormat zero = { 0 };

    assert_format_equal(empty, &zero);

    copy = vnc_pixel_format_copy((VncPixelFormat *)&xrgb_le);
    g_assert_true(copy != &xrgb_le);
    assert_format_equal(copy, &xrgb_le);

    /* The boxed type copies and frees through the same functions. */
    g_assert_true(G_TYPE_IS_BOXED(VNC_TYPE_PIXEL_FORMAT));
    boxed = g_boxed_copy(VNC_TYPE_PIXEL_FORMAT, &xrgb_le);
    assert_format_equal(boxed, &xrgb_le);
    g_boxed_free(VNC_TYPE_PIXEL_FORMAT, boxed);

    vnc_pixel_format_free(NULL);
}

static void
test_format_match(void)
{
    VncPixelFormat other = xrgb_le;

    g_assert_true(vnc_pixel_format_match(&xrgb_le, &xrgb_le));
    g_assert_true(vnc_pixel_format_match(&xrgb_le, &other));

    /* Each field that changes the layout breaks the match. */
#define ASSERT_FIELD_MATTERS(field, value)                              \
    do {                                                                \
        other = xrgb_le;                                                \
        other.field = value;                                            \
        g_assert_false(vnc_pixel_format_match(&xrgb_le, &other));       \
        g_assert_false(vnc_pixel_format_match(&other, &xrgb_le));       \
    } while (0)
    ASSERT_FIELD_MATTERS(bits_per_pixel, 16);
    ASSERT_FIELD_MATTERS(depth, 32);
    ASSERT_FIELD_MATTERS(byte_order, G_BIG_ENDIAN);
    ASSERT_FIELD_MATTERS(true_color_flag, 0);
    ASSERT_FIELD_MATTERS(red_max, 127);
    ASSERT_FIELD_MATTERS(green_max, 127);
    ASSERT_FIELD_MATTERS(blue_max, 127);
    ASSERT_FIELD_MATTERS(red_shift, 0);
    ASSERT_FIELD_MATTERS(green_shift, 16);
    ASSERT_FIELD_MATTERS(blue_shift, 8);
#undef ASSERT_FIELD_MATTERS

    /* Byte order means nothing for one byte per pixel... */
    {
        VncPixelFormat a = { 8, 8, G_LITTLE_ENDIAN, 1, 7, 7, 3, 5, 2, 0 };
        VncPixelFormat b = { 8, 8, G_BIG_ENDIAN, 1, 7, 7, 3, 5, 2, 0 };
        g_assert_true(vnc_pixel_format_match(&a, &b));
    }
    /* ...nor maxima and shifts for a colour map. */
    {
        VncPixelFormat a = { 8, 8, G_LITTLE_ENDIAN, 0, 7, 7, 3, 5, 2, 0 };
        VncPixelFormat b = { 8, 8, G_LITTLE_ENDIAN, 0, 0, 0, 0, 0, 0, 0 };
        g_assert_true(vnc_pixel_format_match(&a, &b));
    }
}

static void
test_color_map_basic(void)
{
    g_autoptr(VncColorMap) map = vnc_color_map_new(16, 4);
    g_autoptr(VncColorMap) copy = NULL;
    guint16 r = 1, g = 2, b = 3;

    g_assert_cmpuint(map->offset, ==, 16);
    g_assert_cmpuint(map->size, ==, 4);

    /* New entries are black. */
    g_assert_true(vnc_color_map_lookup(map, 17, &r, &g, &b));
    g_assert_cmpuint(r, ==, 0);
    g_assert_cmpuint(g, ==, 0);
    g_assert_cmpuint(b, ==, 0);

    g_assert_true(vnc_color_map_set(map, 16, 100, 200, 300));
    g_assert_true(vnc_color_map_set(map, 19, 65535, 0, 65535));
    g_assert_true(vnc_color_map_lookup(map, 16, &r, &g, &b));
    g_assert_cmpuint(r, ==, 100);
    g_assert_cmpuint(g, ==, 200);
    g_assert_cmpuint(b, ==, 300);
    g_assert_true(vnc_color_map_lookup(map, 19, &r, &g, &b));
    g_assert_cmpuint(r, ==, 65535);
    g_assert_cmpuint(g, ==, 0);
    g_assert_cmpuint(b, ==, 65535);

    /* The copy is deep. */
    copy = vnc_color_map_copy(map);
    g_assert_true(copy->colors != map->colors);
    vnc_color_map_set(map, 16, 1, 1, 1);
    g_assert_true(vnc_color_map_lookup(copy, 16, &r, &g, &b));
    g_assert_cmpuint(r, ==, 100);

    vnc_color_map_free(NULL);
}

/* Indices outside the map are refused, without a warning (they come
 * from the network), and leave the outputs alone. */
static void
test_color_map_bounds(void)
{
    g_autoptr(VncColorMap) map = vnc_color_map_new(16, 4);
    g_autoptr(VncColorMap) top = vnc_color_map_new(65530, 6);
    g_autoptr(VncColorMap) empty = vnc_color_map_new(0, 0);
    guint16 r = 7, g = 8, b = 9;

    g_assert_false(vnc_color_map_set(map, 15, 1, 1, 1));
    g_assert_false(vnc_color_map_set(map, 20, 1, 1, 1));
    g_assert_false(vnc_color_map_set(map, 0, 1, 1, 1));
    g_assert_false(vnc_color_map_set(map, 65535, 1, 1, 1));
    g_assert_false(vnc_color_map_lookup(map, 15, &r, &g, &b));
    g_assert_false(vnc_color_map_lookup(map, 20, &r, &g, &b));
    g_assert_cmpuint(r, ==, 7);
    g_assert_cmpuint(g, ==, 8);
    g_assert_cmpuint(b, ==, 9);

    /* A map ending at 65535: offset + size does not wrap to small
     * indices. */
    g_assert_true(vnc_color_map_set(top, 65535, 1, 2, 3));
    g_assert_true(vnc_color_map_lookup(top, 65535, &r, &g, &b));
    g_assert_cmpuint(b, ==, 3);
    g_assert_false(vnc_color_map_set(top, 0, 1, 1, 1));
    g_assert_false(vnc_color_map_lookup(top, 3, &r, &g, &b));
    g_assert_false(vnc_color_map_lookup(top, 65529, &r, &g, &b));

    g_assert_false(vnc_color_map_set(empty, 0, 1, 1, 1));
    g_assert_false(vnc_color_map_lookup(empty, 0, &r, &g, &b));
}

static void
test_color_map_boxed(void)
{
    VncColorMap *map = vnc_color_map_new(1, 2);
    VncColorMap *copy;

    vnc_color_map_set(map, 2, 4, 5, 6);
    g_assert_true(G_TYPE_IS_BOXED(VNC_TYPE_COLOR_MAP));
    copy = g_boxed_copy(VNC_TYPE_COLOR_MAP, map);
    vnc_color_map_free(map);
    g_assert_cmpuint(copy->offset, ==, 1);
    g_assert_cmpuint(copy->size, ==, 2);
    g_assert_cmpuint(copy->colors[1].blue, ==, 6);
    g_boxed_free(VNC_TYPE_COLOR_MAP, copy);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/pixel-format/new-copy", test_format_new_copy);
    g_test_add_func("/pixel-format/match", test_format_match);
    g_test_add_func("/color-map/basic", test_color_map_basic);
    g_test_add_func("/color-map/bounds", test_color_map_bounds);
    g_test_add_func("/color-map/boxed", test_color_map_boxed);

    return g_test_run();
}
