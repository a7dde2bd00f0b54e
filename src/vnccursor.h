/*
 * gtk-vnc: a cursor image sent by the server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_CURSOR_H
#define VNC_CURSOR_H

#include <glib-object.h>
#include "vncutil.h"

G_BEGIN_DECLS

#define VNC_TYPE_CURSOR            (vnc_cursor_get_type())
#define VNC_CURSOR(obj)            (G_TYPE_CHECK_INSTANCE_CAST((obj), VNC_TYPE_CURSOR, VncCursor))
#define VNC_CURSOR_CLASS(klass)    (G_TYPE_CHECK_CLASS_CAST((klass), VNC_TYPE_CURSOR, VncCursorClass))
#define VNC_IS_CURSOR(obj)         (G_TYPE_CHECK_INSTANCE_TYPE((obj), VNC_TYPE_CURSOR))
#define VNC_IS_CURSOR_CLASS(klass) (G_TYPE_CHECK_CLASS_TYPE((klass), VNC_TYPE_CURSOR))
#define VNC_CURSOR_GET_CLASS(obj)  (G_TYPE_INSTANCE_GET_CLASS((obj), VNC_TYPE_CURSOR, VncCursorClass))

typedef struct _VncCursor VncCursor;
typedef struct _VncCursorClass VncCursorClass;
typedef struct _VncCursorPrivate VncCursorPrivate;

/* Layout kept as gtk-vnc 1.x's: parent and a private pointer. */
struct _VncCursor {
    GObject parent;
    VncCursorPrivate *priv;
};

/**
 * VncCursorClass:
 * @parent_class: the parent class
 *
 * The class of #VncCursor.
 */
struct _VncCursorClass {
    GObjectClass parent_class;
    /*< private >*/
    gpointer _vnc_reserved[VNC_PADDING];
};

GType vnc_cursor_get_type(void);

/* @data holds width * height pixels of 4 bytes each: red, green, blue,
 * alpha, in that order in memory (as GdkPixbuf wants them). */
VncCursor *vnc_cursor_new(guint8 *data,
                          guint16 hotx, guint16 hoty,
                          guint16 width, guint16 height);

const guint8 *vnc_cursor_get_data(VncCursor *cursor);
guint16 vnc_cursor_get_hotx(VncCursor *cursor);
guint16 vnc_cursor_get_hoty(VncCursor *cursor);
guint16 vnc_cursor_get_width(VncCursor *cursor);
guint16 vnc_cursor_get_height(VncCursor *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncCursor, g_object_unref)

G_END_DECLS

#endif /* VNC_CURSOR_H */
