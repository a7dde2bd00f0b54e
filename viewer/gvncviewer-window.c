/*
 * gvncviewer: the window: its title, its size, full screen, and where
 * key presses go
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <gdk/gdkkeysyms.h>

#include "gvncviewer.h"
#include "gvncviewer-compat.h"

/* What the title bar says after the desktop's name. */
#define VIEWER_TITLE_SUFFIX "GVncViewer"

/* "Ctrl+Alt" for a grab sequence of Control_L and Alt_L: the keys as a
 * keyboard labels them. */
static char *
viewer_grab_keys_label(VncDisplay *display)
{
    VncGrabSequence *seq = vnc_display_get_grab_keys(display);
    GString *label = g_string_new(NULL);

    for (guint i = 0; seq && i < seq->nkeysyms; i++) {
        guint keysym = seq->keysyms[i];
        const char *name;

        switch (keysym) {
        case GDK_KEY_Control_L:
        case GDK_KEY_Control_R:
            /* TRANSLATORS: the Control key, as on keyboards */
            name = _("Ctrl");
            break;
        case GDK_KEY_Alt_L:
        case GDK_KEY_Alt_R:
            /* TRANSLATORS: the Alt key, as on keyboards */
            name = _("Alt");
            break;
        case GDK_KEY_Shift_L:
        case GDK_KEY_Shift_R:
            /* TRANSLATORS: the Shift key, as on keyboards */
            name = _("Shift");
            break;
        case GDK_KEY_Super_L:
        case GDK_KEY_Super_R:
            /* TRANSLATORS: the Super (Windows) key, as on keyboards */
            name = _("Super");
            break;
        default:
            name = gdk_keyval_name(keysym);
            break;
        }
        g_string_append_printf(label, "%s%s", i ? "+" : "", name ? name : "?");
    }
    return g_string_free(label, FALSE);
}

void
viewer_window_update_title(Viewer *viewer)
{
    g_autoptr(GString) title = g_string_new(NULL);
    const char *label = viewer->address->label;

    if (!viewer->window)
        return;

    if (viewer->display && viewer->pointer_grabbed) {
        g_autofree char *keys = viewer_grab_keys_label(viewer->display);
        /* TRANSLATORS: %s are the keys that release the grab, as "Ctrl+Alt" */
        g_string_append_printf(title, _("(Press %s to release pointer) "), keys);
    }

    if (viewer->initialized) {
        const char *name = vnc_display_get_name(viewer->display);
        if (name && *name)
            g_string_append(title, name);
        else
            g_string_append(title, label);
    } else if (viewer->ended) {
        /* TRANSLATORS: %s is the server, as given on the command line */
        g_string_append_printf(title, _("%s (disconnected)"), label);
    } else if (viewer->connected) {
        /* TRANSLATORS: %s is the server, as given on the command line */
        g_string_append_printf(title, _("Logging in to %s"), label);
    } else {
        /* TRANSLATORS: %s is the server, as given on the command line */
        g_string_append_printf(title, _("Connecting to %s"), label);
    }
    g_string_append(title, " - " VIEWER_TITLE_SUFFIX);
    gtk_window_set_title(GTK_WINDOW(viewer->window), title->str);
}

/* Sizes the window around the desktop once a session shows it. Scaled
 * (or resizing the guest) the window takes the desktop's size the
 * first time only, and is the person's to size after that; unscaled it
 * shrinks to fit the desktop at its zoom level every time. */
void
viewer_window_fit_desktop(Viewer *viewer)
{
    const ViewerSettings *s = &viewer->settings;
    GtkAllocation menubar;

    if (!viewer->display || !viewer->initialized || viewer->is_fullscreen ||
        viewer->is_maximized)
        return;

    if (s->scaling || s->resize_guest) {
        if (viewer->sized)
            return;
        gtk_widget_get_allocation(viewer->menubar, &menubar);
        gtk_window_resize(GTK_WINDOW(viewer->window),
                          MAX(vnc_display_get_width(viewer->display), 1),
                          MAX(vnc_display_get_height(viewer->display), 1) +
                          MAX(menubar.height, 0));
    } else {
        /* As small as the widget allows: the desktop's size. */
        gtk_window_resize(GTK_WINDOW(viewer->window), 1, 1);
    }
    viewer->sized = TRUE;
}

/* Passes the view settings to the widget after a menu changed them. */
void
viewer_window_apply_scaling(Viewer *viewer)
{
    const ViewerSettings *s = &viewer->settings;
    VncDisplay *display = viewer->display;

    if (!display)
        return;
    vnc_display_set_scaling(display, s->scaling);
    vnc_display_set_keep_aspect_ratio(display, s->keep_aspect);
    vnc_display_set_zoom_level(display, s->zoom);
    vnc_display_set_allow_resize(display, s->resize_guest);
    vnc_display_set_force_size(display, !(s->scaling || s->resize_guest));
    if (!s->scaling && !s->resize_guest)
        viewer_window_fit_desktop(viewer);
}

void
viewer_window_set_fullscreen(Viewer *viewer, gboolean fullscreen)
{
    if (fullscreen)
        gtk_window_fullscreen(GTK_WINDOW(viewer->window));
    else
        gtk_window_unfullscreen(GTK_WINDOW(viewer->window));
}

static gboolean
on_window_state(GtkWidget *window, GdkEventWindowState *event, Viewer *viewer)
{
    gboolean fullscreen = (event->new_window_state & GDK_WINDOW_STATE_FULLSCREEN) != 0;

    viewer->is_maximized = (event->new_window_state & GDK_WINDOW_STATE_MAXIMIZED) != 0;
    if (fullscreen != viewer->is_fullscreen) {
        viewer->is_fullscreen = fullscreen;
        /* Full screen is the desktop alone. */
        if (fullscreen)
            gtk_widget_hide(viewer->menubar);
        else
            gtk_widget_show(viewer->menubar);
        viewer_menus_update(viewer);
        if (!fullscreen)
            viewer_window_fit_desktop(viewer);
    }
    return FALSE;
}

/*
 * While the keyboard is grabbed every key belongs to the remote
 * desktop: menu mnemonics (Alt+letter), accelerators and F10 must not
 * take any. GtkWindow's own handler would try those first, so this one
 * (which runs before it) hands the key straight to the focus widget.
 * F11 stays the way out of full screen (whose menu bar is hidden) as
 * long as the pointer is not grabbed.
 */
static gboolean
on_key_press(GtkWidget *window, GdkEventKey *event, Viewer *viewer)
{
    GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask();

    if (event->keyval == GDK_KEY_F11 && mods == 0 && !viewer->pointer_grabbed) {
        viewer_window_set_fullscreen(viewer, !viewer->is_fullscreen);
        return TRUE;
    }
    if (viewer->keyboard_grabbed || viewer->pointer_grabbed) {
        gtk_window_propagate_key_event(GTK_WINDOW(window), event);
        return TRUE;
    }
    return FALSE;
}

static gboolean
on_delete(GtkWidget *window, GdkEvent *event, Viewer *viewer)
{
    viewer_quit(viewer);
    return TRUE;
}

void
viewer_quit(Viewer *viewer)
{
    g_main_loop_quit(viewer->loop);
}

void
viewer_window_create(Viewer *viewer)
{
    viewer->window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    gtk_window_set_role(GTK_WINDOW(viewer->window), "gvncviewer");

    GtkAccelGroup *accels = gtk_accel_group_new();
    gtk_window_add_accel_group(GTK_WINDOW(viewer->window), accels);
    g_object_unref(accels);

    viewer->box = viewer_box_new(GTK_ORIENTATION_VERTICAL, 0);
    viewer->menubar = viewer_menus_create(viewer, accels);
    gtk_box_pack_start(GTK_BOX(viewer->box), viewer->menubar, FALSE, FALSE, 0);
    gtk_container_add(GTK_CONTAINER(viewer->window), viewer->box);

    g_signal_connect(viewer->window, "delete-event", G_CALLBACK(on_delete), viewer);
    g_signal_connect(viewer->window, "key-press-event", G_CALLBACK(on_key_press), viewer);
    g_signal_connect(viewer->window, "window-state-event",
                     G_CALLBACK(on_window_state), viewer);

    viewer_window_update_title(viewer);
    gtk_widget_show_all(viewer->window);
    if (viewer->settings.fullscreen)
        viewer_window_set_fullscreen(viewer, TRUE);
}
