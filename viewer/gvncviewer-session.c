/*
 * gvncviewer: one connection to the server, from opening to the end
 *
 * Every connection gets a new VncDisplay built from the viewer's
 * settings; a reconnection throws the old widget away, so that nothing
 * of a finished session (its grabs, its framebuffer, its connection)
 * can leak into the next.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <gio/gunixsocketaddress.h>

#include "gvncviewer.h"

/* The name the viewer gives a server that asks for one (ClientName, for
 * the security types that take it). */
#define VIEWER_CLIENT_NAME "gvncviewer"

/* The first reason is the one a person needs: later ones are mostly
 * "the connection closed" following from it. */
void
viewer_session_fail(Viewer *viewer, const char *reason)
{
    if (!viewer->failure && reason)
        viewer->failure = g_strdup(reason);
}

static void
on_connected(VncDisplay *display, Viewer *viewer)
{
    viewer->connected = TRUE;
    viewer_window_update_title(viewer);
}

static void
on_initialized(VncDisplay *display, Viewer *viewer)
{
    viewer->initialized = TRUE;
    viewer->had_desktop = TRUE;
    viewer_window_fit_desktop(viewer);
    viewer_window_update_title(viewer);
    viewer_menus_update(viewer);
}

static void
on_disconnected(VncDisplay *display, Viewer *viewer)
{
    gboolean expected = viewer->closing;

    viewer->connected = FALSE;
    viewer->initialized = FALSE;
    viewer->ended = TRUE;
    viewer->pointer_grabbed = FALSE;
    viewer->keyboard_grabbed = FALSE;
    viewer_dialogs_close_session(viewer);
    viewer_window_update_title(viewer);
    viewer_menus_update(viewer);
    if (!expected)
        viewer_dialog_disconnected(viewer);
}

static void
on_error(VncDisplay *display, const char *message, Viewer *viewer)
{
    viewer_session_fail(viewer, message);
}

static void
on_auth_failure(VncDisplay *display, const char *reason, Viewer *viewer)
{
    g_autofree char *message =
        g_strdup_printf(_("The server refused the login: %s"),
                        reason && *reason ? reason : _("no reason given"));

    /* A password from --password-file that failed once would fail
     * again: the next attempt asks. */
    g_clear_pointer(&viewer->password, vnc_credentials_free_secret);
    viewer_session_fail(viewer, message);
}

static void
on_auth_unsupported(VncDisplay *display, guint type, Viewer *viewer)
{
    g_autofree char *message =
        g_strdup_printf(_("The server wants a security type (%u) that this viewer "
                          "does not support, or that --require-encryption refuses."),
                        type);
    viewer_session_fail(viewer, message);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
/* The signal carries a GValueArray, deprecated in GLib but part of the
 * widget's API. */
/* What we know already is given at once; the rest is asked for in a
 * dialog, which answers later. */
static void
on_auth_credential(VncDisplay *display, GValueArray *creds, Viewer *viewer)
{
    g_autoptr(GArray) missing = g_array_new(FALSE, FALSE, sizeof(guint));

    for (guint i = 0; i < creds->n_values; i++) {
        guint kind = vnc_credentials_value_as_uint(&creds->values[i]);
        const char *known = NULL;

        switch (kind) {
        case VNC_DISPLAY_CREDENTIAL_PASSWORD:
            known = viewer->password;
            break;
        case VNC_DISPLAY_CREDENTIAL_USERNAME:
            known = viewer->username;
            break;
        case VNC_DISPLAY_CREDENTIAL_CLIENTNAME:
            known = VIEWER_CLIENT_NAME;
            break;
        default: {
            g_autofree char *message =
                g_strdup_printf(_("The server asked for a kind of credential (%u) "
                                  "that this viewer does not know."), kind);
            viewer_session_fail(viewer, message);
            viewer_disconnect(viewer, FALSE);
            return;
        }
        }
        if (known)
            vnc_display_set_credential(display, kind, known);
        else
            g_array_append_val(missing, kind);
    }
    if (missing->len > 0)
        viewer_dialog_credentials(viewer, (const guint *)(void *)missing->data,
                                  missing->len);
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* A certificate that failed its checks: the person decides. Emitted on
 * the connection, whose coroutine waits for the answer. */
static gboolean
on_auth_certificate(VncConnection *conn, const char *pem, const char *reason,
                    guint status, Viewer *viewer)
{
    gboolean accepted = viewer_dialog_certificate(viewer, pem, reason);

    if (!accepted) {
        g_autofree char *message =
            g_strdup_printf(_("The server's certificate was refused: %s"), reason);
        viewer_session_fail(viewer, message);
    }
    return accepted;
}

static void
on_grab_changed(VncDisplay *display, Viewer *viewer)
{
    viewer_window_update_title(viewer);
}

static void
on_pointer_grab(VncDisplay *display, Viewer *viewer)
{
    viewer->pointer_grabbed = TRUE;
    on_grab_changed(display, viewer);
}

static void
on_pointer_ungrab(VncDisplay *display, Viewer *viewer)
{
    viewer->pointer_grabbed = FALSE;
    on_grab_changed(display, viewer);
}

static void
on_keyboard_grab(VncDisplay *display, Viewer *viewer)
{
    viewer->keyboard_grabbed = TRUE;
}

static void
on_keyboard_ungrab(VncDisplay *display, Viewer *viewer)
{
    viewer->keyboard_grabbed = FALSE;
}

static void
on_desktop_resize(VncDisplay *display, int width, int height, Viewer *viewer)
{
    viewer_window_fit_desktop(viewer);
}

static void
on_desktop_rename(VncDisplay *display, const char *name, Viewer *viewer)
{
    viewer_window_update_title(viewer);
}

static void
on_power_control_initialized(VncDisplay *display, Viewer *viewer)
{
    viewer_menus_update(viewer);
}

static void
on_power_control_failed(VncDisplay *display, Viewer *viewer)
{
    viewer_dialog_message(viewer, GTK_MESSAGE_WARNING,
                          _("The power control request failed"),
                          _("The server could not carry it out, or does not allow it."));
}

static void
viewer_apply_settings(Viewer *viewer, VncDisplay *display)
{
    const ViewerSettings *s = &viewer->settings;

    vnc_display_set_keyboard_grab(display, TRUE);
    vnc_display_set_pointer_grab(display, TRUE);
    vnc_display_set_read_only(display, s->view_only);
    vnc_display_set_shared_flag(display, s->shared);
    vnc_display_set_depth(display, s->depth);
    vnc_display_set_lossy_encoding(display, s->lossy_encoding);
    vnc_display_set_keep_aspect_ratio(display, s->keep_aspect);
    vnc_display_set_zoom_level(display, s->zoom);
    vnc_display_set_allow_resize(display, s->resize_guest);
    vnc_display_set_scaling(display, s->scaling);
    /* Scaled, or resizing the guest, the window may be any size; else it
     * is at least the desktop's. */
    vnc_display_set_force_size(display, !(s->scaling || s->resize_guest));
}

/* Lets go of the current widget: its signals no longer reach us, and
 * destroying it closes its connection. */
static void
viewer_drop_display(Viewer *viewer)
{
    VncDisplay *display = viewer->display;

    if (!display)
        return;
    viewer_dialogs_close_session(viewer);
    g_signal_handlers_disconnect_by_data(vnc_display_get_connection(display), viewer);
    g_signal_handlers_disconnect_by_data(display, viewer);
    viewer->display = NULL;
    gtk_widget_destroy(GTK_WIDGET(display));
    viewer->connected = FALSE;
    viewer->initialized = FALSE;
    viewer->pointer_grabbed = FALSE;
    viewer->keyboard_grabbed = FALSE;
}

static gboolean
viewer_open(Viewer *viewer)
{
    const VncAddress *address = viewer->address;

    if (address->socket_path) {
        g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(address->socket_path);
        return vnc_display_open_addr(viewer->display, addr, NULL);
    }
    return vnc_display_open_host(viewer->display, address->host, address->port);
}

void
viewer_connect(Viewer *viewer)
{
    GtkWidget *widget = vnc_display_new();
    VncDisplay *display = VNC_DISPLAY(widget);
    VncConnection *conn = vnc_display_get_connection(display);

    viewer_drop_display(viewer);
    viewer->display = display;
    viewer->closing = FALSE;
    viewer->ended = FALSE;
    viewer->had_desktop = FALSE;
    g_clear_pointer(&viewer->failure, g_free);

    viewer_apply_settings(viewer, display);
    vnc_credential_options_apply(&viewer->creds, conn);
    g_signal_connect(conn, "vnc-auth-certificate", G_CALLBACK(on_auth_certificate), viewer);

#define CONNECT(name, handler) \
    g_signal_connect(display, name, G_CALLBACK(handler), viewer)
    CONNECT("vnc-connected", on_connected);
    CONNECT("vnc-initialized", on_initialized);
    CONNECT("vnc-disconnected", on_disconnected);
    CONNECT("vnc-error", on_error);
    CONNECT("vnc-auth-failure", on_auth_failure);
    CONNECT("vnc-auth-unsupported", on_auth_unsupported);
    CONNECT("vnc-auth-credential", on_auth_credential);
    CONNECT("vnc-pointer-grab", on_pointer_grab);
    CONNECT("vnc-pointer-ungrab", on_pointer_ungrab);
    CONNECT("vnc-keyboard-grab", on_keyboard_grab);
    CONNECT("vnc-keyboard-ungrab", on_keyboard_ungrab);
    CONNECT("vnc-desktop-resize", on_desktop_resize);
    CONNECT("vnc-desktop-rename", on_desktop_rename);
    CONNECT("vnc-power-control-initialized", on_power_control_initialized);
    CONNECT("vnc-power-control-failed", on_power_control_failed);
#undef CONNECT

    gtk_box_pack_start(GTK_BOX(viewer->box), widget, TRUE, TRUE, 0);
    gtk_widget_show(widget);
    gtk_widget_grab_focus(widget);
    viewer_clipboard_attach(viewer);
    viewer_window_update_title(viewer);
    viewer_menus_update(viewer);

    if (!viewer_open(viewer)) {
        viewer_session_fail(viewer, _("The connection could not be started."));
        viewer_dialog_disconnected(viewer);
    }
}

void
viewer_reconnect(Viewer *viewer)
{
    viewer_connect(viewer);
}

/* Closes the connection; @quietly when the person asked for it, else
 * they are told why it ended (a failure the viewer found itself). */
void
viewer_disconnect(Viewer *viewer, gboolean quietly)
{
    if (!viewer->display)
        return;
    viewer->closing = quietly;
    vnc_display_close(viewer->display);
}

/* The end of the program: the widget goes without a word. */
void
viewer_session_finish(Viewer *viewer)
{
    viewer->closing = TRUE;
    viewer_drop_display(viewer);
}
