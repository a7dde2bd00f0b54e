/*
 * gtk-vnc tests: VncCursor
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib-object.h>

#include "vnccursor.h"

static void
test_cursor_copies_data(void)
{
    const guint16 width = 5, height = 3;
    guint8 data[5 * 3 * 4];
    guint8 original[sizeof(data)];
    g_autoptr(VncCursor) cursor = NULL;

    for (guint i = 0; i < sizeof(data); i++)
        data[i] = i * 7 + 1;
    memcpy(original, data, sizeof(data));

    cursor = vnc_cursor_new(data, 2, 1, width, height);
    g_assert_cmpuint(vnc_cursor_get_width(cursor), ==, 5);
    g_assert_cmpuint(vnc_cursor_get_height(cursor), ==, 3);
    g_assert_cmpuint(vnc_cursor_get_hotx(cursor), ==, 2);
    g_assert_cmpuint(vnc_cursor_get_hoty(cursor), ==, 1);

    /* The cursor has its own copy: changing ours changes nothing. */
    g_assert_true(vnc_cursor_get_data(cursor) != data);
    memset(data, 0, sizeof(data));
    g_assert_cmpmem(vnc_cursor_get_data(cursor), sizeof(original),
                    original, sizeof(original));
}

static void
test_cursor_properties(void)
{
    guint8 data[2 * 2 * 4] = { 1, 2, 3, 4, 5, 6, 7, 8,
                               9, 10, 11, 12, 13, 14, 15, 16 };
    g_autoptr(VncCursor) cursor = NULL;
    guint hotx = 0, hoty = 0, width = 0, height = 0;
    gpointer got = NULL;

    /* Properties in an order where data comes before the size. */
    cursor = g_object_new(VNC_TYPE_CURSOR, "data", data, "hoty", 1,
                          "hotx", 0, "height", 2, "width", 2, NULL);
    g_object_get(cursor, "hotx", &hotx, "hoty", &hoty, "width", &width,
                 "height", &height, "data", &got, NULL);
    g_assert_cmpuint(hotx, ==, 0);
    g_assert_cmpuint(hoty, ==, 1);
    g_assert_cmpuint(width, ==, 2);
    g_assert_cmpuint(height, ==, 2);
    g_assert_true(got == vnc_cursor_get_data(cursor));
    g_assert_cmpmem(got, sizeof(data), data, sizeof(data));
}

static void
test_cursor_empty(void)
{
    g_autoptr(VncCursor) cursor = vnc_cursor_new(NULL, 0, 0, 0, 0);

    g_assert_cmpuint(vnc_cursor_get_width(cursor), ==, 0);
    g_assert_cmpuint(vnc_cursor_get_height(cursor), ==, 0);
    g_assert_null(vnc_cursor_get_data(cursor));
}

/* The largest cursor the protocol can describe is copied whole. */
static void
test_cursor_large(void)
{
    const guint16 side = 1024;
    gsize size = (gsize)side * side * 4;
    g_autofree guint8 *data = g_malloc(size);
    g_autoptr(VncCursor) cursor = NULL;

    for (gsize i = 0; i < size; i++)
        data[i] = (i >> 3) ^ i;
    cursor = vnc_cursor_new(data, side - 1, side - 1, side, side);
    g_assert_cmpmem(vnc_cursor_get_data(cursor), size, data, size);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/cursor/copies-data", test_cursor_copies_data);
    g_test_add_func("/cursor/properties", test_cursor_properties);
    g_test_add_func("/cursor/empty", test_cursor_empty);
    g_test_add_func("/cursor/large", test_cursor_large);

    return g_test_run();
}
