/*
 * gtk-vnc: the interface through which decoded pixels reach their storage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_FRAMEBUFFER_H
#define VNC_FRAMEBUFFER_H

#include <glib-object.h>

#include "vncpixelformat.h"
#include "vnccolormap.h"

G_BEGIN_DECLS

#define VNC_TYPE_FRAMEBUFFER                (vnc_framebuffer_get_type())
#define VNC_FRAMEBUFFER(obj)                (G_TYPE_CHECK_INSTANCE_CAST((obj), VNC_TYPE_FRAMEBUFFER, VncFramebuffer))
#define VNC_IS_FRAMEBUFFER(obj)             (G_TYPE_CHECK_INSTANCE_TYPE((obj), VNC_TYPE_FRAMEBUFFER))
#define VNC_FRAMEBUFFER_GET_INTERFACE(inst) (G_TYPE_INSTANCE_GET_INTERFACE((inst), VNC_TYPE_FRAMEBUFFER, VncFramebufferInterface))

typedef struct _VncFramebuffer VncFramebuffer; /* an instance of any implementing class */
typedef struct _VncFramebufferInterface VncFramebufferInterface;

/**
 * VncFramebufferInterface:
 * @parent: the parent interface
 * @get_width: width in pixels
 * @get_height: height in pixels
 * @get_rowstride: bytes from one row to the next
 * @get_buffer: the local pixel memory
 * @get_local_format: the format of the local memory
 * @get_remote_format: the format the server sends pixels in
 * @perfect_format_match: whether the two formats are identical
 * @set_pixel_at: store one remote pixel
 * @fill: fill a rectangle with one remote pixel
 * @copyrect: copy a rectangle within the framebuffer
 * @blt: store a rectangle of remote pixels
 * @rgb24_blt: store a rectangle of 3-byte RGB pixels
 * @set_color_map: set the colour map used to translate remote pixels
 *
 * Every coordinate passed to these functions has already been checked
 * against the framebuffer's size by the caller.
 */
struct _VncFramebufferInterface {
    GTypeInterface parent;

    guint16 (*get_width)(VncFramebuffer *fb);
    guint16 (*get_height)(VncFramebuffer *fb);
    int (*get_rowstride)(VncFramebuffer *fb);
    guint8 *(*get_buffer)(VncFramebuffer *fb);
    const VncPixelFormat *(*get_local_format)(VncFramebuffer *fb);
    const VncPixelFormat *(*get_remote_format)(VncFramebuffer *fb);
    gboolean (*perfect_format_match)(VncFramebuffer *fb);

    void (*set_pixel_at)(VncFramebuffer *fb, guint8 *src,
                         guint16 x, guint16 y);
    void (*fill)(VncFramebuffer *fb, guint8 *src,
                 guint16 x, guint16 y, guint16 width, guint16 height);
    void (*copyrect)(VncFramebuffer *fb,
                     guint16 srcx, guint16 srcy,
                     guint16 dstx, guint16 dsty,
                     guint16 width, guint16 height);
    void (*blt)(VncFramebuffer *fb, guint8 *src, int rowstride,
                guint16 x, guint16 y, guint16 width, guint16 height);
    void (*rgb24_blt)(VncFramebuffer *fb, guint8 *src, int rowstride,
                      guint16 x, guint16 y, guint16 width, guint16 height);
    void (*set_color_map)(VncFramebuffer *fb, VncColorMap *map);
};

GType vnc_framebuffer_get_type(void) G_GNUC_CONST;

guint16 vnc_framebuffer_get_width(VncFramebuffer *fb);
guint16 vnc_framebuffer_get_height(VncFramebuffer *fb);
int vnc_framebuffer_get_rowstride(VncFramebuffer *fb);
guint8 *vnc_framebuffer_get_buffer(VncFramebuffer *fb);
const VncPixelFormat *vnc_framebuffer_get_local_format(VncFramebuffer *fb);
const VncPixelFormat *vnc_framebuffer_get_remote_format(VncFramebuffer *fb);
gboolean vnc_framebuffer_perfect_format_match(VncFramebuffer *fb);

void vnc_framebuffer_set_pixel_at(VncFramebuffer *fb, guint8 *src,
                                  guint16 x, guint16 y);
void vnc_framebuffer_fill(VncFramebuffer *fb, guint8 *src,
                          guint16 x, guint16 y,
                          guint16 width, guint16 height);
void vnc_framebuffer_copyrect(VncFramebuffer *fb,
                              guint16 srcx, guint16 srcy,
                              guint16 dstx, guint16 dsty,
                              guint16 width, guint16 height);
void vnc_framebuffer_blt(VncFramebuffer *fb, guint8 *src, int rowstride,
                         guint16 x, guint16 y,
                         guint16 width, guint16 height);
void vnc_framebuffer_rgb24_blt(VncFramebuffer *fb, guint8 *src, int rowstride,
                               guint16 x, guint16 y,
                               guint16 width, guint16 height);
void vnc_framebuffer_set_color_map(VncFramebuffer *fb, VncColorMap *map);

G_END_DECLS

#endif /* VNC_FRAMEBUFFER_H */
