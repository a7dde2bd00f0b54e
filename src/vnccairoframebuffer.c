/*
 * gtk-vnc: a framebuffer that is a cairo image surface
 *
 * The decoders write straight into the pixels of a CAIRO_FORMAT_RGB24
 * image surface, which the widget then paints without another copy.
 * Cairo keeps RGB24 pixels as native-endian 32-bit words 0x??RRGGBB, and
 * the connection asks the server for exactly that layout when it can, so
 * that a raw rectangle is a memcpy.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vnccairoframebuffer
 * @title: VncCairoFramebuffer
 * @short_description: a framebuffer that is a cairo image surface
 * @see_also: #VncBaseFramebuffer
 *
 * The framebuffer #VncDisplay draws from: a #VncBaseFramebuffer whose
 * memory is that of a CAIRO_FORMAT_RGB24 image surface, so that the
 * decoded desktop can be painted (and scaled) with cairo directly.
 */

/**
 * VncCairoFramebuffer:
 *
 * A framebuffer over a cairo image surface. Its fields are private.
 */
#include <config.h>

#include "vnccairoframebuffer.h"

struct _VncCairoFramebufferPrivate {
    cairo_surface_t *surface;
};

enum {
    PROP_0,
    PROP_SURFACE,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE(VncCairoFramebuffer, vnc_cairo_framebuffer,
                           VNC_TYPE_BASE_FRAMEBUFFER)

static void
vnc_cairo_framebuffer_get_property(GObject *object, guint prop_id,
                                   GValue *value, GParamSpec *pspec)
{
    VncCairoFramebuffer *fb = VNC_CAIRO_FRAMEBUFFER(object);

    switch (prop_id) {
    case PROP_SURFACE:
        g_value_set_pointer(value, fb->priv->surface);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
vnc_cairo_framebuffer_set_property(GObject *object, guint prop_id,
                                   const GValue *value, GParamSpec *pspec)
{
    VncCairoFramebuffer *fb = VNC_CAIRO_FRAMEBUFFER(object);

    switch (prop_id) {
    case PROP_SURFACE: {
        cairo_surface_t *surface = g_value_get_pointer(value);

        /* Construct-only: the framebuffer keeps its own reference. */
        if (surface)
            cairo_surface_reference(surface);
        fb->priv->surface = surface;
        break;
    }
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
vnc_cairo_framebuffer_finalize(GObject *object)
{
    VncCairoFramebuffer *fb = VNC_CAIRO_FRAMEBUFFER(object);

    g_clear_pointer(&fb->priv->surface, cairo_surface_destroy);
    G_OBJECT_CLASS(vnc_cairo_framebuffer_parent_class)->finalize(object);
}

static void
vnc_cairo_framebuffer_class_init(VncCairoFramebufferClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->get_property = vnc_cairo_framebuffer_get_property;
    object_class->set_property = vnc_cairo_framebuffer_set_property;
    object_class->finalize = vnc_cairo_framebuffer_finalize;

    /**
     * VncCairoFramebuffer:surface:
     *
     * The cairo_surface_t the pixels are stored in; see
     * vnc_cairo_framebuffer_get_surface().
     */
    properties[PROP_SURFACE] =
        g_param_spec_pointer("surface", "Surface",
                             "The cairo image surface holding the pixels",
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void
vnc_cairo_framebuffer_init(VncCairoFramebuffer *fb)
{
    fb->priv = vnc_cairo_framebuffer_get_instance_private(fb);
}

/* CAIRO_FORMAT_RGB24 as a VNC pixel format: 32-bit words in the host's
 * byte order, red in bits 16-23, green 8-15, blue 0-7. */
static const VncPixelFormat cairo_rgb24_format = {
    .bits_per_pixel = 32,
    .depth = 24,
    .byte_order = G_BYTE_ORDER,
    .true_color_flag = 1,
    .red_max = 255,
    .green_max = 255,
    .blue_max = 255,
    .red_shift = 16,
    .green_shift = 8,
    .blue_shift = 0,
};

/**
 * vnc_cairo_framebuffer_new:
 * @width: the desktop width in pixels
 * @height: the desktop height in pixels
 * @remoteFormat: the format of the pixels the server sends
 *
 * Makes a framebuffer backed by a new, black @width x @height
 * CAIRO_FORMAT_RGB24 image surface. Pixels in @remoteFormat are converted
 * as they are written.
 *
 * Returns: (transfer full) (nullable): the new framebuffer, or %NULL if
 *   cairo could not make a surface of that size
 */
VncCairoFramebuffer *
vnc_cairo_framebuffer_new(guint16 width, guint16 height,
                          const VncPixelFormat *remoteFormat)
{
    g_return_val_if_fail(remoteFormat != NULL, NULL);
    cairo_surface_t *surface;
    VncCairoFramebuffer *fb;

    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        g_warning("Cannot make a %ux%u cairo surface: %s", width, height,
                  cairo_status_to_string(cairo_surface_status(surface)));
        cairo_surface_destroy(surface);
        return NULL;
    }
    /* A new image surface is zeroed: black, as a desktop that has not
     * arrived yet should look. */
    cairo_surface_flush(surface);

    fb = g_object_new(VNC_TYPE_CAIRO_FRAMEBUFFER,
                      "surface", surface,
                      "buffer", cairo_image_surface_get_data(surface),
                      "width", (guint)width,
                      "height", (guint)height,
                      "rowstride", cairo_image_surface_get_stride(surface),
                      "local-format", &cairo_rgb24_format,
                      "remote-format", remoteFormat,
                      NULL);
    cairo_surface_destroy(surface);
    return fb;
}

/**
 * vnc_cairo_framebuffer_get_surface:
 * @fb: the framebuffer
 *
 * The surface the decoders write into. Whoever paints it after pixels
 * changed behind cairo's back must call cairo_surface_mark_dirty() (or
 * its rectangle variant) first.
 *
 * Returns: (transfer none): the surface, owned by @fb
 */
cairo_surface_t *
vnc_cairo_framebuffer_get_surface(VncCairoFramebuffer *fb)
{
    g_return_val_if_fail(VNC_IS_CAIRO_FRAMEBUFFER(fb), NULL);
    return fb->priv->surface;
}
