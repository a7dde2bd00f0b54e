/*
 * gtk-vnc: packed palette indices to pixels
 *
 * ZRLE/TRLE packed-palette tiles and Tight's two-colour palettes send
 * one index of 1, 2 or 4 bits per pixel, the leftmost pixel in the top
 * bits of a byte, every row padded to a whole byte. Both decoders
 * expand them here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_DECODE_UNPACK_PRIV_H
#define VNC_DECODE_UNPACK_PRIV_H

#include <string.h>

#include "vncdecode-pixel-priv.h"

#ifndef VNC_ALWAYS_INLINE
#if defined(__GNUC__)
#define VNC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define VNC_ALWAYS_INLINE inline
#endif
#endif

/* The first index in packed rows that is not below @psize, or -1. */
static inline gint
vnc_unpack_find_bad_index(const guint8 *src, gsize row_bytes, guint tw, guint th,
                          guint psize, guint bits)
{
    guint mask = (1u << bits) - 1;

    for (guint y = 0; y < th; y++) {
        const guint8 *row = src + y * row_bytes;

        for (guint x = 0; x < tw; x++) {
            guint bit = x * bits;
            guint idx = (row[bit / 8] >> (8 - bits - bit % 8)) & mask;

            if (idx >= psize)
                return idx;
        }
    }
    return -1;
}

/* The rows through the nibble table; @check is a constant where this is
 * inlined, so the loop that need not look for bad indices has no test. */
static VNC_ALWAYS_INLINE guint
vnc_unpack_rows(const guint8 *src, gsize row_bytes, guint th, guint full, guint rest,
                guint8 *out, gsize out_stride, const guint8 *palette, guint psize,
                const guint8 *table, const guint8 *bad,
                const guint bpp, const guint bits, const gboolean check)
{
    const guint entry = 4 / bits * bpp;
    const guint mask = (1u << bits) - 1;
    guint any_bad = 0;

    for (guint y = 0; y < th; y++) {
        const guint8 *row = src + y * row_bytes;
        guint8 *o = out + y * out_stride;

        for (guint i = 0; i < full; i++) {
            guint hi = row[i] >> 4, lo = row[i] & 15;

            memcpy(o, table + hi * entry, entry);
            memcpy(o + entry, table + lo * entry, entry);
            o += 2 * entry;
            if (check)
                any_bad |= bad[hi] | bad[lo];
        }
        for (guint k = 0; k < rest; k++) {
            guint idx = (row[full] >> (8 - bits * (k + 1))) & mask;

            any_bad |= idx >= psize;
            vnc_pixel_copy(o, palette + idx * bpp, bpp);
            o += bpp;
        }
    }
    return any_bad;
}

/*
 * Expands @th rows of @tw packed indices of @bits each into pixels of
 * @bpp bytes from @palette, which has @psize colours but room for 16
 * (with 4-bit indices all 16 are read, though only valid ones are
 * used). @bits and @bpp are constants where this is inlined.
 *
 * Packed palettes are most of a desktop's ZRLE tiles (text, icons), so
 * this is an inner loop. It works a nibble at a time: a table made per
 * call holds, for each of the 16 nibble values, the 4, 2 or 1 pixels it
 * stands for, and each nibble becomes one fixed-size copy. The table
 * also says which nibbles hold an index beyond the palette, checked
 * only when the palette size is not a power of two.
 *
 * Returns -1, or an index that is not in the palette (the rows are then
 * partly written).
 */
static VNC_ALWAYS_INLINE gint
vnc_unpack_indices(const guint8 *src, gsize row_bytes, guint tw, guint th,
                   guint8 *out, gsize out_stride, const guint8 *palette, guint psize,
                   const guint bpp, const guint bits)
{
    const guint per_nibble = 4 / bits;
    const guint entry = per_nibble * bpp;
    const guint mask = (1u << bits) - 1;
    guint8 table[16 * 16];
    guint8 bad[16];
    gboolean check = psize != (1u << bits);
    guint full = tw * bits / 8;
    guint rest = tw - full * 8 / bits;
    guint any_bad = 0;

    /* Tiny areas do not repay the table. */
    if ((gsize)tw * th < 32) {
        for (guint y = 0; y < th; y++) {
            const guint8 *row = src + y * row_bytes;
            guint8 *o = out + y * out_stride;

            for (guint x = 0; x < tw; x++) {
                guint bit = x * bits;
                guint idx = (row[bit / 8] >> (8 - bits - bit % 8)) & mask;

                any_bad |= idx >= psize;
                vnc_pixel_copy(o, palette + idx * bpp, bpp);
                o += bpp;
            }
        }
        return any_bad ?
            vnc_unpack_find_bad_index(src, row_bytes, tw, th, psize, bits) : -1;
    }

    /* The table, built from the palette with as few copies as possible:
     * it is rebuilt for every call. */
    if (bits == 4) {
        memcpy(table, palette, 16 * bpp);
    } else if (bits == 2) {
        for (guint n = 0; n < 16; n++) {
            vnc_pixel_copy(table + n * entry, palette + (n >> 2) * bpp, bpp);
            vnc_pixel_copy(table + n * entry + bpp, palette + (n & 3) * bpp,
                           bpp);
        }
    } else {
        guint8 pairs[4 * 2 * 4];

        for (guint m = 0; m < 4; m++) {
            vnc_pixel_copy(pairs + m * 2 * bpp, palette + (m >> 1) * bpp, bpp);
            vnc_pixel_copy(pairs + m * 2 * bpp + bpp, palette + (m & 1) * bpp,
                           bpp);
        }
        for (guint n = 0; n < 16; n++) {
            memcpy(table + n * entry, pairs + (n >> 2) * 2 * bpp, 2 * bpp);
            memcpy(table + n * entry + 2 * bpp, pairs + (n & 3) * 2 * bpp,
                   2 * bpp);
        }
    }

    if (check) {
        for (guint n = 0; n < 16; n++) {
            bad[n] = 0;
            for (guint k = 0; k < per_nibble; k++)
                bad[n] |= ((n >> (4 - bits * (k + 1))) & mask) >= psize;
        }
        any_bad = vnc_unpack_rows(src, row_bytes, th, full, rest, out, out_stride,
                                  palette, psize, table, bad, bpp, bits, TRUE);
    } else {
        any_bad = vnc_unpack_rows(src, row_bytes, th, full, rest, out, out_stride,
                                  palette, psize, table, NULL, bpp, bits, FALSE);
    }

    if (!any_bad)
        return -1;
    return vnc_unpack_find_bad_index(src, row_bytes, tw, th, psize, bits);
}

#endif /* VNC_DECODE_UNPACK_PRIV_H */
