/*
 * gvncviewer: the menu bar and what its items do
 *
 * Plain GtkMenuItems (not GtkAction or GAction), which GTK+ 2 and GTK 3
 * both have undeprecated. Items are reached with mnemonics (Alt and the
 * underlined letter) while the keyboard is not grabbed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <gdk/gdkkeysyms.h>

#include "gvncviewer.h"
#include "gvncviewer-compat.h"

#define VIEWER_DATA_KEY "gvncviewer-viewer"

/* The zoom levels Zoom In and Zoom Out step through, in percent; the
 * widget takes 10 to 400. */
static const guint viewer_zoom_steps[] = {
    25, 33, 50, 67, 75, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400,
};

/* The key combinations of the Send Key menu. */
typedef struct {
    const char *label;       /* translated when shown */
    guint keyvals[3];
    int n_keyvals;
} ViewerKeyCombo;

static const ViewerKeyCombo viewer_key_combos[] = {
    { N_("Ctrl+Alt+_Del"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete }, 3 },
    { N_("Ctrl+Alt+_Backspace"),
      { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_BackSpace }, 3 },
    { NULL },
    { N_("Ctrl+Alt+F_1"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F1 }, 3 },
    { N_("Ctrl+Alt+F_2"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F2 }, 3 },
    { N_("Ctrl+Alt+F_3"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F3 }, 3 },
    { N_("Ctrl+Alt+F_4"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F4 }, 3 },
    { N_("Ctrl+Alt+F_5"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F5 }, 3 },
    { N_("Ctrl+Alt+F_6"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F6 }, 3 },
    { N_("Ctrl+Alt+F_7"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F7 }, 3 },
    { N_("Ctrl+Alt+F_8"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F8 }, 3 },
    { N_("Ctrl+Alt+F_9"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F9 }, 3 },
    { N_("Ctrl+Alt+F10"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F10 }, 3 },
    { N_("Ctrl+Alt+F11"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F11 }, 3 },
    { N_("Ctrl+Alt+F12"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F12 }, 3 },
    { NULL },
    { N_("_PrintScreen"), { GDK_KEY_Print }, 1 },
};

static Viewer *
item_viewer(GtkWidget *item)
{
    return g_object_get_data(G_OBJECT(item), VIEWER_DATA_KEY);
}

/* ---- building ---------------------------------------------------------- */

/* A top-level menu; *@bar_item gets its entry in the menu bar. */
static GtkWidget *
add_menu(GtkWidget *menubar, const char *label, GtkWidget **bar_item)
{
    GtkWidget *item = gtk_menu_item_new_with_mnemonic(label);
    GtkWidget *menu = gtk_menu_new();

    gtk_menu_item_set_submenu(GTK_MENU_ITEM(item), menu);
    gtk_menu_shell_append(GTK_MENU_SHELL(menubar), item);
    if (bar_item)
        *bar_item = item;
    return menu;
}

static GtkWidget *
add_item(Viewer *viewer, GtkWidget *menu, const char *label, GCallback activate,
         gpointer data)
{
    GtkWidget *item = gtk_menu_item_new_with_mnemonic(label);

    g_object_set_data(G_OBJECT(item), VIEWER_DATA_KEY, viewer);
    g_signal_connect(item, "activate", activate, data ? data : viewer);
    gtk_menu_shell_append(GTK_MENU_SHELL(menu), item);
    return item;
}

static GtkWidget *
add_check(Viewer *viewer, GtkWidget *menu, const char *label, GCallback toggled)
{
    GtkWidget *item = gtk_check_menu_item_new_with_mnemonic(label);

    g_object_set_data(G_OBJECT(item), VIEWER_DATA_KEY, viewer);
    g_signal_connect(item, "toggled", toggled, viewer);
    gtk_menu_shell_append(GTK_MENU_SHELL(menu), item);
    return item;
}

static void
add_separator(GtkWidget *menu)
{
    gtk_menu_shell_append(GTK_MENU_SHELL(menu), gtk_separator_menu_item_new());
}

/* Shows the key next to an item. The window's key handler sees the key
 * first and does the work (see on_key_press() in gvncviewer-window.c),
 * also in full screen, where the menu bar is hidden. */
static void
show_accel(GtkAccelGroup *accels, GtkWidget *item, guint key)
{
    gtk_widget_add_accelerator(item, "activate", accels, key, 0, GTK_ACCEL_VISIBLE);
}

/* ---- what the items do ------------------------------------------------- */

static gboolean
checked(GtkWidget *item)
{
    return gtk_check_menu_item_get_active(GTK_CHECK_MENU_ITEM(item));
}

static void
on_reconnect(GtkWidget *item, Viewer *viewer)
{
    viewer_reconnect(viewer);
}

static void
on_screenshot(GtkWidget *item, Viewer *viewer)
{
    viewer_dialog_screenshot(viewer);
}

static void
on_quit(GtkWidget *item, Viewer *viewer)
{
    viewer_quit(viewer);
}

static void
on_view_only(GtkWidget *item, Viewer *viewer)
{
    if (viewer->updating_menus)
        return;
    viewer->settings.view_only = checked(item);
    if (viewer->display)
        vnc_display_set_read_only(viewer->display, viewer->settings.view_only);
    viewer_menus_update(viewer);
}

static void
on_share_clipboard(GtkWidget *item, Viewer *viewer)
{
    if (viewer->updating_menus)
        return;
    viewer->settings.share_clipboard = checked(item);
}

static void
on_fullscreen(GtkWidget *item, Viewer *viewer)
{
    if (viewer->updating_menus)
        return;
    viewer_window_set_fullscreen(viewer, checked(item));
}

static void
on_scaling(GtkWidget *item, Viewer *viewer)
{
    if (viewer->updating_menus)
        return;
    viewer->settings.scaling = checked(item);
    viewer_window_apply_scaling(viewer);
    viewer_menus_update(viewer);
}

static void
on_keep_aspect(GtkWidget *item, Viewer *viewer)
{
    if (viewer->updating_menus)
        return;
    viewer->settings.keep_aspect = checked(item);
    viewer_window_apply_scaling(viewer);
}

static void
on_resize_guest(GtkWidget *item, Viewer *viewer)
{
    if (viewer->updating_menus)
        return;
    viewer->settings.resize_guest = checked(item);
    viewer_window_apply_scaling(viewer);
    viewer_menus_update(viewer);
}

static void
set_zoom(Viewer *viewer, guint zoom)
{
    viewer->settings.zoom = CLAMP(zoom, 10, 400);
    viewer_window_apply_scaling(viewer);
    viewer_menus_update(viewer);
}

static void
on_zoom_in(GtkWidget *item, Viewer *viewer)
{
    for (gsize i = 0; i < G_N_ELEMENTS(viewer_zoom_steps); i++) {
        if (viewer_zoom_steps[i] > viewer->settings.zoom) {
            set_zoom(viewer, viewer_zoom_steps[i]);
            return;
        }
    }
}

static void
on_zoom_out(GtkWidget *item, Viewer *viewer)
{
    for (gsize i = G_N_ELEMENTS(viewer_zoom_steps); i > 0; i--) {
        if (viewer_zoom_steps[i - 1] < viewer->settings.zoom) {
            set_zoom(viewer, viewer_zoom_steps[i - 1]);
            return;
        }
    }
}

static void
on_zoom_normal(GtkWidget *item, Viewer *viewer)
{
    set_zoom(viewer, 100);
}

static void
on_send_keys(GtkWidget *item, const ViewerKeyCombo *combo)
{
    Viewer *viewer = item_viewer(item);

    if (viewer->display && viewer->initialized)
        vnc_display_send_keys(viewer->display, combo->keyvals, combo->n_keyvals);
}

static void
power_control(GtkWidget *item, VncConnectionPowerAction action,
              const char *question, const char *button)
{
    Viewer *viewer = item_viewer(item);

    if (!viewer->display || !viewer->initialized)
        return;
    if (!viewer_dialog_confirm(viewer, _("Power control"), question,
                               _("Programs running on it may lose unsaved work."),
                               button))
        return;
    /* The dialog ran a main loop: the session may have ended meanwhile. */
    if (!viewer->display || !viewer->initialized)
        return;
    vnc_connection_power_control(vnc_display_get_connection(viewer->display), action);
}

static void
on_power_shutdown(GtkWidget *item, Viewer *viewer)
{
    power_control(item, VNC_CONNECTION_POWER_ACTION_SHUTDOWN,
                  _("Shut the machine down?"), _("_Shut Down"));
}

static void
on_power_reboot(GtkWidget *item, Viewer *viewer)
{
    power_control(item, VNC_CONNECTION_POWER_ACTION_REBOOT,
                  _("Reboot the machine?"), _("_Reboot"));
}

static void
on_power_reset(GtkWidget *item, Viewer *viewer)
{
    power_control(item, VNC_CONNECTION_POWER_ACTION_RESET,
                  _("Reset the machine, as with its reset button?"), _("R_eset"));
}

/* ---- state ------------------------------------------------------------- */

static void
set_checked(GtkWidget *item, gboolean active)
{
    if (checked(item) != active)
        gtk_check_menu_item_set_active(GTK_CHECK_MENU_ITEM(item), active);
}

/* Makes every item say what is true now: the session's state and the
 * settings. */
void
viewer_menus_update(Viewer *viewer)
{
    ViewerMenus *m = &viewer->menus;
    const ViewerSettings *s = &viewer->settings;
    gboolean live = viewer->display && viewer->initialized;
    gboolean zoomable = !s->scaling && !s->resize_guest;
    gboolean power = live &&
        vnc_connection_get_power_control(vnc_display_get_connection(viewer->display));

    viewer->updating_menus = TRUE;
    set_checked(m->view_only, s->view_only);
    set_checked(m->share_clipboard, s->share_clipboard);
    set_checked(m->fullscreen, viewer->is_fullscreen);
    set_checked(m->scaling, s->scaling);
    set_checked(m->keep_aspect, s->keep_aspect);
    set_checked(m->resize_guest, s->resize_guest);
    viewer->updating_menus = FALSE;

    gtk_widget_set_sensitive(m->screenshot, live);
    gtk_widget_set_sensitive(m->send_key, live && !s->view_only);
    gtk_widget_set_sensitive(m->keep_aspect, s->scaling || s->resize_guest);
    gtk_widget_set_sensitive(m->zoom_in,
                             zoomable && s->zoom < viewer_zoom_steps[G_N_ELEMENTS(viewer_zoom_steps) - 1]);
    gtk_widget_set_sensitive(m->zoom_out, zoomable && s->zoom > viewer_zoom_steps[0]);
    gtk_widget_set_sensitive(m->zoom_normal, zoomable && s->zoom != 100);
    gtk_widget_set_visible(m->power, power);
}

GtkWidget *
viewer_menus_create(Viewer *viewer, GtkAccelGroup *accels)
{
    ViewerMenus *m = &viewer->menus;
    GtkWidget *menubar = gtk_menu_bar_new();
    GtkWidget *menu;

    menu = add_menu(menubar, _("_Connection"), NULL);
    m->reconnect = add_item(viewer, menu, _("_Reconnect"), G_CALLBACK(on_reconnect), NULL);
    m->screenshot = add_item(viewer, menu, _("Take _Screenshot..."),
                             G_CALLBACK(on_screenshot), NULL);
    add_separator(menu);
    m->view_only = add_check(viewer, menu, _("_View Only"), G_CALLBACK(on_view_only));
    m->share_clipboard = add_check(viewer, menu, _("Share _Clipboard"),
                                   G_CALLBACK(on_share_clipboard));
    add_separator(menu);
    add_item(viewer, menu, _("_Quit"), G_CALLBACK(on_quit), NULL);

    menu = add_menu(menubar, _("_View"), NULL);
    m->fullscreen = add_check(viewer, menu, _("_Full Screen"), G_CALLBACK(on_fullscreen));
    show_accel(accels, m->fullscreen, GDK_KEY_F11);
    m->scaling = add_check(viewer, menu, _("_Scale to Window"), G_CALLBACK(on_scaling));
    m->keep_aspect = add_check(viewer, menu, _("_Keep Aspect Ratio"),
                               G_CALLBACK(on_keep_aspect));
    add_separator(menu);
    m->zoom_in = add_item(viewer, menu, _("Zoom _In"), G_CALLBACK(on_zoom_in), NULL);
    m->zoom_out = add_item(viewer, menu, _("Zoom _Out"), G_CALLBACK(on_zoom_out), NULL);
    m->zoom_normal = add_item(viewer, menu, _("_Normal Size"),
                              G_CALLBACK(on_zoom_normal), NULL);
    add_separator(menu);
    m->resize_guest = add_check(viewer, menu, _("_Resize Guest to Window"),
                                G_CALLBACK(on_resize_guest));

    menu = add_menu(menubar, _("_Send Key"), &m->send_key);
    for (gsize i = 0; i < G_N_ELEMENTS(viewer_key_combos); i++) {
        if (!viewer_key_combos[i].label) {
            add_separator(menu);
            continue;
        }
        add_item(viewer, menu, _(viewer_key_combos[i].label),
                 G_CALLBACK(on_send_keys), (gpointer)&viewer_key_combos[i]);
    }

    menu = add_menu(menubar, _("_Power"), &m->power);
    add_item(viewer, menu, _("_Shut Down..."), G_CALLBACK(on_power_shutdown), NULL);
    add_item(viewer, menu, _("_Reboot..."), G_CALLBACK(on_power_reboot), NULL);
    add_item(viewer, menu, _("R_eset..."), G_CALLBACK(on_power_reset), NULL);
    /* Shown once the server offers power control (xvp); its items now,
     * since showing the whole window will pass over them. */
    gtk_widget_show_all(menu);
    gtk_widget_set_no_show_all(m->power, TRUE);

    viewer_menus_update(viewer);
    return menubar;
}
