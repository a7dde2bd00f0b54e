/*
 * gtk-vnc tests: the CLIPBOARD selection of an X display, set and read
 * from the command line, for the viewer's clipboard tests (so that they
 * need no xclip):
 *
 *   viewer-clipboard set TEXT   owns the CLIPBOARD with TEXT until another
 *                               client takes it (or a minute passes)
 *   viewer-clipboard get        prints the CLIPBOARD's text; status 1 when
 *                               it holds none
 *
 * The display is $DISPLAY's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <gtk/gtk.h>

/* Owning the selection longer than any test waits would only hide a
 * stuck test. */
#define CLIPBOARD_OWN_SECONDS 60

static void
provide_text(GtkClipboard *clipboard, GtkSelectionData *data, guint info, gpointer text)
{
    gtk_selection_data_set_text(data, text, -1);
}

static void
lost_ownership(GtkClipboard *clipboard, gpointer text)
{
    gtk_main_quit();
}

static gboolean
on_timeout(gpointer data)
{
    gtk_main_quit();
    return G_SOURCE_REMOVE;
}

int
main(int argc, char **argv)
{
    GtkClipboard *clipboard;

    if (!gtk_init_check(&argc, &argv)) {
        fprintf(stderr, "viewer-clipboard: cannot open the display\n");
        return 2;
    }
    clipboard = gtk_clipboard_get(GDK_SELECTION_CLIPBOARD);

    if (argc == 2 && strcmp(argv[1], "get") == 0) {
        char *text = gtk_clipboard_wait_for_text(clipboard);
        if (!text)
            return 1;
        printf("%s\n", text);
        g_free(text);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "set") == 0) {
        GtkTargetList *list = gtk_target_list_new(NULL, 0);
        GtkTargetEntry *targets;
        int n_targets;

        gtk_target_list_add_text_targets(list, 0);
        targets = gtk_target_table_new_from_list(list, &n_targets);
        if (!gtk_clipboard_set_with_data(clipboard, targets, n_targets, provide_text,
                                         lost_ownership, argv[2])) {
            fprintf(stderr, "viewer-clipboard: cannot own the CLIPBOARD\n");
            return 2;
        }
        gtk_target_table_free(targets, n_targets);
        gtk_target_list_unref(list);
        /* Ready: the test waits for this line before it looks. */
        printf("owned\n");
        fflush(stdout);
        g_timeout_add_seconds(CLIPBOARD_OWN_SECONDS, on_timeout, NULL);
        gtk_main();
        return 0;
    }
    fprintf(stderr, "usage: viewer-clipboard get | set TEXT\n");
    return 2;
}
