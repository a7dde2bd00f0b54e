/*
 * gtk-vnc benchmark: a BenchPixelFormat as the library's VncPixelFormat,
 * for the programs that drive libgvnc-1.0 (bench-client-gvnc, built
 * against ours and upstream's, and bench-decode). Public API only.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef BENCH_VNC_FORMAT_H
#define BENCH_VNC_FORMAT_H

#include "vncpixelformat.h"

#include "bench-util.h"

static inline void
bench_pixel_format_to_vnc(const BenchPixelFormat *f, VncPixelFormat *v)
{
    *v = (VncPixelFormat){
        .bits_per_pixel = (guint8)f->bits_per_pixel,
        .depth = (guint8)f->depth,
        .byte_order = f->big_endian ? G_BIG_ENDIAN : G_LITTLE_ENDIAN,
        .true_color_flag = f->true_colour ? 1 : 0,
        .red_max = (guint16)f->red_max,
        .green_max = (guint16)f->green_max,
        .blue_max = (guint16)f->blue_max,
        .red_shift = (guint8)f->red_shift,
        .green_shift = (guint8)f->green_shift,
        .blue_shift = (guint8)f->blue_shift,
    };
}

#endif /* BENCH_VNC_FORMAT_H */
