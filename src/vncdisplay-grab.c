/*
 * gtk-vnc: grabbing the keyboard and the pointer
 *
 * A keyboard grab sends every key to the widget, even the combinations
 * the desktop environment would take; a pointer grab keeps the pointer
 * in the widget, which a relative pointer needs. Grabbing the pointer
 * grabs the keyboard too (someone "inside" the remote desktop types into
 * it), and releasing it releases the keyboard again unless that grab was
 * taken on its own (grab-keyboard). Whatever grab is released, keys still
 * held are released on the server, since their key-up events will go
 * elsewhere.
 *
 * grab-keyboard grabs the keyboard alone while the widget has the focus
 * and the pointer is over it: moving the pointer away (or the focus)
 * lets go, so that a person is never locked in.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdisplay-priv.h"

gboolean
vnc_display_priv_grab_keyboard(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    GdkWindow *window = gtk_widget_get_window(GTK_WIDGET(display));

    if (priv->in_keyboard_grab)
        return TRUE;
    if (!window || !gdk_window_is_viewable(window))
        return FALSE;
    if (!vnc_gtk_grab_keyboard(window, gtk_get_current_event_time())) {
        VNC_DEBUG("The keyboard could not be grabbed");
        return FALSE;
    }
    priv->in_keyboard_grab = TRUE;
    priv->keyboard_grab_with_pointer = FALSE;
    vnc_display_priv_emit(display, VNC_DISPLAY_SIGNAL_KEYBOARD_GRAB);
    return TRUE;
}

void
vnc_display_priv_ungrab_keyboard(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    GtkWidget *widget = GTK_WIDGET(display);
    GdkWindow *window = gtk_widget_get_window(widget);
    gboolean pointer_kept;

    if (!priv->in_keyboard_grab)
        return;
    pointer_kept = vnc_gtk_ungrab_keyboard(gtk_widget_get_display(widget), priv->in_pointer_grab,
                                           window, window ? gdk_window_get_cursor(window) : NULL,
                                           gtk_get_current_event_time());
    priv->in_keyboard_grab = FALSE;
    priv->keyboard_grab_with_pointer = FALSE;
    vnc_display_priv_release_keys(display);
    vnc_display_priv_emit(display, VNC_DISPLAY_SIGNAL_KEYBOARD_UNGRAB);
    /* A pointer grab that could not be kept (GTK 3 lets go of both at
     * once) ends properly, with its signal. */
    if (!pointer_kept)
        vnc_display_priv_ungrab_pointer(display);
}

gboolean
vnc_display_priv_grab_pointer(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    GdkWindow *window = gtk_widget_get_window(GTK_WIDGET(display));

    if (priv->in_pointer_grab)
        return TRUE;
    if (!window || !gdk_window_is_viewable(window))
        return FALSE;

    if (!priv->in_keyboard_grab && vnc_display_priv_grab_keyboard(display))
        priv->keyboard_grab_with_pointer = TRUE;

    /* The cursor the grab shows is the one the window shows. */
    if (!vnc_gtk_grab_pointer(window, gdk_window_get_cursor(window),
                              gtk_get_current_event_time())) {
        VNC_DEBUG("The pointer could not be grabbed");
        if (priv->keyboard_grab_with_pointer)
            vnc_display_priv_ungrab_keyboard(display);
        return FALSE;
    }
    priv->in_pointer_grab = TRUE;
    vnc_display_priv_update_cursor(display);
    if (!priv->absolute)
        vnc_display_priv_center_pointer(display);
    vnc_display_priv_emit(display, VNC_DISPLAY_SIGNAL_POINTER_GRAB);
    return TRUE;
}

void
vnc_display_priv_ungrab_pointer(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    GtkWidget *widget = GTK_WIDGET(display);
    gboolean keep_keyboard = priv->in_keyboard_grab && !priv->keyboard_grab_with_pointer;
    gboolean keyboard_kept;

    if (!priv->in_pointer_grab)
        return;
    keyboard_kept = vnc_gtk_ungrab_pointer(gtk_widget_get_display(widget), keep_keyboard,
                                           gtk_widget_get_window(widget),
                                           gtk_get_current_event_time());
    priv->in_pointer_grab = FALSE;
    priv->have_root = FALSE;
    vnc_display_priv_update_cursor(display);
    /* A keyboard grab of its own stays, unless it could not be kept. */
    if (priv->keyboard_grab_with_pointer || !keyboard_kept)
        vnc_display_priv_ungrab_keyboard(display);
    else
        vnc_display_priv_release_keys(display);
    vnc_display_priv_emit(display, VNC_DISPLAY_SIGNAL_POINTER_UNGRAB);
    /* grab-keyboard may want the keyboard back on its own. */
    vnc_display_priv_update_keyboard_grab(display);
}

void
vnc_display_priv_ungrab_all(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    /* Not taken back by grab-keyboard meanwhile: nothing is to be
     * grabbed now (closing, going away). */
    priv->ungrabbing_all = TRUE;
    vnc_display_priv_ungrab_pointer(display);
    vnc_display_priv_ungrab_keyboard(display);
    priv->ungrabbing_all = FALSE;
}

void
vnc_display_priv_update_keyboard_grab(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    gboolean want = priv->grab_keyboard && priv->initialized && !priv->read_only &&
        priv->pointer_inside && priv->has_focus &&
        priv->conn && vnc_connection_is_open(priv->conn);

    /* A pointer grab holds the keyboard as long as it lasts. */
    if (priv->in_pointer_grab || priv->ungrabbing_all)
        return;
    if (want && !priv->in_keyboard_grab)
        vnc_display_priv_grab_keyboard(display);
    else if (!want && priv->in_keyboard_grab)
        vnc_display_priv_ungrab_keyboard(display);
}
