/*
 * gtk-vnc tests: a VncDisplay in a window of a private X server, talking
 * to the fake server
 *
 * Each test program starts its own Xvfb (so that tests can run in
 * parallel and never touch the person's screen), drives it with xdotool
 * as a person would (keys, clicks, focus changes through the X server,
 * not synthesized GTK events), and reads the window back with xwd.
 *
 * The fake server plays the handshake and then serves: it records every
 * client message and answers the full update requests with the whole
 * desktop, a fixed picture in which every pixel differs from its
 * neighbours. The tests compare what the server received (keys as
 * keysyms or QEMU scancodes, pointer events) and what the window shows.
 *
 * Without Xvfb, xdotool or xwd the tests say SKIP.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DISPLAY_FIXTURE_H
#define DISPLAY_FIXTURE_H

#include <gtk/gtk.h>
#include <gdk/gdkkeysyms.h>
#include <gdk/gdkx.h>

#include "vncdisplay.h"
#include "fake-server.h"

G_BEGIN_DECLS

typedef struct {
    /* Choices a test makes before display_fixture_start(). */
    guint16 width, height;      /* the desktop; default 64x48 */
    gboolean ext_key_event;     /* announce QEMU extended key events */
    gboolean relative_pointer;  /* switch the pointer to relative */
    gboolean extended_desktop_size; /* announce ExtendedDesktopSize */
    guint refuse_resize;        /* answer SetDesktopSize with this status
                                 * (1 prohibited, 2 out of resources, 3
                                 * invalid layout); 0: resize */
    int window_width, window_height; /* default size of the window; 0: none */
    gboolean keep_pointer;      /* leave the pointer where it is at start */

    gboolean skip;              /* no X server to test with */
    GtkWidget *window;
    VncDisplay *display;
    FakeServer *server;
    int client_fd;

    /* The server's side. */
    guint8 *desktop;            /* 0x00RRGGBB per pixel */
    VncPixelFormat format;      /* what the client asked for; sent in */
    GPtrArray *messages;        /* GBytes: every client message after ServerInit */
    guint n_full_updates;       /* full desktops sent */
    guint n_set_desktop_size;

    /* The widget's side. */
    GString *events;            /* "grab-pointer grab-keyboard ..." */
    char *start_events;         /* the events up to the first picture */
    guint n_updates;            /* vnc-framebuffer-update seen */
    int update_width, update_height; /* of the last one from the top left */
    guint n_draws;              /* paints of the widget */
    guint draws_at_update;
    int drawn_width, drawn_height; /* the widget's size at the last paint */
    gboolean initialized;
    gboolean disconnected;
} DisplayFixture;

/* Starts Xvfb and GTK. FALSE (after saying why) when the tests cannot run. */
gboolean display_test_init(int *argc, char ***argv);
/* TRUE when xdotool and xwd are there too. */
gboolean display_test_have_tools(void);

void display_fixture_setup(DisplayFixture *f, gconstpointer data);
void display_fixture_teardown(DisplayFixture *f, gconstpointer data);

/* Connects, shows the window, and waits until the desktop is on screen;
 * the events so far move to start_events. FALSE if the test is to be
 * skipped. */
gboolean display_fixture_start(DisplayFixture *f);

/* Runs the main loop until @done says so, or fails the test after a
 * while, naming @what. */
void display_fixture_wait(DisplayFixture *f, gboolean (*done)(DisplayFixture *f),
                          const char *what);
/* Waits until @count messages of @type (client message type) arrived. */
void display_fixture_wait_messages(DisplayFixture *f, guint8 type, guint count);
/* Waits until the display has been painted since the last update. */
void display_fixture_wait_drawn(DisplayFixture *f);
/* Waits until the widget's grab (and other) signals so far are exactly
 * @events, then checks it. */
void display_fixture_wait_events(DisplayFixture *f, const char *events);
/* The same, painted at that size (logical pixels). */
void display_fixture_wait_drawn_at(DisplayFixture *f, int width, int height);
/* Lets everything due now happen (a few main loop turns and an X round
 * trip). */
void display_fixture_settle(DisplayFixture *f);

/* How many messages of @type the server received. */
guint display_fixture_count(DisplayFixture *f, guint8 type);
/* The input the server received, one word per event, oldest first:
 * "key+a" / "key-a" (KeyEvent, keysym name), "qkey+a/0x1e" (QEMU
 * extended key event with its scancode), "ptr1@20,10" (PointerEvent:
 * buttons and position). Only messages of the listed kinds count. */
char *display_fixture_input(DisplayFixture *f, gboolean keys, gboolean pointer);
/* Forgets the messages received so far. */
void display_fixture_clear(DisplayFixture *f);

/* Runs xdotool with these arguments (NULL-terminated) on the test's X
 * server; fails the test if it fails. */
void display_fixture_xdotool(DisplayFixture *f, const char *first, ...) G_GNUC_NULL_TERMINATED;
/* The window's X id, for xdotool and xwd. */
gulong display_fixture_xid(DisplayFixture *f);
/* Gives the X input focus to the window. */
void display_fixture_focus(DisplayFixture *f);

/* Reads the window's pixels from the X server (xwd): 0x00RRGGBB, row by
 * row; @width and @height get its size. */
guint32 *display_fixture_screenshot(DisplayFixture *f, int *width, int *height);
/* Makes the desktop @width x @height (the pattern at that size). */
void display_fixture_resize_desktop(DisplayFixture *f, guint16 width, guint16 height);
/* The desktop pixel at (x, y), 0x00RRGGBB. */
guint32 display_fixture_desktop_pixel(DisplayFixture *f, int x, int y);

G_END_DECLS

#endif /* DISPLAY_FIXTURE_H */
