/*
 * gtk-vnc: a framebuffer over a block of memory, converting pixel formats
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_BASE_FRAMEBUFFER_H
#define VNC_BASE_FRAMEBUFFER_H

#include <glib-object.h>

#include "vncframebuffer.h"
#include "vncutil.h"

G_BEGIN_DECLS

#define VNC_TYPE_BASE_FRAMEBUFFER            (vnc_base_framebuffer_get_type())
#define VNC_BASE_FRAMEBUFFER(obj)            (G_TYPE_CHECK_INSTANCE_CAST((obj), VNC_TYPE_BASE_FRAMEBUFFER, VncBaseFramebuffer))
#define VNC_BASE_FRAMEBUFFER_CLASS(klass)    (G_TYPE_CHECK_CLASS_CAST((klass), VNC_TYPE_BASE_FRAMEBUFFER, VncBaseFramebufferClass))
#define VNC_IS_BASE_FRAMEBUFFER(obj)         (G_TYPE_CHECK_INSTANCE_TYPE((obj), VNC_TYPE_BASE_FRAMEBUFFER))
#define VNC_IS_BASE_FRAMEBUFFER_CLASS(klass) (G_TYPE_CHECK_CLASS_TYPE((klass), VNC_TYPE_BASE_FRAMEBUFFER))
#define VNC_BASE_FRAMEBUFFER_GET_CLASS(obj)  (G_TYPE_INSTANCE_GET_CLASS((obj), VNC_TYPE_BASE_FRAMEBUFFER, VncBaseFramebufferClass))

typedef struct _VncBaseFramebuffer VncBaseFramebuffer;
typedef struct _VncBaseFramebufferPrivate VncBaseFramebufferPrivate;
typedef struct _VncBaseFramebufferClass VncBaseFramebufferClass;

/* Derivable (VncCairoFramebuffer extends it); layout kept as gtk-vnc 1.x's. */
struct _VncBaseFramebuffer {
    GObject parent;
    VncBaseFramebufferPrivate *priv;
};

/**
 * VncBaseFramebufferClass:
 * @parent_class: the parent class
 *
 * The class of #VncBaseFramebuffer.
 */
struct _VncBaseFramebufferClass {
    GObjectClass parent_class;
    /*< private >*/
    gpointer _vnc_reserved[VNC_PADDING];
};

GType vnc_base_framebuffer_get_type(void) G_GNUC_CONST;

VncBaseFramebuffer *vnc_base_framebuffer_new(guint8 *buffer,
                                             guint16 width,
                                             guint16 height,
                                             int rowstride,
                                             const VncPixelFormat *localFormat,
                                             const VncPixelFormat *remoteFormat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncBaseFramebuffer, g_object_unref)

G_END_DECLS

#endif /* VNC_BASE_FRAMEBUFFER_H */
