/*
 * gtk-vnc: a cursor image sent by the server
 *
 * A cursor is immutable: every property is set at construction, and the
 * pixels are copied then, so the caller's buffer may go away afterwards.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vnccursor
 * @title: VncCursor
 * @short_description: a cursor shape sent by the server
 * @see_also: #VncConnection::vnc-cursor-changed
 *
 * Servers that let the client draw the mouse cursor send its shape: an
 * image with transparency and a hot spot, the pixel that points. A
 * #VncCursor holds one; it does not change once made.
 */

/**
 * VncCursor:
 *
 * A cursor image. Its fields are private.
 */
#include <config.h>

#include <string.h>

#include "vnccursor.h"

struct _VncCursorPrivate {
    guint8 *data;          /* width * height * 4 bytes, RGBA */
    const guint8 *source;  /* the caller's pixels, only during construction */
    guint16 hotx;
    guint16 hoty;
    guint16 width;
    guint16 height;
};

enum {
    PROP_0,
    PROP_DATA,
    PROP_HOTX,
    PROP_HOTY,
    PROP_WIDTH,
    PROP_HEIGHT,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE(VncCursor, vnc_cursor, G_TYPE_OBJECT)

static void
vnc_cursor_get_property(GObject *object, guint prop_id,
                        GValue *value, GParamSpec *pspec)
{
    VncCursorPrivate *priv = VNC_CURSOR(object)->priv;

    switch (prop_id) {
    case PROP_DATA:
        g_value_set_pointer(value, priv->data);
        break;
    case PROP_HOTX:
        g_value_set_uint(value, priv->hotx);
        break;
    case PROP_HOTY:
        g_value_set_uint(value, priv->hoty);
        break;
    case PROP_WIDTH:
        g_value_set_uint(value, priv->width);
        break;
    case PROP_HEIGHT:
        g_value_set_uint(value, priv->height);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
vnc_cursor_set_property(GObject *object, guint prop_id,
                        const GValue *value, GParamSpec *pspec)
{
    VncCursorPrivate *priv = VNC_CURSOR(object)->priv;

    switch (prop_id) {
    case PROP_DATA:
        /* Copied in constructed(), once the size is known: construct
         * properties arrive in no promised order. */
        priv->source = g_value_get_pointer(value);
        break;
    case PROP_HOTX:
        priv->hotx = g_value_get_uint(value);
        break;
    case PROP_HOTY:
        priv->hoty = g_value_get_uint(value);
        break;
    case PROP_WIDTH:
        priv->width = g_value_get_uint(value);
        break;
    case PROP_HEIGHT:
        priv->height = g_value_get_uint(value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
vnc_cursor_constructed(GObject *object)
{
    VncCursorPrivate *priv = VNC_CURSOR(object)->priv;
    gsize size = (gsize)priv->width * priv->height * 4;

    G_OBJECT_CLASS(vnc_cursor_parent_class)->constructed(object);

    if (size > 0) {
        /* No pixels given: a transparent cursor. */
        priv->data = g_malloc0(size);
        if (priv->source != NULL)
            memcpy(priv->data, priv->source, size);
    }
    priv->source = NULL;
}

static void
vnc_cursor_finalize(GObject *object)
{
    VncCursorPrivate *priv = VNC_CURSOR(object)->priv;

    g_free(priv->data);

    G_OBJECT_CLASS(vnc_cursor_parent_class)->finalize(object);
}

static void
vnc_cursor_class_init(VncCursorClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
        G_PARAM_STATIC_STRINGS;

    object_class->get_property = vnc_cursor_get_property;
    object_class->set_property = vnc_cursor_set_property;
    object_class->constructed = vnc_cursor_constructed;
    object_class->finalize = vnc_cursor_finalize;

    /**
     * VncCursor:data:
     *
     * The pixels, width * height of them, 4 bytes each: red, green, blue,
     * alpha. Copied at construction.
     */
    properties[PROP_DATA] =
        g_param_spec_pointer("data", "Data", "The cursor's RGBA pixels",
                             flags);
    properties[PROP_HOTX] =
        g_param_spec_uint("hotx", "Hot x", "Column of the hot spot",
                          0, G_MAXUINT16, 0, flags);
    properties[PROP_HOTY] =
        g_param_spec_uint("hoty", "Hot y", "Row of the hot spot",
                          0, G_MAXUINT16, 0, flags);
    properties[PROP_WIDTH] =
        g_param_spec_uint("width", "Width", "Width in pixels",
                          0, G_MAXUINT16, 0, flags);
    properties[PROP_HEIGHT] =
        g_param_spec_uint("height", "Height", "Height in pixels",
                          0, G_MAXUINT16, 0, flags);

    g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void
vnc_cursor_init(VncCursor *cursor)
{
    cursor->priv = vnc_cursor_get_instance_private(cursor);
}

/**
 * vnc_cursor_new:
 * @data: (array) (element-type guint8) (nullable): @width * @height
 *   pixels of 4 bytes each (red, green, blue, alpha), copied; %NULL for
 *   a transparent cursor
 * @hotx: column of the hot spot
 * @hoty: row of the hot spot
 * @width: width in pixels
 * @height: height in pixels
 *
 * Makes a cursor from a copy of @data.
 *
 * Returns: (transfer full): a new cursor
 */
VncCursor *
vnc_cursor_new(guint8 *data,
               guint16 hotx, guint16 hoty,
               guint16 width, guint16 height)
{
    return g_object_new(VNC_TYPE_CURSOR,
                        "data", data,
                        "hotx", (guint)hotx,
                        "hoty", (guint)hoty,
                        "width", (guint)width,
                        "height", (guint)height,
                        NULL);
}

/**
 * vnc_cursor_get_data: (skip)
 * @cursor: the cursor
 *
 * The cursor's pixels, row after row, 4 bytes each: red, green, blue and
 * alpha (not premultiplied), the layout a #GdkPixbuf with alpha uses.
 * (Not available to bindings, which cannot know the array's length.)
 *
 * Returns: (transfer none) (nullable): the pixels, @width * @height * 4
 *   bytes owned by @cursor, or %NULL for a cursor of size 0
 */
const guint8 *
vnc_cursor_get_data(VncCursor *cursor)
{
    g_return_val_if_fail(VNC_IS_CURSOR(cursor), NULL);
    return cursor->priv->data;
}

/**
 * vnc_cursor_get_hotx:
 * @cursor: the cursor
 *
 * The cursor's column of the hot spot.
 *
 * Returns: the column of the hot spot
 */
guint16
vnc_cursor_get_hotx(VncCursor *cursor)
{
    g_return_val_if_fail(VNC_IS_CURSOR(cursor), 0);
    return cursor->priv->hotx;
}

/**
 * vnc_cursor_get_hoty:
 * @cursor: the cursor
 *
 * The cursor's row of the hot spot.
 *
 * Returns: the row of the hot spot
 */
guint16
vnc_cursor_get_hoty(VncCursor *cursor)
{
    g_return_val_if_fail(VNC_IS_CURSOR(cursor), 0);
    return cursor->priv->hoty;
}

/**
 * vnc_cursor_get_width:
 * @cursor: the cursor
 *
 * The cursor's width in pixels.
 *
 * Returns: the width in pixels
 */
guint16
vnc_cursor_get_width(VncCursor *cursor)
{
    g_return_val_if_fail(VNC_IS_CURSOR(cursor), 0);
    return cursor->priv->width;
}

/**
 * vnc_cursor_get_height:
 * @cursor: the cursor
 *
 * The cursor's height in pixels.
 *
 * Returns: the height in pixels
 */
guint16
vnc_cursor_get_height(VncCursor *cursor)
{
    g_return_val_if_fail(VNC_IS_CURSOR(cursor), 0);
    return cursor->priv->height;
}
