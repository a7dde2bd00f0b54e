/*
 * gtk-vnc: the ZYWRLE encoding (17)
 *
 * Hitachi's "ZLib YUV Wavelet Run-Length Encoding" is ZRLE (same zlib
 * stream, same tiles) in which a tile the server would have sent raw is
 * first put through a lossy transform: RGB to YUV with the reversible
 * colour transform of JPEG 2000, then 1 to 3 levels of the
 * piecewise-linear Haar wavelet (PLHaar, Senecal et al. 2004), with the
 * coefficients quantised. The coefficients travel as pixels of an inner
 * tile, in any ZRLE subencoding, behind a raw subencoding byte.
 *
 * There is no written specification beyond Hitachi's description and
 * its reference code, so the facts below are the layout that code and
 * the servers derived from it (LibVNCServer, QEMU) put on the wire:
 *
 *  - The wavelet depth is not sent. Servers derive it from the JPEG
 *    quality level the client announced: 3 below quality 3, 2 below 6,
 *    1 otherwise or when none was announced.
 *  - Only the largest part of the tile whose sides are multiples of
 *    2^level is transformed; if that is empty, the tile is plain pixels.
 *  - Each pixel carries three signed 8-bit coefficients in fixed places
 *    of the pixel value, whatever the pixel format's shifts say: at 32
 *    bits per pixel bits 16-23, 8-15 and 0-7; at 16 bits per pixel the
 *    top bits of the fields of 5-6-5 (green max above 31) or 5-5-5.
 *    The first holds V (R - G), the second Y, the third U (B - G).
 *  - The inner tile's pixels, in order, are the coefficients band by
 *    band: for each level from the finest, the three detail bands (the
 *    diagonal one first), then after the last level the low band;
 *    within a band, row by row. After them come the untransformed
 *    pixels: the strip on the right, the strip at the bottom, then the
 *    corner, each row by row.
 *  - 8 bits per pixel is never transformed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-zrle-priv.h"

/* The wavelet depth a server uses for @quality (0 to 9, or -1). */
static guint
vnc_zywrle_level(gint quality)
{
    if (quality < 0 || quality > 9)
        return 1;
    if (quality < 3)
        return 3;
    if (quality < 6)
        return 2;
    return 1;
}

void
vnc_decode_zywrle_set_quality(VncDecoderState *state, gint quality)
{
    vnc_zrle_state_get(state)->quality = quality;
}

/* A value taken modulo 256 into -128..127, as the reference code's
 * stores into signed chars do. */
static inline gint8
vnc_zywrle_wrap(gint v)
{
    v &= 0xff;
    return (gint8)(v >= 128 ? v - 256 : v);
}

/*
 * PLHaar on one pair of coefficients. It maps two 8-bit values to two
 * 8-bit values and is its own inverse, so synthesis runs the same step
 * as analysis. Which branch applies depends on the signs: for different
 * signs the sum is formed first, for equal signs the difference.
 */
static inline void
vnc_zywrle_plhaar(gint8 *a, gint8 *b)
{
    gint x0 = *a, x1 = *b;
    gint orig0 = x0, orig1 = x1;

    if ((x0 ^ x1) & 0x80) {
        x1 += x0;
        if (((x1 ^ orig1) & 0x80) == 0)
            x0 -= x1;
    } else {
        x0 -= x1;
        if (((x0 ^ orig0) & 0x80) == 0)
            x1 += x0;
    }
    *a = vnc_zywrle_wrap(x1);
    *b = vnc_zywrle_wrap(x0);
}

static inline void
vnc_zywrle_plhaar3(gint8 *a, gint8 *b)
{
    vnc_zywrle_plhaar(&a[0], &b[0]);
    vnc_zywrle_plhaar(&a[1], &b[1]);
    vnc_zywrle_plhaar(&a[2], &b[2]);
}

/* Undoes level @l of the transform on a @w x @h array: columns first,
 * then rows, pairing elements 2^l apart among those 2^l apart. */
static void
vnc_zywrle_inverse_level(gint8 (*c)[3], guint w, guint h, guint l)
{
    guint step = 1u << l;

    for (guint x = 0; x < w; x += step) {
        for (guint y = 0; y + step < h; y += 2 * step)
            vnc_zywrle_plhaar3(c[y * w + x], c[(y + step) * w + x]);
    }
    for (guint y = 0; y < h; y += step) {
        for (guint x = 0; x + step < w; x += 2 * step)
            vnc_zywrle_plhaar3(c[y * w + x], c[y * w + x + step]);
    }
}

typedef enum {
    VNC_ZYWRLE_888,
    VNC_ZYWRLE_565,
    VNC_ZYWRLE_555,
} VncZywrleLayout;

static inline guint32
vnc_zywrle_load(const guint8 *p, guint bpp, gboolean big)
{
    if (bpp == 2)
        return big ? (p[0] << 8) | p[1] : (p[1] << 8) | p[0];
    if (big)
        return ((guint32)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    return ((guint32)p[3] << 24) | (p[2] << 16) | (p[1] << 8) | p[0];
}

static inline void
vnc_zywrle_store(guint8 *p, guint32 v, guint bpp, gboolean big)
{
    if (bpp == 2) {
        p[big ? 0 : 1] = v >> 8;
        p[big ? 1 : 0] = v;
    } else if (big) {
        p[0] = v >> 24;
        p[1] = v >> 16;
        p[2] = v >> 8;
        p[3] = v;
    } else {
        p[3] = v >> 24;
        p[2] = v >> 16;
        p[1] = v >> 8;
        p[0] = v;
    }
}

/* The three 8-bit fields of a pixel: [0] blue/U, [1] green/Y,
 * [2] red/V, each left-aligned in its byte. */
static inline void
vnc_zywrle_fields(guint32 v, VncZywrleLayout layout, gint8 out[3])
{
    switch (layout) {
    case VNC_ZYWRLE_888:
        out[2] = vnc_zywrle_wrap(v >> 16);
        out[1] = vnc_zywrle_wrap(v >> 8);
        out[0] = vnc_zywrle_wrap(v);
        break;
    case VNC_ZYWRLE_565:
        out[2] = vnc_zywrle_wrap(((v >> 11) & 0x1f) << 3);
        out[1] = vnc_zywrle_wrap(((v >> 5) & 0x3f) << 2);
        out[0] = vnc_zywrle_wrap((v & 0x1f) << 3);
        break;
    case VNC_ZYWRLE_555:
        out[2] = vnc_zywrle_wrap(((v >> 10) & 0x1f) << 3);
        out[1] = vnc_zywrle_wrap(((v >> 5) & 0x1f) << 3);
        out[0] = vnc_zywrle_wrap((v & 0x1f) << 3);
        break;
    }
}

/* @old supplies the bits the fields leave alone (the top byte at 32
 * bits per pixel). */
static inline guint32
vnc_zywrle_pixel(guint r, guint g, guint b, guint32 old,
                 VncZywrleLayout layout)
{
    switch (layout) {
    case VNC_ZYWRLE_888:
        return (old & 0xff000000u) | (r << 16) | (g << 8) | b;
    case VNC_ZYWRLE_565:
        return ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
    default:
        return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    }
}

static inline guint
vnc_zywrle_clamp(gint v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

/* Floor division by 4, also for negative values. */
static inline gint
vnc_zywrle_floor4(gint v)
{
    return v >= 0 ? v / 4 : -((-v + 3) / 4);
}

void
vnc_zywrle_synthesize(VncRleTileDecoder *d, guint8 *tile,
                      guint tw, guint th)
{
    guint level = d->zywrle_level;
    guint bpp = d->cpixel.bpp;
    gboolean big = d->remote->byte_order == G_BIG_ENDIAN;
    guint w = tw & ~((1u << level) - 1);
    guint h = th & ~((1u << level) - 1);
    VncZywrleLayout layout;
    gint8 (*c)[3] = d->coeff;
    const guint8 *copy = d->copy;
    gsize seq = 0;

    if (w == 0 || h == 0 || bpp < 2)
        return;
    if (bpp == 4)
        layout = VNC_ZYWRLE_888;
    else if (d->remote->green_max > 31)
        layout = VNC_ZYWRLE_565;
    else
        layout = VNC_ZYWRLE_555;

    memcpy(d->copy, tile, (gsize)tw * th * bpp);

    /* Coefficients, band by band. At level l the bands are the
     * elements 2^(l+1) apart starting at (2^l, 2^l), (0, 2^l) and
     * (2^l, 0); after the last level, those starting at (0, 0). */
    for (guint l = 0; l < level; l++) {
        guint step = 2u << l;
        guint half = step / 2;

        for (gint band = 3; band >= 0; band--) {
            guint x0 = (band & 1) ? half : 0;
            guint y0 = (band & 2) ? half : 0;

            if (band == 0 && l != level - 1)
                break;
            for (guint y = y0; y < h; y += step) {
                for (guint x = x0; x < w; x += step) {
                    vnc_zywrle_fields(vnc_zywrle_load(copy + seq * bpp,
                                                      bpp, big),
                                      layout, c[y * w + x]);
                    seq++;
                }
            }
        }
    }

    /* The pixels outside the transformed part, sent as they are. */
    for (guint y = 0; y < h; y++) {
        for (guint x = w; x < tw; x++)
            memcpy(tile + (y * tw + x) * bpp, copy + seq++ * bpp, bpp);
    }
    for (guint y = h; y < th; y++) {
        for (guint x = 0; x < w; x++)
            memcpy(tile + (y * tw + x) * bpp, copy + seq++ * bpp, bpp);
    }
    for (guint y = h; y < th; y++) {
        for (guint x = w; x < tw; x++)
            memcpy(tile + (y * tw + x) * bpp, copy + seq++ * bpp, bpp);
    }

    for (gint l = level - 1; l >= 0; l--)
        vnc_zywrle_inverse_level(c, w, h, l);

    /* YUV back to RGB: the inverse of Y = (R + 2G + B) / 4 - 128,
     * U = (B - G) / 2, V = (R - G) / 2, rounding as the encoder did. */
    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            const gint8 *k = c[y * w + x];
            gint yy = k[1] + 128;
            gint u = k[0] * 2;
            gint v = k[2] * 2;
            gint g = yy - vnc_zywrle_floor4(u + v);
            guint8 *p = tile + (y * tw + x) * bpp;
            guint32 old = vnc_zywrle_load(copy + (y * tw + x) * bpp, bpp, big);

            vnc_zywrle_store(p,
                             vnc_zywrle_pixel(vnc_zywrle_clamp(v + g),
                                              vnc_zywrle_clamp(g),
                                              vnc_zywrle_clamp(u + g),
                                              old, layout),
                             bpp, big);
        }
    }
}

/* coroutine context */
gboolean
vnc_decode_zywrle(VncDecodeContext *ctx, guint16 x, guint16 y,
                  guint16 width, guint16 height, GError **err)
{
    guint level = vnc_zywrle_level(vnc_zrle_state_get(ctx->state)->quality);

    return vnc_decode_zrle_rect(ctx, "ZYWRLE", level, x, y, width, height,
                                err);
}
