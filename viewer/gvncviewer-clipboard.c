/*
 * gvncviewer: clipboard text, both ways
 *
 * Text the server cuts goes on the local CLIPBOARD; text copied locally
 * goes to the server when the CLIPBOARD changes owner. The library turns
 * the text into what the server speaks (Latin-1, or UTF-8 with the
 * ExtendedClipboard extension), so everything here is UTF-8.
 *
 * Setting the clipboard ourselves changes its owner too: that text is
 * remembered so that it is not sent straight back.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "gvncviewer.h"

static gboolean
clipboard_live(Viewer *viewer)
{
    return viewer->settings.share_clipboard && viewer->display && viewer->initialized;
}

static void
on_local_text(GtkClipboard *clipboard, const char *text, gpointer data)
{
    Viewer *viewer = data;

    if (!text || !clipboard_live(viewer))
        return;
    if (viewer->clipboard_from_server && strcmp(text, viewer->clipboard_from_server) == 0)
        return;
    g_clear_pointer(&viewer->clipboard_from_server, g_free);
    vnc_display_client_cut_text(viewer->display, text);
}

static void
on_owner_change(GtkClipboard *clipboard, GdkEvent *event, Viewer *viewer)
{
    if (clipboard_live(viewer))
        gtk_clipboard_request_text(clipboard, on_local_text, viewer);
}

static void
on_server_cut_text(VncDisplay *display, const char *text, Viewer *viewer)
{
    if (!text || !clipboard_live(viewer))
        return;
    g_free(viewer->clipboard_from_server);
    viewer->clipboard_from_server = g_strdup(text);
    gtk_clipboard_set_text(viewer->clipboard, text, -1);
}

void
viewer_clipboard_init(Viewer *viewer)
{
    viewer->clipboard = gtk_clipboard_get(GDK_SELECTION_CLIPBOARD);
    viewer->clipboard_handler = g_signal_connect(viewer->clipboard, "owner-change",
                                                 G_CALLBACK(on_owner_change), viewer);
}

/* Called for each new session's widget. */
void
viewer_clipboard_attach(Viewer *viewer)
{
    g_signal_connect(viewer->display, "vnc-server-cut-text",
                     G_CALLBACK(on_server_cut_text), viewer);
}

void
viewer_clipboard_finish(Viewer *viewer)
{
    if (viewer->clipboard_handler)
        g_signal_handler_disconnect(viewer->clipboard, viewer->clipboard_handler);
    viewer->clipboard_handler = 0;
    g_clear_pointer(&viewer->clipboard_from_server, g_free);
}
