/*
 * gtk-vnc: vector kernels for pixel work (not installed)
 *
 * Chosen at run time: x86-64's baseline is SSE2, and these need SSSE3.
 * Each returns how many pixels it did (0 where the CPU or the compiler
 * cannot); the caller's plain loop does the rest.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_PIXEL_SIMD_PRIV_H
#define VNC_PIXEL_SIMD_PRIV_H

#include <glib.h>

G_BEGIN_DECLS

/* 3-byte pixels at @src to 4-byte ones at @dst, four at a time: byte j
 * (0-15) of each four output pixels is byte @shuffle[j] (0-11) of the
 * four input pixels, or 0 where @shuffle[j] is -1, then each output
 * pixel is ORed with @fill (a 32-bit value in host order). Reads no more
 * than @count * 3 bytes and writes no more than @count * 4. */
guint vnc_pixel_simd_expand24(guint8 *dst, const guint8 *src, guint count,
                              const gint8 shuffle[16], guint32 fill);

G_END_DECLS

#endif /* VNC_PIXEL_SIMD_PRIV_H */
