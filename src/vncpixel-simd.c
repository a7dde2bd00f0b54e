/*
 * gtk-vnc: vector kernels for pixel work (see vncpixel-simd-priv.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncpixel-simd-priv.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>

/* 16 bytes are loaded and 12 used, so the loop stops while at least 16
 * remain in @src. */
__attribute__((target("ssse3")))
static guint
vnc_pixel_ssse3_expand24(guint8 *dst, const guint8 *src, guint count,
                         const gint8 lanes[16], guint32 fill)
{
    const __m128i shuffle = _mm_loadu_si128((const __m128i *)lanes);
    const __m128i spare = _mm_set1_epi32((int)fill);
    guint i = 0;

    for (; i + 6 <= count; i += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(src + 3 * i));

        v = _mm_or_si128(_mm_shuffle_epi8(v, shuffle), spare);
        _mm_storeu_si128((__m128i *)(dst + 4 * i), v);
    }
    return i;
}
#endif

guint
vnc_pixel_simd_expand24(guint8 *dst, const guint8 *src, guint count,
                        const gint8 shuffle[16], guint32 fill)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (count >= 6 && __builtin_cpu_supports("ssse3"))
        return vnc_pixel_ssse3_expand24(dst, src, count, shuffle, fill);
#endif
    return 0;
}
