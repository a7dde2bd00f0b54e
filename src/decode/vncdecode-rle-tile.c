/*
 * gtk-vnc: the tiles of ZRLE, ZYWRLE and TRLE
 *
 * The tile body is written once and compiled for each pixel layout
 * (1, 2 and 4 byte pixels, and 3-byte CPIXELs padded before or after),
 * with the sizes as constants, so the inner loops copy pixels with plain
 * loads and stores instead of calls.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecode-rle-tile-priv.h"
#include "vncdecode-unpack-priv.h"
#include "vncpixel-simd-priv.h"

void
vnc_rle_tile_decoder_init(VncRleTileDecoder *d, const char *name,
                          const VncPixelFormat *remote,
                          gboolean palette_reuse)
{
    d->name = name;
    d->remote = remote;
    vnc_cpixel_init(&d->cpixel, remote);
    d->palette_reuse = palette_reuse;
    d->zywrle_level = 0;
    d->palette_size = 0;
    /* Packed tiles read all 16 entries (see vnc_unpack_indices). */
    memset(d->palette, 0, 16 * 4);
    d->coeff = NULL;
    d->copy = NULL;
    d->direct = NULL;
    d->direct_stride = 0;
    d->wrote_direct = FALSE;
    d->bits1 = NULL;
}

/* Makes @n bytes readable at r->p or fails. */
#define VNC_TILE_NEED(r, n, err)                                        \
    do {                                                                \
        if ((gsize)((r)->end - (r)->p) < (gsize)(n) &&                  \
            !(r)->refill((r), (n), (err)))                              \
            return FALSE;                                               \
    } while (0)

/* Assembled in a register and stored once: byte stores one at a time
 * cost more than the rest of a raw tile's decoding. */
static VNC_ALWAYS_INLINE void
vnc_rle_cpixel(guint8 *dst, const guint8 *src,
               const guint bpp, const guint cb, const guint pad)
{
    if (cb == bpp) {
        vnc_pixel_copy(dst, src, bpp);
    } else {
        guint32 v;

        if (pad == 3)
            v = (guint32)src[0] | ((guint32)src[1] << 8) |
                ((guint32)src[2] << 16);
        else
            v = ((guint32)src[0] << 8) | ((guint32)src[1] << 16) |
                ((guint32)src[2] << 24);
        v = GUINT32_TO_LE(v);
        memcpy(dst, &v, 4);
    }
}

/* A row of @count CPIXELs (raw tiles, and whole small tiles). */
static VNC_ALWAYS_INLINE void
vnc_rle_cpixel_row(guint8 *dst, const guint8 *src, guint count,
                   const guint bpp, const guint cb, const guint pad)
{
    /* The colour in the pixel's first three bytes or its last three
     * (vnc_rle_cpixel), the spare byte zero. */
    static const gint8 colour_first[16] = {
        0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1,
    };
    static const gint8 colour_last[16] = {
        -1, 0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11,
    };
    guint x = 0;

    if (cb == bpp) {
        memcpy(dst, src, (gsize)count * bpp);
        return;
    }
    x = vnc_pixel_simd_expand24(dst, src, count, pad == 3 ? colour_first : colour_last, 0);
    for (; x < count; x++)
        vnc_rle_cpixel(dst + x * bpp, src + x * cb, bpp, cb, pad);
}

static gboolean
vnc_rle_bad_run(VncRleTileDecoder *d, GError **err)
{
    g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                "A %s run is longer than the rest of its tile.", d->name);
    return FALSE;
}

static gboolean
vnc_rle_bad_index(VncRleTileDecoder *d, guint idx, guint size, GError **err)
{
    g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                "A %s tile uses colour %u of a palette of %u.",
                d->name, idx, size);
    return FALSE;
}

/* coroutine context: reads the rest of a run length (RFC 6143 7.7.5:
 * bytes summed, each 255 meaning another follows) after the first
 * pixel, and checks the run fits the @left pixels left in the tile. */
static VNC_ALWAYS_INLINE gboolean
vnc_rle_run_length(VncRleTileDecoder *d, VncTileReader *r, gsize left,
                   gsize *length, GError **err)
{
    gsize len = 1;
    guint8 b;

    do {
        VNC_TILE_NEED(r, 1, err);
        b = *r->p++;
        len += b;
        /* Checked byte by byte, so a stream of 255s stops early. */
        if (len > left)
            return vnc_rle_bad_run(d, err);
    } while (b == 255);

    *length = len;
    return TRUE;
}

static VNC_ALWAYS_INLINE gboolean
vnc_rle_tile_body(VncRleTileDecoder *d, VncTileReader *r,
                  guint tw, guint th, guint8 *out,
                  gboolean *solid, gboolean expand_solid, GError **err,
                  const guint bpp, const guint cb, const guint pad)
{
    gsize npix = (gsize)tw * th;
    guint8 subenc;
    guint psize;
    gboolean rle;

    VNC_TILE_NEED(r, 1, err);
    subenc = *r->p++;

    if (subenc == 0) {
        VNC_TILE_NEED(r, npix * cb, err);
        if (d->direct) {
            for (guint y = 0; y < th; y++)
                vnc_rle_cpixel_row(d->direct + y * d->direct_stride,
                                   r->p + (gsize)y * tw * cb, tw, bpp, cb, pad);
            d->wrote_direct = TRUE;
        } else {
            /* The tile buffer's rows follow each other: one long row. */
            vnc_rle_cpixel_row(out, r->p, npix, bpp, cb, pad);
        }
        r->p += npix * cb;
        return TRUE;
    }

    if (subenc == 1) {
        VNC_TILE_NEED(r, cb, err);
        vnc_rle_cpixel(out, r->p, bpp, cb, pad);
        r->p += cb;
        /* For TRLE's palette reuse, a solid tile's palette is its one
         * colour (as LibVNCClient reads it): a following tile may pack
         * one-bit indices, all zero, into it. */
        vnc_pixel_copy(d->palette, out, bpp);
        d->palette_size = 1;
        if (expand_solid)
            vnc_pixel_fill(out + bpp, out, npix - 1, bpp);
        else
            *solid = TRUE;
        return TRUE;
    }

    rle = (subenc & 128) != 0;
    psize = subenc & 127;

    if (subenc == 127 || subenc == 129) {
        if (!d->palette_reuse) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "A %s tile has the unused subencoding %u.",
                        d->name, subenc);
            return FALSE;
        }
        if (d->palette_size == 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "A %s tile reuses a palette, but no tile before it "
                        "in the rectangle had one.", d->name);
            return FALSE;
        }
        psize = d->palette_size;
        if (!rle && psize > 16) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "A %s tile packs indices into the previous palette, "
                        "whose %u colours are too many to pack.",
                        d->name, psize);
            return FALSE;
        }
    } else if (!rle && psize > 16) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "A %s tile has the unused subencoding %u.",
                    d->name, subenc);
        return FALSE;
    } else if (psize > 0) {
        VNC_TILE_NEED(r, psize * cb, err);
        for (guint i = 0; i < psize; i++)
            vnc_rle_cpixel(d->palette + i * bpp, r->p + i * cb, bpp, cb, pad);
        r->p += psize * cb;
        d->palette_size = psize;
    }

    if (!rle) {
        /* Packed palette: 1, 2 or 4 bits an index, most significant
         * first, each row starting on a new byte. */
        guint bits = psize <= 2 ? 1 : psize <= 4 ? 2 : 4;
        gsize row_bytes = ((gsize)tw * bits + 7) / 8;
        gint bad;

        guint8 *dst = d->direct ? d->direct : out;
        gsize dst_stride = d->direct ? d->direct_stride : (gsize)tw * bpp;

        VNC_TILE_NEED(r, row_bytes * th, err);
        d->wrote_direct = d->direct != NULL;
        if (bits == 1)
            bad = vnc_unpack_indices(r->p, row_bytes, tw, th, dst, dst_stride,
                                     d->palette, psize, d->bits1, bpp, 1);
        else if (bits == 2)
            bad = vnc_unpack_indices(r->p, row_bytes, tw, th, dst, dst_stride,
                                     d->palette, psize, d->bits1, bpp, 2);
        else
            bad = vnc_unpack_indices(r->p, row_bytes, tw, th, dst, dst_stride,
                                     d->palette, psize, d->bits1, bpp, 4);
        if (bad >= 0)
            return vnc_rle_bad_index(d, bad, psize, err);
        r->p += row_bytes * th;
        return TRUE;
    }

    if (psize == 0) {
        /* Plain RLE: a CPIXEL and a length, until the tile is full. */
        gsize i = 0;

        while (i < npix) {
            guint8 pixel[4];
            gsize len;

            VNC_TILE_NEED(r, cb + 1, err);
            vnc_rle_cpixel(pixel, r->p, bpp, cb, pad);
            r->p += cb;
            if (!vnc_rle_run_length(d, r, npix - i, &len, err))
                return FALSE;
            vnc_pixel_fill(out + i * bpp, pixel, len, bpp);
            i += len;
        }
        return TRUE;
    }

    /* Palette RLE: an index alone is one pixel; with the top bit set, a
     * run length follows. */
    {
        gsize i = 0;

        while (i < npix) {
            guint8 b;
            guint idx;
            gsize len = 1;

            VNC_TILE_NEED(r, 1, err);
            b = *r->p++;
            idx = b & 127;
            if (idx >= psize)
                return vnc_rle_bad_index(d, idx, psize, err);
            if ((b & 128) && !vnc_rle_run_length(d, r, npix - i, &len, err))
                return FALSE;
            vnc_pixel_fill(out + i * bpp, d->palette + idx * bpp, len, bpp);
            i += len;
        }
    }
    return TRUE;
}

#define VNC_RLE_BODY(suffix, bpp, cb, pad)                              \
    static gboolean                                                     \
    vnc_rle_tile_body_##suffix(VncRleTileDecoder *d, VncTileReader *r,  \
                               guint tw, guint th, guint8 *out,         \
                               gboolean *solid, gboolean expand_solid,  \
                               GError **err)                            \
    {                                                                   \
        return vnc_rle_tile_body(d, r, tw, th, out, solid,              \
                                 expand_solid, err, bpp, cb, pad);      \
    }

VNC_RLE_BODY(8, 1, 1, 0)
VNC_RLE_BODY(16, 2, 2, 0)
VNC_RLE_BODY(32, 4, 4, 0)
VNC_RLE_BODY(24_pad_after, 4, 3, 3)
VNC_RLE_BODY(24_pad_before, 4, 3, 0)

/* coroutine context */
static gboolean
vnc_rle_tile_dispatch(VncRleTileDecoder *d, VncTileReader *r,
                      guint tw, guint th, guint8 *out,
                      gboolean *solid, gboolean expand_solid, GError **err)
{
    switch (d->cpixel.size) {
    case 1:
        return vnc_rle_tile_body_8(d, r, tw, th, out, solid,
                                   expand_solid, err);
    case 2:
        return vnc_rle_tile_body_16(d, r, tw, th, out, solid,
                                    expand_solid, err);
    case 3:
        if (d->cpixel.pad_offset == 3)
            return vnc_rle_tile_body_24_pad_after(d, r, tw, th, out, solid,
                                                  expand_solid, err);
        return vnc_rle_tile_body_24_pad_before(d, r, tw, th, out, solid,
                                               expand_solid, err);
    default:
        return vnc_rle_tile_body_32(d, r, tw, th, out, solid,
                                    expand_solid, err);
    }
}

gboolean
vnc_rle_tile_decode(VncRleTileDecoder *d, VncTileReader *r,
                    guint tw, guint th, guint8 *out,
                    gboolean *solid, GError **err)
{
    *solid = FALSE;
    d->wrote_direct = FALSE;

    /* ZYWRLE: a raw tile (subencoding 0) holds a whole inner tile, of
     * any subencoding, whose pixels are wavelet coefficients. There is no
     * transform at 8 bits per pixel. */
    if (d->zywrle_level > 0 && d->cpixel.bpp > 1) {
        VNC_TILE_NEED(r, 1, err);
        if (*r->p == 0) {
            r->p++;
            /* The transform works on the whole tile in @out. */
            d->direct = NULL;
            if (!vnc_rle_tile_dispatch(d, r, tw, th, out, solid, TRUE, err))
                return FALSE;
            vnc_zywrle_synthesize(d, out, tw, th);
            return TRUE;
        }
    }
    return vnc_rle_tile_dispatch(d, r, tw, th, out, solid, FALSE, err);
}
