/*
 * gtk-vnc tests: the remote desktop following the widget's size
 * (allow-resize)
 *
 * The fake server announces ExtendedDesktopSize with a one-screen layout
 * (id 42) and answers SetDesktopSize by resizing, or by refusing. The
 * widget must ask once the window has held its size, with the layout's
 * screen kept, show the new desktop exactly once it comes, and fall back
 * to scaling when the server cannot or will not resize. A refusal reaches
 * the widget through the connection's vnc-desktop-resize-failed: the
 * widget then never asks for that size again (for no size at all when
 * resizing is prohibited) until allow-resize is switched off and on.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "display-fixture.h"
#include "vncdisplay-priv.h"

#define SET_DESKTOP_SIZE 251

static guint
get_u16(const guint8 *p)
{
    return (p[0] << 8) | p[1];
}

static guint32
get_u32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* The SetDesktopSize requests as "WxH[id:x,y,wxh]" words. */
static char *
size_requests(DisplayFixture *f)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < f->messages->len; i++) {
        gsize len;
        const guint8 *m = g_bytes_get_data(f->messages->pdata[i], &len);

        if (m[0] != SET_DESKTOP_SIZE)
            continue;
        if (s->len)
            g_string_append_c(s, ' ');
        g_string_append_printf(s, "%ux%u", get_u16(m + 2), get_u16(m + 4));
        for (guint n = 0; n < m[6]; n++) {
            const guint8 *screen = m + 8 + 16 * n;

            g_string_append_printf(s, "[%u:%u,%u,%ux%u]", get_u32(screen),
                                   get_u16(screen + 4), get_u16(screen + 6),
                                   get_u16(screen + 8), get_u16(screen + 10));
        }
    }
    return g_string_free(s, FALSE);
}

static void
assert_exact(DisplayFixture *f)
{
    int width, height;
    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);

    g_assert_cmpint(width, ==, f->width);
    g_assert_cmpint(height, ==, f->height);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            if (shot[(gsize)y * width + x] != display_fixture_desktop_pixel(f, x, y)) {
                g_test_message("window pixel %d,%d", x, y);
                g_assert_cmphex(shot[(gsize)y * width + x], ==,
                                display_fixture_desktop_pixel(f, x, y));
            }
        }
    }
}

static gboolean
has_size(DisplayFixture *f)
{
    /* The client has the whole desktop at the server's size. */
    return vnc_display_get_width(f->display) == f->width &&
        vnc_display_get_height(f->display) == f->height &&
        f->update_width == f->width && f->update_height == f->height &&
        f->n_updates >= 2;
}

static gboolean
has_120x90(DisplayFixture *f)
{
    return f->width == 120 && f->height == 90 && has_size(f);
}

static void
test_follows_window(DisplayFixture *f, gconstpointer data)
{
    f->extended_desktop_size = TRUE;
    f->window_width = 100;
    f->window_height = 80;
    vnc_display_set_allow_resize(f->display, TRUE);
    if (!display_fixture_start(f))
        return;

    display_fixture_wait_messages(f, SET_DESKTOP_SIZE, 1);
    g_autofree char *first = size_requests(f);
    g_assert_cmpstr(first, ==, "100x80[42:0,0,100x80]");

    /* The server took it: the new desktop, whole, shown exactly. */
    display_fixture_wait(f, has_size, "the desktop at its new size");
    display_fixture_wait_drawn_at(f, 100, 80);
    g_assert_cmpint(f->width, ==, 100);
    /* (The request may go out before the first picture, when the
     * machine is slow: the signal is then among the start's events.) */
    g_autofree char *events = g_strconcat(f->start_events, " ", f->events->str, NULL);
    g_strstrip(events);
    g_test_message("events: %s", events);
    g_assert_true(g_str_has_suffix(events, " resize(100,80)"));
    assert_exact(f);

    /* A window dragged through sizes ends with the last size (and asks
     * once, unless the machine is so slow that the steps come further
     * apart than the wait: then also for the one in between). */
    display_fixture_clear(f);
    gtk_window_resize(GTK_WINDOW(f->window), 110, 85);
    display_fixture_settle(f);
    gtk_window_resize(GTK_WINDOW(f->window), 120, 90);
    display_fixture_wait(f, has_120x90, "the desktop at 120x90");
    g_autofree char *second = size_requests(f);
    g_test_message("requests: %s", second);
    g_assert_true(g_str_equal(second, "120x90[42:0,0,120x90]") ||
                  g_str_equal(second, "110x85[42:0,0,110x85] 120x90[42:0,0,120x90]"));
    display_fixture_wait_drawn_at(f, 120, 90);
    assert_exact(f);
}

/* Turned a quarter, the desktop is as wide as the window is tall. */
static void
test_rotated(DisplayFixture *f, gconstpointer data)
{
    f->extended_desktop_size = TRUE;
    f->window_width = 100;
    f->window_height = 80;
    vnc_display_set_rotation(f->display, 90);
    vnc_display_set_allow_resize(f->display, TRUE);
    if (!display_fixture_start(f))
        return;

    display_fixture_wait_messages(f, SET_DESKTOP_SIZE, 1);
    g_autofree char *request = size_requests(f);
    g_assert_cmpstr(request, ==, "80x100[42:0,0,80x100]");
}

/* The refusals the connection reported. */
typedef struct {
    guint count;
    int status;
} Refusals;

static void
on_resize_failed(VncConnection *conn, VncConnectionResizeStatus status, Refusals *refusals)
{
    refusals->count++;
    refusals->status = status;
}

/* A window of 128x96 with allow-resize on, whose size requests the
 * server answers with @status (0: done); refusals are counted in
 * @refusals. */
static void
resizing_setup(DisplayFixture *f, guint status, Refusals *refusals)
{
    f->extended_desktop_size = TRUE;
    f->refuse_resize = status;
    f->window_width = 128;
    f->window_height = 96;
    vnc_display_set_allow_resize(f->display, TRUE);
    g_signal_connect(vnc_display_get_connection(f->display), "vnc-desktop-resize-failed",
                     G_CALLBACK(on_resize_failed), refusals);
}

static gboolean
resize_timer_done(DisplayFixture *f)
{
    return f->display->priv->resize_timeout == 0;
}

/* The window becomes @width x @height and the widget has done what it
 * does about it: painted at that size, its wait for the size to hold is
 * over, and whatever it sent meanwhile has reached the server (an update
 * request sent after it has). */
static void
resize_window_and_settle(DisplayFixture *f, int width, int height)
{
    gtk_window_resize(GTK_WINDOW(f->window), width, height);
    display_fixture_wait_drawn_at(f, width, height);
    display_fixture_wait(f, resize_timer_done, "the end of the resize wait");
    guint updates = display_fixture_count(f, 3);
    g_assert_true(vnc_display_request_update(f->display));
    display_fixture_wait_messages(f, 3, updates + 1);
}

static gboolean
got_one_refusal(DisplayFixture *f)
{
    return ((Refusals *)g_object_get_data(G_OBJECT(f->display), "refusals"))->count >= 1;
}

static gboolean
got_two_refusals(DisplayFixture *f)
{
    return ((Refusals *)g_object_get_data(G_OBJECT(f->display), "refusals"))->count >= 2;
}

/* Refused or impossible: the desktop keeps its size and is scaled to
 * fill the window; nobody asks again until the window changes. */
static void
test_fallback_to_scaling(DisplayFixture *f, gconstpointer data)
{
    gboolean refuse = GPOINTER_TO_INT(data);
    Refusals refusals = { 0 };
    int width, height;

    resizing_setup(f, refuse ? VNC_CONNECTION_RESIZE_STATUS_ADMIN_PROHIBITED : 0, &refusals);
    /* Without the extension when not refused: the server cannot resize. */
    f->extended_desktop_size = refuse;
    vnc_display_set_smoothing(f->display, FALSE);
    g_object_set_data(G_OBJECT(f->display), "refusals", &refusals);
    if (!display_fixture_start(f))
        return;

    if (refuse) {
        display_fixture_wait_messages(f, SET_DESKTOP_SIZE, 1);
        /* The server's "prohibited" reaches the widget. */
        display_fixture_wait(f, got_one_refusal, "the refusal");
        g_assert_cmpint(refusals.status, ==, VNC_CONNECTION_RESIZE_STATUS_ADMIN_PROHIBITED);
        g_assert_true(f->display->priv->resize_prohibited);
    }
    /* More updates: no more requests. */
    g_assert_true(vnc_display_request_update(f->display));
    display_fixture_wait_messages(f, 3, 3);
    display_fixture_wait_drawn_at(f, 128, 96);
    g_assert_cmpuint(f->n_set_desktop_size, ==, refuse ? 1 : 0);
    g_assert_cmpint(vnc_display_get_width(f->display), ==, 64);

    /* Scaled 2x without smoothing: blocks. */
    g_autofree guint32 *shot = display_fixture_screenshot(f, &width, &height);
    g_assert_cmpint(width, ==, 128);
    g_assert_cmpint(height, ==, 96);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++)
            g_assert_cmphex(shot[(gsize)y * width + x], ==,
                            display_fixture_desktop_pixel(f, x / 2, y / 2));
    }

    /* Prohibited: a new window size is not asked for either; the
     * desktop is scaled to it. */
    resize_window_and_settle(f, 96, 72);
    g_assert_cmpuint(f->n_set_desktop_size, ==, refuse ? 1 : 0);
    g_assert_cmpuint(refusals.count, ==, refuse ? 1 : 0);
    g_assert_cmpint(vnc_display_get_width(f->display), ==, 64);
    g_autofree guint32 *scaled = display_fixture_screenshot(f, &width, &height);
    g_assert_cmpint(width, ==, 96);
    g_assert_cmpint(height, ==, 72);
    g_assert_cmphex(scaled[(gsize)71 * 96 + 95], ==, display_fixture_desktop_pixel(f, 63, 47));
    g_object_set_data(G_OBJECT(f->display), "refusals", NULL);
}

/* A size the server cannot make (invalid layout): that size is never
 * asked for again, other sizes are; switching allow-resize off and on
 * gives the server another chance. */
static void
test_refused_size(DisplayFixture *f, gconstpointer data)
{
    Refusals refusals = { 0 };

    resizing_setup(f, VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT, &refusals);
    g_object_set_data(G_OBJECT(f->display), "refusals", &refusals);
    if (!display_fixture_start(f))
        return;

    display_fixture_wait(f, got_one_refusal, "the refusal of 128x96");
    g_assert_cmpint(refusals.status, ==, VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT);
    g_assert_false(f->display->priv->resize_prohibited);
    g_assert_true(vnc_display_priv_size_refused(f->display, 128, 96));

    /* Another size is worth asking for... */
    gtk_window_resize(GTK_WINDOW(f->window), 100, 80);
    display_fixture_wait(f, got_two_refusals, "the refusal of 100x80");
    g_autofree char *asked = size_requests(f);
    g_assert_cmpstr(asked, ==, "128x96[42:0,0,128x96] 100x80[42:0,0,100x80]");

    /* ...but not one refused before: the desktop is scaled to it. */
    resize_window_and_settle(f, 128, 96);
    g_assert_cmpuint(f->n_set_desktop_size, ==, 2);
    g_assert_cmpint(vnc_display_get_width(f->display), ==, 64);
    display_fixture_wait_drawn_at(f, 128, 96);

    /* Off and on again: asked once more. */
    vnc_display_set_allow_resize(f->display, FALSE);
    vnc_display_set_allow_resize(f->display, TRUE);
    display_fixture_wait_messages(f, SET_DESKTOP_SIZE, 3);
    g_autofree char *again = size_requests(f);
    g_assert_cmpstr(again, ==,
                    "128x96[42:0,0,128x96] 100x80[42:0,0,100x80] 128x96[42:0,0,128x96]");
    g_object_set_data(G_OBJECT(f->display), "refusals", NULL);
}

static guint updates_wanted;

static gboolean
has_more_updates(DisplayFixture *f)
{
    return f->n_updates >= updates_wanted;
}

/* "Forwarded" is no refusal: the request went on to the desktop, which
 * may resize later. Nothing is reported and the size is not barred. */
static void
test_forwarded(DisplayFixture *f, gconstpointer data)
{
    Refusals refusals = { 0 };

    resizing_setup(f, VNC_CONNECTION_RESIZE_STATUS_FORWARDED, &refusals);
    if (!display_fixture_start(f))
        return;

    display_fixture_wait_messages(f, SET_DESKTOP_SIZE, 1);
    /* An update asked for after the answer is drawn after it, too. */
    updates_wanted = f->n_updates + 1;
    g_assert_true(vnc_display_request_update(f->display));
    display_fixture_wait(f, has_more_updates, "an update after the answer");
    g_assert_cmpuint(refusals.count, ==, 0);
    g_assert_false(vnc_display_priv_size_refused(f->display, 128, 96));
    g_assert_false(f->display->priv->resize_prohibited);
}

int
main(int argc, char **argv)
{
    display_test_init(&argc, &argv);
    g_test_init(&argc, &argv, NULL);

#define ADD(name, func, data) \
    g_test_add(name, DisplayFixture, data, display_fixture_setup, func, display_fixture_teardown)
    ADD("/display/resize/follows-window", test_follows_window, NULL);
    ADD("/display/resize/rotated", test_rotated, NULL);
    ADD("/display/resize/refused", test_fallback_to_scaling, GINT_TO_POINTER(TRUE));
    ADD("/display/resize/refused-size", test_refused_size, NULL);
    ADD("/display/resize/forwarded", test_forwarded, NULL);
    ADD("/display/resize/unsupported", test_fallback_to_scaling, GINT_TO_POINTER(FALSE));
#undef ADD
    return g_test_run();
}
