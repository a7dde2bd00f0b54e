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
#include "vncdecoder-priv.h"

#ifndef VNC_ALWAYS_INLINE
#if defined(__GNUC__)
#define VNC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define VNC_ALWAYS_INLINE inline
#endif
#endif

/*
 * Two colours at 32 bits a pixel, a byte (eight pixels) at a time: for
 * each of the 256 byte values, the eight pixels it stands for. Text is
 * drawn in two colours that stay the same for long, and a QEMU console
 * sends it a character cell or a line at a time (a Tight rectangle of
 * 16x7 pixels is typical), so building a table for every rectangle
 * would cost more than using it: this one is kept in the decoder state
 * and rebuilt only when the colours change.
 */
typedef struct {
    guint8 colours[2 * 4];   /* the palette it was built for */
    gboolean valid;
    guint8 pixels[256 * 8 * 4];
} VncUnpackBits1Table;

static inline VncUnpackBits1Table *
vnc_unpack_bits1_table_get(VncDecoderState *state)
{
    if (!state->data[VNC_DECODER_SLOT_UNPACK]) {
        state->data[VNC_DECODER_SLOT_UNPACK] = g_new0(VncUnpackBits1Table, 1);
        state->free[VNC_DECODER_SLOT_UNPACK] = g_free;
    }
    return state->data[VNC_DECODER_SLOT_UNPACK];
}

/* Makes @table hold the pixels of @palette (two 32-bit colours) and
 * returns what to XOR each byte of indices with before looking it up:
 * the same two colours in the other order (a server picks the order
 * tile by tile) read the table with every bit flipped. */
static inline guint
vnc_unpack_bits1_table_use(VncUnpackBits1Table *table, const guint8 *palette)
{
    guint8 nibbles[16][16];

    if (table->valid) {
        if (memcmp(table->colours, palette, 8) == 0)
            return 0;
        if (memcmp(table->colours, palette + 4, 4) == 0 &&
            memcmp(table->colours + 4, palette, 4) == 0)
            return 0xff;
    }
    for (guint n = 0; n < 16; n++) {
        for (guint k = 0; k < 4; k++)
            memcpy(nibbles[n] + 4 * k, palette + 4 * ((n >> (3 - k)) & 1), 4);
    }
    for (guint v = 0; v < 256; v++) {
        memcpy(table->pixels + 32 * v, nibbles[v >> 4], 16);
        memcpy(table->pixels + 32 * v + 16, nibbles[v & 15], 16);
    }
    memcpy(table->colours, palette, 8);
    table->valid = TRUE;
    return 0;
}

/* @th rows of @tw one-bit indices, each byte XORed with @flip, through
 * @table: one fixed-size copy per byte, then the row's last pixels one
 * at a time. */
static inline void
vnc_unpack_bits1_rows32(const VncUnpackBits1Table *table, guint flip,
                        const guint8 *src, gsize row_bytes, guint tw, guint th,
                        guint8 *out, gsize out_stride)
{
    const guint8 *pixels = table->pixels;
    guint full = tw / 8, rest = tw % 8;

    for (; th > 0; th--, src += row_bytes, out += out_stride) {
        const guint8 *in = src, *in_end = src + full;
        guint8 *o = out;

        /* Two bytes a turn: a 16-pixel row (QEMU's text cell) is one. */
        for (; in + 2 <= in_end; in += 2, o += 64) {
            memcpy(o, pixels + 32 * (in[0] ^ flip), 32);
            memcpy(o + 32, pixels + 32 * (in[1] ^ flip), 32);
        }
        if (in < in_end) {
            memcpy(o, pixels + 32 * (*in ^ flip), 32);
            in++;
            o += 32;
        }
        if (rest) {
            const guint8 *last = pixels + 32 * (*in ^ flip);

            for (guint k = 0; k < rest; k++)
                memcpy(o + 4 * k, last + 4 * k, 4);
        }
    }
}

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
 * used). @bits and @bpp are constants where this is inlined. Two
 * colours of 32 bits go through @bits1 when it is not NULL.
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
                   VncUnpackBits1Table *bits1, const guint bpp, const guint bits)
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

    if (bits == 1 && bpp == 4 && psize == 2 && bits1) {
        guint flip = vnc_unpack_bits1_table_use(bits1, palette);

        vnc_unpack_bits1_rows32(bits1, flip, src, row_bytes, tw, th, out, out_stride);
        return -1;
    }

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
