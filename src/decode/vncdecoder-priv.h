/*
 * gtk-vnc: the decoders of rectangle encodings
 *
 * Each encoding has one file in src/decode/ holding one VncDecodeFunc.
 * vncdecoder.c maps encoding numbers to them. A decoder reads the
 * rectangle's payload from the stream and writes pixels through the
 * VncFramebuffer interface.
 *
 * The caller has already checked that the rectangle (x, y, width, height)
 * lies inside the framebuffer, so a decoder may trust it. Everything it
 * reads from the stream it must check itself: subrectangles against the
 * rectangle, palette indices against the palette, lengths against limits.
 * On bad data it returns FALSE with @err set (domain VNC_ERROR) and writes
 * nothing outside the rectangle.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DECODER_PRIV_H
#define VNC_DECODER_PRIV_H

#include <glib.h>

#include "vncframebuffer.h"
#include "vncstream-priv.h"
#include "vncerror-priv.h"
#include "vnclimits-priv.h"

G_BEGIN_DECLS

/* Each decoder that keeps state between rectangles owns one slot. */
typedef enum {
    VNC_DECODER_SLOT_ZLIB,
    VNC_DECODER_SLOT_ZRLE,   /* shared by ZRLE and ZYWRLE: one zlib stream */
    VNC_DECODER_SLOT_TIGHT,
    VNC_DECODER_SLOT_SCRATCH,
    VNC_DECODER_SLOT_UNPACK, /* the two-colour table of vncdecode-unpack-priv.h */
    VNC_DECODER_N_SLOTS
} VncDecoderSlot;

/* What the connection needs to know of its framebuffer for every
 * rectangle. Each of these is an interface call (a type lookup and an
 * indirect call), so they are asked once per framebuffer, not once per
 * rectangle: a framebuffer's size, formats and memory never change. */
typedef struct {
    VncFramebuffer *fb;      /* a reference, so that the address cannot be
                              * reused by another framebuffer meanwhile */
    guint16 width;
    guint16 height;
    guint remote_bits_per_pixel;
    guint8 *direct;          /* see VncDecodeContext */
    gsize direct_stride;
} VncDecodeTarget;

typedef struct {
    gpointer data[VNC_DECODER_N_SLOTS];
    GDestroyNotify free[VNC_DECODER_N_SLOTS];
    VncDecodeTarget target;
} VncDecoderState;

/* What a decoder works with, for one rectangle. */
typedef struct {
    VncStream *stream;
    VncFramebuffer *fb;
    const VncPixelFormat *remote;  /* the format of pixels on the wire */
    VncDecoderState *state;        /* kept from rectangle to rectangle */
    /* When the framebuffer stores pixels exactly as they come off the
     * wire (a perfect format match), its memory and the bytes from one
     * row to the next: a decoder may then write pixels there itself,
     * inside the rectangle only, instead of calling @fb for each run of
     * pixels. NULL when it must go through @fb. */
    guint8 *direct;
    gsize direct_stride;
} VncDecodeContext;

/* coroutine context */
typedef gboolean (*VncDecodeFunc)(VncDecodeContext *ctx,
                                  guint16 x, guint16 y,
                                  guint16 width, guint16 height,
                                  GError **err);

typedef struct {
    gint32 encoding;
    const char *name;      /* as --encodings spells it: "raw", "copyrect" */
    VncDecodeFunc decode;
} VncDecoder;

/* The decoder for @encoding, or NULL if it is not an image encoding we
 * decode. */
const VncDecoder *vnc_decoder_find(gint32 encoding);

/* All decoders, for listing; *n_decoders receives the count. */
const VncDecoder *vnc_decoder_list(gsize *n_decoders);

/* State that outlives one rectangle: zlib streams (whose dictionaries
 * persist for the whole connection), scratch buffers. One per
 * connection; created empty, each decoder fills its slot (data and the
 * function that frees it) on first use. */
VncDecoderState *vnc_decoder_state_new(void);
void vnc_decoder_state_free(VncDecoderState *state);

/* @fb's facts (see VncDecodeTarget), asked again only when @fb is not
 * the framebuffer of the previous call. */
const VncDecodeTarget *vnc_decoder_state_target(VncDecoderState *state,
                                                VncFramebuffer *fb);

/* The address of pixel (@x, @y) of the rectangle being decoded in the
 * framebuffer's memory; only when ctx->direct is set. */
static inline guint8 *
vnc_decode_direct_pixel(const VncDecodeContext *ctx, guint x, guint y, guint bpp)
{
    return ctx->direct + (gsize)y * ctx->direct_stride + (gsize)x * bpp;
}

/* Bytes per pixel on the wire for @remote (1, 2 or 4). */
static inline guint
vnc_decode_bytes_per_pixel(const VncPixelFormat *remote)
{
    return remote->bits_per_pixel / 8;
}

/* The decoders, one per file. */
gboolean vnc_decode_raw(VncDecodeContext *ctx, guint16 x, guint16 y,
                        guint16 width, guint16 height, GError **err);
gboolean vnc_decode_copyrect(VncDecodeContext *ctx, guint16 x, guint16 y,
                             guint16 width, guint16 height, GError **err);
gboolean vnc_decode_rre(VncDecodeContext *ctx, guint16 x, guint16 y,
                        guint16 width, guint16 height, GError **err);
gboolean vnc_decode_corre(VncDecodeContext *ctx, guint16 x, guint16 y,
                          guint16 width, guint16 height, GError **err);
gboolean vnc_decode_hextile(VncDecodeContext *ctx, guint16 x, guint16 y,
                            guint16 width, guint16 height, GError **err);
gboolean vnc_decode_zlib(VncDecodeContext *ctx, guint16 x, guint16 y,
                         guint16 width, guint16 height, GError **err);
gboolean vnc_decode_trle(VncDecodeContext *ctx, guint16 x, guint16 y,
                         guint16 width, guint16 height, GError **err);
gboolean vnc_decode_zrle(VncDecodeContext *ctx, guint16 x, guint16 y,
                         guint16 width, guint16 height, GError **err);
gboolean vnc_decode_zywrle(VncDecodeContext *ctx, guint16 x, guint16 y,
                           guint16 width, guint16 height, GError **err);
gboolean vnc_decode_tight(VncDecodeContext *ctx, guint16 x, guint16 y,
                          guint16 width, guint16 height, GError **err);
gboolean vnc_decode_tight_png(VncDecodeContext *ctx, guint16 x, guint16 y,
                              guint16 width, guint16 height, GError **err);

/* ZYWRLE's wavelet depth is not on the wire: servers derive it from the
 * JPEG quality level (0-9) the client announced in SetEncodings. The
 * connection passes that level here whenever it sends SetEncodings (-1
 * when it announced none). */
void vnc_decode_zywrle_set_quality(VncDecoderState *state, gint quality);

G_END_DECLS

#endif /* VNC_DECODER_PRIV_H */
