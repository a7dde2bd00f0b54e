/*
 * gvncviewer: a VNC viewer for guest consoles and remote desktops
 *
 * This file reads the command line and starts the window; the window,
 * the menus, the dialogs, the session and the clipboard each have their
 * own file (gvncviewer-*.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "gvncviewer.h"

/* Exit statuses: 0 after a normal quit, 1 without a display to open a
 * window on, 2 for a bad command line. */
enum {
    VIEWER_EXIT_OK = 0,
    VIEWER_EXIT_NO_DISPLAY = 1,
    VIEWER_EXIT_USAGE = 2,
};

/* --depth's words, with the bits per pixel that also name them. */
static const struct {
    const char *name;
    const char *bits;
    VncDisplayDepthColor depth;
} viewer_depths[] = {
    { "full", "24", VNC_DISPLAY_DEPTH_COLOR_FULL },
    { "medium", "16", VNC_DISPLAY_DEPTH_COLOR_MEDIUM },
    { "low", "8", VNC_DISPLAY_DEPTH_COLOR_LOW },
    { "ultra-low", "3", VNC_DISPLAY_DEPTH_COLOR_ULTRA_LOW },
};

static gboolean
viewer_parse_depth(const char *text, VncDisplayDepthColor *depth, GError **err)
{
    for (gsize i = 0; i < G_N_ELEMENTS(viewer_depths); i++) {
        if (g_ascii_strcasecmp(text, viewer_depths[i].name) == 0 ||
            strcmp(text, viewer_depths[i].bits) == 0) {
            *depth = viewer_depths[i].depth;
            return TRUE;
        }
    }
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                _("unknown depth '%s' (full or 24, medium or 16, low or 8, "
                  "ultra-low or 3)"), text);
    return FALSE;
}

static void
viewer_clear(Viewer *viewer)
{
    g_clear_pointer(&viewer->address, vnc_address_free);
    vnc_credential_options_clear(&viewer->creds);
    g_clear_pointer(&viewer->username, g_free);
    g_clear_pointer(&viewer->password, vnc_credentials_free_secret);
    g_clear_pointer(&viewer->failure, g_free);
    g_clear_pointer(&viewer->loop, g_main_loop_unref);
}

int
main(int argc, char **argv)
{
    Viewer viewer = {
        .settings = {
            .shared = TRUE,
            .share_clipboard = TRUE,
            .zoom = 100,
            .depth = VNC_DISPLAY_DEPTH_COLOR_DEFAULT,
        },
    };
    gboolean no_shared = FALSE, no_clipboard = FALSE;
    int port = 0, zoom = 100;
    g_autofree char *depth = NULL;
    g_autoptr(GError) err = NULL;
    const GOptionEntry entries[] = {
        { "fullscreen", 'f', 0, G_OPTION_ARG_NONE, &viewer.settings.fullscreen,
          N_("Start in full screen (F11 leaves it while the pointer is not grabbed)"),
          NULL },
        { "view-only", 'v', 0, G_OPTION_ARG_NONE, &viewer.settings.view_only,
          N_("Only watch: send no keyboard or pointer input"), NULL },
        { "scaling", 's', 0, G_OPTION_ARG_NONE, &viewer.settings.scaling,
          N_("Scale the desktop to the size of the window"), NULL },
        { "keep-aspect", 0, 0, G_OPTION_ARG_NONE, &viewer.settings.keep_aspect,
          N_("Keep the desktop's proportions when scaling"), NULL },
        { "zoom", 'z', 0, G_OPTION_ARG_INT, &zoom,
          N_("Show the desktop at PERCENT of its size (10 to 400) when not scaling"),
          N_("PERCENT") },
        { "resize-guest", 0, 0, G_OPTION_ARG_NONE, &viewer.settings.resize_guest,
          N_("Ask the server to resize its desktop to the window"), NULL },
        { "shared", 0, 0, G_OPTION_ARG_NONE, &viewer.settings.shared,
          N_("Let other clients stay connected (the default)"), NULL },
        { "no-shared", 0, 0, G_OPTION_ARG_NONE, &no_shared,
          N_("Ask the server to disconnect every other client"), NULL },
        { "depth", 'd', 0, G_OPTION_ARG_STRING, &depth,
          N_("Ask for fewer colours to save bandwidth: full, medium, low or ultra-low "
             "(or 24, 16, 8, 3 bits)"), N_("DEPTH") },
        { "lossy-encoding", 0, 0, G_OPTION_ARG_NONE, &viewer.settings.lossy_encoding,
          N_("Accept encodings that lose detail (JPEG) to save bandwidth"), NULL },
        { "no-clipboard", 0, 0, G_OPTION_ARG_NONE, &no_clipboard,
          N_("Do not share the clipboard's text with the server"), NULL },
        { "port", 'p', 0, G_OPTION_ARG_INT, &port,
          N_("Connect to this TCP port (instead of :DISPLAY)"), N_("PORT") },
        { NULL }
    };
    g_autoptr(GOptionContext) context = NULL;

    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);

    /* TRANSLATORS: the command line's arguments, and what the program is */
    context = g_option_context_new(_("HOST[:DISPLAY] - VNC viewer"));
    g_option_context_set_translation_domain(context, GETTEXT_PACKAGE);
    g_option_context_set_description(context, _(
        "HOST[:DISPLAY] connects to port 5900+DISPLAY (DISPLAY 0 when left out),\n"
        "HOST::PORT and vnc://HOST:PORT to PORT (vnc://[IPV6]:PORT for IPv6,\n"
        "vnc://USER@HOST:PORT with a user name), and an argument containing\n"
        "'/' to that unix socket. An empty HOST means localhost.\n\n"
        "The viewer asks for a user name and password when the server wants\n"
        "them, unless --username and --password-file give them. A server\n"
        "certificate that fails its checks is shown for you to accept or refuse.\n"
        "Without --ca-cert and the other x509 options the files are looked for\n"
        "in ~/.pki/CA/cacert.pem and cacrl.pem, ~/.pki/gvncviewer/clientcert.pem\n"
        "and private/clientkey.pem (then under the system's pki folder)."));
    g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
    vnc_credential_options_add(&viewer.creds, context);
    g_option_context_add_group(context, vnc_display_get_option_group());
    /* GTK's own options (--display...). The display opens after the
     * command line is known to be right, so that mistakes in it are
     * reported as such even without one. */
    g_option_context_add_group(context, gtk_get_option_group(FALSE));

    if (!g_option_context_parse(context, &argc, &argv, &err))
        goto usage;
    if (argc != 2) {
        g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                    argc < 2 ? _("which server? Give HOST[:DISPLAY]") :
                    _("give one server only"));
        goto usage;
    }
    if (port < 0 || port > 65535) {
        g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("--port must be from 1 to 65535"));
        goto usage;
    }
    if (zoom < 10 || zoom > 400) {
        g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("--zoom must be from 10 to 400"));
        goto usage;
    }
    viewer.settings.shared = !no_shared;
    viewer.settings.share_clipboard = !no_clipboard;
    viewer.settings.zoom = zoom;
    if (depth && !viewer_parse_depth(depth, &viewer.settings.depth, &err))
        goto usage;
    viewer.address = vnc_address_parse(argv[1], port, &err);
    if (!viewer.address)
        goto usage;
    if (!vnc_credential_options_check(&viewer.creds, &viewer.password, &err))
        goto usage;
    viewer.username = g_strdup(viewer.creds.username ? viewer.creds.username :
                               viewer.address->username);
    if (!gtk_init_check(NULL, NULL)) {
        const char *name = gdk_get_display_arg_name();
        if (!name)
            name = g_getenv("DISPLAY");
        if (name && *name)
            g_printerr(_("gvncviewer: cannot open the display %s\n"), name);
        else
            g_printerr(_("gvncviewer: no display to open a window on (DISPLAY is "
                         "not set)\n"));
        viewer_clear(&viewer);
        return VIEWER_EXIT_NO_DISPLAY;
    }

    viewer.loop = g_main_loop_new(NULL, FALSE);
    viewer_clipboard_init(&viewer);
    viewer_window_create(&viewer);
    viewer_connect(&viewer);
    g_main_loop_run(viewer.loop);

    viewer_session_finish(&viewer);
    viewer_clipboard_finish(&viewer);
    /* Its dialogs go with it. */
    gtk_widget_destroy(viewer.window);
    viewer_clear(&viewer);
    return VIEWER_EXIT_OK;

 usage:
    g_printerr("gvncviewer: %s\n", err->message);
    g_printerr(_("Try 'gvncviewer --help'.\n"));
    viewer_clear(&viewer);
    return VIEWER_EXIT_USAGE;
}
