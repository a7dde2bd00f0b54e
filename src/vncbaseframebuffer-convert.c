/*
 * gtk-vnc: pixel format conversion for VncBaseFramebuffer
 *
 * See vncbaseframebuffer-priv.h for the scaling rule and what formats are
 * accepted. This file has two halves: building the tables, done once per
 * format (or colour map) change, and the row kernels, run for every pixel
 * a server sends.
 *
 * The kernels are written once as inline functions whose pixel sizes and
 * byte-order flag are parameters; each entry point calls them with
 * constants, so the compiler emits a specialised loop per combination
 * with no per-pixel branching on the format.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncbaseframebuffer-priv.h"
#include "vncpixel-simd-priv.h"

#if defined(__GNUC__)
#define VNC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define VNC_ALWAYS_INLINE inline
#endif

/* ---- Loads and stores: memory may be unaligned (network buffers). ---- */

static VNC_ALWAYS_INLINE guint32
vnc_load16(const guint8 *p)
{
    guint16 v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static VNC_ALWAYS_INLINE guint32
vnc_load32(const guint8 *p)
{
    guint32 v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* Stores the low @bytes bytes of @v, which is already in local order. */
static VNC_ALWAYS_INLINE void
vnc_store(guint8 *p, guint32 v, guint bytes)
{
    if (bytes == 1) {
        *p = (guint8)v;
    } else if (bytes == 2) {
        guint16 s = (guint16)v;
        memcpy(p, &s, sizeof(s));
    } else {
        memcpy(p, &v, sizeof(v));
    }
}

/* ---- Row kernels ---- */

/* Remote 8 or 16 bpp: one table read per pixel. */
static VNC_ALWAYS_INLINE void
vnc_convert_table_row(const VncPixelConverter *conv,
                      guint8 *dst, const guint8 *src, guint count,
                      guint src_bytes, guint dst_bytes)
{
    const guint32 *table = conv->pixel_table;

    for (guint i = 0; i < count; i++) {
        guint32 index = src_bytes == 1 ? src[i] : vnc_load16(src + 2 * i);
        vnc_store(dst + i * dst_bytes, table[index], dst_bytes);
    }
}

/* Remote 32 bpp true colour: one table read per component. The index
 * (p >> shift) & mask never exceeds the table (see component_init). */
static VNC_ALWAYS_INLINE void
vnc_convert_true32_row(const VncPixelConverter *conv,
                       guint8 *dst, const guint8 *src, guint count,
                       guint dst_bytes, gboolean swap)
{
    const guint32 *rt = conv->red.table;
    const guint32 *gt = conv->green.table;
    const guint32 *bt = conv->blue.table;
    const guint32 rm = conv->red.mask, gm = conv->green.mask,
        bm = conv->blue.mask;
    const guint rs = conv->red.shift, gs = conv->green.shift,
        bs = conv->blue.shift;

    for (guint i = 0; i < count; i++) {
        guint32 p = vnc_load32(src + 4 * i);
        if (swap)
            p = GUINT32_SWAP_LE_BE(p);
        vnc_store(dst + i * dst_bytes,
                  rt[(p >> rs) & rm] | gt[(p >> gs) & gm] | bt[(p >> bs) & bm],
                  dst_bytes);
    }
}

/* Remote 32 bpp colour map: colour numbers past the table are black. */
static VNC_ALWAYS_INLINE void
vnc_convert_map32_row(const VncPixelConverter *conv,
                      guint8 *dst, const guint8 *src, guint count,
                      guint dst_bytes, gboolean swap)
{
    const guint32 *table = conv->pixel_table;
    const gsize size = conv->pixel_table_size;

    for (guint i = 0; i < count; i++) {
        guint32 p = vnc_load32(src + 4 * i);
        if (swap)
            p = GUINT32_SWAP_LE_BE(p);
        vnc_store(dst + i * dst_bytes, p < size ? table[p] : conv->fill_stored,
                  dst_bytes);
    }
}

static VNC_ALWAYS_INLINE guint32
vnc_rotate_left(guint32 v, guint count)
{
    return (v << count) | (v >> ((32 - count) & 31));
}

/* Remote 32 bpp to local 32 bpp where every remote maximum equals the
 * local one: the scaling rule is then the identity, so components are
 * only moved (see vnc_move_only_init). */
static VNC_ALWAYS_INLINE void
vnc_convert_move32_row(const VncPixelConverter *conv,
                       guint8 *dst, const guint8 *src, guint count,
                       gboolean swap_in, gboolean swap_out)
{
    const guint32 kr = conv->keep_red, kg = conv->keep_green,
        kb = conv->keep_blue;
    const guint rr = conv->rotate_red, rg = conv->rotate_green,
        rb = conv->rotate_blue;
    const guint32 fill = conv->fill_value;

    for (guint i = 0; i < count; i++) {
        guint32 p = vnc_load32(src + 4 * i);
        guint32 v;
        if (swap_in)
            p = GUINT32_SWAP_LE_BE(p);
        v = (vnc_rotate_left(p, rr) & kr) |
            (vnc_rotate_left(p, rg) & kg) |
            (vnc_rotate_left(p, rb) & kb) | fill;
        if (swap_out)
            v = GUINT32_SWAP_LE_BE(v);
        vnc_store(dst + 4 * i, v, 4);
    }
}

/* The same, when no component moves: only unused bits are cleared (and
 * the bytes reversed when the byte orders differ). */
static VNC_ALWAYS_INLINE void
vnc_convert_mask32_row(const VncPixelConverter *conv,
                       guint8 *dst, const guint8 *src, guint count,
                       gboolean swap)
{
    const guint32 keep = conv->keep_stored;
    const guint32 fill = conv->fill_stored;

    for (guint i = 0; i < count; i++) {
        guint32 p = vnc_load32(src + 4 * i);
        if (swap)
            p = GUINT32_SWAP_LE_BE(p);
        vnc_store(dst + 4 * i, (p & keep) | fill, 4);
    }
}

static VNC_ALWAYS_INLINE void
vnc_convert_rgb24_row_generic(const VncPixelConverter *conv,
                              guint8 *dst, const guint8 *src, guint count,
                              guint dst_bytes)
{
    for (guint i = 0; i < count; i++) {
        const guint8 *s = src + 3 * i;
        vnc_store(dst + i * dst_bytes,
                  conv->rgb_red[s[0]] | conv->rgb_green[s[1]] |
                  conv->rgb_blue[s[2]],
                  dst_bytes);
    }
}

static void
vnc_convert_copy_row(const VncPixelConverter *conv,
                     guint8 *dst, const guint8 *src, guint count)
{
    memcpy(dst, src, (gsize)count * conv->local_bytes);
}

/* The specialised entry points, one per combination. */

#define VNC_DEFINE_TABLE_ROW(SRC, DST)                                    \
    static void                                                           \
    vnc_convert_table##SRC##_to##DST(const VncPixelConverter *conv,       \
                                     guint8 *dst, const guint8 *src,      \
                                     guint count)                         \
    {                                                                     \
        vnc_convert_table_row(conv, dst, src, count, SRC / 8, DST / 8);   \
    }

VNC_DEFINE_TABLE_ROW(8, 8)
VNC_DEFINE_TABLE_ROW(8, 16)
VNC_DEFINE_TABLE_ROW(8, 32)
VNC_DEFINE_TABLE_ROW(16, 8)
VNC_DEFINE_TABLE_ROW(16, 16)
VNC_DEFINE_TABLE_ROW(16, 32)

#define VNC_DEFINE_SWAPPABLE_ROW(KIND, DST)                               \
    static void                                                           \
    vnc_convert_##KIND##_to##DST(const VncPixelConverter *conv,           \
                                 guint8 *dst, const guint8 *src,          \
                                 guint count)                             \
    {                                                                     \
        vnc_convert_##KIND##_row(conv, dst, src, count, DST / 8, FALSE);  \
    }                                                                     \
    static void                                                           \
    vnc_convert_##KIND##_swapped_to##DST(const VncPixelConverter *conv,   \
                                         guint8 *dst, const guint8 *src,  \
                                         guint count)                     \
    {                                                                     \
        vnc_convert_##KIND##_row(conv, dst, src, count, DST / 8, TRUE);   \
    }

VNC_DEFINE_SWAPPABLE_ROW(true32, 8)
VNC_DEFINE_SWAPPABLE_ROW(true32, 16)
VNC_DEFINE_SWAPPABLE_ROW(true32, 32)
VNC_DEFINE_SWAPPABLE_ROW(map32, 8)
VNC_DEFINE_SWAPPABLE_ROW(map32, 16)
VNC_DEFINE_SWAPPABLE_ROW(map32, 32)

#define VNC_DEFINE_MOVE_ROW(NAME, SWAP_IN, SWAP_OUT)                      \
    static void                                                           \
    vnc_convert_move32_##NAME(const VncPixelConverter *conv,              \
                              guint8 *dst, const guint8 *src,             \
                              guint count)                                \
    {                                                                     \
        vnc_convert_move32_row(conv, dst, src, count, SWAP_IN, SWAP_OUT); \
    }

VNC_DEFINE_MOVE_ROW(plain, FALSE, FALSE)
VNC_DEFINE_MOVE_ROW(swap_in, TRUE, FALSE)
VNC_DEFINE_MOVE_ROW(swap_out, FALSE, TRUE)
VNC_DEFINE_MOVE_ROW(swap_both, TRUE, TRUE)

static void
vnc_convert_mask32_plain(const VncPixelConverter *conv,
                         guint8 *dst, const guint8 *src, guint count)
{
    vnc_convert_mask32_row(conv, dst, src, count, FALSE);
}

static void
vnc_convert_mask32_swap(const VncPixelConverter *conv,
                        guint8 *dst, const guint8 *src, guint count)
{
    vnc_convert_mask32_row(conv, dst, src, count, TRUE);
}

#define VNC_DEFINE_RGB24_ROW(DST)                                         \
    static void                                                           \
    vnc_convert_rgb24_to##DST(const VncPixelConverter *conv,              \
                              guint8 *dst, const guint8 *src,             \
                              guint count)                                \
    {                                                                     \
        vnc_convert_rgb24_row_generic(conv, dst, src, count, DST / 8);    \
    }

VNC_DEFINE_RGB24_ROW(8)
VNC_DEFINE_RGB24_ROW(16)
VNC_DEFINE_RGB24_ROW(32)

/* 3-byte colours to the 32 bpp layout nearly every desktop uses, on a
 * little-endian CPU with the local format in its order: the bytes blue,
 * green, red, then the spare byte (red at 16, green at 8, blue at 0).
 * The spare byte is all ones, as the tables make it (0xff << 24 is
 * fill_stored there). Each pixel is one 4-byte load (the byte after the
 * colour belongs to the next one, or is handled on its own for the
 * last), a byte swap and one store: the tables need three reads per
 * pixel. */
static void
vnc_convert_rgb24_to_bgrx(const VncPixelConverter *conv,
                          guint8 *dst, const guint8 *src, guint count)
{
    guint i = 0;

    for (; i + 1 < count; i++) {
        guint32 v = GUINT32_FROM_LE(vnc_load32(src + 3 * i));

        v = (GUINT32_SWAP_LE_BE(v) >> 8) | 0xff000000u;
        vnc_store(dst + 4 * i, GUINT32_TO_LE(v), 4);
    }
    if (i < count) {
        const guint8 *c = src + 3 * i;
        guint32 v = (guint32)c[2] | (guint32)c[1] << 8 | (guint32)c[0] << 16 | 0xff000000u;

        vnc_store(dst + 4 * i, GUINT32_TO_LE(v), 4);
    }
}

/* The same four pixels at a time, where the CPU can. */
static void
vnc_convert_rgb24_to_bgrx_simd(const VncPixelConverter *conv,
                               guint8 *dst, const guint8 *src, guint count)
{
    static const gint8 blue_green_red[16] = {
        2, 1, 0, -1, 5, 4, 3, -1, 8, 7, 6, -1, 11, 10, 9, -1,
    };
    guint done = vnc_pixel_simd_expand24(dst, src, count, blue_green_red, 0xff000000u);

    vnc_convert_rgb24_to_bgrx(conv, dst + 4 * done, src + 3 * done, count - done);
}

/* Indexed [local bytes / 2] (1 -> 0, 2 -> 1, 4 -> 2). */
static const VncConvertRowFunc vnc_table8_rows[] = {
    vnc_convert_table8_to8, vnc_convert_table8_to16, vnc_convert_table8_to32,
};
static const VncConvertRowFunc vnc_table16_rows[] = {
    vnc_convert_table16_to8, vnc_convert_table16_to16,
    vnc_convert_table16_to32,
};
static const VncConvertRowFunc vnc_true32_rows[2][3] = {
    { vnc_convert_true32_to8, vnc_convert_true32_to16,
      vnc_convert_true32_to32 },
    { vnc_convert_true32_swapped_to8, vnc_convert_true32_swapped_to16,
      vnc_convert_true32_swapped_to32 },
};
static const VncConvertRowFunc vnc_map32_rows[2][3] = {
    { vnc_convert_map32_to8, vnc_convert_map32_to16, vnc_convert_map32_to32 },
    { vnc_convert_map32_swapped_to8, vnc_convert_map32_swapped_to16,
      vnc_convert_map32_swapped_to32 },
};
static const VncConvertRowFunc vnc_move32_rows[2][2] = {
    { vnc_convert_move32_plain, vnc_convert_move32_swap_out },
    { vnc_convert_move32_swap_in, vnc_convert_move32_swap_both },
};
static const VncConvertRowFunc vnc_rgb24_rows[] = {
    vnc_convert_rgb24_to8, vnc_convert_rgb24_to16, vnc_convert_rgb24_to32,
};

/* ---- Building the tables ---- */

static guint
vnc_bytes_per_pixel(const VncPixelFormat *format)
{
    switch (format->bits_per_pixel) {
    case 8:
        return 1;
    case 16:
        return 2;
    case 32:
        return 4;
    default:
        return 0;
    }
}

/* Whether pixels of @format, @bytes wide, are stored in the opposite byte
 * order to the CPU's. Anything but G_BIG_ENDIAN counts as little endian. */
static gboolean
vnc_needs_swap(const VncPixelFormat *format, guint bytes)
{
    gboolean big = format->byte_order == G_BIG_ENDIAN;

    return bytes > 1 && big != (G_BYTE_ORDER == G_BIG_ENDIAN);
}

/* A local component value (0 to the local maximum) moved to @shift and
 * cut to the local pixel size; byte order not applied yet. */
static guint32
vnc_local_place(const VncPixelConverter *conv, guint32 value, guint shift)
{
    guint bits = conv->local_bytes * 8;
    guint64 placed;

    if (shift >= bits)
        return 0;
    placed = (guint64)value << shift;
    if (bits < 32)
        placed &= (G_GUINT64_CONSTANT(1) << bits) - 1;
    return (guint32)placed;
}

/* A local pixel value put into the local byte order, ready to store. */
static guint32
vnc_local_order(const VncPixelConverter *conv, guint32 value)
{
    if (!conv->local_swap)
        return value;
    if (conv->local_bytes == 2)
        return GUINT16_SWAP_LE_BE((guint16)value);
    return GUINT32_SWAP_LE_BE(value);
}

/* The local pixel, stored order, for a colour given as 16-bit
 * intensities (a colour map entry). */
static guint32
vnc_local_from_rgb16(const VncPixelConverter *conv,
                     guint16 red, guint16 green, guint16 blue)
{
    const VncPixelFormat *l = &conv->local;
    guint32 v =
        vnc_local_place(conv, vnc_pixel_scale(red, 65535, l->red_max),
                        l->red_shift) |
        vnc_local_place(conv, vnc_pixel_scale(green, 65535, l->green_max),
                        l->green_shift) |
        vnc_local_place(conv, vnc_pixel_scale(blue, 65535, l->blue_max),
                        l->blue_shift);
    return vnc_local_order(conv, v | conv->fill_value);
}

/* Sets up one remote true colour component and its table. The kernels
 * index the table with (p >> shift) & mask; that is at most the mask and
 * at most the largest value p >> shift can have, so the table needs
 * min(both) + 1 entries. A shift past the pixel leaves a zero mask: the
 * component always reads as zero. */
static void
vnc_component_init(VncPixelConverter *conv, VncPixelComponent *component,
                   guint16 remote_max, guint remote_shift,
                   guint16 local_max, guint local_shift, guint32 fill)
{
    guint remote_bits = conv->remote_bytes * 8;
    guint64 reachable;
    gsize entries;

    if (remote_shift >= remote_bits) {
        component->mask = 0;
        component->shift = 0;
    } else {
        component->mask = remote_max;
        component->shift = remote_shift;
    }
    reachable = (G_GUINT64_CONSTANT(1) << (remote_bits - component->shift)) - 1;
    entries = (gsize)MIN((guint64)component->mask, reachable) + 1;

    component->table = g_new(guint32, entries);
    for (gsize v = 0; v < entries; v++) {
        guint32 local = vnc_pixel_scale(v, component->mask, local_max);
        component->table[v] =
            vnc_local_order(conv, vnc_local_place(conv, local, local_shift) | fill);
    }
}

static void
vnc_rgb24_tables_init(VncPixelConverter *conv)
{
    const VncPixelFormat *l = &conv->local;

    for (guint v = 0; v < 256; v++) {
        conv->rgb_red[v] = vnc_local_order(
            conv, vnc_local_place(conv, vnc_pixel_scale(v, 255, l->red_max),
                                  l->red_shift) | conv->fill_value);
        conv->rgb_green[v] = vnc_local_order(
            conv, vnc_local_place(conv, vnc_pixel_scale(v, 255, l->green_max),
                                  l->green_shift));
        conv->rgb_blue[v] = vnc_local_order(
            conv, vnc_local_place(conv, vnc_pixel_scale(v, 255, l->blue_max),
                                  l->blue_shift));
    }
}

/* The table index, for remote 8 and 16 bpp, at which pixel value @pixel
 * is found: its bytes read in CPU order. */
static guint32
vnc_pixel_table_index(const VncPixelConverter *conv, guint32 pixel)
{
    if (conv->remote_bytes == 2 && conv->remote_swap)
        return GUINT16_SWAP_LE_BE((guint16)pixel);
    return pixel;
}

/* Remote 8 and 16 bpp true colour: every possible pixel, converted. The
 * component tables already hold stored-order values, and swapping
 * commutes with OR, so the sum of three entries is ready to store. */
static void
vnc_true_color_table_fill(VncPixelConverter *conv)
{
    for (gsize pixel = 0; pixel < conv->pixel_table_size; pixel++) {
        guint32 p = (guint32)pixel;
        conv->pixel_table[vnc_pixel_table_index(conv, p)] =
            conv->red.table[(p >> conv->red.shift) & conv->red.mask] |
            conv->green.table[(p >> conv->green.shift) & conv->green.mask] |
            conv->blue.table[(p >> conv->blue.shift) & conv->blue.mask];
    }
}

/* Remote colour map: colours the map holds, the rest black (zero in any
 * true colour format). Colour numbers the remote pixel size cannot
 * express are skipped. */
static void
vnc_color_map_table_fill(VncPixelConverter *conv)
{
    const VncColorMap *map = conv->color_map;

    for (gsize i = 0; i < conv->pixel_table_size; i++)
        conv->pixel_table[i] = conv->fill_stored;
    if (map == NULL)
        return;

    for (guint i = 0; i < map->size; i++) {
        guint32 pixel = (guint32)map->offset + i;
        const VncColorMapEntry *c = &map->colors[i];

        if (pixel >= conv->pixel_table_size)
            break;
        conv->pixel_table[vnc_pixel_table_index(conv, pixel)] =
            vnc_local_from_rgb16(conv, c->red, c->green, c->blue);
    }
}

/* Whether a component of @max at @shift lies wholly inside 32 bits. */
static gboolean
vnc_component_fits(guint32 max, guint shift)
{
    return shift < 32 && ((guint64)max << shift) <= G_MAXUINT32;
}

/* Remote 32 bpp true colour to local 32 bpp with every remote maximum
 * equal to the local one. A component of n bits at remote shift rs goes
 * to local shift ls: rotating the pixel left by ls - rs (mod 32) takes
 * exactly those bits there, and the mask max << ls removes all else.
 * That needs both positions to lie wholly inside the pixel, so other
 * cases keep the tables. */
static void
vnc_move_only_init(VncPixelConverter *conv)
{
    const VncPixelFormat *l = &conv->local;
    guint32 keep;

    if (conv->remote_bytes != 4 || conv->local_bytes != 4 ||
        !conv->remote.true_color_flag ||
        conv->red.mask != l->red_max || conv->green.mask != l->green_max ||
        conv->blue.mask != l->blue_max ||
        !vnc_component_fits(conv->red.mask, conv->red.shift) ||
        !vnc_component_fits(conv->green.mask, conv->green.shift) ||
        !vnc_component_fits(conv->blue.mask, conv->blue.shift) ||
        !vnc_component_fits(l->red_max, l->red_shift) ||
        !vnc_component_fits(l->green_max, l->green_shift) ||
        !vnc_component_fits(l->blue_max, l->blue_shift))
        return;

    conv->move_only = TRUE;
    conv->rotate_red = (l->red_shift - conv->red.shift) & 31;
    conv->rotate_green = (l->green_shift - conv->green.shift) & 31;
    conv->rotate_blue = (l->blue_shift - conv->blue.shift) & 31;
    conv->keep_red = (guint32)l->red_max << l->red_shift;
    conv->keep_green = (guint32)l->green_max << l->green_shift;
    conv->keep_blue = (guint32)l->blue_max << l->blue_shift;

    if (conv->rotate_red || conv->rotate_green || conv->rotate_blue)
        return;

    /* Stored = out(in(raw) & keep), where in and out are byte swaps or
     * not. Swapping commutes with AND, so this is raw & keep, swapped
     * once if exactly one side swaps, with keep in the stored order. */
    conv->mask_only = TRUE;
    keep = conv->keep_red | conv->keep_green | conv->keep_blue;
    conv->keep_stored = conv->local_swap ? GUINT32_SWAP_LE_BE(keep) : keep;
}

static void
vnc_choose_row_kernel(VncPixelConverter *conv)
{
    guint out = conv->local_bytes / 2;

    if (conv->perfect_match) {
        conv->convert_row = vnc_convert_copy_row;
    } else if (conv->remote_bytes == 1) {
        conv->convert_row = vnc_table8_rows[out];
    } else if (conv->remote_bytes == 2) {
        conv->convert_row = vnc_table16_rows[out];
    } else if (!conv->remote.true_color_flag) {
        conv->convert_row = vnc_map32_rows[conv->remote_swap][out];
    } else if (conv->mask_only) {
        conv->convert_row = conv->remote_swap != conv->local_swap ?
            vnc_convert_mask32_swap : vnc_convert_mask32_plain;
    } else if (conv->move_only) {
        conv->convert_row =
            vnc_move32_rows[conv->remote_swap][conv->local_swap];
    } else {
        conv->convert_row = vnc_true32_rows[conv->remote_swap][out];
    }
    conv->convert_rgb24_row = vnc_rgb24_rows[out];

    const VncPixelFormat *l = &conv->local;
    if (G_BYTE_ORDER == G_LITTLE_ENDIAN && conv->local_bytes == 4 && !conv->local_swap &&
        l->red_max == 255 && l->green_max == 255 && l->blue_max == 255 &&
        l->red_shift == 16 && l->green_shift == 8 && l->blue_shift == 0) {
        conv->convert_rgb24_row = vnc_convert_rgb24_to_bgrx_simd;
    }
}

/* A converter from @remote to @local, or NULL if either format has a
 * pixel size other than 8, 16 or 32 bits or the local format is not true
 * colour. */
VncPixelConverter *
vnc_pixel_converter_new(const VncPixelFormat *local,
                        const VncPixelFormat *remote)
{
    VncPixelConverter *conv;
    guint local_bytes = vnc_bytes_per_pixel(local);
    guint remote_bytes = vnc_bytes_per_pixel(remote);

    if (local_bytes == 0 || remote_bytes == 0 || !local->true_color_flag)
        return NULL;

    conv = g_new0(VncPixelConverter, 1);
    conv->local = *local;
    conv->remote = *remote;
    conv->local_bytes = local_bytes;
    conv->remote_bytes = remote_bytes;
    conv->local_swap = vnc_needs_swap(local, local_bytes);
    conv->remote_swap = vnc_needs_swap(remote, remote_bytes);
    conv->perfect_match = remote->true_color_flag &&
        vnc_pixel_format_match(local, remote);
    if (local_bytes == 4) {
        guint32 used =
            vnc_local_place(conv, local->red_max, local->red_shift) |
            vnc_local_place(conv, local->green_max, local->green_shift) |
            vnc_local_place(conv, local->blue_max, local->blue_shift);
        conv->fill_value = ~used;
        conv->fill_stored = vnc_local_order(conv, conv->fill_value);
    }

    vnc_rgb24_tables_init(conv);

    if (remote->true_color_flag) {
        vnc_component_init(conv, &conv->red, remote->red_max,
                           remote->red_shift, local->red_max,
                           local->red_shift, conv->fill_value);
        vnc_component_init(conv, &conv->green, remote->green_max,
                           remote->green_shift, local->green_max,
                           local->green_shift, 0);
        vnc_component_init(conv, &conv->blue, remote->blue_max,
                           remote->blue_shift, local->blue_max,
                           local->blue_shift, 0);
        vnc_move_only_init(conv);
    }

    /* Colour numbers of a 32 bpp colour map beyond 65535 cannot be in a
     * VncColorMap, so the table stops there and the kernel says black. */
    if (remote_bytes < 4 || !remote->true_color_flag) {
        conv->pixel_table_size = remote_bytes == 1 ? 256 : 65536;
        conv->pixel_table = g_new0(guint32, conv->pixel_table_size);
        if (remote->true_color_flag)
            vnc_true_color_table_fill(conv);
        else
            vnc_color_map_table_fill(conv);  /* no map yet: all black */
    }

    vnc_choose_row_kernel(conv);
    return conv;
}

void
vnc_pixel_converter_free(VncPixelConverter *conv)
{
    if (conv == NULL)
        return;
    g_free(conv->red.table);
    g_free(conv->green.table);
    g_free(conv->blue.table);
    g_free(conv->pixel_table);
    vnc_color_map_free(conv->color_map);
    g_free(conv);
}

void
vnc_pixel_converter_set_color_map(VncPixelConverter *conv,
                                  const VncColorMap *map)
{
    g_clear_pointer(&conv->color_map, vnc_color_map_free);
    if (map != NULL)
        conv->color_map = vnc_color_map_copy((VncColorMap *)map);

    if (!conv->remote.true_color_flag)
        vnc_color_map_table_fill(conv);
}
