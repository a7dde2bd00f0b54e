/*
 * gvncviewer: the few calls that differ between GTK+ 2 and GTK 3
 *
 * The viewer is one set of sources for both toolkits (as the widget
 * is); whatever changed its name or shape goes through here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GVNCVIEWER_COMPAT_H
#define GVNCVIEWER_COMPAT_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

static inline GtkWidget *
viewer_box_new(GtkOrientation orientation, int spacing)
{
#if GTK_CHECK_VERSION(3, 0, 0)
    return gtk_box_new(orientation, spacing);
#else
    if (orientation == GTK_ORIENTATION_VERTICAL)
        return gtk_vbox_new(FALSE, spacing);
    return gtk_hbox_new(FALSE, spacing);
#endif
}

/* Puts a label's text at its start (left) edge. */
static inline void
viewer_label_align_start(GtkWidget *label)
{
#if GTK_CHECK_VERSION(3, 16, 0)
    gtk_label_set_xalign(GTK_LABEL(label), 0.0);
#else
    gtk_misc_set_alignment(GTK_MISC(label), 0.0, 0.5);
#endif
}

/* A label whose text starts at its left edge, and wraps. */
static inline GtkWidget *
viewer_label_new(const char *text)
{
    GtkWidget *label = gtk_label_new(text);

    viewer_label_align_start(label);
    gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
    return label;
}

G_END_DECLS

#endif /* GVNCVIEWER_COMPAT_H */
