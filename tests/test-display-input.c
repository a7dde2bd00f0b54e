/*
 * gtk-vnc tests: keyboard and pointer input through VncDisplay
 *
 * Keys typed and clicks made with xdotool go through the X server and
 * GTK to the widget, as a person's would; the fake server records what
 * arrives: keysyms (or QEMU scancodes when the server takes them),
 * pointer positions mapped back through zoom, scaling and rotation,
 * buttons and wheel. Grab and ungrab signals are checked on the way.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <X11/XKBlib.h>

#include "display-fixture.h"
#include "test-utils.h"

/* Waiting for input: until this many words have arrived. */
static gboolean want_keys, want_pointer;
static guint want_words;

static guint
count_words(const char *s)
{
    g_auto(GStrv) words = g_strsplit(s, " ", -1);
    guint n = 0;

    for (guint i = 0; words[i]; i++)
        n += words[i][0] != '\0';
    return n;
}

static gboolean
have_input(DisplayFixture *f)
{
    g_autofree char *input = display_fixture_input(f, want_keys, want_pointer);

    return count_words(input) >= want_words;
}

/* Waits for @n events of the kinds asked for, then returns them all. */
static char *
wait_input(DisplayFixture *f, gboolean keys, gboolean pointer, guint n)
{
    want_keys = keys;
    want_pointer = pointer;
    want_words = n;
    display_fixture_wait(f, have_input, "input at the server");
    display_fixture_settle(f);
    return display_fixture_input(f, keys, pointer);
}

static char *
xid_string(DisplayFixture *f)
{
    return g_strdup_printf("%lu", display_fixture_xid(f));
}

/* Moves the pointer to (x, y) in the window. */
static void
move_to(DisplayFixture *f, int x, int y)
{
    g_autofree char *xid = xid_string(f);
    g_autofree char *sx = g_strdup_printf("%d", x);
    g_autofree char *sy = g_strdup_printf("%d", y);

    display_fixture_xdotool(f, "mousemove", "--window", xid, sx, sy, NULL);
}

static gboolean
start_focused(DisplayFixture *f)
{
    if (!display_fixture_start(f))
        return FALSE;
    display_fixture_focus(f);
    display_fixture_clear(f);
    return TRUE;
}

/* Keys. */

static void
test_keysyms(DisplayFixture *f, gconstpointer data)
{
    if (!start_focused(f))
        return;

    display_fixture_xdotool(f, "key", "a", "shift+b", "Return", NULL);
    g_autofree char *input = wait_input(f, TRUE, FALSE, 8);
    /* xdotool lets go of a chord's keys in the order it pressed them. */
    g_assert_cmpstr(input, ==,
                    "key+a key-a key+Shift_L key+B key-Shift_L key-B key+Return key-Return");
}

/* The release carries what the press carried, even when the modifiers
 * changed in between (the X server would call it "b" now). */
static void
test_release_matches_press(DisplayFixture *f, gconstpointer data)
{
    if (!start_focused(f))
        return;

    display_fixture_xdotool(f, "keydown", "shift", "keydown", "b",
                            "keyup", "shift", "keyup", "b", NULL);
    g_autofree char *input = wait_input(f, TRUE, FALSE, 4);
    g_assert_cmpstr(input, ==, "key+Shift_L key+B key-Shift_L key-B");
}

/* With QEMU's extended key events, the scancode of the physical key goes
 * too (XT set 1; 0x80 | code for the e0-prefixed keys). */
static void
test_scancodes(DisplayFixture *f, gconstpointer data)
{
    f->ext_key_event = TRUE;
    if (!start_focused(f))
        return;

    display_fixture_xdotool(f, "key", "a", "Return", "Left", "ctrl+Right", NULL);
    g_autofree char *input = wait_input(f, TRUE, FALSE, 10);
    g_assert_cmpstr(input, ==,
                    "qkey+a/0x1e qkey-a/0x1e "
                    "qkey+Return/0x1c qkey-Return/0x1c "
                    "qkey+Left/0xcb qkey-Left/0xcb "
                    "qkey+Control_L/0x1d qkey+Right/0xcd qkey-Control_L/0x1d qkey-Right/0xcd");
}

/* A key held down repeats as presses without releases, as the X server
 * repeats it (quickly here, so that the test does not wait long). */
static void
test_autorepeat(DisplayFixture *f, gconstpointer data)
{
    Display *xdisplay = GDK_DISPLAY_XDISPLAY(gdk_display_get_default());

    if (!start_focused(f))
        return;
    XkbSetAutoRepeatRate(xdisplay, XkbUseCoreKbd, 50, 20);
    XSync(xdisplay, False);

    display_fixture_xdotool(f, "keydown", "a", NULL);
    g_autofree char *held = wait_input(f, TRUE, FALSE, 4);
    g_assert_true(g_str_has_prefix(held, "key+a key+a key+a key+a"));
    g_assert_null(strstr(held, "key-"));
    display_fixture_xdotool(f, "keyup", "a", NULL);
    XkbSetAutoRepeatRate(xdisplay, XkbUseCoreKbd, 660, 40);

    /* However many more repeats came: presses, then one release. */
    want_keys = TRUE;
    want_pointer = FALSE;
    g_autofree char *all = NULL;
    for (;;) {
        g_free(all);
        all = display_fixture_input(f, TRUE, FALSE);
        if (g_str_has_suffix(all, "key-a"))
            break;
        want_words = count_words(all) + 1;
        display_fixture_wait(f, have_input, "the release");
    }
    g_auto(GStrv) words = g_strsplit(all, " ", -1);
    guint n = g_strv_length(words);
    for (guint i = 0; i + 1 < n; i++)
        g_assert_cmpstr(words[i], ==, "key+a");
    g_assert_cmpstr(words[n - 1], ==, "key-a");
}

/* Keys held when the focus goes elsewhere are released on the server,
 * and their real releases later (in the other window) send nothing. */
static void
test_focus_out_releases(DisplayFixture *f, gconstpointer data)
{
    if (!start_focused(f))
        return;

    display_fixture_xdotool(f, "keydown", "shift", "keydown", "a", NULL);
    g_autofree char *down = wait_input(f, TRUE, FALSE, 2);
    g_assert_cmpstr(down, ==, "key+Shift_L key+A");

    GtkWidget *other = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size(GTK_WINDOW(other), 50, 50);
    gtk_widget_show_all(other);
    display_fixture_settle(f);
    g_autofree char *other_xid = g_strdup_printf("%lu", GDK_WINDOW_XID(gtk_widget_get_window(other)));
    display_fixture_xdotool(f, "windowfocus", "--sync", other_xid, NULL);

    g_autofree char *released = wait_input(f, TRUE, FALSE, 4);
    g_assert_cmpstr(released, ==, "key+Shift_L key+A key-A key-Shift_L");

    display_fixture_xdotool(f, "keyup", "a", "keyup", "shift", NULL);
    /* And back: a key now is the only news. */
    display_fixture_focus(f);
    display_fixture_xdotool(f, "key", "c", NULL);
    g_autofree char *after = wait_input(f, TRUE, FALSE, 6);
    g_assert_cmpstr(after, ==, "key+Shift_L key+A key-A key-Shift_L key+c key-c");
    gtk_widget_destroy(other);
}

static void
test_read_only(DisplayFixture *f, gconstpointer data)
{
    vnc_display_set_read_only(f->display, TRUE);
    if (!start_focused(f))
        return;

    move_to(f, 3, 4);
    display_fixture_xdotool(f, "key", "a", "click", "1", NULL);
    vnc_display_set_read_only(f->display, FALSE);
    display_fixture_xdotool(f, "key", "b", NULL);
    g_autofree char *input = wait_input(f, TRUE, TRUE, 2);
    g_assert_cmpstr(input, ==, "key+b key-b");
}

static void
test_send_keys(DisplayFixture *f, gconstpointer data)
{
    static const guint keys[] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete };

    f->ext_key_event = GPOINTER_TO_INT(data);
    if (!display_fixture_start(f))
        return;
    display_fixture_clear(f);

    vnc_display_send_keys(f->display, keys, G_N_ELEMENTS(keys));
    g_autofree char *input = wait_input(f, TRUE, FALSE, 6);
    if (f->ext_key_event)
        g_assert_cmpstr(input, ==,
                        "qkey+Control_L/0x1d qkey+Alt_L/0x38 qkey+Delete/0xd3 "
                        "qkey-Delete/0xd3 qkey-Alt_L/0x38 qkey-Control_L/0x1d");
    else
        g_assert_cmpstr(input, ==,
                        "key+Control_L key+Alt_L key+Delete key-Delete key-Alt_L key-Control_L");

    display_fixture_clear(f);
    vnc_display_send_keys_ex(f->display, keys, 1, VNC_DISPLAY_KEY_EVENT_PRESS);
    vnc_display_send_keys_ex(f->display, keys, 1, VNC_DISPLAY_KEY_EVENT_RELEASE);
    g_autofree char *single = wait_input(f, TRUE, FALSE, 2);
    g_assert_cmpstr(single, ==, f->ext_key_event ?
                    "qkey+Control_L/0x1d qkey-Control_L/0x1d" : "key+Control_L key-Control_L");
}

/* Pointer. */

typedef struct {
    guint zoom;
    gboolean scaling;
    guint rotation;
    int window_width, window_height;   /* with scaling */
    int wx, wy;                        /* where the pointer goes */
    int x, y;                          /* what the server must get */
} PointerCase;

static void
test_pointer_position(DisplayFixture *f, gconstpointer data)
{
    const PointerCase *c = data;

    vnc_display_set_zoom_level(f->display, c->zoom);
    vnc_display_set_rotation(f->display, c->rotation);
    if (c->scaling) {
        /* Smaller than the desktop too: the widget must not insist. */
        vnc_display_set_force_size(f->display, FALSE);
        vnc_display_set_scaling(f->display, TRUE);
        f->window_width = c->window_width;
        f->window_height = c->window_height;
    }
    if (!start_focused(f))
        return;

    move_to(f, c->wx, c->wy);
    display_fixture_xdotool(f, "click", "1", NULL);
    display_fixture_xdotool(f, "click", "3", NULL);
    display_fixture_xdotool(f, "click", "2", NULL);
    g_autofree char *input = wait_input(f, FALSE, TRUE, 7);
    g_autofree char *want = g_strdup_printf("ptr0@%d,%d ptr1@%d,%d ptr0@%d,%d "
                                            "ptr4@%d,%d ptr0@%d,%d ptr2@%d,%d ptr0@%d,%d",
                                            c->x, c->y, c->x, c->y, c->x, c->y, c->x, c->y,
                                            c->x, c->y, c->x, c->y, c->x, c->y);
    g_assert_cmpstr(input, ==, want);
}

/* Outside the desktop (a border) the position is clamped to its edge. */
static void
test_pointer_clamped(DisplayFixture *f, gconstpointer data)
{
    f->window_width = 100;
    f->window_height = 80;
    if (!start_focused(f))
        return;

    /* The desktop is centred: 18..81 across, 16..63 down. */
    move_to(f, 2, 70);
    g_autofree char *input = wait_input(f, FALSE, TRUE, 1);
    g_assert_cmpstr(input, ==, "ptr0@0,47");
}

static void
test_scroll(DisplayFixture *f, gconstpointer data)
{
    if (!start_focused(f))
        return;

    move_to(f, 5, 6);
    display_fixture_xdotool(f, "click", "4", "click", "5", "click", "6", "click", "7", NULL);
    g_autofree char *input = wait_input(f, FALSE, TRUE, 9);
    g_assert_cmpstr(input, ==,
                    "ptr0@5,6 ptr8@5,6 ptr0@5,6 ptr16@5,6 ptr0@5,6 "
                    "ptr32@5,6 ptr0@5,6 ptr64@5,6 ptr0@5,6");
}

/* GTK 3's smooth scrolling (touchpads) comes in fractions of a notch:
 * each whole notch is one click of button 4 to 7. X has no way to make
 * such events from outside, so they are handed to the widget. */
static void
test_smooth_scroll(DisplayFixture *f, gconstpointer data)
{
#if GTK_CHECK_VERSION(3, 4, 0)
    static const double deltas[][2] = {
        { 0, 0.4 }, { 0, 0.4 }, { 0, 0.4 },    /* 1.2: one notch down */
        { 0, -2.0 },                          /* from 0.2 to -1.8: one up */
        { 1.0, 0 }, { -0.5, 0 },              /* one right */
    };

    if (!start_focused(f))
        return;
    for (guint i = 0; i < G_N_ELEMENTS(deltas); i++) {
        GdkEvent *event = gdk_event_new(GDK_SCROLL);

        event->scroll.window = g_object_ref(gtk_widget_get_window(GTK_WIDGET(f->display)));
        event->scroll.direction = GDK_SCROLL_SMOOTH;
        event->scroll.x = 7;
        event->scroll.y = 8;
        event->scroll.delta_x = deltas[i][0];
        event->scroll.delta_y = deltas[i][1];
        gdk_event_set_device(event, gdk_seat_get_pointer(
                                 gdk_display_get_default_seat(gdk_display_get_default())));
        gtk_widget_event(GTK_WIDGET(f->display), event);
        gdk_event_free(event);
    }
    g_autofree char *input = wait_input(f, FALSE, TRUE, 6);
    g_assert_cmpstr(input, ==, "ptr16@7,8 ptr0@7,8 ptr8@7,8 ptr0@7,8 ptr64@7,8 ptr0@7,8");
#else
    g_test_skip("GTK+ 2 has no smooth scrolling");
#endif
}

static void
test_send_pointer(DisplayFixture *f, gconstpointer data)
{
    if (!display_fixture_start(f))
        return;
    display_fixture_clear(f);

    vnc_display_send_pointer(f->display, 10, 20, 1);
    vnc_display_send_pointer(f->display, 1000, -5, 0);
    g_autofree char *input = wait_input(f, FALSE, TRUE, 2);
    g_assert_cmpstr(input, ==, "ptr1@10,20 ptr0@63,0");
}

/* A relative pointer: the first click grabs (and is not sent), then
 * movements arrive as offsets from 0x7fff, the grab sequence releases. */
static void
test_relative_pointer(DisplayFixture *f, gconstpointer data)
{
    f->relative_pointer = TRUE;
    if (!start_focused(f))
        return;
    g_assert_false(vnc_display_is_pointer_absolute(f->display));

    move_to(f, 30, 20);
    g_assert_cmpuint(display_fixture_count(f, TEST_CLIENT_POINTER_EVENT), ==, 0);
    display_fixture_xdotool(f, "click", "1", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer");
    g_assert_true(vnc_display_get_pointer_grab(f->display) == FALSE);

    display_fixture_clear(f);
    display_fixture_xdotool(f, "mousemove_relative", "7", "4", NULL);
    g_autofree char *moved = wait_input(f, FALSE, TRUE, 1);
    g_assert_cmpstr(moved, ==, "ptr0@32774,32771");

    display_fixture_clear(f);
    display_fixture_xdotool(f, "click", "1", NULL);
    g_autofree char *clicked = wait_input(f, FALSE, TRUE, 2);
    g_assert_cmpstr(clicked, ==, "ptr1@32767,32767 ptr0@32767,32767");

    display_fixture_xdotool(f, "key", "Control_L+Alt_L", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer ungrab-keyboard ungrab-pointer");
}

/* Grabs. */

static void
test_grab_on_click_and_sequence(DisplayFixture *f, gconstpointer data)
{
    vnc_display_set_pointer_grab(f->display, TRUE);
    if (!start_focused(f))
        return;

    move_to(f, 10, 10);
    display_fixture_xdotool(f, "click", "1", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer");
    g_autofree char *clicked = wait_input(f, FALSE, TRUE, 3);
    g_assert_cmpstr(clicked, ==, "ptr0@10,10 ptr1@10,10 ptr0@10,10");

    /* Control+Alt+Delete is for the remote desktop, not a grab toggle. */
    display_fixture_clear(f);
    display_fixture_xdotool(f, "key", "Control_L+Alt_L+Delete", NULL);
    g_autofree char *cad = wait_input(f, TRUE, FALSE, 6);
    g_assert_cmpstr(cad, ==, "key+Control_L key+Alt_L key+Delete key-Control_L key-Alt_L key-Delete");
    display_fixture_wait_events(f, "grab-keyboard grab-pointer");

    /* The sequence alone releases; its keys come up on the server. */
    display_fixture_clear(f);
    display_fixture_xdotool(f, "key", "Control_L+Alt_L", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer ungrab-keyboard ungrab-pointer");
    g_autofree char *seq = wait_input(f, TRUE, FALSE, 4);
    g_assert_cmpstr(seq, ==, "key+Control_L key+Alt_L key-Control_L key-Alt_L");

    /* And grabs again. */
    display_fixture_xdotool(f, "key", "Control_L+Alt_L", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer ungrab-keyboard ungrab-pointer "
                    "grab-keyboard grab-pointer");
}

static void
test_grab_keys_custom(DisplayFixture *f, gconstpointer data)
{
    g_autoptr(VncGrabSequence) seq = vnc_grab_sequence_new_from_string("Shift_L+F12");

    vnc_display_set_grab_keys(f->display, seq);
    if (!start_focused(f))
        return;

    display_fixture_xdotool(f, "key", "Control_L+Alt_L", NULL);
    g_assert_cmpstr(f->events->str, ==, "");
    display_fixture_xdotool(f, "key", "Shift_L+F12", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer");
}

static void
test_force_grab(DisplayFixture *f, gconstpointer data)
{
    if (!start_focused(f))
        return;

    vnc_display_force_grab(f->display, TRUE);
    display_fixture_settle(f);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer");
    vnc_display_force_grab(f->display, FALSE);
    display_fixture_settle(f);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer ungrab-keyboard ungrab-pointer");
}

/* grab-keyboard: the keyboard is grabbed while the pointer is over the
 * widget; keys held when it leaves are released. */
static void
test_keyboard_grab_on_enter(DisplayFixture *f, gconstpointer data)
{
    vnc_display_set_keyboard_grab(f->display, TRUE);
    if (!start_focused(f))
        return;

    move_to(f, 10, 10);
    display_fixture_wait_events(f, "grab-keyboard");
    display_fixture_xdotool(f, "keydown", "x", NULL);
    g_autofree char *down = wait_input(f, TRUE, FALSE, 1);
    g_assert_cmpstr(down, ==, "key+x");
    display_fixture_xdotool(f, "mousemove", "500", "500", NULL);
    display_fixture_wait_events(f, "grab-keyboard ungrab-keyboard");
    g_autofree char *up = wait_input(f, TRUE, FALSE, 2);
    g_assert_cmpstr(up, ==, "key+x key-x");
    display_fixture_xdotool(f, "keyup", "x", NULL);

    /* Back in: grabbed again; switched off: released at once. */
    move_to(f, 12, 12);
    display_fixture_wait_events(f, "grab-keyboard ungrab-keyboard grab-keyboard");
    vnc_display_set_keyboard_grab(f->display, FALSE);
    display_fixture_wait_events(f, "grab-keyboard ungrab-keyboard grab-keyboard ungrab-keyboard");
}

/* What another X client gets when it tries to grab the keyboard (or the
 * pointer): AlreadyGrabbed while the widget holds that grab for real. */
static int
grab_from_elsewhere(gboolean keyboard)
{
    Display *other = XOpenDisplay(gdk_display_get_name(gdk_display_get_default()));
    int status;

    g_assert_nonnull(other);
    if (keyboard)
        status = XGrabKeyboard(other, DefaultRootWindow(other), False,
                               GrabModeAsync, GrabModeAsync, CurrentTime);
    else
        status = XGrabPointer(other, DefaultRootWindow(other), False, ButtonPressMask,
                              GrabModeAsync, GrabModeAsync, None, None, CurrentTime);
    /* Closing the connection lets go of whatever it got. */
    XCloseDisplay(other);
    return status;
}

/* grab-keyboard and a pointer grab together: releasing the pointer
 * grab keeps the keyboard grabbed (GTK 3's seat lets go of both at once;
 * the widget takes the keyboard back). */
static void
test_keyboard_grab_outlives_pointer_grab(DisplayFixture *f, gconstpointer data)
{
    vnc_display_set_keyboard_grab(f->display, TRUE);
    vnc_display_set_pointer_grab(f->display, TRUE);
    if (!start_focused(f))
        return;

    move_to(f, 10, 10);
    display_fixture_wait_events(f, "grab-keyboard");
    display_fixture_xdotool(f, "click", "1", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer");
    display_fixture_settle(f);
    g_assert_cmpint(grab_from_elsewhere(TRUE), ==, AlreadyGrabbed);
    g_assert_cmpint(grab_from_elsewhere(FALSE), ==, AlreadyGrabbed);

    display_fixture_xdotool(f, "key", "Control_L+Alt_L", NULL);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer ungrab-pointer");
    display_fixture_settle(f);
    g_assert_cmpint(grab_from_elsewhere(TRUE), ==, AlreadyGrabbed);
    g_assert_cmpint(grab_from_elsewhere(FALSE), ==, GrabSuccess);

    /* Switched off, the keyboard is let go of too. */
    vnc_display_set_keyboard_grab(f->display, FALSE);
    display_fixture_wait_events(f, "grab-keyboard grab-pointer ungrab-pointer ungrab-keyboard");
    display_fixture_settle(f);
    g_assert_cmpint(grab_from_elsewhere(TRUE), ==, GrabSuccess);
}

/* A pointer already over the widget when the session starts: the
 * keyboard is grabbed once there is a desktop to type into. */
static void
test_keyboard_grab_at_start(DisplayFixture *f, gconstpointer data)
{
    Display *xdisplay = GDK_DISPLAY_XDISPLAY(gdk_display_get_default());

    if (f->skip) {
        g_test_skip("no X server to test with");
        return;
    }
    vnc_display_set_keyboard_grab(f->display, TRUE);
    /* Shown, focused and under the pointer before the server answers. */
    gtk_widget_show_all(f->window);
    gtk_widget_grab_focus(GTK_WIDGET(f->display));
    display_fixture_settle(f);
    g_autofree char *xid = g_strdup_printf("%lu", display_fixture_xid(f));
    display_fixture_xdotool(f, "windowfocus", "--sync", xid, NULL);
    XWarpPointer(xdisplay, None, display_fixture_xid(f), 0, 0, 0, 0, 5, 5);
    XSync(xdisplay, False);
    display_fixture_settle(f);
    g_assert_cmpstr(f->events->str, ==, "");

    f->keep_pointer = TRUE;
    if (!display_fixture_start(f))
        return;
    g_autofree char *all = g_strconcat(f->start_events, " ", f->events->str, NULL);
    g_strstrip(all);
    g_assert_cmpstr(all, ==, "connected grab-keyboard initialized");
}

static void
test_cut_text(DisplayFixture *f, gconstpointer data)
{
    if (!display_fixture_start(f))
        return;
    display_fixture_clear(f);

    vnc_display_client_cut_text(f->display, "caf\xc3\xa9");
    display_fixture_wait_messages(f, TEST_CLIENT_CUT_TEXT, 1);
    GBytes *msg = f->messages->pdata[f->messages->len - 1];
    static const guint8 want[] = { 6, 0, 0, 0, 0, 0, 0, 4, 'c', 'a', 'f', 0xe9 };
    gsize len;
    const guint8 *got = g_bytes_get_data(msg, &len);
    g_assert_cmpmem(got, len, want, sizeof(want));
}

static const PointerCase pointer_cases[] = {
    /* zoom scaling rotation window  pointer   server */
    { 100, FALSE, 0, 0, 0, 20, 10, 20, 10 },
    { 100, FALSE, 0, 0, 0, 63, 47, 63, 47 },
    { 200, FALSE, 0, 0, 0, 41, 21, 20, 10 },
    { 200, FALSE, 0, 0, 0, 127, 95, 63, 47 },
    { 50, FALSE, 0, 0, 0, 10, 5, 21, 11 },
    { 100, TRUE, 0, 192, 144, 97, 73, 32, 24 },
    { 100, TRUE, 0, 32, 24, 10, 5, 21, 11 },
    /* 90 degrees clockwise: the window is 48x64; its column wx shows
     * desktop row 47 - wx, its row wy desktop column wy. */
    { 100, FALSE, 90, 0, 0, 10, 20, 20, 37 },
    { 100, FALSE, 180, 0, 0, 10, 20, 53, 27 },
    { 100, FALSE, 270, 0, 0, 10, 20, 43, 10 },
    { 200, FALSE, 270, 0, 0, 21, 41, 43, 10 },
};

int
main(int argc, char **argv)
{
    display_test_init(&argc, &argv);
    g_test_init(&argc, &argv, NULL);

#define ADD(name, func, data)                                           \
    g_test_add(name, DisplayFixture, data, display_fixture_setup, func, \
               display_fixture_teardown)
    ADD("/display/input/keys/keysyms", test_keysyms, NULL);
    ADD("/display/input/keys/release-matches-press", test_release_matches_press, NULL);
    ADD("/display/input/keys/scancodes", test_scancodes, NULL);
    ADD("/display/input/keys/autorepeat", test_autorepeat, NULL);
    ADD("/display/input/keys/focus-out-releases", test_focus_out_releases, NULL);
    ADD("/display/input/keys/read-only", test_read_only, NULL);
    ADD("/display/input/keys/send-keys", test_send_keys, GINT_TO_POINTER(FALSE));
    ADD("/display/input/keys/send-keys-scancodes", test_send_keys, GINT_TO_POINTER(TRUE));
    for (guint i = 0; i < G_N_ELEMENTS(pointer_cases); i++) {
        const PointerCase *c = &pointer_cases[i];
        g_autofree char *name = g_strdup_printf("/display/input/pointer/zoom%u%s-rotate%u-at%d,%d",
                                                c->zoom, c->scaling ? "-scaled" : "",
                                                c->rotation, c->wx, c->wy);
        ADD(name, test_pointer_position, c);
    }
    ADD("/display/input/pointer/clamped", test_pointer_clamped, NULL);
    ADD("/display/input/pointer/scroll", test_scroll, NULL);
    ADD("/display/input/pointer/smooth-scroll", test_smooth_scroll, NULL);
    ADD("/display/input/pointer/send-pointer", test_send_pointer, NULL);
    ADD("/display/input/pointer/relative", test_relative_pointer, NULL);
    ADD("/display/input/grab/click-and-sequence", test_grab_on_click_and_sequence, NULL);
    ADD("/display/input/grab/custom-sequence", test_grab_keys_custom, NULL);
    ADD("/display/input/grab/force", test_force_grab, NULL);
    ADD("/display/input/grab/keyboard-on-enter", test_keyboard_grab_on_enter, NULL);
    ADD("/display/input/grab/keyboard-at-start", test_keyboard_grab_at_start, NULL);
    ADD("/display/input/grab/keyboard-outlives-pointer", test_keyboard_grab_outlives_pointer_grab,
        NULL);
    ADD("/display/input/cut-text", test_cut_text, NULL);
#undef ADD
    return g_test_run();
}
