/*
 * gvncviewer: a VNC viewer, a thin window around the VncDisplay widget
 *
 * The viewer's files share this header: the Viewer (the window, its
 * menus, and the current session) and the functions each file offers
 * the others. Everything it does goes through the public API of
 * libgtk-vnc and libgvnc.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GVNCVIEWER_H
#define GVNCVIEWER_H

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "gtk-vnc.h"
#include "vnc-address.h"
#include "vnc-credentials.h"

G_BEGIN_DECLS

/* What the person chose, from the command line and later the menus.
 * A reconnection builds its new widget from these. */
typedef struct {
    gboolean fullscreen;
    gboolean view_only;
    gboolean scaling;
    gboolean keep_aspect;
    gboolean shared;
    gboolean lossy_encoding;
    gboolean resize_guest;
    gboolean share_clipboard;
    VncDisplayDepthColor depth;
    guint zoom;              /* percent, when not scaling */
} ViewerSettings;

/* The menu items whose state follows the session or the settings. */
typedef struct {
    GtkWidget *reconnect;
    GtkWidget *screenshot;
    GtkWidget *view_only;
    GtkWidget *share_clipboard;
    GtkWidget *fullscreen;
    GtkWidget *scaling;
    GtkWidget *keep_aspect;
    GtkWidget *zoom_in;
    GtkWidget *zoom_out;
    GtkWidget *zoom_normal;
    GtkWidget *resize_guest;
    GtkWidget *send_key;     /* the menu bar's "Send Key" */
    GtkWidget *power;        /* the menu bar's "Power", shown with xvp */
} ViewerMenus;

typedef struct {
    /* From the command line. */
    VncAddress *address;
    VncCredentialOptions creds;
    char *username;          /* --username, or the vnc:// URI's */
    char *password;          /* --password-file's; wiped after a failed login */
    ViewerSettings settings;

    GMainLoop *loop;
    GtkWidget *window;
    GtkWidget *box;          /* the menu bar above the display */
    GtkWidget *menubar;
    ViewerMenus menus;
    gboolean updating_menus; /* menu states set by code, not by a click */
    gboolean is_fullscreen;
    gboolean is_maximized;
    gboolean sized;          /* fitted around a desktop once */

    /* The current session: a new VncDisplay for every connection, so
     * that nothing of the last one lingers. */
    VncDisplay *display;
    gboolean connected;      /* the server answered */
    gboolean initialized;    /* the desktop is on the screen */
    gboolean had_desktop;    /* this session showed it at some point */
    gboolean ended;          /* disconnected, until the next connection */
    gboolean closing;        /* we closed it: no message about it */
    gboolean pointer_grabbed;
    gboolean keyboard_grabbed;
    char *failure;           /* the first reason the session ended */
    GtkWidget *credential_dialog;
    GtkWidget *message_dialog;

    /* The clipboard (see gvncviewer-clipboard.c). */
    GtkClipboard *clipboard;
    gulong clipboard_handler;
    char *clipboard_from_server;
} Viewer;

/* gvncviewer-session.c */
void viewer_connect(Viewer *viewer);
void viewer_reconnect(Viewer *viewer);
void viewer_disconnect(Viewer *viewer, gboolean quietly);
void viewer_session_finish(Viewer *viewer);
void viewer_session_fail(Viewer *viewer, const char *reason);

/* gvncviewer-window.c */
void viewer_window_create(Viewer *viewer);
void viewer_window_update_title(Viewer *viewer);
void viewer_window_set_fullscreen(Viewer *viewer, gboolean fullscreen);
void viewer_window_fit_desktop(Viewer *viewer);
void viewer_window_apply_scaling(Viewer *viewer);
void viewer_quit(Viewer *viewer);

/* gvncviewer-menus.c */
GtkWidget *viewer_menus_create(Viewer *viewer, GtkAccelGroup *accels);
void viewer_menus_update(Viewer *viewer);

/* gvncviewer-dialogs.c */
void viewer_dialog_credentials(Viewer *viewer, const guint *kinds, guint n_kinds);
gboolean viewer_dialog_certificate(Viewer *viewer, const char *pem, const char *reason);
void viewer_dialog_disconnected(Viewer *viewer);
void viewer_dialog_message(Viewer *viewer, GtkMessageType type,
                           const char *primary, const char *secondary);
gboolean viewer_dialog_confirm(Viewer *viewer, const char *title, const char *primary,
                               const char *secondary, const char *action);
void viewer_dialog_screenshot(Viewer *viewer);
void viewer_dialogs_close_session(Viewer *viewer);

/* gvncviewer-clipboard.c */
void viewer_clipboard_init(Viewer *viewer);
void viewer_clipboard_attach(Viewer *viewer);
void viewer_clipboard_finish(Viewer *viewer);

G_END_DECLS

#endif /* GVNCVIEWER_H */
