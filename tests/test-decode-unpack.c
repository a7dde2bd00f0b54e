/*
 * gtk-vnc tests: packed palette indices to pixels (vncdecode-unpack-priv.h)
 *
 * ZRLE/TRLE packed tiles and Tight's two-colour palettes both expand
 * through vnc_unpack_indices(). The decoder tests cover it through the
 * decoders; here every width, height, index size and pixel size is
 * compared with a plain pixel-by-pixel expansion, with guard bytes
 * around every output row, and the two-colour table that is kept from
 * one rectangle to the next is driven through a sequence of palettes:
 * the same, the same in the other order, new ones.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib.h>

#include "vncdecode-unpack-priv.h"

#define GUARD 0xA5
#define PAD 5        /* guard bytes after each output row */
#define MAX_W 40
#define MAX_H 4

/* The palette, with room for 16 colours of 4 bytes as the callers have. */
typedef struct {
    guint8 colours[16 * 4];
    guint size;
} Palette;

static void
palette_fill(Palette *p, guint size, guint bpp, guint32 seed)
{
    memset(p->colours, 0, sizeof(p->colours));
    for (guint i = 0; i < size * bpp; i++)
        p->colours[i] = (guint8)(seed * 37 + i * 101 + (seed >> 3));
    p->size = size;
}

static guint
index_at(const guint8 *src, gsize row_bytes, guint x, guint y, guint bits)
{
    guint bit = x * bits;
    guint byte = src[y * row_bytes + bit / 8];

    return (byte >> (8 - bits - bit % 8)) & ((1u << bits) - 1);
}

/* Random indices, all below @psize unless @bad_at is a pixel number. */
static void
make_indices(guint8 *src, gsize row_bytes, guint tw, guint th, guint bits,
             guint psize, gint bad_at, GRand *rand)
{
    memset(src, 0, row_bytes * th);
    for (guint y = 0; y < th; y++) {
        for (guint x = 0; x < tw; x++) {
            guint idx = (guint)g_rand_int_range(rand, 0, psize);
            guint bit = x * bits;

            if ((gint)(y * tw + x) == bad_at)
                idx = psize;
            src[y * row_bytes + bit / 8] |= idx << (8 - bits - bit % 8);
        }
        /* Row padding bits are not indices: set them to show that. */
        if ((tw * bits) % 8)
            src[y * row_bytes + row_bytes - 1] |= (1u << (8 - (tw * bits) % 8)) - 1;
    }
}

static gint
unpack(const guint8 *src, gsize row_bytes, guint tw, guint th, guint8 *out,
       gsize stride, const Palette *p, VncUnpackBits1Table *table,
       guint bpp, guint bits)
{
    /* Constant @bpp and @bits, as the decoders inline it. */
#define UNPACK(B, N)                                                    \
    if (bpp == B && bits == N)                                          \
        return vnc_unpack_indices(src, row_bytes, tw, th, out, stride,  \
                                  p->colours, p->size, table, B, N)
    UNPACK(1, 1); UNPACK(1, 2); UNPACK(1, 4);
    UNPACK(2, 1); UNPACK(2, 2); UNPACK(2, 4);
    UNPACK(4, 1); UNPACK(4, 2); UNPACK(4, 4);
#undef UNPACK
    g_assert_not_reached();
    return -1;
}

/* Expands one tile and compares every pixel and guard byte. */
static void
check_tile(guint tw, guint th, guint bpp, guint bits, const Palette *p,
           VncUnpackBits1Table *table, GRand *rand)
{
    gsize row_bytes = ((gsize)tw * bits + 7) / 8;
    gsize stride = (gsize)tw * bpp + PAD;
    guint8 src[MAX_H * MAX_W];
    guint8 out[MAX_H * (MAX_W * 4 + PAD)];
    gint bad;

    make_indices(src, row_bytes, tw, th, bits, p->size, -1, rand);
    memset(out, GUARD, sizeof(out));
    bad = unpack(src, row_bytes, tw, th, out, stride, p, table, bpp, bits);
    g_assert_cmpint(bad, ==, -1);

    for (guint y = 0; y < th; y++) {
        const guint8 *row = out + y * stride;

        for (guint x = 0; x < tw; x++) {
            guint idx = index_at(src, row_bytes, x, y, bits);

            if (memcmp(row + x * bpp, p->colours + idx * bpp, bpp) != 0)
                g_error("%ux%u, %u bpp, %u-bit: pixel %u,%u is not colour %u",
                        tw, th, bpp * 8, bits, x, y, idx);
        }
        for (guint k = 0; k < PAD; k++)
            g_assert_cmphex(row[tw * bpp + k], ==, GUARD);
    }
    for (gsize i = th * stride; i < sizeof(out); i++)
        g_assert_cmphex(out[i], ==, GUARD);
}

/* Every size up to MAX_W x MAX_H, every index and pixel size, every
 * palette size the index size allows; with and without the table. */
static void
test_unpack_all_sizes(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(7);
    g_autofree VncUnpackBits1Table *table = g_new0(VncUnpackBits1Table, 1);
    static const guint pixel_sizes[] = { 1, 2, 4 };

    for (guint b = 0; b < 3; b++) {
        guint bits = 1u << b;

        for (guint s = 0; s < G_N_ELEMENTS(pixel_sizes); s++) {
            guint bpp = pixel_sizes[s];

            for (guint psize = bits == 1 ? 2 : (1u << (bits / 2)) + 1;
                 psize <= (1u << bits); psize++) {
                Palette p;

                palette_fill(&p, psize, bpp, psize * 7 + bpp);
                for (guint th = 1; th <= MAX_H; th++) {
                    for (guint tw = 1; tw <= MAX_W; tw++) {
                        check_tile(tw, th, bpp, bits, &p, NULL, rand);
                        check_tile(tw, th, bpp, bits, &p, table, rand);
                    }
                }
            }
        }
    }
}

/* The kept table through a sequence of palettes: each tile must come
 * out in its own colours whatever the table held before. */
static void
test_unpack_kept_table(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(11);
    g_autofree VncUnpackBits1Table *table = g_new0(VncUnpackBits1Table, 1);
    Palette a, a_swapped, b, a_first_again, half;

    palette_fill(&a, 2, 4, 1);
    a_swapped = a;
    memcpy(a_swapped.colours, a.colours + 4, 4);
    memcpy(a_swapped.colours + 4, a.colours, 4);
    palette_fill(&b, 2, 4, 2);
    a_first_again = a;
    /* Only one colour in common with a: neither a hit nor a swap. */
    half = a;
    memcpy(half.colours + 4, b.colours, 4);

    {
        const Palette *sequence[] = {
            &a, &a, &a_swapped, &a, &b, &a_swapped, &half, &a_first_again,
            &a_swapped, &b,
        };

        for (guint i = 0; i < G_N_ELEMENTS(sequence); i++) {
            for (guint tw = 1; tw <= MAX_W; tw += 3)
                check_tile(tw, 1 + i % MAX_H, 4, 1, sequence[i], table, rand);
        }
    }
}

/* A bad index is found wherever it is, and reported by value. */
static void
test_unpack_bad_index(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(13);
    g_autofree VncUnpackBits1Table *table = g_new0(VncUnpackBits1Table, 1);

    for (guint b = 1; b < 3; b++) {
        guint bits = 1u << b;
        guint psize = (1u << bits) - 1;   /* the largest index is bad */
        Palette p;

        palette_fill(&p, psize, 4, 3);
        for (guint tw = 1; tw <= 20; tw++) {
            for (guint th = 1; th <= 3; th++) {
                for (guint at = 0; at < tw * th; at++) {
                    gsize row_bytes = ((gsize)tw * bits + 7) / 8;
                    guint8 src[3 * 20];
                    guint8 out[3 * 20 * 4];

                    make_indices(src, row_bytes, tw, th, bits, psize, (gint)at, rand);
                    g_assert_cmpint(unpack(src, row_bytes, tw, th, out, tw * 4, &p,
                                           table, 4, bits), ==, (gint)psize);
                }
            }
        }
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/decode/unpack/all-sizes", test_unpack_all_sizes);
    g_test_add_func("/decode/unpack/kept-table", test_unpack_kept_table);
    g_test_add_func("/decode/unpack/bad-index", test_unpack_bad_index);
    return g_test_run();
}
