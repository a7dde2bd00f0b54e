/*
 * gtk-vnc: description of how a pixel is laid out in memory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_PIXEL_FORMAT_H
#define VNC_PIXEL_FORMAT_H

#include <glib-object.h>

G_BEGIN_DECLS

#define VNC_TYPE_PIXEL_FORMAT (vnc_pixel_format_get_type())

typedef struct _VncPixelFormat VncPixelFormat;

/**
 * VncPixelFormat:
 * @bits_per_pixel: storage size of one pixel: 8, 16 or 32
 * @depth: number of significant bits
 * @byte_order: %G_BIG_ENDIAN or %G_LITTLE_ENDIAN
 * @true_color_flag: non-zero for true colour, zero for a colour map
 * @red_max: largest red value
 * @green_max: largest green value
 * @blue_max: largest blue value
 * @red_shift: bit position of red
 * @green_shift: bit position of green
 * @blue_shift: bit position of blue
 *
 * A pixel format as the RFB protocol describes it. The layout of this
 * structure is part of the ABI.
 */
struct _VncPixelFormat {
    guint8 bits_per_pixel;
    guint8 depth;
    guint16 byte_order;
    guint8 true_color_flag;
    guint16 red_max;
    guint16 green_max;
    guint16 blue_max;
    guint8 red_shift;
    guint8 green_shift;
    guint8 blue_shift;
};

GType vnc_pixel_format_get_type(void);

VncPixelFormat *vnc_pixel_format_new(void);
VncPixelFormat *vnc_pixel_format_copy(VncPixelFormat *format);
void vnc_pixel_format_free(VncPixelFormat *format);

gboolean vnc_pixel_format_match(const VncPixelFormat *format,
                                const VncPixelFormat *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncPixelFormat, vnc_pixel_format_free)

G_END_DECLS

#endif /* VNC_PIXEL_FORMAT_H */
