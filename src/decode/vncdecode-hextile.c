/*
 * gtk-vnc: the Hextile encoding (5)
 *
 * The rectangle is cut into 16x16 tiles, left to right, top to bottom,
 * the last column and row smaller when the size is not a multiple of 16.
 * Each tile is raw pixels, or a background with subrectangles whose
 * positions and sizes fit in a nibble each (RFC 6143, 7.7.4).
 *
 * A tile is drawn into a small scratch tile and handed to the
 * framebuffer with one blt; tiles that are only background become one
 * fill.
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
    guint bpp;
    guint8 bg[4];
    guint8 fg[4];
    gboolean have_bg;
    gboolean have_fg;
    guint8 tile[VNC_HEXTILE_SIZE * VNC_HEXTILE_SIZE * 4];
} VncHextile;

/* coroutine context: a tile of background and subrectangles, at (@tx,
 * @ty) of size @tw x @th in the framebuffer. */
static gboolean
vnc_hextile_subrects(VncDecodeContext *ctx, VncHextile *h, guint8 mask,
                     guint16 tx, guint16 ty, guint tw, guint th,
                     GError **err)
{
    guint bpp = h->bpp;
    gboolean coloured = mask & VNC_HEXTILE_SUBRECTS_COLOURED;
    gsize subrect_size = coloured ? bpp + 2 : 2;
    gsize stride = tw * bpp;
    const guint8 *p;
    guint8 count;

    if (!vnc_stream_read_u8(ctx->stream, &count, err))
        return FALSE;
    if (count > 0 && !coloured && !h->have_fg) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "A Hextile tile has subrectangles in the foreground "
                    "colour, but no foreground colour was given.");
        return FALSE;
    }
    p = vnc_stream_read_inplace(ctx->stream, count * subrect_size, err);
    if (!p)
        return FALSE;

    for (guint row = 0; row < th; row++)
        vnc_pixel_fill(h->tile + row * stride, h->bg, tw, bpp);

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
        for (guint row = sy; row < sy + sh; row++)
            vnc_pixel_fill(h->tile + row * stride + sx * bpp, h->fg, sw, bpp);
    }

    vnc_framebuffer_blt(ctx->fb, h->tile, stride, tx, ty, tw, th);
    return TRUE;
}

/* coroutine context */
static gboolean
vnc_hextile_tile(VncDecodeContext *ctx, VncHextile *h,
                 guint16 tx, guint16 ty, guint tw, guint th, GError **err)
{
    guint bpp = h->bpp;
    guint8 mask;

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
        vnc_framebuffer_blt(ctx->fb, (guint8 *)pixels, tw * bpp,
                            tx, ty, tw, th);
        return TRUE;
    }

    if (mask & VNC_HEXTILE_BACKGROUND) {
        const guint8 *p = vnc_stream_read_inplace(ctx->stream, bpp, err);

        if (!p)
            return FALSE;
        vnc_pixel_copy(h->bg, p, bpp);
        h->have_bg = TRUE;
    } else if (!h->have_bg) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The first Hextile tile of a rectangle gives no "
                    "background colour.");
        return FALSE;
    }

    /* The spec forbids this bit together with coloured subrectangles;
     * reading it first does what such a server means. */
    if (mask & VNC_HEXTILE_FOREGROUND) {
        const guint8 *p = vnc_stream_read_inplace(ctx->stream, bpp, err);

        if (!p)
            return FALSE;
        vnc_pixel_copy(h->fg, p, bpp);
        h->have_fg = TRUE;
    }

    if (!(mask & VNC_HEXTILE_ANY_SUBRECTS)) {
        vnc_framebuffer_fill(ctx->fb, h->bg, tx, ty, tw, th);
        return TRUE;
    }
    return vnc_hextile_subrects(ctx, h, mask, tx, ty, tw, th, err);
}

/* coroutine context */
gboolean
vnc_decode_hextile(VncDecodeContext *ctx, guint16 x, guint16 y,
                   guint16 width, guint16 height, GError **err)
{
    VncHextile h = { 0 };

    if (!vnc_decode_check_bpp(ctx->remote, "Hextile", err))
        return FALSE;
    h.bpp = vnc_decode_bytes_per_pixel(ctx->remote);

    /* guint loop counters: x + width may be 65536 at the far edge. */
    for (guint ty = y; ty < (guint)y + height; ty += VNC_HEXTILE_SIZE) {
        guint th = MIN(VNC_HEXTILE_SIZE, (guint)y + height - ty);

        for (guint tx = x; tx < (guint)x + width; tx += VNC_HEXTILE_SIZE) {
            guint tw = MIN(VNC_HEXTILE_SIZE, (guint)x + width - tx);

            if (!vnc_hextile_tile(ctx, &h, tx, ty, tw, th, err))
                return FALSE;
        }
    }
    return TRUE;
}
