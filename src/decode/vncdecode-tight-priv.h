/*
 * gtk-vnc: the pieces of the Tight and Tight-PNG decoders
 *
 * vncdecode-tight.c reads the control byte and dispatches; the filters
 * (copy, palette, gradient) live in vncdecode-tight-filters.c, JPEG in
 * vncdecode-tight-jpeg.c and PNG in vncdecode-tightpng.c. This header is
 * what they share.
 *
 * Pixels are decoded a band of rows at a time into scratch memory and
 * handed to the framebuffer with one blt per band, so the per-pixel work
 * never goes through the framebuffer's virtual functions, and the scratch
 * memory stays small however large the rectangle is.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DECODE_TIGHT_PRIV_H
#define VNC_DECODE_TIGHT_PRIV_H

#include <glib.h>

#include "vncdecoder-priv.h"
#include "vncinflate-priv.h"

G_BEGIN_DECLS

/* The four zlib streams of basic compression. */
#define VNC_TIGHT_N_STREAMS 4

/* A compact length has at most 22 bits (7 + 7 + 8). */
#define VNC_TIGHT_MAX_COMPACT_LENGTH ((1u << 22) - 1)

/* Basic compression sends data shorter than this uncompressed. */
#define VNC_TIGHT_MIN_TO_COMPRESS 12

/* Scratch memory per band of rows: a few rows of a wide rectangle, many
 * of a narrow one. Small enough to stay in cache between inflating,
 * filtering and the blt. */
#define VNC_TIGHT_BAND_BYTES (64u * 1024u)

/* Kept in VNC_DECODER_SLOT_TIGHT for the whole connection. */
typedef struct {
    VncInflate zlib[VNC_TIGHT_N_STREAMS];
    guint8 *wire;           /* a band of rows as the filter receives them */
    gsize wire_size;
    guint8 *pixels;         /* a band of rows after the filter */
    gsize pixels_size;
    guint8 *prev;           /* gradient: the row above the band */
    gsize prev_size;
    guint8 *data;           /* JPEG or PNG bytes */
    gsize data_size;
} VncTightState;

/* How 32 bpp local memory holds red, green and blue as whole bytes, so
 * that libjpeg or libpng can write it directly. */
typedef enum {
    VNC_TIGHT_LAYOUT_NONE,  /* anything else: go through rgb24_blt */
    VNC_TIGHT_LAYOUT_RGBX,  /* byte 0 red, 1 green, 2 blue */
    VNC_TIGHT_LAYOUT_BGRX,
    VNC_TIGHT_LAYOUT_XRGB,
    VNC_TIGHT_LAYOUT_XBGR,
} VncTightLayout;

/* One rectangle being decoded. */
typedef struct {
    VncDecodeContext *ctx;
    VncTightState *state;
    guint16 x, y, width, height;
    gboolean rgb24;         /* TPIXELs are 3 bytes: red, green, blue */
    guint tpixel_size;      /* bytes of one TPIXEL: 3, or 1, 2 or 4 */
} VncTightRect;

typedef enum {
    VNC_TIGHT_FILTER_COPY = 0,
    VNC_TIGHT_FILTER_PALETTE = 1,
    VNC_TIGHT_FILTER_GRADIENT = 2,
} VncTightFilterId;

typedef struct {
    VncTightFilterId id;
    guint n_colors;             /* palette: 1 to 256 */
    guint8 palette[256 * 4];    /* palette: n_colors remote pixels */
    gsize wire_row;             /* bytes of one row as sent */
    gsize pixel_row;            /* bytes of one row after the filter */
    guint pixel_size;           /* bytes of one pixel after the filter */
    gboolean pixels_rgb24;      /* after the filter: red, green, blue
                                 * bytes (for rgb24_blt), or pixels of the
                                 * remote format (for blt) */
} VncTightFilter;

/* vncdecode-tight.c */

/* Grows *@buf to at least @size bytes (contents are not kept). */
guint8 *vnc_tight_scratch(guint8 **buf, gsize *buf_size, gsize size);

/* coroutine context: a compact length (1 to 3 bytes). */
gboolean vnc_tight_read_compact_length(VncStream *stream, guint32 *len,
                                       GError **err);

/* The layout of the framebuffer's memory if libjpeg or libpng may write
 * into it directly. */
VncTightLayout vnc_tight_local_layout(VncFramebuffer *fb);

/* A 3-byte TPIXEL (red, green, blue) as a pixel of the remote format
 * (4 bytes). */
void vnc_tight_rgb_to_remote(const VncPixelFormat *fmt, const guint8 *rgb,
                             guint8 *pixel);

/* Hands a band of 3-byte RGB rows to the framebuffer (rgb24_blt). */
void vnc_tight_blt_rgb24(VncTightRect *rect, guint8 *rows, gsize rowstride,
                         guint16 first_row, guint16 n_rows);

/* vncdecode-tight-filters.c */

/* coroutine context: reads the filter's parameters (the palette) after
 * its id, and works out the row sizes. */
gboolean vnc_tight_filter_init(VncTightRect *rect, VncTightFilter *filter,
                               VncTightFilterId id, GError **err);

/* Turns @n_rows rows received from the wire into pixels at @out, as
 * filter->pixel_size and pixels_rgb24 say. The copy filter never calls
 * this: its rows are pixels already. @first_row says where the band starts within the rectangle
 * (the gradient needs the row above, kept in the state). */
gboolean vnc_tight_filter_apply(VncTightRect *rect, VncTightFilter *filter,
                                const guint8 *in, guint8 *out, gsize out_stride,
                                guint16 first_row, guint16 n_rows,
                                GError **err);

/* vncdecode-tight-jpeg.c */

/* Decodes a JPEG image the size of the rectangle into it. */
gboolean vnc_tight_decode_jpeg(VncTightRect *rect, const guint8 *data,
                               gsize len, GError **err);

/* vncdecode-tightpng.c */

/* Decodes a PNG image the size of the rectangle into it. */
gboolean vnc_tight_decode_png(VncTightRect *rect, const guint8 *data,
                              gsize len, GError **err);

G_END_DECLS

#endif /* VNC_DECODE_TIGHT_PRIV_H */
