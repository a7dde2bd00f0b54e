/*
 * gtk-vnc: the pointer: positions, buttons, scrolling, and the cursor
 *
 * An absolute pointer (the usual case) sends the desktop pixel under the
 * local pointer, mapped back through zoom, scaling and rotation. A
 * relative pointer (after QEMU's pointer type change, when the guest
 * has a plain PS/2 mouse) sends movements instead: the widget grabs the
 * pointer, keeps it from reaching the screen's edge by moving it back to
 * the widget's centre, and sends each movement as an offset from 0x7fff,
 * which is how QEMU reads PointerEvent coordinates in that mode.
 *
 * RFB buttons are bits of a mask: 1 left, 2 middle, 3 right, and scroll
 * wheels as buttons 4 (up), 5 (down), 6 (left) and 7 (right), each
 * notch a press and a release.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <math.h>

#include "vncdisplay-priv.h"

/* The zero point of a relative movement on the wire. */
#define RELATIVE_ORIGIN 0x7fff

static gboolean
accepts_input(VncDisplayPrivate *priv)
{
    return priv->initialized && !priv->read_only;
}

static void
send_absolute(VncDisplay *display, double wx, double wy)
{
    VncDisplayPrivate *priv = display->priv;
    guint16 x, y;

    if (!vnc_display_priv_to_desktop(display, wx, wy, &x, &y))
        return;
    priv->sent_position = TRUE;
    priv->last_sent_x = x;
    priv->last_sent_y = y;
    vnc_connection_pointer_event(priv->conn, priv->button_mask, x, y);
}

/* Sends the buttons as they are now, without moving. */
static void
send_buttons(VncDisplay *display, double wx, double wy)
{
    VncDisplayPrivate *priv = display->priv;

    if (priv->absolute)
        send_absolute(display, wx, wy);
    else
        vnc_connection_pointer_event(priv->conn, priv->button_mask,
                                     RELATIVE_ORIGIN, RELATIVE_ORIGIN);
}

static void
send_relative(VncDisplay *display, double dx, double dy)
{
    VncDisplayPrivate *priv = display->priv;
    VncDisplayGeometry geom;

    vnc_display_priv_get_geometry(display, &geom);
    if (!geom.valid)
        return;
    /* A movement on screen is a movement on the desktop through the
     * same map as a position (turned and scaled, not shifted). What is
     * left below a whole pixel waits for the next event. */
    cairo_matrix_transform_distance(&geom.to_desktop, &dx, &dy);
    dx += priv->rel_rest_x;
    dy += priv->rel_rest_y;
    double whole_x = trunc(dx), whole_y = trunc(dy);
    priv->rel_rest_x = dx - whole_x;
    priv->rel_rest_y = dy - whole_y;
    if (whole_x == 0 && whole_y == 0)
        return;
    whole_x = CLAMP(whole_x, -RELATIVE_ORIGIN, RELATIVE_ORIGIN);
    whole_y = CLAMP(whole_y, -RELATIVE_ORIGIN, RELATIVE_ORIGIN);
    vnc_connection_pointer_event(priv->conn, priv->button_mask,
                                 (guint16)(RELATIVE_ORIGIN + (int)whole_x),
                                 (guint16)(RELATIVE_ORIGIN + (int)whole_y));
}

/* Moves the pointer to the widget's centre, where a relative pointer has
 * room to move in every direction. */
void
vnc_display_priv_center_pointer(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    GtkWidget *widget = GTK_WIDGET(display);
    GdkWindow *window = gtk_widget_get_window(widget);
    GtkAllocation alloc;
    int origin_x, origin_y;

    if (!window)
        return;
    gtk_widget_get_allocation(widget, &alloc);
    gdk_window_get_origin(window, &origin_x, &origin_y);
    priv->last_root_x = origin_x + alloc.width / 2;
    priv->last_root_y = origin_y + alloc.height / 2;
    priv->have_root = TRUE;
    vnc_gtk_warp_pointer(window, (int)priv->last_root_x, (int)priv->last_root_y);
}

static gboolean
vnc_display_motion_notify_event(GtkWidget *widget, GdkEventMotion *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;

    if (!accepts_input(priv))
        return FALSE;

    if (priv->absolute) {
        guint16 x, y;

        /* Pointer events cost a message each: none for a move within
         * one desktop pixel (zoomed in, or a HiDPI screen). */
        if (vnc_display_priv_to_desktop(display, event->x, event->y, &x, &y) &&
            (!priv->sent_position || x != priv->last_sent_x || y != priv->last_sent_y))
            send_absolute(display, event->x, event->y);
        return TRUE;
    }

    /* A relative pointer moves the remote one only while grabbed: its
     * movements mean nothing otherwise. */
    if (!priv->in_pointer_grab)
        return TRUE;
    if (priv->have_root) {
        send_relative(display, event->x_root - priv->last_root_x,
                      event->y_root - priv->last_root_y);
    }
    priv->last_root_x = event->x_root;
    priv->last_root_y = event->y_root;
    priv->have_root = TRUE;

    /* Back to the centre before the pointer meets the widget's edge and
     * stops. The warp's own motion event then moves nothing. */
    GtkAllocation alloc;
    gtk_widget_get_allocation(widget, &alloc);
    if (event->x < alloc.width / 4.0 || event->x > alloc.width * 3 / 4.0 ||
        event->y < alloc.height / 4.0 || event->y > alloc.height * 3 / 4.0)
        vnc_display_priv_center_pointer(display);
    return TRUE;
}

static guint8
button_bit(guint button)
{
    /* Buttons past 3 are the wheel's, or extra side buttons RFB has no
     * place for. */
    return button >= 1 && button <= 3 ? 1 << (button - 1) : 0;
}

static gboolean
vnc_display_button_press_event(GtkWidget *widget, GdkEventButton *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;

    if (!accepts_input(priv))
        return FALSE;
    /* GTK adds a second event for double and triple clicks; the server
     * sees the plain presses and counts for itself. */
    if (event->type != GDK_BUTTON_PRESS)
        return TRUE;

    if (!gtk_widget_has_focus(widget))
        gtk_widget_grab_focus(widget);

    if (!priv->in_pointer_grab && (priv->grab_pointer || !priv->absolute)) {
        vnc_display_priv_grab_pointer(display);
        /* The click that captures a relative pointer is not meant for
         * the remote desktop. */
        if (!priv->absolute)
            return TRUE;
    }

    priv->button_mask |= button_bit(event->button);
    send_buttons(display, event->x, event->y);
    return TRUE;
}

static gboolean
vnc_display_button_release_event(GtkWidget *widget, GdkEventButton *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;
    guint8 bit = button_bit(event->button);

    if (!accepts_input(priv))
        return FALSE;
    /* A release of a button pressed before we knew (the capturing click
     * of a relative pointer) is dropped. */
    if (!(priv->button_mask & bit))
        return TRUE;
    priv->button_mask &= ~bit;
    send_buttons(display, event->x, event->y);
    return TRUE;
}

/* One notch of the wheel: button @button (4 to 7) pressed and released. */
static void
send_scroll(VncDisplay *display, guint button, double wx, double wy)
{
    VncDisplayPrivate *priv = display->priv;
    guint8 bit = 1 << (button - 1);

    priv->button_mask |= bit;
    send_buttons(display, wx, wy);
    priv->button_mask &= ~bit;
    send_buttons(display, wx, wy);
}

static gboolean
vnc_display_scroll_event(GtkWidget *widget, GdkEventScroll *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;

    if (!accepts_input(priv))
        return FALSE;
    if (!priv->absolute && !priv->in_pointer_grab)
        return TRUE;

    switch (event->direction) {
    case GDK_SCROLL_UP:
        send_scroll(display, 4, event->x, event->y);
        break;
    case GDK_SCROLL_DOWN:
        send_scroll(display, 5, event->x, event->y);
        break;
    case GDK_SCROLL_LEFT:
        send_scroll(display, 6, event->x, event->y);
        break;
    case GDK_SCROLL_RIGHT:
        send_scroll(display, 7, event->x, event->y);
        break;
#if VNC_GTK3
    case GDK_SCROLL_SMOOTH: {
        /* Touchpads scroll by fractions of a notch: add them up, and
         * send a notch for each whole one. */
        double dx = 0, dy = 0;

        gdk_event_get_scroll_deltas((GdkEvent *)event, &dx, &dy);
        priv->scroll_rest_x += dx;
        priv->scroll_rest_y += dy;
        while (priv->scroll_rest_y <= -1.0) {
            send_scroll(display, 4, event->x, event->y);
            priv->scroll_rest_y += 1.0;
        }
        while (priv->scroll_rest_y >= 1.0) {
            send_scroll(display, 5, event->x, event->y);
            priv->scroll_rest_y -= 1.0;
        }
        while (priv->scroll_rest_x <= -1.0) {
            send_scroll(display, 6, event->x, event->y);
            priv->scroll_rest_x += 1.0;
        }
        while (priv->scroll_rest_x >= 1.0) {
            send_scroll(display, 7, event->x, event->y);
            priv->scroll_rest_x -= 1.0;
        }
        break;
    }
#endif
    default:
        break;
    }
    return TRUE;
}

static gboolean
vnc_display_enter_notify_event(GtkWidget *widget, GdkEventCrossing *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;

    /* Remembered even before the session starts: the keyboard grab
     * follows once it does. */
    if (event->mode == GDK_CROSSING_NORMAL) {
        priv->pointer_inside = TRUE;
        vnc_display_priv_update_keyboard_grab(display);
    }
    return accepts_input(priv);
}

static gboolean
vnc_display_leave_notify_event(GtkWidget *widget, GdkEventCrossing *event)
{
    VncDisplay *display = VNC_DISPLAY(widget);
    VncDisplayPrivate *priv = display->priv;

    /* Crossings caused by grabs themselves say nothing about where the
     * pointer went. */
    if (event->mode == GDK_CROSSING_NORMAL) {
        priv->pointer_inside = FALSE;
        vnc_display_priv_update_keyboard_grab(display);
    }
    return accepts_input(priv);
}

/* Lets go of every button held on the server (closing, or turning
 * read-only while a button is down). */
void
vnc_display_priv_release_buttons(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    if (!priv->button_mask)
        return;
    priv->button_mask = 0;
    if (!priv->initialized)
        return;
    if (priv->absolute)
        vnc_connection_pointer_event(priv->conn, 0, priv->last_sent_x, priv->last_sent_y);
    else
        vnc_connection_pointer_event(priv->conn, 0, RELATIVE_ORIGIN, RELATIVE_ORIGIN);
}

void
vnc_display_priv_set_pointer_mode(VncDisplay *display, gboolean absolute)
{
    VncDisplayPrivate *priv = display->priv;

    VNC_DEBUG("The server wants %s pointer events", absolute ? "absolute" : "relative");
    absolute = !!absolute;
    if (priv->absolute == absolute)
        return;
    priv->absolute = absolute;
    priv->sent_position = FALSE;
    priv->rel_rest_x = priv->rel_rest_y = 0;
    /* A grab only the relative pointer needed ends with it. */
    if (absolute && priv->in_pointer_grab && !priv->grab_pointer)
        vnc_display_priv_ungrab_pointer(display);
    else if (!absolute && priv->in_pointer_grab)
        vnc_display_priv_center_pointer(display);
    vnc_display_priv_update_cursor(display);
}

/* Device pixels per desktop pixel as the desktop is shown now (the
 * zoom level or scaling, times the screen's scale factor). */
static double
shown_scale(VncDisplay *display)
{
    VncDisplayGeometry geom;
    const cairo_matrix_t *m = &geom.to_widget;
    int device_scale = vnc_gtk_scale_factor(GTK_WIDGET(display));

    vnc_display_priv_get_geometry(display, &geom);
    if (!geom.valid)
        return device_scale;
    /* Uneven scaling (aspect not kept) gets the mean of both. */
    return sqrt(fabs(m->xx * m->yy - m->xy * m->yx)) * device_scale;
}

/* The largest cursor image made; X servers and compositors refuse or
 * crop much larger ones, and a pointer that size helps nobody. */
#define MAX_CURSOR_SIZE 256.0

/* The server's cursor image as the desktop is shown: turned and scaled
 * like it, so that it looks the size it does on the remote screen and
 * its hot spot stays on the same pixel. In device pixels; NULL when
 * there is no cursor. */
GdkPixbuf *
vnc_display_priv_shown_cursor(VncDisplay *display, int *hotx, int *hoty)
{
    VncDisplayPrivate *priv = display->priv;
    GdkPixbuf *shown;
    double scale = shown_scale(display);
    /* The hot spot as the centre of its pixel, so that it survives
     * turning and scaling. */
    double hx = priv->cursor_hotx + 0.5, hy = priv->cursor_hoty + 0.5;

    if (!priv->cursor_image)
        return NULL;

    int width = gdk_pixbuf_get_width(priv->cursor_image);
    int height = gdk_pixbuf_get_height(priv->cursor_image);
    switch (priv->rotation) {
    case 90:
        shown = gdk_pixbuf_rotate_simple(priv->cursor_image, GDK_PIXBUF_ROTATE_CLOCKWISE);
        hx = height - (priv->cursor_hoty + 0.5);
        hy = priv->cursor_hotx + 0.5;
        break;
    case 180:
        shown = gdk_pixbuf_rotate_simple(priv->cursor_image, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
        hx = width - hx;
        hy = height - hy;
        break;
    case 270:
        shown = gdk_pixbuf_rotate_simple(priv->cursor_image, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
        hx = priv->cursor_hoty + 0.5;
        hy = width - (priv->cursor_hotx + 0.5);
        break;
    default:
        shown = g_object_ref(priv->cursor_image);
        break;
    }
    if (!shown)
        return NULL;

    width = gdk_pixbuf_get_width(shown);
    height = gdk_pixbuf_get_height(shown);
    scale = MIN(scale, MAX_CURSOR_SIZE / MAX(width, height));
    if (fabs(scale - 1.0) > 0.01) {
        int scaled_width = MAX((int)lround(width * scale), 1);
        int scaled_height = MAX((int)lround(height * scale), 1);
        GdkPixbuf *scaled = gdk_pixbuf_scale_simple(shown, scaled_width, scaled_height,
                                                    priv->smoothing ? GDK_INTERP_BILINEAR
                                                    : GDK_INTERP_NEAREST);

        g_object_unref(shown);
        if (!scaled)
            return NULL;
        shown = scaled;
        hx *= (double)scaled_width / width;
        hy *= (double)scaled_height / height;
        width = scaled_width;
        height = scaled_height;
    }

    *hotx = CLAMP((int)floor(hx), 0, width - 1);
    *hoty = CLAMP((int)floor(hy), 0, height - 1);
    return shown;
}

static void
build_remote_cursor(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    GtkWidget *widget = GTK_WIDGET(display);
    GdkPixbuf *shown;
    int hotx, hoty;

    g_clear_pointer(&priv->remote_cursor, vnc_gtk_cursor_unref);
    priv->cursor_scale = shown_scale(display);
    priv->cursor_rotation = priv->rotation;
    shown = vnc_display_priv_shown_cursor(display, &hotx, &hoty);
    if (!shown)
        return;
    priv->remote_cursor = vnc_gtk_cursor_new(gtk_widget_get_display(widget), shown,
                                             vnc_gtk_scale_factor(widget), hotx, hoty);
    g_object_unref(shown);
}

void
vnc_display_priv_set_remote_cursor(VncDisplay *display, VncCursor *cursor)
{
    VncDisplayPrivate *priv = display->priv;

    g_clear_object(&priv->cursor_image);
    /* No cursor, or an empty one: the server wants none shown. */
    if (cursor && vnc_cursor_get_width(cursor) && vnc_cursor_get_height(cursor)) {
        guint16 width = vnc_cursor_get_width(cursor);
        guint16 height = vnc_cursor_get_height(cursor);
        GdkPixbuf *view;

        /* The cursor's pixels are RGBA bytes, as GdkPixbuf keeps them;
         * copied, since the VncCursor goes with the next one. */
        view = gdk_pixbuf_new_from_data(vnc_cursor_get_data(cursor), GDK_COLORSPACE_RGB,
                                        TRUE, 8, width, height, width * 4, NULL, NULL);
        priv->cursor_image = gdk_pixbuf_copy(view);
        g_object_unref(view);
        priv->cursor_hotx = MIN(vnc_cursor_get_hotx(cursor), width - 1);
        priv->cursor_hoty = MIN(vnc_cursor_get_hoty(cursor), height - 1);
    }
    build_remote_cursor(display);
    vnc_display_priv_update_cursor(display);
}

/* The desktop is shown at another scale or angle: the cursor follows. */
void
vnc_display_priv_refresh_cursor(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    if (!priv->cursor_image || !priv->conn)
        return;
    if (fabs(shown_scale(display) - priv->cursor_scale) < 0.01 &&
        priv->rotation == priv->cursor_rotation)
        return;
    build_remote_cursor(display);
    vnc_display_priv_update_cursor(display);
}

/* The cursor over the widget: the local one when asked for; none while
 * a relative pointer is grabbed (the guest draws its own, elsewhere);
 * otherwise the server's, or none until it sends one, since a server
 * without cursor shapes paints its cursor into the desktop. */
void
vnc_display_priv_update_cursor(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    GtkWidget *widget = GTK_WIDGET(display);
    GdkWindow *window = gtk_widget_get_window(widget);
    GdkCursor *cursor = NULL;

    /* (Disposed: nothing to show any more.) */
    if (!window || !priv->conn)
        return;
    if (!priv->local_pointer) {
        if (priv->remote_cursor && (priv->absolute || !priv->in_pointer_grab)) {
            cursor = priv->remote_cursor;
        } else {
            if (!priv->blank_cursor)
                priv->blank_cursor = gdk_cursor_new_for_display(gtk_widget_get_display(widget),
                                                                GDK_BLANK_CURSOR);
            cursor = priv->blank_cursor;
        }
    }
    gdk_window_set_cursor(window, cursor);
}

void
vnc_display_priv_pointer_class_init(GtkWidgetClass *widget_class)
{
    widget_class->motion_notify_event = vnc_display_motion_notify_event;
    widget_class->button_press_event = vnc_display_button_press_event;
    widget_class->button_release_event = vnc_display_button_release_event;
    widget_class->scroll_event = vnc_display_scroll_event;
    widget_class->enter_notify_event = vnc_display_enter_notify_event;
    widget_class->leave_notify_event = vnc_display_leave_notify_event;
}
