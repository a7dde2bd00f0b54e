/*
 * gtk-vnc: description of how a pixel is laid out in memory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncpixelformat
 * @title: VncPixelFormat
 * @short_description: how a pixel is laid out
 *
 * A pixel format as RFB describes it: the size of a pixel in memory,
 * its byte order, and for true colour the largest value and bit
 * position of red, green and blue; otherwise pixels are numbers in a
 * #VncColorMap. The server announces its format in the handshake
 * (vnc_connection_get_pixel_format()), and the client may ask for
 * another (vnc_connection_set_pixel_format()).
 */
#include <config.h>

#include "vncpixelformat.h"

G_DEFINE_BOXED_TYPE(VncPixelFormat, vnc_pixel_format,
                    vnc_pixel_format_copy, vnc_pixel_format_free)

/**
 * vnc_pixel_format_new:
 *
 * Allocates a pixel format, to be filled in by the caller.
 *
 * Returns: (transfer full): a new pixel format with every field zero
 */
VncPixelFormat *
vnc_pixel_format_new(void)
{
    return g_new0(VncPixelFormat, 1);
}

/**
 * vnc_pixel_format_copy:
 * @format: the pixel format to copy
 *
 * Copies a pixel format.
 *
 * Returns: (transfer full): a copy of @format
 */
VncPixelFormat *
vnc_pixel_format_copy(VncPixelFormat *format)
{
    VncPixelFormat *copy;

    g_return_val_if_fail(format != NULL, NULL);

    copy = g_new(VncPixelFormat, 1);
    *copy = *format;
    return copy;
}

/**
 * vnc_pixel_format_free:
 * @format: (nullable): the pixel format to free
 *
 * Frees a pixel format made by vnc_pixel_format_new() or
 * vnc_pixel_format_copy().
 */
void
vnc_pixel_format_free(VncPixelFormat *format)
{
    g_free(format);
}

/**
 * vnc_pixel_format_match:
 * @format: a pixel format
 * @other: another pixel format
 *
 * Whether the two formats describe the same memory layout, so that pixels
 * in one can be copied unchanged into the other. The byte order is
 * ignored for 8 bits per pixel, where it means nothing; the maxima and
 * shifts are ignored for colour-map formats, which do not use them.
 *
 * Returns: %TRUE if the formats are the same
 */
gboolean
vnc_pixel_format_match(const VncPixelFormat *format,
                       const VncPixelFormat *other)
{
    g_return_val_if_fail(format != NULL, FALSE);
    g_return_val_if_fail(other != NULL, FALSE);

    if (format->bits_per_pixel != other->bits_per_pixel ||
        format->depth != other->depth ||
        (format->true_color_flag != 0) != (other->true_color_flag != 0))
        return FALSE;

    if (format->bits_per_pixel > 8 &&
        (format->byte_order == G_BIG_ENDIAN) !=
        (other->byte_order == G_BIG_ENDIAN))
        return FALSE;

    if (!format->true_color_flag)
        return TRUE;

    return format->red_max == other->red_max &&
        format->green_max == other->green_max &&
        format->blue_max == other->blue_max &&
        format->red_shift == other->red_shift &&
        format->green_shift == other->green_shift &&
        format->blue_shift == other->blue_shift;
}
