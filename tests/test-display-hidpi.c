/*
 * gtk-vnc tests: VncDisplay on a HiDPI screen (GTK 3, scale factor 2)
 *
 * With GDK_SCALE=2 every logical pixel is 2x2 pixels of the screen. At
 * 100% one desktop pixel must be one screen pixel (sharp, the window
 * half as large in logical pixels), pointer positions must map back at
 * that resolution, and "scaled to fit" must fill the real pixels.
 * GTK+ 2 has no scale factor: the tests say SKIP there.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "display-fixture.h"

static gboolean
can_scale(void)
{
#if GTK_CHECK_VERSION(3, 10, 0)
    return TRUE;
#else
    g_test_skip("GTK+ 2 has no scale factor");
    return FALSE;
#endif
}

/* Each desktop pixel a @factor x @factor block of the screenshot. */
static void
assert_blocks(DisplayFixture *f, guint factor)
{
    int width, height;
    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);

    g_assert_cmpint(width, ==, f->width * (int)factor);
    g_assert_cmpint(height, ==, f->height * (int)factor);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            guint32 want = display_fixture_desktop_pixel(f, x / factor, y / factor);
            guint32 got = shot[(gsize)y * width + x];

            if (want != got) {
                g_test_message("screen pixel %d,%d", x, y);
                g_assert_cmphex(got, ==, want);
            }
        }
    }
}

static void
test_exact(DisplayFixture *f, gconstpointer data)
{
    if (!can_scale() || !display_fixture_start(f))
        return;
#if GTK_CHECK_VERSION(3, 10, 0)
    g_assert_cmpint(gtk_widget_get_scale_factor(GTK_WIDGET(f->display)), ==, 2);
    /* Half the desktop's size in logical pixels. */
    g_assert_cmpint(gtk_widget_get_allocated_width(GTK_WIDGET(f->display)), ==, f->width / 2);
#endif
    assert_blocks(f, 1);
}

static void
test_zoom(DisplayFixture *f, gconstpointer data)
{
    vnc_display_set_zoom_level(f->display, 200);
    vnc_display_set_smoothing(f->display, FALSE);
    if (!can_scale() || !display_fixture_start(f))
        return;
    assert_blocks(f, 2);
}

static void
test_scaled(DisplayFixture *f, gconstpointer data)
{
    /* 64x48 logical: 128x96 on the screen, twice the desktop. */
    f->window_width = 64;
    f->window_height = 48;
    vnc_display_set_scaling(f->display, TRUE);
    vnc_display_set_smoothing(f->display, FALSE);
    if (!can_scale() || !display_fixture_start(f))
        return;
    assert_blocks(f, 2);
}

typedef struct {
    guint zoom;
    int x, y;       /* screen pixels in the window */
    int want_x, want_y;
} PointerCase;

static gboolean
have_pointer(DisplayFixture *f)
{
    return display_fixture_count(f, 5) >= 3;
}

static void
test_pointer(DisplayFixture *f, gconstpointer data)
{
    const PointerCase *c = data;

    vnc_display_set_zoom_level(f->display, c->zoom);
    if (!can_scale() || !display_fixture_start(f))
        return;
    display_fixture_focus(f);
    display_fixture_clear(f);

    g_autofree char *xid = g_strdup_printf("%lu", display_fixture_xid(f));
    g_autofree char *sx = g_strdup_printf("%d", c->x);
    g_autofree char *sy = g_strdup_printf("%d", c->y);
    display_fixture_xdotool(f, "mousemove", "--window", xid, sx, sy, "click", "1", NULL);
    display_fixture_wait(f, have_pointer, "three pointer events");
    g_autofree char *input = display_fixture_input(f, FALSE, TRUE);
    g_autofree char *want = g_strdup_printf("ptr0@%d,%d ptr1@%d,%d ptr0@%d,%d",
                                            c->want_x, c->want_y, c->want_x, c->want_y,
                                            c->want_x, c->want_y);
    g_assert_cmpstr(input, ==, want);
}

static const PointerCase pointer_cases[] = {
    { 100, 21, 11, 21, 11 },     /* odd screen pixels are reachable */
    { 100, 63, 47, 63, 47 },
    { 200, 41, 21, 20, 10 },
};

int
main(int argc, char **argv)
{
    /* Before GTK starts: every widget gets scale factor 2. */
    g_setenv("GDK_SCALE", "2", TRUE);
    g_setenv("GDK_DPI_SCALE", "1", TRUE);
    display_test_init(&argc, &argv);
    g_test_init(&argc, &argv, NULL);

#define ADD(name, func, data) \
    g_test_add(name, DisplayFixture, data, display_fixture_setup, func, display_fixture_teardown)
    ADD("/display/hidpi/exact", test_exact, NULL);
    ADD("/display/hidpi/zoom200", test_zoom, NULL);
    ADD("/display/hidpi/scaled", test_scaled, NULL);
    for (guint i = 0; i < G_N_ELEMENTS(pointer_cases); i++) {
        g_autofree char *name = g_strdup_printf("/display/hidpi/pointer/zoom%u-at%d,%d",
                                                pointer_cases[i].zoom, pointer_cases[i].x,
                                                pointer_cases[i].y);
        ADD(name, test_pointer, &pointer_cases[i]);
    }
#undef ADD
    return g_test_run();
}
