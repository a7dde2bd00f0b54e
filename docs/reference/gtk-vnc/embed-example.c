/*
 * embed-example: a VNC desktop in a window, with a button that sends
 * Ctrl+Alt+Del. Builds against GTK+ 2 (gtk-vnc-1.0) and GTK 3
 * (gtk-vnc-2.0) alike.
 *
 *   VNC_PASSWORD=secret ./embed-example HOST PORT
 *
 * Build: cc embed-example.c $(pkg-config --cflags --libs gtk-vnc-2.0)
 */
#include <stdlib.h>

#include <gtk/gtk.h>
#include <gdk/gdkkeysyms.h>
#include <gtk-vnc.h>

/* The desktop's name goes in the title once the server has told it. */
static void
on_initialized(VncDisplay *display, gpointer window)
{
    gtk_window_set_title(GTK_WINDOW(window), vnc_display_get_name(display));
}

/* Answer the server's questions; this example only knows a password. */
static void
on_auth_credential(VncDisplay *display, GValueArray *credentials, gpointer data)
{
    const char *password = getenv("VNC_PASSWORD");

    for (guint i = 0; i < credentials->n_values; i++) {
        int wanted = g_value_get_enum(&credentials->values[i]);

        if (wanted != VNC_DISPLAY_CREDENTIAL_PASSWORD || !password) {
            g_printerr("The server wants a credential this example lacks\n");
            vnc_display_close(display);
            return;
        }
        vnc_display_set_credential(display, wanted, password);
    }
}

static void
on_error(VncDisplay *display, const char *message, gpointer data)
{
    g_printerr("%s\n", message);
}

static void
on_disconnected(VncDisplay *display, gpointer data)
{
    gtk_main_quit();
}

static void
on_ctrl_alt_del(GtkButton *button, gpointer display)
{
    const guint keys[] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete };

    vnc_display_send_keys(VNC_DISPLAY(display), keys, G_N_ELEMENTS(keys));
}

/* Closing the window closes the connection; vnc-disconnected ends. */
static gboolean
on_delete(GtkWidget *window, GdkEvent *event, gpointer display)
{
    if (vnc_display_is_open(VNC_DISPLAY(display)))
        vnc_display_close(VNC_DISPLAY(display));
    else
        gtk_main_quit();
    return TRUE;
}

int
main(int argc, char **argv)
{
    GOptionContext *context = g_option_context_new("HOST PORT");
    GError *error = NULL;
    GtkWidget *window, *box, *button, *display;

    /* --gtk-vnc-debug and friends come with the widget's option group. */
    g_option_context_add_group(context, gtk_get_option_group(TRUE));
    g_option_context_add_group(context, vnc_display_get_option_group());
    if (!g_option_context_parse(context, &argc, &argv, &error) || argc != 3) {
        g_printerr("%s\n", error ? error->message : "usage: embed-example HOST PORT");
        return 2;
    }
    g_option_context_free(context);

    window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
#if GTK_CHECK_VERSION(3, 0, 0)
    box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
#else
    box = gtk_vbox_new(FALSE, 0);
#endif
    button = gtk_button_new_with_label("Send Ctrl+Alt+Del");
    display = vnc_display_new();

    /* Fit the desktop into the window, keeping its proportions. */
    vnc_display_set_scaling(VNC_DISPLAY(display), TRUE);
    vnc_display_set_keep_aspect_ratio(VNC_DISPLAY(display), TRUE);
    gtk_widget_set_size_request(display, 320, 240);

    g_signal_connect(display, "vnc-initialized", G_CALLBACK(on_initialized), window);
    g_signal_connect(display, "vnc-auth-credential", G_CALLBACK(on_auth_credential), NULL);
    g_signal_connect(display, "vnc-error", G_CALLBACK(on_error), NULL);
    g_signal_connect(display, "vnc-disconnected", G_CALLBACK(on_disconnected), NULL);
    g_signal_connect(button, "clicked", G_CALLBACK(on_ctrl_alt_del), display);
    g_signal_connect(window, "delete-event", G_CALLBACK(on_delete), display);

    gtk_box_pack_start(GTK_BOX(box), button, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(box), display, TRUE, TRUE, 0);
    gtk_container_add(GTK_CONTAINER(window), box);
    gtk_widget_show_all(window);

    vnc_display_open_host(VNC_DISPLAY(display), argv[1], argv[2]);
    gtk_main();
    return 0;
}
