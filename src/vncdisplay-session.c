/*
 * gtk-vnc: what VncDisplay asks of the connection once the server has
 * introduced itself: a pixel format, a list of encodings, a framebuffer
 * and the first picture
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdisplay-priv.h"

/* CAIRO_FORMAT_RGB24 (see vnccairoframebuffer.c). Asking the server for
 * the format the widget paints from makes every raw pixel a plain copy. */
static const VncPixelFormat format_full = {
    .bits_per_pixel = 32, .depth = 24, .byte_order = G_BYTE_ORDER,
    .true_color_flag = 1,
    .red_max = 255, .green_max = 255, .blue_max = 255,
    .red_shift = 16, .green_shift = 8, .blue_shift = 0,
};

/* 16 bits: 5 red, 6 green, 5 blue, the usual "high colour". */
static const VncPixelFormat format_medium = {
    .bits_per_pixel = 16, .depth = 16, .byte_order = G_BYTE_ORDER,
    .true_color_flag = 1,
    .red_max = 31, .green_max = 63, .blue_max = 31,
    .red_shift = 11, .green_shift = 5, .blue_shift = 0,
};

/* 8 bits: 3 red, 3 green, 2 blue (the eye is least sensitive to blue). */
static const VncPixelFormat format_low = {
    .bits_per_pixel = 8, .depth = 8, .byte_order = G_BYTE_ORDER,
    .true_color_flag = 1,
    .red_max = 7, .green_max = 7, .blue_max = 3,
    .red_shift = 0, .green_shift = 3, .blue_shift = 6,
};

/* One bit per colour: eight colours, for the slowest links. */
static const VncPixelFormat format_ultra_low = {
    .bits_per_pixel = 8, .depth = 3, .byte_order = G_BYTE_ORDER,
    .true_color_flag = 1,
    .red_max = 1, .green_max = 1, .blue_max = 1,
    .red_shift = 0, .green_shift = 1, .blue_shift = 2,
};

static const VncPixelFormat *
wanted_format(VncDisplayDepthColor depth)
{
    switch (depth) {
    case VNC_DISPLAY_DEPTH_COLOR_MEDIUM:
        return &format_medium;
    case VNC_DISPLAY_DEPTH_COLOR_LOW:
        return &format_low;
    case VNC_DISPLAY_DEPTH_COLOR_ULTRA_LOW:
        return &format_ultra_low;
    case VNC_DISPLAY_DEPTH_COLOR_DEFAULT:
    case VNC_DISPLAY_DEPTH_COLOR_FULL:
    default:
        return &format_full;
    }
}

/* The encodings, best first. A server uses the first one in the list
 * that it has (QEMU reads the list from the end, but keeps the first
 * match too). Tight compresses best; ZRLE and Hextile are what servers
 * without it do well; CopyRect is used by servers only for moved areas
 * whatever its position; Raw is the last resort every server has. */
static const gint32 pixel_encodings[] = {
    VNC_CONNECTION_ENCODING_TIGHT,
    VNC_CONNECTION_ENCODING_ZRLE,
    VNC_CONNECTION_ENCODING_HEXTILE,
    VNC_CONNECTION_ENCODING_ZLIB,
    VNC_CONNECTION_ENCODING_TRLE,
    VNC_CONNECTION_ENCODING_RRE,
    VNC_CONNECTION_ENCODING_CORRE,
    VNC_CONNECTION_ENCODING_COPY_RECT,
    VNC_CONNECTION_ENCODING_RAW,
};

/* What the widget can follow besides pixels. Order does not matter to
 * servers for these. The cursor shapes come even with a local pointer,
 * so that the server does not paint its cursor into the desktop. */
static const gint32 pseudo_encodings[] = {
    VNC_CONNECTION_ENCODING_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_DESKTOP_NAME,
    VNC_CONNECTION_ENCODING_LAST_RECT,
    VNC_CONNECTION_ENCODING_WMVi,
    VNC_CONNECTION_ENCODING_ALPHA_CURSOR,
    VNC_CONNECTION_ENCODING_RICH_CURSOR,
    VNC_CONNECTION_ENCODING_XCURSOR,
    VNC_CONNECTION_ENCODING_POINTER_CHANGE,
    VNC_CONNECTION_ENCODING_EXT_KEY_EVENT,
    VNC_CONNECTION_ENCODING_LED_STATE,
    VNC_CONNECTION_ENCODING_XVP,
    VNC_CONNECTION_ENCODING_AUDIO,
    VNC_CONNECTION_ENCODING_FENCE,
    VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES,
    VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD,
};

/* Tight's quality and compression levels are hints: JPEG quality 7 looks
 * close to the original at a fraction of the bytes; with lossless
 * encodings a low compression level keeps the server's CPU free, as
 * pictures that must stay exact mostly travel over fast local links
 * (guest consoles). */
#define LOSSY_JPEG_QUALITY (VNC_CONNECTION_ENCODING_TIGHT_JPEG0 + 7)
#define LOSSY_COMPRESS_LEVEL (VNC_CONNECTION_ENCODING_COMPRESS_LEVEL0 + 6)
#define LOSSLESS_COMPRESS_LEVEL (VNC_CONNECTION_ENCODING_COMPRESS_LEVEL0 + 2)

void
vnc_display_priv_send_encodings(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    gint32 encodings[G_N_ELEMENTS(pixel_encodings) + G_N_ELEMENTS(pseudo_encodings) + 3];
    int n = 0;

    for (guint i = 0; i < G_N_ELEMENTS(pixel_encodings); i++) {
        encodings[n++] = pixel_encodings[i];
        /* ZYWRLE is ZRLE with a wavelet step that loses detail. */
        if (priv->lossy_encoding && pixel_encodings[i] == VNC_CONNECTION_ENCODING_TIGHT)
            encodings[n++] = VNC_CONNECTION_ENCODING_ZYWRLE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(pseudo_encodings); i++)
        encodings[n++] = pseudo_encodings[i];
    if (priv->lossy_encoding) {
        encodings[n++] = LOSSY_JPEG_QUALITY;
        encodings[n++] = LOSSY_COMPRESS_LEVEL;
    } else {
        encodings[n++] = LOSSLESS_COMPRESS_LEVEL;
    }
    g_assert((gsize)n <= G_N_ELEMENTS(encodings));

    VNC_DEBUG("Offering %d encodings (lossy: %s)", n, priv->lossy_encoding ? "yes" : "no");
    vnc_connection_set_encodings(priv->conn, n, encodings);
}

/* A framebuffer of the desktop's size, converting from the format the
 * server sends now. FALSE if there is none to be had (a size cairo
 * refuses), in which case the session is closed. */
gboolean
vnc_display_priv_new_framebuffer(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    int width = vnc_connection_get_width(priv->conn);
    int height = vnc_connection_get_height(priv->conn);
    VncCairoFramebuffer *fb;

    /* The connection has checked the size against its limits. */
    fb = vnc_cairo_framebuffer_new(width, height, vnc_connection_get_pixel_format(priv->conn));
    if (!fb) {
        vnc_connection_shutdown(priv->conn);
        return FALSE;
    }
    g_clear_object(&priv->fb);
    priv->fb = fb;
    vnc_connection_set_framebuffer(priv->conn, VNC_FRAMEBUFFER(fb));
    return TRUE;
}

void
vnc_display_priv_setup_session(VncDisplay *display)
{
    VncDisplayPrivate *priv = display->priv;
    const VncPixelFormat *format = wanted_format(priv->depth);

    VNC_DEBUG("Desktop '%s' of %dx%d", vnc_connection_get_name(priv->conn),
              vnc_connection_get_width(priv->conn), vnc_connection_get_height(priv->conn));

    if (!vnc_connection_set_pixel_format(priv->conn, format)) {
        vnc_connection_shutdown(priv->conn);
        return;
    }
    vnc_display_priv_send_encodings(display);
    if (!vnc_display_priv_new_framebuffer(display))
        return;

    priv->initialized = TRUE;
    priv->button_mask = 0;
    priv->sent_position = FALSE;
    priv->absolute = vnc_connection_get_abs_pointer(priv->conn);
    /* A cursor from an earlier session means nothing to this server. */
    g_clear_pointer(&priv->remote_cursor, vnc_gtk_cursor_unref);
    g_clear_object(&priv->cursor_image);

    vnc_connection_framebuffer_update_request(priv->conn, FALSE, 0, 0,
                                              vnc_connection_get_width(priv->conn),
                                              vnc_connection_get_height(priv->conn));

    vnc_display_priv_update_cursor(display);
    vnc_display_priv_geometry_changed(display);
    vnc_display_priv_schedule_resize(display);
    /* The pointer may have come in before there was a desktop to type
     * into. */
    vnc_display_priv_update_keyboard_grab(display);
}
