/*
 * gtk-vnc: pixel format conversion for VncBaseFramebuffer
 *
 * A VncPixelConverter turns rows of pixels in the remote (server) format
 * into rows in the local format. It is built once per pair of formats
 * (and rebuilt in part when the colour map changes): all the arithmetic
 * that depends only on the formats is done then, into lookup tables, so
 * that converting a pixel costs a load, one to three table reads and a
 * store.
 *
 * The scaling rule. A component value v of a format whose maximum is
 * from_max becomes, in a format whose maximum is to_max,
 *
 *     (v * to_max + from_max / 2) / from_max
 *
 * that is, v / from_max * to_max rounded to the nearest integer. Remote
 * true colour components scale from the remote maxima; colour map
 * entries are 16-bit intensities and scale from 65535; the 8-bit
 * components of rgb24_blt scale from 255. vnc_pixel_scale() below is the
 * only implementation of the rule; every table is filled through it.
 *
 * What is accepted. Both formats must have 8, 16 or 32 bits per pixel
 * and the local one must be true colour; vnc_pixel_converter_new()
 * returns NULL otherwise. Anything else about the remote format comes
 * from the server and is handled without harm: a shift that points past
 * the pixel makes that component zero, a maximum of zero makes it zero,
 * a colour number outside the colour map gives black.
 *
 * Local pixels are written with the local byte order; for 32 and 16 bpp
 * the tables hold values already in that order, so no swap happens per
 * pixel on the write side.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_BASE_FRAMEBUFFER_PRIV_H
#define VNC_BASE_FRAMEBUFFER_PRIV_H

#include <glib.h>

#include "vncpixelformat.h"
#include "vnccolormap.h"

G_BEGIN_DECLS

/* The scaling rule (see above). Done in 64 bits so no maximum overflows. */
static inline guint32
vnc_pixel_scale(guint32 value, guint32 from_max, guint32 to_max)
{
    if (from_max == 0)
        return 0;
    return (guint32)(((guint64)value * to_max + from_max / 2) / from_max);
}

typedef struct _VncPixelConverter VncPixelConverter;

/* Converts @count pixels from @src (remote format, any alignment) to
 * @dst (local format, any alignment). */
typedef void (*VncConvertRowFunc)(const VncPixelConverter *conv,
                                  guint8 *dst, const guint8 *src,
                                  guint count);

/* One remote component of a 32 bpp true colour format: where it sits and
 * what each of its values becomes locally. */
typedef struct {
    guint32 mask;      /* the remote maximum, applied after the shift */
    guint shift;
    guint32 *table;    /* mask + 1 entries: local contribution, stored order */
} VncPixelComponent;

struct _VncPixelConverter {
    VncPixelFormat local;
    VncPixelFormat remote;
    guint local_bytes;         /* 1, 2 or 4 */
    guint remote_bytes;        /* 1, 2 or 4 */
    gboolean local_swap;       /* local byte order differs from the CPU's */
    gboolean remote_swap;      /* remote byte order differs from the CPU's */
    gboolean perfect_match;    /* identical true colour formats: copy */

    /* Remote true colour: each component's table (all bpp; the 8 and
     * 16 bpp whole-pixel tables are built from them). */
    VncPixelComponent red, green, blue;

    /* Remote 8 and 16 bpp: one entry per possible pixel, indexed by the
     * pixel's bytes read in CPU order (so the remote byte order is
     * folded into the table). Remote 32 bpp colour map: indexed by the
     * pixel value, which must be below pixel_table_size (else black). */
    guint32 *pixel_table;
    gsize pixel_table_size;

    /* Remote 32 bpp to local 32 bpp with equal maxima: the scaling is
     * the identity, so each component only moves, by a rotation, and is
     * cut out with a mask (both in CPU order). When no component moves,
     * one mask does it all, applied to the pixel as loaded (byte swapped
     * once if exactly one side is in the other byte order). */
    gboolean move_only;
    guint rotate_red, rotate_green, rotate_blue;
    guint32 keep_red, keep_green, keep_blue;
    gboolean mask_only;
    guint32 keep_stored;
    /* Bits of a 32 bpp local pixel outside the colour fields are written
     * as ones (an opaque alpha byte, as embedders that hand us a
     * GdkPixbuf with alpha expect); in local value order and stored. */
    guint32 fill_value, fill_stored;

    /* rgb24_blt: an 8-bit component's local contribution, stored order. */
    guint32 rgb_red[256], rgb_green[256], rgb_blue[256];

    VncConvertRowFunc convert_row;
    VncConvertRowFunc convert_rgb24_row;

    VncColorMap *color_map;    /* our copy, or NULL */
};

/* NULL if either format is unusable (see above). */
VncPixelConverter *vnc_pixel_converter_new(const VncPixelFormat *local,
                                           const VncPixelFormat *remote);
void vnc_pixel_converter_free(VncPixelConverter *conv);

/* Keeps a copy of @map (NULL: no map, every colour black) and rebuilds
 * the colour tables if the remote format uses a colour map. */
void vnc_pixel_converter_set_color_map(VncPixelConverter *conv,
                                       const VncColorMap *map);

/* @count remote pixels at @src to local pixels at @dst. */
static inline void
vnc_pixel_converter_row(const VncPixelConverter *conv,
                        guint8 *dst, const guint8 *src, guint count)
{
    conv->convert_row(conv, dst, src, count);
}

G_END_DECLS

#endif /* VNC_BASE_FRAMEBUFFER_PRIV_H */
