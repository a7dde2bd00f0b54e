/*
 * gtk-vnc: cursor shapes, sent by the server as pseudo-rectangles
 *
 *   -239 rich cursor   pixels in the session's pixel format, then a
 *                      bitmask saying which of them belong to the cursor
 *   -240 X cursor      two colours, a bitmap choosing one of them per
 *                      pixel, then the same kind of bitmask
 *   -314 alpha cursor  an encoding number, then a rectangle in that
 *                      encoding whose pixels are 32-bit RGBA with the
 *                      colour premultiplied by alpha
 *
 * The rectangle's x and y are the hot spot, its width and height the
 * cursor's size. Each shape becomes a VncCursor holding plain
 * (not premultiplied) RGBA bytes, announced with vnc-cursor-changed. An
 * empty rectangle means "no cursor": the cursor becomes a 0x0 one.
 *
 * Remote pixels are turned into RGBA by a VncBaseFramebuffer over the
 * cursor's buffer, so the one pixel converter the library has (colour
 * maps, odd shifts, byte orders) serves cursors too.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncconnection-priv.h"
#include "vncbaseframebuffer.h"

/* Bytes of the RGBA pixels VncCursor holds. */
#define CURSOR_RGBA_BYTES 4

/* 32 bits per pixel, little-endian, red in the lowest byte: in memory
 * red, green, blue and a fourth byte we fill with alpha afterwards. */
static const VncPixelFormat cursor_rgba_format = {
    .bits_per_pixel = 32,
    .depth = 24,
    .byte_order = G_LITTLE_ENDIAN,
    .true_color_flag = 1,
    .red_max = 255,
    .green_max = 255,
    .blue_max = 255,
    .red_shift = 0,
    .green_shift = 8,
    .blue_shift = 16,
};

/* The alpha cursor's wire format (what TigerVNC and QEMU send): a
 * little-endian 32-bit value 0xAARRGGBB, so blue, green, red, alpha in
 * memory, the colour premultiplied by alpha. Depth 32: the alpha byte is
 * part of the pixel, and a framebuffer in this same format copies it
 * untouched. */
static const VncPixelFormat cursor_alpha_wire_format = {
    .bits_per_pixel = 32,
    .depth = 32,
    .byte_order = G_LITTLE_ENDIAN,
    .true_color_flag = 1,
    .red_max = 255,
    .green_max = 255,
    .blue_max = 255,
    .red_shift = 16,
    .green_shift = 8,
    .blue_shift = 0,
};

static gboolean
check_cursor_size(const char *kind, guint16 width, guint16 height, GError **err)
{
    if (width > VNC_MAX_CURSOR_DIMENSION || height > VNC_MAX_CURSOR_DIMENSION) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server sent a %ux%u %s cursor, larger than the %ux%u "
                    "this client accepts",
                    width, height, kind,
                    VNC_MAX_CURSOR_DIMENSION, VNC_MAX_CURSOR_DIMENSION);
        return FALSE;
    }
    return TRUE;
}

/* Bytes per row of a cursor bitmap or bitmask: one bit per pixel, each
 * row padded to a whole byte. */
static gsize
bitmask_stride(guint16 width)
{
    return ((gsize)width + 7) / 8;
}

static gboolean
bit_is_set(const guint8 *bits, gsize stride, guint x, guint y)
{
    /* The most significant bit is the leftmost pixel. */
    return (bits[(gsize)y * stride + x / 8] & (0x80 >> (x % 8))) != 0;
}

/* Replaces the connection's cursor and tells the embedder. @rgba holds
 * @width * @height RGBA pixels (copied), or is NULL for an empty cursor.
 * coroutine context */
static void
set_cursor(VncConnection *conn, guint8 *rgba, guint16 hotx, guint16 hoty,
           guint16 width, guint16 height)
{
    VncConnectionPrivate *priv = conn->priv;

    if (width == 0 || height == 0) {
        width = height = 0;
        hotx = hoty = 0;
        rgba = NULL;
    } else {
        /* A hot spot outside the image is meaningless, and toolkits
         * refuse such cursors; keep it on the nearest edge. */
        if (hotx >= width || hoty >= height)
            VNC_DEBUG("Cursor hot spot %u,%u outside its %ux%u image; clamped",
                      hotx, hoty, width, height);
        hotx = MIN(hotx, width - 1);
        hoty = MIN(hoty, height - 1);
    }

    g_clear_object(&priv->cursor);
    priv->cursor = vnc_cursor_new(rgba, hotx, hoty, width, height);
    VNC_DEBUG("Cursor changed: %ux%u, hot spot %u,%u", width, height, hotx, hoty);
    vnc_connection_priv_emit(conn, VNC_SIGNAL_CURSOR_CHANGED, priv->cursor);
}

/* Sets each pixel's alpha from @mask: opaque where the bit is set, fully
 * transparent (all four bytes zero) where it is not. */
static void
apply_bitmask(guint8 *rgba, const guint8 *mask, guint16 width, guint16 height)
{
    gsize stride = bitmask_stride(width);

    for (guint y = 0; y < height; y++) {
        for (guint x = 0; x < width; x++) {
            guint8 *pixel = rgba + ((gsize)y * width + x) * CURSOR_RGBA_BYTES;

            if (bit_is_set(mask, stride, x, y))
                pixel[3] = 255;
            else
                memset(pixel, 0, CURSOR_RGBA_BYTES);
        }
    }
}

/* coroutine context */
gboolean
vnc_connection_priv_rich_cursor(VncConnection *conn, guint16 x, guint16 y,
                                guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (!check_cursor_size("rich", width, height, err))
        return FALSE;
    if (width == 0 || height == 0) {
        /* No pixels and no mask follow. */
        set_cursor(conn, NULL, x, y, width, height);
        return TRUE;
    }

    /* At most 1024 * 1024 * 4 bytes: the size check above keeps every
     * product here small, and gsize keeps it exact. */
    guint bytes_per_pixel = priv->format.bits_per_pixel / 8;
    gsize n_pixels = (gsize)width * height;
    gsize pixels_len = n_pixels * bytes_per_pixel;
    gsize mask_len = bitmask_stride(width) * height;
    g_autofree guint8 *pixels = g_malloc(pixels_len);
    g_autofree guint8 *mask = g_malloc(mask_len);

    if (!vnc_stream_read(priv->stream, pixels, pixels_len, err) ||
        !vnc_stream_read(priv->stream, mask, mask_len, err)) {
        g_prefix_error(err, "Bad rich cursor: ");
        return FALSE;
    }

    g_autofree guint8 *rgba = g_malloc0(n_pixels * CURSOR_RGBA_BYTES);
    g_autoptr(VncBaseFramebuffer) fb =
        vnc_base_framebuffer_new(rgba, width, height, width * CURSOR_RGBA_BYTES,
                                 &cursor_rgba_format, &priv->format);
    if (!priv->format.true_color_flag && priv->color_map)
        vnc_framebuffer_set_color_map(VNC_FRAMEBUFFER(fb), priv->color_map);
    vnc_framebuffer_blt(VNC_FRAMEBUFFER(fb), pixels, width * bytes_per_pixel,
                        0, 0, width, height);

    apply_bitmask(rgba, mask, width, height);
    set_cursor(conn, rgba, x, y, width, height);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_x_cursor(VncConnection *conn, guint16 x, guint16 y,
                             guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint8 colours[6];  /* foreground red, green, blue; background red, green, blue */

    if (!check_cursor_size("X", width, height, err))
        return FALSE;
    if (width == 0 || height == 0) {
        /* Not even the colours follow. */
        set_cursor(conn, NULL, x, y, width, height);
        return TRUE;
    }

    gsize stride = bitmask_stride(width);
    gsize bits_len = stride * height;
    g_autofree guint8 *bitmap = g_malloc(bits_len);
    g_autofree guint8 *mask = g_malloc(bits_len);

    if (!vnc_stream_read(priv->stream, colours, sizeof(colours), err) ||
        !vnc_stream_read(priv->stream, bitmap, bits_len, err) ||
        !vnc_stream_read(priv->stream, mask, bits_len, err)) {
        g_prefix_error(err, "Bad X cursor: ");
        return FALSE;
    }

    gsize n_pixels = (gsize)width * height;
    g_autofree guint8 *rgba = g_malloc(n_pixels * CURSOR_RGBA_BYTES);
    for (guint row = 0; row < height; row++) {
        for (guint col = 0; col < width; col++) {
            guint8 *pixel = rgba + ((gsize)row * width + col) * CURSOR_RGBA_BYTES;
            /* A set bitmap bit picks the foreground colour. */
            const guint8 *colour = bit_is_set(bitmap, stride, col, row) ?
                colours : colours + 3;

            memcpy(pixel, colour, 3);
        }
    }

    apply_bitmask(rgba, mask, width, height);
    set_cursor(conn, rgba, x, y, width, height);
    return TRUE;
}

/* Premultiplied blue, green, red, alpha (the wire's memory order) to
 * plain red, green, blue, alpha, in place. */
static void
unpremultiply_bgra(guint8 *pixels, gsize n_pixels)
{
    for (gsize i = 0; i < n_pixels; i++) {
        guint8 *pixel = pixels + i * CURSOR_RGBA_BYTES;
        guint alpha = pixel[3];
        guint blue = pixel[0], green = pixel[1], red = pixel[2];

        if (alpha == 0) {
            memset(pixel, 0, CURSOR_RGBA_BYTES);
            continue;
        }
        /* A premultiplied component cannot exceed alpha; a server that
         * says otherwise gets its colour saturated, not wrapped. */
        pixel[0] = MIN(255u, (red * 255 + alpha / 2) / alpha);
        pixel[1] = MIN(255u, (green * 255 + alpha / 2) / alpha);
        pixel[2] = MIN(255u, (blue * 255 + alpha / 2) / alpha);
    }
}

/* coroutine context */
gboolean
vnc_connection_priv_alpha_cursor(VncConnection *conn, guint16 x, guint16 y,
                                 guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    gint32 encoding;

    if (!check_cursor_size("alpha", width, height, err))
        return FALSE;
    if (!vnc_stream_read_s32(priv->stream, &encoding, err)) {
        g_prefix_error(err, "Bad alpha cursor: ");
        return FALSE;
    }

    const VncDecoder *decoder = vnc_decoder_find(encoding);
    if (!decoder) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent an alpha cursor in encoding %d, which this "
                    "client cannot decode", encoding);
        return FALSE;
    }

    /* The cursor is decoded into a framebuffer of its own, in its wire
     * format so that the alpha byte survives. An empty cursor still
     * carries its (empty) rectangle; the decoder gets a 1x1 buffer that
     * it will not touch. */
    guint16 fb_width = MAX(width, 1), fb_height = MAX(height, 1);
    gsize n_pixels = (gsize)fb_width * fb_height;
    g_autofree guint8 *pixels = g_malloc0(n_pixels * CURSOR_RGBA_BYTES);
    g_autoptr(VncBaseFramebuffer) fb =
        vnc_base_framebuffer_new(pixels, fb_width, fb_height,
                                 fb_width * CURSOR_RGBA_BYTES,
                                 &cursor_alpha_wire_format, &cursor_alpha_wire_format);
    if (!priv->decoder_state)
        priv->decoder_state = vnc_decoder_state_new();

    /* The decoder shares the session's state: a server's zlib streams
     * carry on across cursor and screen rectangles alike. */
    VncDecodeContext ctx = {
        .stream = priv->stream,
        .fb = VNC_FRAMEBUFFER(fb),
        .remote = &cursor_alpha_wire_format,
        .state = priv->decoder_state,
    };
    if (!decoder->decode(&ctx, 0, 0, width, height, err)) {
        g_prefix_error(err, "Bad %s alpha cursor: ", decoder->name);
        return FALSE;
    }

    if (width == 0 || height == 0) {
        set_cursor(conn, NULL, x, y, width, height);
        return TRUE;
    }
    unpremultiply_bgra(pixels, n_pixels);
    set_cursor(conn, pixels, x, y, width, height);
    return TRUE;
}
