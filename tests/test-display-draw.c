/*
 * gtk-vnc tests: what VncDisplay shows, read back from the X server
 *
 * At 100% the window must hold exactly the server's desktop, pixel for
 * pixel; zoomed without smoothing each desktop pixel must become a block;
 * turned, the desktop must land turned, exactly. Around the desktop the
 * widget paints black.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "display-fixture.h"

typedef struct {
    guint zoom;            /* percent */
    guint rotation;
    gboolean smoothing;
} DrawCase;

/* Where the desktop pixel shown at window pixel (wx, wy) comes from, for
 * an unscaled desktop turned by @rotation. */
static void
source_pixel(DisplayFixture *f, guint rotation, int wx, int wy, int *x, int *y)
{
    switch (rotation) {
    case 90:
        *x = wy;
        *y = f->height - 1 - wx;
        break;
    case 180:
        *x = f->width - 1 - wx;
        *y = f->height - 1 - wy;
        break;
    case 270:
        *x = f->width - 1 - wy;
        *y = wx;
        break;
    default:
        *x = wx;
        *y = wy;
        break;
    }
}

static void
test_exact_picture(DisplayFixture *f, gconstpointer data)
{
    const DrawCase *c = data;
    guint factor = c->zoom / 100;
    int width, height;

    vnc_display_set_zoom_level(f->display, c->zoom);
    vnc_display_set_rotation(f->display, c->rotation);
    vnc_display_set_smoothing(f->display, c->smoothing);
    if (!display_fixture_start(f))
        return;

    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);
    gboolean turned = c->rotation == 90 || c->rotation == 270;
    g_assert_cmpint(width, ==, (turned ? f->height : f->width) * (int)factor);
    g_assert_cmpint(height, ==, (turned ? f->width : f->height) * (int)factor);

    for (int wy = 0; wy < height; wy++) {
        for (int wx = 0; wx < width; wx++) {
            int x, y;

            source_pixel(f, c->rotation, wx / factor, wy / factor, &x, &y);
            guint32 want = display_fixture_desktop_pixel(f, x, y);
            guint32 got = shot[(gsize)wy * width + wx];
            if (want != got) {
                g_test_message("window pixel %d,%d: want %06x (desktop %d,%d), got %06x",
                               wx, wy, want, x, y, got);
                g_assert_cmphex(got, ==, want);
            }
        }
    }
}

/* A window larger than the desktop: the desktop in the middle, black
 * around it. */
static void
test_border(DisplayFixture *f, gconstpointer data)
{
    int width, height;

    f->window_width = 100;
    f->window_height = 80;
    if (!display_fixture_start(f))
        return;

    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);
    g_assert_cmpint(width, ==, 100);
    g_assert_cmpint(height, ==, 80);
    int left = (width - f->width) / 2, top = (height - f->height) / 2;

    for (int wy = 0; wy < height; wy++) {
        for (int wx = 0; wx < width; wx++) {
            gboolean inside = wx >= left && wx < left + f->width &&
                wy >= top && wy < top + f->height;
            guint32 want = inside ? display_fixture_desktop_pixel(f, wx - left, wy - top) : 0;
            guint32 got = shot[(gsize)wy * width + wx];

            if (want != got) {
                g_test_message("window pixel %d,%d", wx, wy);
                g_assert_cmphex(got, ==, want);
            }
        }
    }
}

/* Scaled to fit with smoothing, the exact values are cairo's business;
 * but a desktop scaled up 2x must still look like itself: each window
 * pixel close to the desktop pixel under its centre. */
static void
test_scaled_smooth(DisplayFixture *f, gconstpointer data)
{
    int width, height;

    f->window_width = 128;
    f->window_height = 96;
    vnc_display_set_scaling(f->display, TRUE);
    if (!display_fixture_start(f))
        return;

    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);
    g_assert_cmpint(width, ==, 128);
    g_assert_cmpint(height, ==, 96);
    guint far = 0;
    for (int wy = 0; wy < height; wy++) {
        for (int wx = 0; wx < width; wx++) {
            guint32 want = display_fixture_desktop_pixel(f, wx / 2, wy / 2);
            guint32 got = shot[(gsize)wy * width + wx];

            for (int c = 0; c < 24; c += 8) {
                int d = (int)((want >> c) & 0xff) - (int)((got >> c) & 0xff);
                /* Neighbours differ by at most 3 per channel here;
                 * interpolation stays between them. */
                if (ABS(d) > 4)
                    far++;
            }
        }
    }
    g_assert_cmpuint(far, ==, 0);
}

/* Scaled to a window of another shape, without smoothing: stretched
 * into 2x3 blocks, or with the aspect ratio kept 2x2 blocks in the
 * middle and black above and below. */
static void
test_aspect(DisplayFixture *f, gconstpointer data)
{
    gboolean keep = GPOINTER_TO_INT(data);
    int width, height;

    f->window_width = 128;
    f->window_height = 144;
    vnc_display_set_scaling(f->display, TRUE);
    vnc_display_set_smoothing(f->display, FALSE);
    vnc_display_set_keep_aspect_ratio(f->display, keep);
    if (!display_fixture_start(f))
        return;

    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);
    g_assert_cmpint(width, ==, 128);
    g_assert_cmpint(height, ==, 144);
    for (int wy = 0; wy < height; wy++) {
        for (int wx = 0; wx < width; wx++) {
            guint32 want;

            if (!keep)
                want = display_fixture_desktop_pixel(f, wx / 2, wy / 3);
            else if (wy < 24 || wy >= 24 + 96)
                want = 0;
            else
                want = display_fixture_desktop_pixel(f, wx / 2, (wy - 24) / 2);
            if (shot[(gsize)wy * width + wx] != want) {
                g_test_message("window pixel %d,%d", wx, wy);
                g_assert_cmphex(shot[(gsize)wy * width + wx], ==, want);
            }
        }
    }
}

/* The pixbuf is the desktop, whatever the view. */
static void
test_pixbuf(DisplayFixture *f, gconstpointer data)
{
    vnc_display_set_zoom_level(f->display, 200);
    vnc_display_set_rotation(f->display, 90);
    g_assert_null(vnc_display_get_pixbuf(f->display));
    if (!display_fixture_start(f))
        return;

    g_autoptr(GdkPixbuf) pixbuf = vnc_display_get_pixbuf(f->display);
    g_assert_nonnull(pixbuf);
    g_assert_cmpint(gdk_pixbuf_get_width(pixbuf), ==, f->width);
    g_assert_cmpint(gdk_pixbuf_get_height(pixbuf), ==, f->height);
    g_assert_false(gdk_pixbuf_get_has_alpha(pixbuf));
    const guint8 *pixels = gdk_pixbuf_get_pixels(pixbuf);
    int stride = gdk_pixbuf_get_rowstride(pixbuf);
    for (int y = 0; y < f->height; y++) {
        for (int x = 0; x < f->width; x++) {
            const guint8 *p = pixels + y * stride + 3 * x;
            guint32 got = ((guint32)p[0] << 16) | (p[1] << 8) | p[2];

            g_assert_cmphex(got, ==, display_fixture_desktop_pixel(f, x, y));
        }
    }
}

static const DrawCase cases[] = {
    { 100, 0, TRUE },
    { 200, 0, FALSE },
    { 300, 0, FALSE },
    { 100, 90, TRUE },
    { 100, 180, TRUE },
    { 100, 270, TRUE },
    { 200, 90, FALSE },
};

int
main(int argc, char **argv)
{
    gboolean have_x = display_test_init(&argc, &argv);

    g_test_init(&argc, &argv, NULL);
    (void)have_x;

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("/display/draw/exact/zoom%u-rotate%u%s",
                                                cases[i].zoom, cases[i].rotation,
                                                cases[i].smoothing ? "" : "-nearest");
        g_test_add(name, DisplayFixture, &cases[i], display_fixture_setup,
                   test_exact_picture, display_fixture_teardown);
    }
#define ADD(name, func) \
    g_test_add(name, DisplayFixture, NULL, display_fixture_setup, func, display_fixture_teardown)
    ADD("/display/draw/border", test_border);
    ADD("/display/draw/scaled-smooth", test_scaled_smooth);
    ADD("/display/draw/pixbuf", test_pixbuf);
    g_test_add("/display/draw/aspect/stretched", DisplayFixture, GINT_TO_POINTER(FALSE),
               display_fixture_setup, test_aspect, display_fixture_teardown);
    g_test_add("/display/draw/aspect/kept", DisplayFixture, GINT_TO_POINTER(TRUE),
               display_fixture_setup, test_aspect, display_fixture_teardown);
#undef ADD
    return g_test_run();
}
