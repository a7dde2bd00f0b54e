/*
 * gtk-vnc: pixels as the decoders see them
 *
 * Decoders keep pixels in the remote format, as the bytes that came off
 * the wire, and hand them to the framebuffer, which converts. These
 * helpers check the format, copy pixels of a known size, and expand the
 * compact 3-byte pixels (CPIXEL) of ZRLE and TRLE.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DECODE_PIXEL_PRIV_H
#define VNC_DECODE_PIXEL_PRIV_H

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "vncdecoder-priv.h"

G_BEGIN_DECLS

/* For the few functions that decoders instantiate once per pixel size:
 * inlined with a constant size, their inner loops lose every branch on
 * it. */
#if defined(__GNUC__) || defined(__clang__)
#define VNC_DECODE_INLINE inline __attribute__((always_inline))
#else
#define VNC_DECODE_INLINE inline
#endif

/* Decoders only know the three sizes RFB allows on the wire; the
 * connection should have refused anything else, but a decoder must not
 * rely on it. */
static inline gboolean
vnc_decode_check_bpp(const VncPixelFormat *remote, const char *encoding,
                     GError **err)
{
    switch (remote->bits_per_pixel) {
    case 8:
    case 16:
    case 32:
        return TRUE;
    default:
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "Cannot decode %s rectangles at %u bits per pixel.",
                    encoding, remote->bits_per_pixel);
        return FALSE;
    }
}

/* Copies one pixel of @bpp bytes (1, 2 or 4). With a constant @bpp the
 * compiler turns this into a single load and store. */
static inline void
vnc_pixel_copy(guint8 *dst, const guint8 *src, guint bpp)
{
    switch (bpp) {
    case 1:
        dst[0] = src[0];
        break;
    case 2:
        memcpy(dst, src, 2);
        break;
    default:
        memcpy(dst, src, 4);
        break;
    }
}

#ifdef __SSE2__
/* @count 32-bit pixels @src at @dst, four per store. Runs and fills of
 * small rectangles (a QEMU text cell, a ZRLE tile of one colour) are a
 * few dozen pixels a row, where a library call per row costs more than
 * the stores; from VNC_PIXEL_FILL32_MAX on, memcpy's wider stores win. */
#define VNC_PIXEL_FILL32_MAX 32

static inline void
vnc_pixel_fill32(guint8 *dst, const guint8 *src, gsize count)
{
    guint32 value;
    __m128i four;
    gsize i = 0;

    memcpy(&value, src, 4);
    four = _mm_set1_epi32((int)value);
    for (; i + 4 <= count; i += 4)
        _mm_storeu_si128((__m128i *)(dst + 4 * i), four);
    for (; i < count; i++)
        memcpy(dst + 4 * i, &value, 4);
}
#endif

/* Writes @count copies of the pixel @src at @dst. Long runs double
 * what is written already with memcpy, which beats a store per pixel. */
static inline void
vnc_pixel_fill(guint8 *dst, const guint8 *src, gsize count, guint bpp)
{
    gsize total, done;

    if (bpp == 1) {
        memset(dst, src[0], count);
        return;
    }
#ifdef __SSE2__
    if (bpp == 4 && count <= VNC_PIXEL_FILL32_MAX) {
        vnc_pixel_fill32(dst, src, count);
        return;
    }
#endif
    if (count < 8) {
        for (gsize i = 0; i < count; i++)
            vnc_pixel_copy(dst + i * bpp, src, bpp);
        return;
    }
    vnc_pixel_copy(dst, src, bpp);
    total = count * bpp;
    for (done = bpp; done < total;) {
        gsize n = MIN(done, total - done);

        memcpy(dst + done, dst, n);
        done += n;
    }
}

/* Paints @width x @height pixels of @src at @dst, rows @stride bytes
 * apart (a rectangle of the framebuffer's memory): the first row
 * filled, the others copies of it. */
static inline void
vnc_pixel_fill_rect(guint8 *dst, gsize stride, const guint8 *src,
                    guint width, guint height, guint bpp)
{
    gsize row_bytes = (gsize)width * bpp;

#ifdef __SSE2__
    if (bpp == 4 && width <= VNC_PIXEL_FILL32_MAX) {
        for (guint row = 0; row < height; row++)
            vnc_pixel_fill32(dst + row * stride, src, width);
        return;
    }
#endif
    vnc_pixel_fill(dst, src, width, bpp);
    for (guint row = 1; row < height; row++)
        memcpy(dst + row * stride, dst, row_bytes);
}

/*
 * A CPIXEL (RFC 6143, 7.7.5 and 7.7.6) is a PIXEL, except in true colour
 * at 32 bits per pixel with a depth of 24 or less when the red, green
 * and blue bits all lie in the three least or the three most significant
 * bytes of the pixel value: then only those three bytes are sent. When
 * both would do (depth 16 or less), the spec's convention is the least
 * significant three.
 *
 * Which wire bytes those are depends on the byte order: the least
 * significant three are the first three of a little-endian pixel but the
 * last three of a big-endian one. Expanding a CPIXEL is therefore putting
 * a zero byte either after the three (@pad_offset 3) or before them
 * (@pad_offset 0).
 */
typedef struct {
    guint bpp;          /* bytes of a full pixel: 1, 2 or 4 */
    guint size;         /* bytes of a CPIXEL on the wire: bpp, or 3 */
    guint pad_offset;   /* when size is 3: where the zero byte goes */
} VncCPixel;

static inline void
vnc_cpixel_init(VncCPixel *cp, const VncPixelFormat *remote)
{
    cp->bpp = remote->bits_per_pixel / 8;
    cp->size = cp->bpp;
    cp->pad_offset = 0;

    if (remote->true_color_flag && remote->bits_per_pixel == 32 &&
        remote->depth <= 24) {
        guint64 mask =
            ((guint64)remote->red_max << remote->red_shift) |
            ((guint64)remote->green_max << remote->green_shift) |
            ((guint64)remote->blue_max << remote->blue_shift);
        gboolean low = mask < (G_GUINT64_CONSTANT(1) << 24);
        gboolean high = (mask & 0xff) == 0 &&
            mask < (G_GUINT64_CONSTANT(1) << 32);

        if (low || high) {
            gboolean big = remote->byte_order == G_BIG_ENDIAN;

            cp->size = 3;
            /* little-endian, low bytes: wire bytes 0-2 hold them, the
             * zero is byte 3; big-endian, low bytes: wire bytes 1-3, the
             * zero is byte 0; the high bytes the other way round. */
            cp->pad_offset = (low != big) ? 3 : 0;
        }
    }
}

/* Expands the CPIXEL at @src into a full remote pixel at @dst. */
static inline void
vnc_cpixel_expand(const VncCPixel *cp, guint8 *dst, const guint8 *src)
{
    if (cp->size != 3) {
        vnc_pixel_copy(dst, src, cp->bpp);
    } else if (cp->pad_offset == 3) {
        dst[0] = src[0];
        dst[1] = src[1];
        dst[2] = src[2];
        dst[3] = 0;
    } else {
        dst[0] = 0;
        dst[1] = src[0];
        dst[2] = src[1];
        dst[3] = src[2];
    }
}

G_END_DECLS

#endif /* VNC_DECODE_PIXEL_PRIV_H */
