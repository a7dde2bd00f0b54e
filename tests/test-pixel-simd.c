/*
 * gtk-vnc tests: the vector pixel kernels (src/vncpixel-simd.c)
 *
 * Each kernel must give what a plain loop gives, for every count up to a
 * few dozen vector steps, and never touch a byte past its input or
 * output: both are allocated to the exact size, so valgrind (make
 * check-valgrind) or AddressSanitizer catches a kernel that does.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "vncpixel-simd-priv.h"

/* What vnc_pixel_simd_expand24 documents, one pixel at a time, for a
 * @shuffle that does the same to each pixel (its first four entries say
 * it for the first pixel). */
static void
reference_expand24(guint8 *dst, const guint8 *src, guint count,
                   const gint8 shuffle[16], guint32 fill)
{
    for (guint i = 0; i < count; i++) {
        guint8 out[4];
        guint32 v;

        for (guint b = 0; b < 4; b++)
            out[b] = shuffle[b] < 0 ? 0 : src[i * 3 + shuffle[b]];
        memcpy(&v, out, 4);
        v |= fill;
        memcpy(dst + i * 4, &v, 4);
    }
}

typedef struct {
    const char *name;
    gint8 shuffle[16];
    guint32 fill;
} Expand24Case;

/* The ones the library uses (Tight's RGB to blue-green-red-spare, ZRLE
 * CPIXELs padded after or before), and one that moves every byte. */
static const Expand24Case expand24_cases[] = {
    { "rgb-to-bgrx", { 2, 1, 0, -1, 5, 4, 3, -1, 8, 7, 6, -1, 11, 10, 9, -1 },
      0xff000000u },
    { "cpixel-pad-after", { 0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1 }, 0 },
    { "cpixel-pad-before", { -1, 0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11 }, 0 },
    { "scrambled", { 1, -1, 2, 0, 4, -1, 5, 3, 7, -1, 8, 6, 10, -1, 11, 9 }, 0x00ff0000u },
};

static void
test_expand24(gconstpointer data)
{
    const Expand24Case *c = data;
    g_autoptr(GRand) rand = g_rand_new_with_seed(3);

    for (guint count = 0; count <= 70; count++) {
        g_autofree guint8 *src = g_malloc(count * 3 + 1);
        g_autofree guint8 *dst = g_malloc(count * 4 + 1);
        g_autofree guint8 *want = g_malloc(count * 4 + 1);
        guint done;

        for (guint i = 0; i < count * 3; i++)
            src[i] = g_rand_int(rand);
        memset(dst, 0xa5, count * 4);
        reference_expand24(want, src, count, c->shuffle, c->fill);

        done = vnc_pixel_simd_expand24(dst, src, count, c->shuffle, c->fill);
        g_assert_cmpuint(done, <=, count);
        /* What it did is right, and it did not touch the rest. */
        g_assert_cmpmem(dst, done * 4, want, done * 4);
        for (guint i = done * 4; i < count * 4; i++)
            g_assert_cmphex(dst[i], ==, 0xa5);
    }
}

/* Input that ends right before a page the process may not read: a
 * kernel that loads past its last pixel crashes here, with or without
 * valgrind. */
static void
test_expand24_input_end(void)
{
    static const gint8 shuffle[16] = {
        0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1,
    };
    gsize page = (gsize)sysconf(_SC_PAGESIZE);
    guint8 dst[4 * 64];
    guint8 *area = mmap(NULL, page * 2, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    g_assert_true(area != MAP_FAILED);
    g_assert_cmpint(mprotect(area + page, page, PROT_NONE), ==, 0);
    for (guint count = 1; count <= 64; count++) {
        guint8 *src = area + page - count * 3;

        memset(src, 7, count * 3);
        (void)vnc_pixel_simd_expand24(dst, src, count, shuffle, 0);
    }
    munmap(area, page * 2);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(expand24_cases); i++) {
        g_autofree char *path = g_strdup_printf("/pixel-simd/expand24/%s",
                                                expand24_cases[i].name);
        g_test_add_data_func(path, &expand24_cases[i], test_expand24);
    }
    g_test_add_func("/pixel-simd/expand24/input-end", test_expand24_input_end);
    return g_test_run();
}
