/*
 * gtk-vnc: the differences between GTK+ 2 and GTK 3 that the widget
 * meets, in one place
 *
 * The widget is one set of sources for both toolkits. Every call whose
 * name or shape changed between them goes through a small inline
 * function here, so that the widget's own files read the same for both
 * and hold only the few #if blocks that choose class methods (drawing
 * and size negotiation are different virtual functions in GTK 3).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_GTK_COMPAT_PRIV_H
#define VNC_GTK_COMPAT_PRIV_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VNC_GTK3 GTK_CHECK_VERSION(3, 0, 0)

/* Device pixels per logical pixel: GTK 3 on a HiDPI screen draws each
 * logical pixel as a square of scale x scale. GTK+ 2 knows no such
 * thing. */
static inline int
vnc_gtk_scale_factor(GtkWidget *widget)
{
#if VNC_GTK3
    return MAX(gtk_widget_get_scale_factor(widget), 1);
#else
    return 1;
#endif
}

static inline void
vnc_gtk_cursor_unref(GdkCursor *cursor)
{
#if VNC_GTK3
    g_object_unref(cursor);
#else
    gdk_cursor_unref(cursor);
#endif
}

#if VNC_GTK3
static inline GdkDevice *
vnc_gtk_pointer_device(GdkDisplay *display)
{
    return gdk_seat_get_pointer(gdk_display_get_default_seat(display));
}

/* Grabs in GTK 3 go through the seat (GdkSeat, GTK 3.20, which
 * deprecated the per-device calls). A seat grab takes only the devices
 * asked for, but gdk_seat_ungrab() lets go of all of them: where the
 * widget releases one and keeps the other (a keyboard grabbed on its own
 * outlives a pointer grab), the one kept is grabbed again at once. The
 * current event's time orders the grab against other clients'. The
 * window must be viewable: the seat refuses others with a critical. */
static inline gboolean
vnc_gtk_seat_grab(GdkWindow *window, GdkSeatCapabilities devices, GdkCursor *cursor)
{
    GdkEvent *event;
    GdkGrabStatus status;

    if (!window || !gdk_window_is_viewable(window))
        return FALSE;
    event = gtk_get_current_event();
    status = gdk_seat_grab(gdk_display_get_default_seat(gdk_window_get_display(window)),
                           window, devices, FALSE, cursor, event, NULL, NULL);
    if (event)
        gdk_event_free(event);
    return status == GDK_GRAB_SUCCESS;
}
#endif

/* TRUE if the keyboard now sends all its events to @window (viewable). */
static inline gboolean
vnc_gtk_grab_keyboard(GdkWindow *window, guint32 time)
{
#if VNC_GTK3
    (void)time;
    return vnc_gtk_seat_grab(window, GDK_SEAT_CAPABILITY_KEYBOARD, NULL);
#else
    return gdk_keyboard_grab(window, FALSE, time) == GDK_GRAB_SUCCESS;
#endif
}

/* Lets go of the keyboard. With @keep_pointer, the pointer grab on
 * @window (showing @cursor) stays; FALSE if it was lost meanwhile. */
static inline gboolean
vnc_gtk_ungrab_keyboard(GdkDisplay *display, gboolean keep_pointer, GdkWindow *window,
                        GdkCursor *cursor, guint32 time)
{
#if VNC_GTK3
    (void)time;
    gdk_seat_ungrab(gdk_display_get_default_seat(display));
    return !keep_pointer || vnc_gtk_seat_grab(window, GDK_SEAT_CAPABILITY_ALL_POINTING, cursor);
#else
    (void)keep_pointer;
    (void)window;
    (void)cursor;
    gdk_display_keyboard_ungrab(display, time);
    return TRUE;
#endif
}

/* Grabs the pointer for @window (viewable), with @cursor shown
 * meanwhile. TRUE on success. */
static inline gboolean
vnc_gtk_grab_pointer(GdkWindow *window, GdkCursor *cursor, guint32 time)
{
#if VNC_GTK3
    /* The seat asks for every pointer event, smooth scrolling included. */
    (void)time;
    return vnc_gtk_seat_grab(window, GDK_SEAT_CAPABILITY_ALL_POINTING, cursor);
#else
    GdkEventMask mask = GDK_POINTER_MOTION_MASK | GDK_BUTTON_PRESS_MASK |
        GDK_BUTTON_RELEASE_MASK | GDK_BUTTON_MOTION_MASK | GDK_SCROLL_MASK;

    return gdk_pointer_grab(window, FALSE, mask, window, cursor, time) == GDK_GRAB_SUCCESS;
#endif
}

/* Lets go of the pointer. With @keep_keyboard, the keyboard grab on
 * @window stays; FALSE if it was lost meanwhile. */
static inline gboolean
vnc_gtk_ungrab_pointer(GdkDisplay *display, gboolean keep_keyboard, GdkWindow *window,
                       guint32 time)
{
#if VNC_GTK3
    (void)time;
    gdk_seat_ungrab(gdk_display_get_default_seat(display));
    return !keep_keyboard || vnc_gtk_seat_grab(window, GDK_SEAT_CAPABILITY_KEYBOARD, NULL);
#else
    (void)keep_keyboard;
    (void)window;
    gdk_display_pointer_ungrab(display, time);
    return TRUE;
#endif
}

/* Moves the pointer to (@x_root, @y_root) on @window's screen. */
static inline void
vnc_gtk_warp_pointer(GdkWindow *window, gint x_root, gint y_root)
{
#if VNC_GTK3
    GdkDevice *pointer = vnc_gtk_pointer_device(gdk_window_get_display(window));

    if (pointer)
        gdk_device_warp(pointer, gdk_window_get_screen(window), x_root, y_root);
#else
    gdk_display_warp_pointer(gdk_window_get_display(window),
                             gdk_window_get_screen(window), x_root, y_root);
#endif
}

/* Where the pointer is, in @window's coordinates. */
static inline void
vnc_gtk_pointer_position(GdkWindow *window, gint *x, gint *y)
{
#if VNC_GTK3
    GdkDevice *pointer = vnc_gtk_pointer_device(gdk_window_get_display(window));

    *x = *y = 0;
    if (pointer)
        gdk_window_get_device_position(window, pointer, x, y, NULL);
#else
    gdk_window_get_pointer(window, x, y, NULL);
#endif
}

/* A cursor from @pixbuf, whose pixels are device pixels: on a HiDPI
 * screen GTK 3 takes cursor images in logical pixels unless told. */
static inline GdkCursor *
vnc_gtk_cursor_new(GdkDisplay *display, GdkPixbuf *pixbuf, int device_scale,
                   int hotx, int hoty)
{
#if VNC_GTK3
    cairo_surface_t *surface = gdk_cairo_surface_create_from_pixbuf(pixbuf, device_scale, NULL);
    GdkCursor *cursor = gdk_cursor_new_from_surface(display, surface,
                                                    (double)hotx / device_scale,
                                                    (double)hoty / device_scale);

    cairo_surface_destroy(surface);
    return cursor;
#else
    (void)device_scale;
    return gdk_cursor_new_from_pixbuf(display, pixbuf, hotx, hoty);
#endif
}

G_END_DECLS

#endif /* VNC_GTK_COMPAT_PRIV_H */
