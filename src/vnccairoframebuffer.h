/*
 * gtk-vnc: a framebuffer that is a cairo image surface
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_CAIRO_FRAMEBUFFER_H
#define VNC_CAIRO_FRAMEBUFFER_H

#include <gdk/gdk.h>

#include <vncbaseframebuffer.h>
#include <vncutil.h>

G_BEGIN_DECLS

#define VNC_TYPE_CAIRO_FRAMEBUFFER            (vnc_cairo_framebuffer_get_type())
#define VNC_CAIRO_FRAMEBUFFER(obj)            (G_TYPE_CHECK_INSTANCE_CAST((obj), VNC_TYPE_CAIRO_FRAMEBUFFER, VncCairoFramebuffer))
#define VNC_CAIRO_FRAMEBUFFER_CLASS(klass)    (G_TYPE_CHECK_CLASS_CAST((klass), VNC_TYPE_CAIRO_FRAMEBUFFER, VncCairoFramebufferClass))
#define VNC_IS_CAIRO_FRAMEBUFFER(obj)         (G_TYPE_CHECK_INSTANCE_TYPE((obj), VNC_TYPE_CAIRO_FRAMEBUFFER))
#define VNC_IS_CAIRO_FRAMEBUFFER_CLASS(klass) (G_TYPE_CHECK_CLASS_TYPE((klass), VNC_TYPE_CAIRO_FRAMEBUFFER))
#define VNC_CAIRO_FRAMEBUFFER_GET_CLASS(obj)  (G_TYPE_INSTANCE_GET_CLASS((obj), VNC_TYPE_CAIRO_FRAMEBUFFER, VncCairoFramebufferClass))

typedef struct _VncCairoFramebuffer VncCairoFramebuffer;
typedef struct _VncCairoFramebufferPrivate VncCairoFramebufferPrivate;
typedef struct _VncCairoFramebufferClass VncCairoFramebufferClass;

/* Layout kept as gtk-vnc 1.x's: parent and a private pointer. */
struct _VncCairoFramebuffer {
    VncBaseFramebuffer parent;
    VncCairoFramebufferPrivate *priv;
};

/**
 * VncCairoFramebufferClass:
 * @parent_class: the parent class
 *
 * The class of #VncCairoFramebuffer.
 */
struct _VncCairoFramebufferClass {
    VncBaseFramebufferClass parent_class;
    /*< private >*/
    gpointer _vnc_reserved[VNC_PADDING];
};

GType vnc_cairo_framebuffer_get_type(void) G_GNUC_CONST;

VncCairoFramebuffer *vnc_cairo_framebuffer_new(guint16 width, guint16 height,
                                               const VncPixelFormat *remoteFormat);

cairo_surface_t *vnc_cairo_framebuffer_get_surface(VncCairoFramebuffer *fb);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncCairoFramebuffer, g_object_unref)

G_END_DECLS

#endif /* VNC_CAIRO_FRAMEBUFFER_H */
