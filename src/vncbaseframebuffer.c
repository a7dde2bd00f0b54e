/*
 * gtk-vnc: a framebuffer over a block of memory, converting pixel formats
 *
 * VncBaseFramebuffer stores pixels into memory its creator owns (for the
 * widget, a cairo image surface), in the creator's local format,
 * converting from the format the server sends. The conversion itself is
 * in vncbaseframebuffer-convert.c; this file is the object around it and
 * the rectangle operations.
 *
 * Every rectangle passed in lies inside the framebuffer: the connection
 * clips each update rectangle before a decoder sees it, and decoders
 * check their sub-rectangles against it. The public entry points still
 * check it once per call (cheap, and turns a bug into a warning rather
 * than a stray write), but per-pixel work trusts it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncbaseframebuffer
 * @title: VncBaseFramebuffer
 * @short_description: a framebuffer in memory that converts pixel formats
 * @see_also: #VncFramebuffer, vnc_connection_set_framebuffer()
 *
 * A #VncFramebuffer that stores pixels in a block of memory its creator
 * provides and keeps: @height rows of @rowstride bytes, in a true
 * colour local format of 8, 16 or 32 bits per pixel. Pixels arrive in
 * the remote format, the one the server sends (true colour, or a colour
 * map of 8 bits per pixel), and are converted on the way in; when both
 * formats are the same they are copied as they are.
 *
 * The memory can be anything the application draws from: the GTK
 * widget uses the pixels of a cairo image surface
 * (#VncCairoFramebuffer).
 */

/**
 * VncBaseFramebuffer:
 *
 * A framebuffer over a block of memory. Its fields are private.
 */
#include <config.h>

#include <string.h>

#include "vncbaseframebuffer.h"
#include "vncbaseframebuffer-priv.h"

struct _VncBaseFramebufferPrivate {
    guint8 *buffer;           /* owned by the creator */
    guint16 width;
    guint16 height;
    int rowstride;
    VncPixelFormat local_format;
    VncPixelFormat remote_format;
    gboolean have_local_format;
    gboolean have_remote_format;

    /* NULL when construction found the formats or geometry unusable:
     * every drawing operation then does nothing. */
    VncPixelConverter *conv;
    /* A colour map set before the converter existed. */
    VncColorMap *pending_color_map;
};

enum {
    PROP_0,
    PROP_BUFFER,
    PROP_WIDTH,
    PROP_HEIGHT,
    PROP_ROWSTRIDE,
    PROP_LOCAL_FORMAT,
    PROP_REMOTE_FORMAT,
    PROP_COLOR_MAP,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vnc_base_framebuffer_interface_init(VncFramebufferInterface *iface);

G_DEFINE_TYPE_WITH_CODE(VncBaseFramebuffer, vnc_base_framebuffer,
                        G_TYPE_OBJECT,
                        G_ADD_PRIVATE(VncBaseFramebuffer)
                        G_IMPLEMENT_INTERFACE(VNC_TYPE_FRAMEBUFFER,
                                              vnc_base_framebuffer_interface_init))

/* The interface methods below are only reached through the
 * vnc_framebuffer_* wrappers, which have checked the type already; a
 * plain cast keeps the per-pixel calls cheap. */
#define VNC_BASE_FB_PRIV(fb) (((VncBaseFramebuffer *)(fb))->priv)

static void
vnc_base_framebuffer_store_color_map(VncBaseFramebuffer *fb,
                                     const VncColorMap *map)
{
    VncBaseFramebufferPrivate *priv = fb->priv;

    if (priv->conv != NULL) {
        vnc_pixel_converter_set_color_map(priv->conv, map);
    } else {
        g_clear_pointer(&priv->pending_color_map, vnc_color_map_free);
        if (map != NULL)
            priv->pending_color_map = vnc_color_map_copy((VncColorMap *)map);
    }
}

static void
vnc_base_framebuffer_get_property(GObject *object, guint prop_id,
                                  GValue *value, GParamSpec *pspec)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FRAMEBUFFER(object)->priv;

    switch (prop_id) {
    case PROP_BUFFER:
        g_value_set_pointer(value, priv->buffer);
        break;
    case PROP_WIDTH:
        g_value_set_uint(value, priv->width);
        break;
    case PROP_HEIGHT:
        g_value_set_uint(value, priv->height);
        break;
    case PROP_ROWSTRIDE:
        g_value_set_int(value, priv->rowstride);
        break;
    case PROP_LOCAL_FORMAT:
        g_value_set_boxed(value, priv->have_local_format ?
                          &priv->local_format : NULL);
        break;
    case PROP_REMOTE_FORMAT:
        g_value_set_boxed(value, priv->have_remote_format ?
                          &priv->remote_format : NULL);
        break;
    case PROP_COLOR_MAP:
        g_value_set_boxed(value, priv->conv != NULL ?
                          priv->conv->color_map : priv->pending_color_map);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
vnc_base_framebuffer_set_property(GObject *object, guint prop_id,
                                  const GValue *value, GParamSpec *pspec)
{
    VncBaseFramebuffer *fb = VNC_BASE_FRAMEBUFFER(object);
    VncBaseFramebufferPrivate *priv = fb->priv;
    const VncPixelFormat *format;

    switch (prop_id) {
    case PROP_BUFFER:
        priv->buffer = g_value_get_pointer(value);
        break;
    case PROP_WIDTH:
        priv->width = g_value_get_uint(value);
        break;
    case PROP_HEIGHT:
        priv->height = g_value_get_uint(value);
        break;
    case PROP_ROWSTRIDE:
        priv->rowstride = g_value_get_int(value);
        break;
    case PROP_LOCAL_FORMAT:
        format = g_value_get_boxed(value);
        priv->have_local_format = format != NULL;
        if (format != NULL)
            priv->local_format = *format;
        break;
    case PROP_REMOTE_FORMAT:
        format = g_value_get_boxed(value);
        priv->have_remote_format = format != NULL;
        if (format != NULL)
            priv->remote_format = *format;
        break;
    case PROP_COLOR_MAP:
        vnc_base_framebuffer_store_color_map(fb, g_value_get_boxed(value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

/* Creating a framebuffer with unusable arguments is a programming error
 * of the creator (the connection rejects unusable server formats before
 * one is made), so it is reported as a critical and leaves a framebuffer
 * that ignores drawing. */
static void
vnc_base_framebuffer_constructed(GObject *object)
{
    VncBaseFramebuffer *fb = VNC_BASE_FRAMEBUFFER(object);
    VncBaseFramebufferPrivate *priv = fb->priv;
    guint64 row_bytes;

    G_OBJECT_CLASS(vnc_base_framebuffer_parent_class)->constructed(object);

    if (!priv->have_local_format || !priv->have_remote_format) {
        g_critical("VncBaseFramebuffer needs a local and a remote format");
        return;
    }

    priv->conv = vnc_pixel_converter_new(&priv->local_format,
                                         &priv->remote_format);
    if (priv->conv == NULL) {
        g_critical("VncBaseFramebuffer cannot convert from %u bpp to %u bpp "
                   "(%s local format)",
                   priv->remote_format.bits_per_pixel,
                   priv->local_format.bits_per_pixel,
                   priv->local_format.true_color_flag ? "true colour" :
                   "colour map");
        return;
    }

    row_bytes = (guint64)priv->width * priv->conv->local_bytes;
    if ((priv->width > 0 && priv->height > 0 && priv->buffer == NULL) ||
        priv->rowstride < 0 || (guint64)priv->rowstride < row_bytes) {
        g_critical("VncBaseFramebuffer needs a buffer and a rowstride of at "
                   "least %" G_GUINT64_FORMAT " bytes (got %d)",
                   row_bytes, priv->rowstride);
        g_clear_pointer(&priv->conv, vnc_pixel_converter_free);
        return;
    }

    if (priv->pending_color_map != NULL) {
        vnc_pixel_converter_set_color_map(priv->conv,
                                          priv->pending_color_map);
        g_clear_pointer(&priv->pending_color_map, vnc_color_map_free);
    }
}

static void
vnc_base_framebuffer_finalize(GObject *object)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FRAMEBUFFER(object)->priv;

    g_clear_pointer(&priv->conv, vnc_pixel_converter_free);
    g_clear_pointer(&priv->pending_color_map, vnc_color_map_free);

    G_OBJECT_CLASS(vnc_base_framebuffer_parent_class)->finalize(object);
}

static void
vnc_base_framebuffer_class_init(VncBaseFramebufferClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
        G_PARAM_STATIC_STRINGS;

    object_class->get_property = vnc_base_framebuffer_get_property;
    object_class->set_property = vnc_base_framebuffer_set_property;
    object_class->constructed = vnc_base_framebuffer_constructed;
    object_class->finalize = vnc_base_framebuffer_finalize;

    /**
     * VncBaseFramebuffer:buffer:
     *
     * The memory pixels are stored in: height rows of rowstride bytes.
     * It belongs to the creator and must outlive the framebuffer.
     */
    properties[PROP_BUFFER] =
        g_param_spec_pointer("buffer", "Buffer", "The pixel memory",
                             construct);
    properties[PROP_WIDTH] =
        g_param_spec_uint("width", "Width", "Width in pixels",
                          0, G_MAXUINT16, 0, construct);
    properties[PROP_HEIGHT] =
        g_param_spec_uint("height", "Height", "Height in pixels",
                          0, G_MAXUINT16, 0, construct);
    properties[PROP_ROWSTRIDE] =
        g_param_spec_int("rowstride", "Rowstride",
                         "Bytes from the start of one row to the next",
                         0, G_MAXINT, 0, construct);
    properties[PROP_LOCAL_FORMAT] =
        g_param_spec_boxed("local-format", "Local format",
                           "The pixel format of the memory",
                           VNC_TYPE_PIXEL_FORMAT, construct);
    properties[PROP_REMOTE_FORMAT] =
        g_param_spec_boxed("remote-format", "Remote format",
                           "The pixel format the server sends",
                           VNC_TYPE_PIXEL_FORMAT, construct);
    /**
     * VncBaseFramebuffer:color-map:
     *
     * The colour map translating remote pixels when the remote format is
     * not true colour. The framebuffer keeps a copy.
     */
    properties[PROP_COLOR_MAP] =
        g_param_spec_boxed("color-map", "Color map",
                           "The colour map of a colour-map remote format",
                           VNC_TYPE_COLOR_MAP,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

    g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void
vnc_base_framebuffer_init(VncBaseFramebuffer *fb)
{
    fb->priv = vnc_base_framebuffer_get_instance_private(fb);
}

/* ---- VncFramebuffer ---- */

static guint16
vnc_base_framebuffer_get_width(VncFramebuffer *iface)
{
    return VNC_BASE_FB_PRIV(iface)->width;
}

static guint16
vnc_base_framebuffer_get_height(VncFramebuffer *iface)
{
    return VNC_BASE_FB_PRIV(iface)->height;
}

static int
vnc_base_framebuffer_get_rowstride(VncFramebuffer *iface)
{
    return VNC_BASE_FB_PRIV(iface)->rowstride;
}

static guint8 *
vnc_base_framebuffer_get_buffer(VncFramebuffer *iface)
{
    return VNC_BASE_FB_PRIV(iface)->buffer;
}

static const VncPixelFormat *
vnc_base_framebuffer_get_local_format(VncFramebuffer *iface)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FB_PRIV(iface);

    return priv->have_local_format ? &priv->local_format : NULL;
}

static const VncPixelFormat *
vnc_base_framebuffer_get_remote_format(VncFramebuffer *iface)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FB_PRIV(iface);

    return priv->have_remote_format ? &priv->remote_format : NULL;
}

static gboolean
vnc_base_framebuffer_perfect_format_match(VncFramebuffer *iface)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FB_PRIV(iface);

    return priv->conv != NULL && priv->conv->perfect_match;
}

/* Whether the rectangle lies inside the framebuffer, summing in guint so
 * that x + width cannot wrap. */
static inline gboolean
vnc_base_framebuffer_rect_inside(const VncBaseFramebufferPrivate *priv,
                                 guint16 x, guint16 y,
                                 guint16 width, guint16 height)
{
    return (guint)x + width <= priv->width &&
        (guint)y + height <= priv->height;
}

/* The address of local pixel (x, y). */
static inline guint8 *
vnc_base_framebuffer_pixel(const VncBaseFramebufferPrivate *priv,
                           guint16 x, guint16 y)
{
    return priv->buffer + (gsize)y * (gsize)priv->rowstride +
        (gsize)x * priv->conv->local_bytes;
}

static void
vnc_base_framebuffer_set_pixel_at(VncFramebuffer *iface, guint8 *src,
                                  guint16 x, guint16 y)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FB_PRIV(iface);

    g_return_if_fail(priv->conv != NULL);
    g_return_if_fail(x < priv->width && y < priv->height);

    vnc_pixel_converter_row(priv->conv,
                            vnc_base_framebuffer_pixel(priv, x, y), src, 1);
}

static void
vnc_base_framebuffer_fill(VncFramebuffer *iface, guint8 *src,
                          guint16 x, guint16 y,
                          guint16 width, guint16 height)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FB_PRIV(iface);
    guint8 pixel[4];
    guint8 *first;
    gsize row_bytes;

    g_return_if_fail(priv->conv != NULL);
    g_return_if_fail(vnc_base_framebuffer_rect_inside(priv, x, y,
                                                      width, height));
    if (width == 0 || height == 0)
        return;

    /* Convert once, write the first row pixel by pixel, then copy that
     * row down: memcpy of a whole row beats a per-pixel loop. */
    vnc_pixel_converter_row(priv->conv, pixel, src, 1);
    first = vnc_base_framebuffer_pixel(priv, x, y);
    row_bytes = (gsize)width * priv->conv->local_bytes;

    switch (priv->conv->local_bytes) {
    case 1:
        memset(first, pixel[0], width);
        break;
    case 2:
        for (guint i = 0; i < width; i++)
            memcpy(first + 2 * i, pixel, 2);
        break;
    default:
        for (guint i = 0; i < width; i++)
            memcpy(first + 4 * i, pixel, 4);
        break;
    }

    for (guint row = 1; row < height; row++)
        memcpy(first + (gsize)row * priv->rowstride, first, row_bytes);
}

/* Source and destination may overlap in any direction. Rows are visited
 * so that no source row is overwritten before it is read: bottom-up when
 * moving down, top-down otherwise; within a row memmove copes with a
 * horizontal overlap. */
static void
vnc_base_framebuffer_copyrect(VncFramebuffer *iface,
                              guint16 srcx, guint16 srcy,
                              guint16 dstx, guint16 dsty,
                              guint16 width, guint16 height)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FB_PRIV(iface);
    const guint8 *src;
    guint8 *dst;
    gsize row_bytes;
    gssize step;

    g_return_if_fail(priv->conv != NULL);
    g_return_if_fail(vnc_base_framebuffer_rect_inside(priv, srcx, srcy,
                                                      width, height));
    g_return_if_fail(vnc_base_framebuffer_rect_inside(priv, dstx, dsty,
                                                      width, height));
    if (width == 0 || height == 0)
        return;

    src = vnc_base_framebuffer_pixel(priv, srcx, srcy);
    dst = vnc_base_framebuffer_pixel(priv, dstx, dsty);
    row_bytes = (gsize)width * priv->conv->local_bytes;
    step = priv->rowstride;

    /* Whole rows with no padding between them are one block of memory:
     * one move of it (a scroll, mostly) instead of one per row. */
    if ((gssize)row_bytes == priv->rowstride) {
        memmove(dst, src, row_bytes * height);
        return;
    }

    if (dsty > srcy) {
        src += (gsize)(height - 1) * priv->rowstride;
        dst += (gsize)(height - 1) * priv->rowstride;
        step = -step;
    }

    for (guint row = 0; row < height; row++) {
        memmove(dst, src, row_bytes);
        src += step;
        dst += step;
    }
}

/* Converts a rectangle of rows at @src into the framebuffer, a row at a
 * time with @convert_row (server pixels, or 3-byte colours), one of the
 * framebuffer's converter's. */
static void
vnc_base_framebuffer_convert_rect(VncFramebuffer *iface, guint8 *src, int rowstride,
                                  guint16 x, guint16 y, guint16 width, guint16 height,
                                  VncConvertRowFunc convert_row)
{
    VncBaseFramebufferPrivate *priv = VNC_BASE_FB_PRIV(iface);
    guint8 *dst;

    g_return_if_fail(vnc_base_framebuffer_rect_inside(priv, x, y,
                                                      width, height));

    dst = vnc_base_framebuffer_pixel(priv, x, y);
    for (guint row = 0; row < height; row++) {
        convert_row(priv->conv, dst, src, width);
        dst += priv->rowstride;
        src += rowstride;
    }
}

static void
vnc_base_framebuffer_blt(VncFramebuffer *iface, guint8 *src, int rowstride,
                         guint16 x, guint16 y,
                         guint16 width, guint16 height)
{
    const VncPixelConverter *conv = VNC_BASE_FB_PRIV(iface)->conv;

    g_return_if_fail(conv != NULL);
    vnc_base_framebuffer_convert_rect(iface, src, rowstride, x, y, width, height,
                                      conv->convert_row);
}

static void
vnc_base_framebuffer_rgb24_blt(VncFramebuffer *iface, guint8 *src,
                               int rowstride,
                               guint16 x, guint16 y,
                               guint16 width, guint16 height)
{
    const VncPixelConverter *conv = VNC_BASE_FB_PRIV(iface)->conv;

    g_return_if_fail(conv != NULL);
    vnc_base_framebuffer_convert_rect(iface, src, rowstride, x, y, width, height,
                                      conv->convert_rgb24_row);
}

static void
vnc_base_framebuffer_set_color_map(VncFramebuffer *iface, VncColorMap *map)
{
    VncBaseFramebuffer *fb = (VncBaseFramebuffer *)iface;

    vnc_base_framebuffer_store_color_map(fb, map);
    g_object_notify_by_pspec(G_OBJECT(fb), properties[PROP_COLOR_MAP]);
}

static void
vnc_base_framebuffer_interface_init(VncFramebufferInterface *iface)
{
    iface->get_width = vnc_base_framebuffer_get_width;
    iface->get_height = vnc_base_framebuffer_get_height;
    iface->get_rowstride = vnc_base_framebuffer_get_rowstride;
    iface->get_buffer = vnc_base_framebuffer_get_buffer;
    iface->get_local_format = vnc_base_framebuffer_get_local_format;
    iface->get_remote_format = vnc_base_framebuffer_get_remote_format;
    iface->perfect_format_match = vnc_base_framebuffer_perfect_format_match;
    iface->set_pixel_at = vnc_base_framebuffer_set_pixel_at;
    iface->fill = vnc_base_framebuffer_fill;
    iface->copyrect = vnc_base_framebuffer_copyrect;
    iface->blt = vnc_base_framebuffer_blt;
    iface->rgb24_blt = vnc_base_framebuffer_rgb24_blt;
    iface->set_color_map = vnc_base_framebuffer_set_color_map;
}

/**
 * vnc_base_framebuffer_new:
 * @buffer: (array): the pixel memory, @height rows of @rowstride bytes;
 *   it stays the caller's and must outlive the framebuffer
 * @width: width in pixels
 * @height: height in pixels
 * @rowstride: bytes from the start of one row to the next
 * @localFormat: the pixel format of @buffer: 8, 16 or 32 bpp true colour
 * @remoteFormat: the pixel format the server sends: 8, 16 or 32 bpp
 *
 * Creates a framebuffer that converts pixels from @remoteFormat to
 * @localFormat and stores them in @buffer.
 *
 * Returns: (transfer full): the new framebuffer
 */
VncBaseFramebuffer *
vnc_base_framebuffer_new(guint8 *buffer,
                         guint16 width,
                         guint16 height,
                         int rowstride,
                         const VncPixelFormat *localFormat,
                         const VncPixelFormat *remoteFormat)
{
    return g_object_new(VNC_TYPE_BASE_FRAMEBUFFER,
                        "buffer", buffer,
                        "width", (guint)width,
                        "height", (guint)height,
                        "rowstride", rowstride,
                        "local-format", localFormat,
                        "remote-format", remoteFormat,
                        NULL);
}
