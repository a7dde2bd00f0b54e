/*
 * gtk-vnc: the Hextile encoding (5)
 *
 * The rectangle is cut into 16x16 tiles, left to right, top to bottom,
 * the last column and row smaller when the size is not a multiple of 16.
 * Each tile is raw pixels, or a background with subrectangles whose
 * positions and sizes fit in a nibble each (RFC 6143, 7.7.4).
 *
 * A tile is painted on a canvas: the framebuffer's own memory when it
 * stores pixels as they come (ctx->direct), else a small scratch tile
 * handed to the framebuffer with one blt. Tiles that are only background
 * become one fill. Subrectangles are a few pixels each and there are
 * millions of them on a busy desktop, so the painting is done per pixel
 * size (1, 2 or 4 bytes), with plain stores rather than library calls.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-pixel-priv.h"

#define VNC_HEXTILE_SIZE 16

enum {
    VNC_HEXTILE_RAW = 1 << 0,
    VNC_HEXTILE_BACKGROUND = 1 << 1,
    VNC_HEXTILE_FOREGROUND = 1 << 2,
    VNC_HEXTILE_ANY_SUBRECTS = 1 << 3,
    VNC_HEXTILE_SUBRECTS_COLOURED = 1 << 4,
    VNC_HEXTILE_KNOWN_BITS = (1 << 5) - 1,
};

typedef struct {
    guint8 bg[4];
    guint8 fg[4];
    gboolean have_bg;
    gboolean have_fg;
    /* A whole tile row of the background, made when the background is
     * first painted after it changed: most tiles are 16 pixels wide, and
     * copying a row of constant size is a few wide stores. */
    gboolean bg_row_ready;
    guint8 bg_row[VNC_HEXTILE_SIZE * 4];
    guint8 tile[VNC_HEXTILE_SIZE * VNC_HEXTILE_SIZE * 4];
} VncHextile;

/* Paints @width x @height pixels of @pixel at @dst, rows @stride bytes
 * apart. The pixel's bytes are stored as they are, so any alignment and
 * byte order will do. Inlined with a constant @bpp. */
static VNC_DECODE_INLINE void
vnc_hextile_paint(guint8 *dst, gsize stride, guint width, guint height,
                  const guint8 *pixel, guint bpp)
{
    if (bpp == 1) {
        for (guint row = 0; row < height; row++, dst += stride)
            memset(dst, pixel[0], width);
    } else if (bpp == 2) {
        guint16 value;

        memcpy(&value, pixel, 2);
        for (guint row = 0; row < height; row++, dst += stride) {
            for (guint i = 0; i < width; i++)
                memcpy(dst + 2 * i, &value, 2);
        }
    } else {
        guint32 value;

        memcpy(&value, pixel, 4);
        for (guint row = 0; row < height; row++, dst += stride) {
            for (guint i = 0; i < width; i++)
                memcpy(dst + 4 * i, &value, 4);
        }
    }
}

/* Paints the background over @width x @height pixels at @dst. */
static VNC_DECODE_INLINE void
vnc_hextile_paint_bg(VncHextile *h, guint8 *dst, gsize stride,
                     guint width, guint height, guint bpp)
{
    if (width != VNC_HEXTILE_SIZE) {
        vnc_hextile_paint(dst, stride, width, height, h->bg, bpp);
        return;
    }
    if (!h->bg_row_ready) {
        vnc_hextile_paint(h->bg_row, 0, VNC_HEXTILE_SIZE, 1, h->bg, bpp);
        h->bg_row_ready = TRUE;
    }
    for (guint row = 0; row < height; row++, dst += stride)
        memcpy(dst, h->bg_row, VNC_HEXTILE_SIZE * bpp);
}

/* coroutine context: one tile at (@tx, @ty) of size @tw x @th. The
 * framebuffer memory, when used, is only written inside the tile, and
 * the tile lies inside the rectangle the connection checked. */
static VNC_DECODE_INLINE gboolean
vnc_hextile_tile(VncDecodeContext *ctx, VncHextile *h,
                 guint tx, guint ty, guint tw, guint th, guint bpp,
                 GError **err)
{
    guint8 *canvas;
    gsize stride;
    const guint8 *p;
    guint8 mask, count;
    gsize subrect_size;

    if (!vnc_stream_read_u8(ctx->stream, &mask, err))
        return FALSE;
    if (mask & ~VNC_HEXTILE_KNOWN_BITS) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "A Hextile tile has the unknown subencoding 0x%02x.",
                    mask);
        return FALSE;
    }

    if (mask & VNC_HEXTILE_RAW) {
        const guint8 *pixels =
            vnc_stream_read_inplace(ctx->stream, tw * th * bpp, err);

        if (!pixels)
            return FALSE;
        if (ctx->direct) {
            guint8 *dst = vnc_decode_direct_pixel(ctx, tx, ty, bpp);

            for (guint row = 0; row < th; row++, dst += ctx->direct_stride)
                memcpy(dst, pixels + row * tw * bpp, tw * bpp);
        } else {
            vnc_framebuffer_blt(ctx->fb, (guint8 *)pixels, tw * bpp,
                                tx, ty, tw, th);
        }
        return TRUE;
    }

    if (mask & VNC_HEXTILE_BACKGROUND) {
        p = vnc_stream_read_inplace(ctx->stream, bpp, err);
        if (!p)
            return FALSE;
        vnc_pixel_copy(h->bg, p, bpp);
        h->have_bg = TRUE;
        h->bg_row_ready = FALSE;
    } else if (!h->have_bg) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The first Hextile tile of a rectangle gives no "
                    "background colour.");
        return FALSE;
    }

    /* The spec forbids this bit together with coloured subrectangles;
     * reading it first does what such a server means. */
    if (mask & VNC_HEXTILE_FOREGROUND) {
        p = vnc_stream_read_inplace(ctx->stream, bpp, err);
        if (!p)
            return FALSE;
        vnc_pixel_copy(h->fg, p, bpp);
        h->have_fg = TRUE;
    }

    if (!(mask & VNC_HEXTILE_ANY_SUBRECTS)) {
        if (ctx->direct)
            vnc_hextile_paint_bg(h, vnc_decode_direct_pixel(ctx, tx, ty, bpp),
                                 ctx->direct_stride, tw, th, bpp);
        else
            vnc_framebuffer_fill(ctx->fb, h->bg, tx, ty, tw, th);
        return TRUE;
    }

    gboolean coloured = mask & VNC_HEXTILE_SUBRECTS_COLOURED;

    if (!vnc_stream_read_u8(ctx->stream, &count, err))
        return FALSE;
    if (count > 0 && !coloured && !h->have_fg) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "A Hextile tile has subrectangles in the foreground "
                    "colour, but no foreground colour was given.");
        return FALSE;
    }
    subrect_size = coloured ? bpp + 2 : 2;
    p = vnc_stream_read_inplace(ctx->stream, count * subrect_size, err);
    if (!p)
        return FALSE;

    if (ctx->direct) {
        canvas = vnc_decode_direct_pixel(ctx, tx, ty, bpp);
        stride = ctx->direct_stride;
    } else {
        canvas = h->tile;
        stride = tw * bpp;
    }
    vnc_hextile_paint_bg(h, canvas, stride, tw, th, bpp);

    for (guint i = 0; i < count; i++) {
        guint sx, sy, sw, sh;

        if (coloured) {
            /* Decoders in the wild keep the last subrectangle's colour
             * as the foreground of later tiles; do the same. */
            vnc_pixel_copy(h->fg, p, bpp);
            h->have_fg = TRUE;
            p += bpp;
        }
        sx = p[0] >> 4;
        sy = p[0] & 0xf;
        sw = (p[1] >> 4) + 1;
        sh = (p[1] & 0xf) + 1;
        p += 2;

        if (sx + sw > tw || sy + sh > th) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "A Hextile subrectangle at (%u, %u) of size %ux%u "
                        "reaches outside its %ux%u tile.",
                        sx, sy, sw, sh, tw, th);
            return FALSE;
        }
        vnc_hextile_paint(canvas + sy * stride + sx * bpp, stride, sw, sh,
                          h->fg, bpp);
    }

    if (!ctx->direct)
        vnc_framebuffer_blt(ctx->fb, h->tile, stride, tx, ty, tw, th);
    return TRUE;
}

/* coroutine context: the tiles of the rectangle, with a constant @bpp
 * once inlined. */
static VNC_DECODE_INLINE gboolean
vnc_hextile_rect(VncDecodeContext *ctx, guint x, guint y,
                 guint width, guint height, guint bpp, GError **err)
{
    VncHextile h = { 0 };

    /* guint loop counters: x + width may be 65536 at the far edge. */
    for (guint ty = y; ty < y + height; ty += VNC_HEXTILE_SIZE) {
        guint th = MIN(VNC_HEXTILE_SIZE, y + height - ty);

        for (guint tx = x; tx < x + width; tx += VNC_HEXTILE_SIZE) {
            guint tw = MIN(VNC_HEXTILE_SIZE, x + width - tx);

            if (!vnc_hextile_tile(ctx, &h, tx, ty, tw, th, bpp, err))
                return FALSE;
        }
    }
    return TRUE;
}

static gboolean
vnc_hextile_rect8(VncDecodeContext *ctx, guint x, guint y,
                  guint width, guint height, GError **err)
{
    return vnc_hextile_rect(ctx, x, y, width, height, 1, err);
}

static gboolean
vnc_hextile_rect16(VncDecodeContext *ctx, guint x, guint y,
                   guint width, guint height, GError **err)
{
    return vnc_hextile_rect(ctx, x, y, width, height, 2, err);
}

static gboolean
vnc_hextile_rect32(VncDecodeContext *ctx, guint x, guint y,
                   guint width, guint height, GError **err)
{
    return vnc_hextile_rect(ctx, x, y, width, height, 4, err);
}

/* coroutine context */
gboolean
vnc_decode_hextile(VncDecodeContext *ctx, guint16 x, guint16 y,
                   guint16 width, guint16 height, GError **err)
{
    if (!vnc_decode_check_bpp(ctx->remote, "Hextile", err))
        return FALSE;

    switch (vnc_decode_bytes_per_pixel(ctx->remote)) {
    case 1:
        return vnc_hextile_rect8(ctx, x, y, width, height, err);
    case 2:
        return vnc_hextile_rect16(ctx, x, y, width, height, err);
    default:
        return vnc_hextile_rect32(ctx, x, y, width, height, err);
    }
}
