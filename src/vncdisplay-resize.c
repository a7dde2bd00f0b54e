/*
 * gtk-vnc: asking the server to make its desktop as large as the widget
 * (allow-resize)
 *
 * A window being dragged to a new size changes size many times a second;
 * the request waits until the size has held still for a moment, so the
 * server resizes once. The connection keeps a multi-screen layout where
 * it fits the new size. Servers may not support resizing, or refuse: the
 * widget scales the desktop to fit meanwhile (see
 * vnc_display_priv_fits_widget()), so a refusal costs nothing but
 * sharpness. A refused size is not asked for again (no size at all when
 * the server's administrator prohibits resizing), until allow-resize is
 * switched off and on or a new session starts: a widget that keeps its
 * size must not ask a server that says no over and over.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdisplay-priv.h"

/* Long enough to span the steps of a window being dragged, short enough
 * not to be noticed. */
#define RESIZE_DELAY_MS 200

/* The desktop size that would fill the widget, in desktop pixels. */
static gboolean
wanted_size(VncDisplay *display, guint *width, guint *height)
{
    GtkWidget *widget = GTK_WIDGET(display);
    GtkAllocation alloc;
    int device_scale = vnc_gtk_scale_factor(widget);

    if (!gtk_widget_get_realized(widget))
        return FALSE;
    gtk_widget_get_allocation(widget, &alloc);
    if (alloc.width < 1 || alloc.height < 1)
        return FALSE;

    /* A turned desktop is as wide as the widget is tall. */
    guint across = (guint)alloc.width * device_scale;
    guint down = (guint)alloc.height * device_scale;
    if (display->priv->rotation == 90 || display->priv->rotation == 270) {
        *width = down;
        *height = across;
    } else {
        *width = across;
        *height = down;
    }
    return TRUE;
}

static void
request_size(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    guint width, height;

    if (!priv->allow_resize || !priv->initialized || !wanted_size(display, &width, &height)) {
        priv->resize_wanted = FALSE;
        return;
    }
    if ((int)width == vnc_connection_get_width(priv->conn) &&
        (int)height == vnc_connection_get_height(priv->conn)) {
        priv->resize_wanted = FALSE;
        return;
    }
    if (priv->resize_prohibited || vnc_display_priv_size_refused(display, width, height)) {
        VNC_DEBUG("Not asking for a %ux%u desktop: the server refused", width, height);
        priv->resize_wanted = FALSE;
        return;
    }

    VncConnectionResizeStatus status = vnc_connection_set_size(priv->conn, width, height);
    /* Not (yet) known to resize: a server shows it can with its first
     * ExtendedDesktopSize rectangle, so try again after each update.
     * Sent, or refused outright: nothing more until the widget changes
     * size again, so that a refusing server is not asked over and over. */
    priv->resize_wanted = status == VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED;
    if (status == VNC_CONNECTION_RESIZE_STATUS_OK) {
        priv->asked_width = width;
        priv->asked_height = height;
    }
    VNC_DEBUG("Asked for a %ux%u desktop: status %d", width, height, status);
}

static gboolean
on_resize_timeout(gpointer data)
{
    VncDisplay *display = data;

    display->priv->resize_timeout = 0;
    request_size(display);
    return G_SOURCE_REMOVE;
}

void
vnc_display_priv_schedule_resize(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    if (!priv->allow_resize)
        return;
    /* Each change starts the wait again. */
    if (priv->resize_timeout)
        g_source_remove(priv->resize_timeout);
    priv->resize_timeout = g_timeout_add(RESIZE_DELAY_MS, on_resize_timeout, display);
}

void
vnc_display_priv_retry_resize(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    if (priv->resize_wanted && !priv->resize_timeout)
        request_size(display);
}

void
vnc_display_priv_cancel_resize(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;

    if (priv->resize_timeout) {
        g_source_remove(priv->resize_timeout);
        priv->resize_timeout = 0;
    }
    priv->resize_wanted = FALSE;
    /* The next session, or allow-resize switched on again, gives the
     * server another chance. */
    priv->asked_width = priv->asked_height = 0;
    g_clear_pointer(&priv->refused_sizes, g_hash_table_unref);
    priv->resize_prohibited = FALSE;
}

/* A size as a key of refused_sizes: both sides are at most
 * VNC_MAX_DESKTOP_DIMENSION (vnc_connection_set_size() asks for nothing
 * larger), so 16 bits each. */
static gpointer
size_key(guint width, guint height)
{
    return GUINT_TO_POINTER(((width & 0xffff) << 16) | (height & 0xffff));
}

gboolean
vnc_display_priv_size_refused(VncDisplay *display, guint width, guint height)
{
    VncDisplayPrivate *priv = display->priv;

    return priv->refused_sizes &&
        g_hash_table_contains(priv->refused_sizes, size_key(width, height));
}

/* The server said no. Answers come in the order of the requests and the
 * widget asks only once its size has settled, so the answer is taken to
 * be for the last size asked. The desktop is scaled to fit already; what
 * remains is not to ask again. */
void
vnc_display_priv_resize_refused(VncDisplay *display, VncConnectionResizeStatus status)
{
    VncDisplayPrivate *priv = display->priv;

    VNC_DEBUG("The server refused a %ux%u desktop (status %d); scaling instead",
              priv->asked_width, priv->asked_height, status);
    if (!priv->refused_sizes)
        priv->refused_sizes = g_hash_table_new(NULL, NULL);
    g_hash_table_add(priv->refused_sizes, size_key(priv->asked_width, priv->asked_height));
    if (status == VNC_CONNECTION_RESIZE_STATUS_ADMIN_PROHIBITED)
        priv->resize_prohibited = TRUE;
    priv->resize_wanted = FALSE;
}
