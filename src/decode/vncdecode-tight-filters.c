/*
 * gtk-vnc: the filters of Tight basic compression
 *
 * Before compressing, a Tight server may pass the rectangle's pixels
 * through a filter:
 *
 *   copy      the TPIXELs as they are
 *   palette   a palette of 1 to 256 TPIXELs, then one index per pixel:
 *             one bit each (rows padded to whole bytes, leftmost pixel in
 *             the top bit) for two colours, one byte each otherwise
 *   gradient  per component, the difference from a prediction made from
 *             the pixels to the left, above, and above-left
 *
 * The filtered rows are inflated a band at a time; this file turns one
 * band into TPIXELs (3-byte RGB, or pixels of the remote format).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "vncdecode-tight-priv.h"
#include "vncdecode-unpack-priv.h"

/* coroutine context */
gboolean
vnc_tight_filter_init(VncTightRect *rect, VncTightFilter *filter,
                      VncTightFilterId id, GError **err)
{
    const VncPixelFormat *remote = rect->ctx->remote;
    gsize tpixel_row = (gsize)rect->width * rect->tpixel_size;

    filter->id = id;
    filter->n_colors = 0;
    filter->pixel_row = tpixel_row;
    filter->pixel_size = rect->tpixel_size;
    filter->pixels_rgb24 = rect->rgb24;

    switch (id) {
    case VNC_TIGHT_FILTER_COPY:
        filter->wire_row = tpixel_row;
        return TRUE;

    case VNC_TIGHT_FILTER_PALETTE: {
        guint8 n_minus_one;
        const guint8 *colors;

        if (!vnc_stream_read_u8(rect->ctx->stream, &n_minus_one, err))
            return FALSE;
        filter->n_colors = n_minus_one + 1u;
        colors = vnc_stream_read_inplace(rect->ctx->stream,
                                         filter->n_colors * rect->tpixel_size,
                                         err);
        if (!colors)
            return FALSE;

        /* 3-byte colours become whole remote pixels once here, rather
         * than each pixel going through rgb24_blt's conversion: blt of
         * the remote format is a plain copy when it matches the local
         * one. */
        if (rect->rgb24) {
            for (guint i = 0; i < filter->n_colors; i++)
                vnc_tight_rgb_to_remote(remote, colors + i * 3,
                                        filter->palette + i * 4);
            filter->pixel_size = 4;
            filter->pixels_rgb24 = FALSE;
            filter->pixel_row = (gsize)rect->width * 4;
        } else {
            memcpy(filter->palette, colors,
                   filter->n_colors * rect->tpixel_size);
        }
        /* Colours past the palette are never read: byte indices are
         * checked against it before a row is expanded, and one-bit
         * indices cannot leave a palette of two. */
        filter->wire_row = filter->n_colors == 2 ?
            ((gsize)rect->width + 7) / 8 : rect->width;
        return TRUE;
    }

    case VNC_TIGHT_FILTER_GRADIENT:
        /* Components are predicted separately, so the filter needs a
         * true-colour format whose pixels have room for them. */
        if (!rect->rgb24) {
            guint bits = remote->bits_per_pixel;

            if (!remote->true_color_flag || (bits != 16 && bits != 32) ||
                remote->red_shift >= bits || remote->green_shift >= bits ||
                remote->blue_shift >= bits) {
                g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server used the Tight gradient filter with "
                            "a pixel format of %u bits per pixel (%s); it "
                            "applies only to 16 and 32 bpp true colour.",
                            bits, remote->true_color_flag ? "true colour" :
                            "colour map");
                return FALSE;
            }
        }
        filter->wire_row = tpixel_row;
        return TRUE;

    default:
        break;
    }

    g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                "The server sent a Tight rectangle with the unknown filter %u.",
                (guint)id);
    return FALSE;
}

/* Palette indices, one byte each. @size is a constant where this is
 * inlined, so the copies become single moves. */
static inline void
vnc_tight_expand_bytes(const guint8 *in, guint8 *out, guint width,
                       const guint8 *palette, const gsize size)
{
    for (guint x = 0; x < width; x++)
        memcpy(out + x * size, palette + in[x] * size, size);
}

/* The largest of @width bytes: sixteen at a time where SSE2 is there
 * (always on x86-64), since every palette row is checked this way. */
static guint8
vnc_tight_row_max(const guint8 *in, guint width)
{
    guint8 top = 0;
    guint x = 0;

#ifdef __SSE2__
    __m128i tops = _mm_setzero_si128();

    for (; x + 16 <= width; x += 16)
        tops = _mm_max_epu8(tops, _mm_loadu_si128((const __m128i *)(in + x)));
    tops = _mm_max_epu8(tops, _mm_srli_si128(tops, 8));
    tops = _mm_max_epu8(tops, _mm_srli_si128(tops, 4));
    tops = _mm_max_epu8(tops, _mm_srli_si128(tops, 2));
    tops = _mm_max_epu8(tops, _mm_srli_si128(tops, 1));
    top = (guint8)_mm_cvtsi128_si32(tops);
#endif
    for (; x < width; x++)
        top = MAX(top, in[x]);
    return top;
}

/* One row of byte indices, which vnc_tight_palette has checked. */
static void
vnc_tight_expand_row(const VncTightFilter *filter, const guint8 *in,
                     guint8 *out, guint width, guint size)
{
    switch (size) {
    case 1: vnc_tight_expand_bytes(in, out, width, filter->palette, 1); break;
    case 2: vnc_tight_expand_bytes(in, out, width, filter->palette, 2); break;
    default: vnc_tight_expand_bytes(in, out, width, filter->palette, 4); break;
    }
}

/* Two colours: one bit per pixel, which cannot leave the palette. */
static void
vnc_tight_expand_bits(VncTightRect *rect, const VncTightFilter *filter,
                      const guint8 *in, guint8 *out, gsize out_stride,
                      guint width, guint16 n_rows)
{
    switch (filter->pixel_size) {
    case 1:
        vnc_unpack_indices(in, filter->wire_row, width, n_rows, out, out_stride,
                           filter->palette, 2, NULL, 1, 1);
        break;
    case 2:
        vnc_unpack_indices(in, filter->wire_row, width, n_rows, out, out_stride,
                           filter->palette, 2, NULL, 2, 1);
        break;
    default:
        vnc_unpack_indices(in, filter->wire_row, width, n_rows, out, out_stride,
                           filter->palette, 2,
                           vnc_unpack_bits1_table_get(rect->ctx->state), 4, 1);
        break;
    }
}

static gboolean
vnc_tight_palette(VncTightRect *rect, VncTightFilter *filter,
                  const guint8 *in, guint8 *out, gsize out_stride, guint16 n_rows,
                  GError **err)
{
    guint width = rect->width;

    if (filter->n_colors == 2) {
        vnc_tight_expand_bits(rect, filter, in, out, out_stride, width, n_rows);
        return TRUE;
    }
    for (guint row = 0; row < n_rows; row++) {
        const guint8 *in_row = in + row * filter->wire_row;

        /* Byte indices cannot leave a full palette. */
        if (filter->n_colors < 256) {
            guint8 top = vnc_tight_row_max(in_row, width);

            if (top >= filter->n_colors) {
                g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server sent a Tight palette of %u colours "
                            "but a pixel uses colour number %u.",
                            filter->n_colors, (guint)top);
                return FALSE;
            }
        }
        vnc_tight_expand_row(filter, in_row, out + row * out_stride,
                             width, filter->pixel_size);
    }
    return TRUE;
}

/* The gradient prediction of one component: left + above - above-left,
 * kept within 0..max. */
static inline guint32
vnc_tight_predict(guint32 left, guint32 above, guint32 above_left, guint32 max)
{
    gint64 guess = (gint64)left + above - above_left;

    if (guess < 0)
        return 0;
    if (guess > max)
        return max;
    return guess;
}

/* The prediction for 8-bit components, without branches. */
static inline guint
vnc_tight_predict8(int left, int above, int above_left)
{
    int guess = left + above - above_left;

    guess = guess < 0 ? 0 : guess;
    return guess > 255 ? 255 : guess;
}

/* 3-byte RGB TPIXELs, 8 bits per component: the common case, written
 * out per component so that the three run side by side. */
static void
vnc_tight_gradient_rgb24_row(const guint8 *in, const guint8 *above,
                             guint8 *out, guint width)
{
    guint r = 0, g = 0, b = 0;            /* the pixel to the left */
    guint ur = 0, ug = 0, ub = 0;         /* the one above that */

    for (guint x = 0; x < width; x++) {
        const guint8 *s = in + x * 3, *a = above + x * 3;
        guint8 *d = out + x * 3;

        r = (vnc_tight_predict8(r, a[0], ur) + s[0]) & 0xff;
        g = (vnc_tight_predict8(g, a[1], ug) + s[1]) & 0xff;
        b = (vnc_tight_predict8(b, a[2], ub) + s[2]) & 0xff;
        d[0] = r;
        d[1] = g;
        d[2] = b;
        ur = a[0];
        ug = a[1];
        ub = a[2];
    }
}

/* The components of 16 and 32 bpp pixels of the remote format. */
typedef struct {
    guint32 max[3];
    guint shift[3];
    guint size;
    gboolean big_endian;
} VncTightComponents;

static inline guint32
vnc_tight_load(const VncTightComponents *fmt, const guint8 *p)
{
    if (fmt->size == 2)
        return fmt->big_endian ? (guint32)p[0] << 8 | p[1] :
            (guint32)p[1] << 8 | p[0];
    return fmt->big_endian ?
        (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3] :
        (guint32)p[3] << 24 | (guint32)p[2] << 16 | (guint32)p[1] << 8 | p[0];
}

static inline void
vnc_tight_store(const VncTightComponents *fmt, guint8 *p, guint32 value)
{
    if (fmt->size == 2) {
        if (fmt->big_endian) {
            p[0] = value >> 8;
            p[1] = value;
        } else {
            p[0] = value;
            p[1] = value >> 8;
        }
    } else if (fmt->big_endian) {
        p[0] = value >> 24;
        p[1] = value >> 16;
        p[2] = value >> 8;
        p[3] = value;
    } else {
        p[0] = value;
        p[1] = value >> 8;
        p[2] = value >> 16;
        p[3] = value >> 24;
    }
}

static void
vnc_tight_gradient_row(const VncTightComponents *fmt, const guint8 *in,
                       const guint8 *above, guint8 *out, guint width)
{
    guint32 left[3] = { 0, 0, 0 };
    guint32 above_left[3] = { 0, 0, 0 };

    for (guint x = 0; x < width; x++) {
        guint32 diff = vnc_tight_load(fmt, in + x * fmt->size);
        guint32 up_pixel = vnc_tight_load(fmt, above + x * fmt->size);
        guint32 pixel = 0;

        for (guint c = 0; c < 3; c++) {
            guint32 max = fmt->max[c];
            guint32 up = (up_pixel >> fmt->shift[c]) & max;
            /* Servers subtract the prediction masked to the component's
             * bits, so adding it back is masked the same way. */
            guint32 value = (vnc_tight_predict(left[c], up, above_left[c], max) +
                             ((diff >> fmt->shift[c]) & max)) & max;

            pixel |= value << fmt->shift[c];
            left[c] = value;
            above_left[c] = up;
        }
        vnc_tight_store(fmt, out + x * fmt->size, pixel);
    }
}

static void
vnc_tight_gradient(VncTightRect *rect, VncTightFilter *filter,
                   const guint8 *in, guint8 *out, gsize out_stride,
                   guint16 first_row, guint16 n_rows)
{
    const VncPixelFormat *remote = rect->ctx->remote;
    VncTightState *state = rect->state;
    VncTightComponents fmt = {
        .max = { remote->red_max, remote->green_max, remote->blue_max },
        .shift = { remote->red_shift, remote->green_shift, remote->blue_shift },
        .size = rect->tpixel_size,
        .big_endian = remote->byte_order == G_BIG_ENDIAN,
    };
    gsize row_len = filter->pixel_row;

    /* Above the first row everything is zero. */
    vnc_tight_scratch(&state->prev, &state->prev_size, row_len);
    if (first_row == 0)
        memset(state->prev, 0, row_len);

    for (guint row = 0; row < n_rows; row++) {
        const guint8 *above = row == 0 ? state->prev : out + (row - 1) * out_stride;

        if (rect->rgb24)
            vnc_tight_gradient_rgb24_row(in + row * row_len, above,
                                         out + row * out_stride, rect->width);
        else
            vnc_tight_gradient_row(&fmt, in + row * row_len, above,
                                   out + row * out_stride, rect->width);
    }

    /* The next band predicts from this band's last row. */
    memcpy(state->prev, out + (n_rows - 1) * out_stride, row_len);
}

gboolean
vnc_tight_filter_apply(VncTightRect *rect, VncTightFilter *filter,
                       const guint8 *in, guint8 *out, gsize out_stride,
                       guint16 first_row, guint16 n_rows, GError **err)
{
    switch (filter->id) {
    case VNC_TIGHT_FILTER_PALETTE:
        return vnc_tight_palette(rect, filter, in, out, out_stride, n_rows, err);
    case VNC_TIGHT_FILTER_GRADIENT:
        vnc_tight_gradient(rect, filter, in, out, out_stride, first_row, n_rows);
        return TRUE;
    case VNC_TIGHT_FILTER_COPY:
    default:
        for (guint row = 0; row < n_rows; row++)
            memcpy(out + row * out_stride, in + row * filter->pixel_row,
                   filter->pixel_row);
        return TRUE;
    }
}
