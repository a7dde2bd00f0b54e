/*
 * gtk-vnc: the interface through which decoded pixels reach their storage
 *
 * The wrappers only dispatch to the implementation. They check that
 * @fb implements the interface (which also catches NULL); coordinates
 * are the caller's responsibility, as the interface documents, and the
 * implementation may check them again.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncframebuffer
 * @title: VncFramebuffer
 * @short_description: where decoded pixels are stored
 * @see_also: #VncBaseFramebuffer, vnc_connection_set_framebuffer()
 *
 * The interface through which a #VncConnection stores the pixels it
 * decodes. It knows two pixel formats: the remote one, in which the
 * server sends pixels, and the local one, in which they are kept.
 * Decoders call the drawing methods with pixels in the remote format
 * (or 24-bit RGB, for JPEG), and only with rectangles that lie inside
 * the framebuffer.
 *
 * Most applications use #VncBaseFramebuffer, which implements it over
 * a block of memory.
 */

/**
 * VncFramebuffer:
 *
 * An object that implements the #VncFramebufferInterface.
 */
#include <config.h>

#include "vncframebuffer.h"

G_DEFINE_INTERFACE(VncFramebuffer, vnc_framebuffer, G_TYPE_OBJECT)

static void
vnc_framebuffer_default_init(VncFramebufferInterface *iface)
{
}

/* The interface of @fb, or NULL if @fb is NULL or does not implement
 * VncFramebuffer. One lookup serves as both the type check and the
 * dispatch: decoders call set_pixel_at and fill for single pixels and
 * small rectangles, where VNC_IS_FRAMEBUFFER() followed by
 * VNC_FRAMEBUFFER_GET_INTERFACE() would cost twice as much as the work. */
static inline VncFramebufferInterface *
vnc_framebuffer_iface(VncFramebuffer *fb)
{
    if (fb == NULL)
        return NULL;
    return g_type_interface_peek(((GTypeInstance *)fb)->g_class,
                                 VNC_TYPE_FRAMEBUFFER);
}

/**
 * vnc_framebuffer_get_width:
 * @fb: the framebuffer
 *
 * The framebuffer's width.
 *
 * Returns: the width in pixels
 */
guint16
vnc_framebuffer_get_width(VncFramebuffer *fb)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_val_if_fail(iface != NULL, 0);
    return iface->get_width(fb);
}

/**
 * vnc_framebuffer_get_height:
 * @fb: the framebuffer
 *
 * The framebuffer's height.
 *
 * Returns: the height in pixels
 */
guint16
vnc_framebuffer_get_height(VncFramebuffer *fb)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_val_if_fail(iface != NULL, 0);
    return iface->get_height(fb);
}

/**
 * vnc_framebuffer_get_rowstride:
 * @fb: the framebuffer
 *
 * How the local memory is laid out.
 *
 * Returns: the number of bytes from the start of one row to the next
 */
int
vnc_framebuffer_get_rowstride(VncFramebuffer *fb)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_val_if_fail(iface != NULL, 0);
    return iface->get_rowstride(fb);
}

/**
 * vnc_framebuffer_get_buffer: (skip)
 * @fb: the framebuffer
 *
 * The memory the pixels are kept in: vnc_framebuffer_get_height() rows
 * of vnc_framebuffer_get_rowstride() bytes, in the local format. (Not
 * available to bindings, which cannot know the array's length.)
 *
 * Returns: (transfer none): the local pixel memory
 */
guint8 *
vnc_framebuffer_get_buffer(VncFramebuffer *fb)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_val_if_fail(iface != NULL, NULL);
    return iface->get_buffer(fb);
}

/**
 * vnc_framebuffer_get_local_format:
 * @fb: the framebuffer
 *
 * The format pixels are kept in.
 *
 * Returns: (transfer none): the pixel format of the local memory
 */
const VncPixelFormat *
vnc_framebuffer_get_local_format(VncFramebuffer *fb)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_val_if_fail(iface != NULL, NULL);
    return iface->get_local_format(fb);
}

/**
 * vnc_framebuffer_get_remote_format:
 * @fb: the framebuffer
 *
 * The format pixels arrive in.
 *
 * Returns: (transfer none): the pixel format the server sends
 */
const VncPixelFormat *
vnc_framebuffer_get_remote_format(VncFramebuffer *fb)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_val_if_fail(iface != NULL, NULL);
    return iface->get_remote_format(fb);
}

/**
 * vnc_framebuffer_perfect_format_match:
 * @fb: the framebuffer
 *
 * Tells whether pixels can be stored without conversion.
 *
 * Returns: %TRUE if remote pixels are stored unchanged (the formats are
 *   the same true colour format)
 */
gboolean
vnc_framebuffer_perfect_format_match(VncFramebuffer *fb)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_val_if_fail(iface != NULL, FALSE);
    return iface->perfect_format_match(fb);
}

/**
 * vnc_framebuffer_set_pixel_at:
 * @fb: the framebuffer
 * @src: (array): one pixel in the remote format
 * @x: column, inside the framebuffer
 * @y: row, inside the framebuffer
 *
 * Stores one remote pixel.
 */
void
vnc_framebuffer_set_pixel_at(VncFramebuffer *fb, guint8 *src,
                             guint16 x, guint16 y)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_if_fail(iface != NULL);
    iface->set_pixel_at(fb, src, x, y);
}

/**
 * vnc_framebuffer_fill:
 * @fb: the framebuffer
 * @src: (array): one pixel in the remote format
 * @x: left column
 * @y: top row
 * @width: width of the rectangle
 * @height: height of the rectangle
 *
 * Fills a rectangle, which lies inside the framebuffer, with one remote
 * pixel.
 */
void
vnc_framebuffer_fill(VncFramebuffer *fb, guint8 *src,
                     guint16 x, guint16 y,
                     guint16 width, guint16 height)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_if_fail(iface != NULL);
    iface->fill(fb, src, x, y, width, height);
}

/**
 * vnc_framebuffer_copyrect:
 * @fb: the framebuffer
 * @srcx: left column of the source
 * @srcy: top row of the source
 * @dstx: left column of the destination
 * @dsty: top row of the destination
 * @width: width of the rectangle
 * @height: height of the rectangle
 *
 * Copies a rectangle within the framebuffer. Source and destination lie
 * inside the framebuffer and may overlap.
 */
void
vnc_framebuffer_copyrect(VncFramebuffer *fb,
                         guint16 srcx, guint16 srcy,
                         guint16 dstx, guint16 dsty,
                         guint16 width, guint16 height)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_if_fail(iface != NULL);
    iface->copyrect(fb, srcx, srcy, dstx, dsty,
                                        width, height);
}

/**
 * vnc_framebuffer_blt:
 * @fb: the framebuffer
 * @src: (array): @height rows of @width pixels in the remote format
 * @rowstride: bytes from the start of one source row to the next
 * @x: left column
 * @y: top row
 * @width: width of the rectangle
 * @height: height of the rectangle
 *
 * Stores a rectangle of remote pixels, which lies inside the framebuffer.
 */
void
vnc_framebuffer_blt(VncFramebuffer *fb, guint8 *src, int rowstride,
                    guint16 x, guint16 y,
                    guint16 width, guint16 height)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_if_fail(iface != NULL);
    iface->blt(fb, src, rowstride, x, y, width, height);
}

/**
 * vnc_framebuffer_rgb24_blt:
 * @fb: the framebuffer
 * @src: (array): @height rows of @width pixels of 3 bytes: red, green, blue
 * @rowstride: bytes from the start of one source row to the next
 * @x: left column
 * @y: top row
 * @width: width of the rectangle
 * @height: height of the rectangle
 *
 * Stores a rectangle of 24-bit RGB pixels (as JPEG and Tight produce),
 * which lies inside the framebuffer.
 */
void
vnc_framebuffer_rgb24_blt(VncFramebuffer *fb, guint8 *src, int rowstride,
                          guint16 x, guint16 y,
                          guint16 width, guint16 height)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_if_fail(iface != NULL);
    iface->rgb24_blt(fb, src, rowstride,
                                         x, y, width, height);
}

/**
 * vnc_framebuffer_set_color_map:
 * @fb: the framebuffer
 * @map: the colour map for a colour-map remote format
 *
 * Sets the colour map used to translate remote pixels when the remote
 * format is not true colour. The framebuffer keeps its own copy.
 */
void
vnc_framebuffer_set_color_map(VncFramebuffer *fb, VncColorMap *map)
{
    VncFramebufferInterface *iface = vnc_framebuffer_iface(fb);

    g_return_if_fail(iface != NULL);
    iface->set_color_map(fb, map);
}
