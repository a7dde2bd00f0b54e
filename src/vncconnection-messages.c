/*
 * gtk-vnc: the messages of a running session (RFC 6143 sections 7.5, 7.6)
 *
 * Server messages are read by the coroutine, one per call of
 * vnc_connection_priv_server_message(). Client messages are built by the
 * public functions below in the main context and sent by the coroutine.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncconnection-priv.h"
#include "vncbytes-priv.h"

enum {
    SERVER_FRAMEBUFFER_UPDATE = 0,
    SERVER_SET_COLOUR_MAP_ENTRIES = 1,
    SERVER_BELL = 2,
    SERVER_CUT_TEXT = 3,
    SERVER_END_OF_CONTINUOUS_UPDATES = 150,
    SERVER_FENCE = 248,
    SERVER_XVP = 250,
    SERVER_QEMU = 255,
};

enum {
    CLIENT_SET_PIXEL_FORMAT = 0,
    CLIENT_SET_ENCODINGS = 2,
    CLIENT_FRAMEBUFFER_UPDATE_REQUEST = 3,
    CLIENT_KEY_EVENT = 4,
    CLIENT_POINTER_EVENT = 5,
    CLIENT_CUT_TEXT = 6,
};

/* FramebufferUpdate. */

gboolean
vnc_connection_priv_resize_check(guint16 width, guint16 height, GError **err)
{
    if (width == 0 || height == 0 ||
        width > VNC_MAX_DESKTOP_DIMENSION || height > VNC_MAX_DESKTOP_DIMENSION ||
        (guint64)width * height > VNC_MAX_DESKTOP_PIXELS) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server's desktop size %ux%u is not acceptable "
                    "(at least 1x1, at most %ux%u and %u pixels)",
                    width, height, VNC_MAX_DESKTOP_DIMENSION, VNC_MAX_DESKTOP_DIMENSION,
                    VNC_MAX_DESKTOP_PIXELS);
        return FALSE;
    }
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_resize(VncConnection *conn, guint16 width, guint16 height,
                           GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (!vnc_connection_priv_resize_check(width, height, err))
        return FALSE;
    priv->width = width;
    priv->height = height;
    VNC_DEBUG("Desktop resized to %ux%u", width, height);
    /* The embedder replaces the framebuffer in its handler. */
    vnc_connection_priv_emit(conn, VNC_SIGNAL_DESKTOP_RESIZE, (int)width, (int)height);
    return TRUE;
}

/* The framebuffer decoders write to, after checking it can take pixels
 * of the format the server sends. Its facts come from a cache: asking
 * the framebuffer itself costs interface calls on every rectangle. */
static const VncDecodeTarget *
check_framebuffer(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (!priv->fb) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server sent pixels before a framebuffer was set "
                            "(vnc_connection_set_framebuffer)");
        return NULL;
    }
    const VncDecodeTarget *target = vnc_decoder_state_target(priv->decoder_state, priv->fb);
    if (target->remote_bits_per_pixel != priv->format.bits_per_pixel) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The framebuffer expects %u-bit pixels but the server sends %u-bit ones",
                    target->remote_bits_per_pixel, priv->format.bits_per_pixel);
        return NULL;
    }
    return target;
}

/* coroutine context */
static gboolean
decode_rectangle(VncConnection *conn, const VncDecoder *decoder,
                 guint16 x, guint16 y, guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    const VncDecodeTarget *target = check_framebuffer(conn, err);
    if (!target)
        return FALSE;

    /* Clip before anything is written: the decoders trust the rectangle.
     * 32-bit sums, so that x + width cannot wrap. */
    if ((guint32)x + width > target->width || (guint32)y + height > target->height) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a %ux%u rectangle at %u,%u, outside the %ux%u framebuffer",
                    width, height, x, y, target->width, target->height);
        return FALSE;
    }

    VncDecodeContext ctx = {
        .stream = priv->stream,
        .fb = priv->fb,
        /* The wire format decides how bytes split into pixels (CPIXEL
         * sizes, say); the framebuffer's remote format only how a pixel
         * converts, and embedders sometimes give it a different depth. */
        .remote = &priv->format,
        .state = priv->decoder_state,
        .direct = target->direct,
        .direct_stride = target->direct_stride,
    };
    if (!decoder->decode(&ctx, x, y, width, height, err)) {
        g_prefix_error(err, "Bad %s rectangle: ", decoder->name);
        return FALSE;
    }
    vnc_connection_priv_add_damage(conn, x, y, width, height);
    return TRUE;
}

/* coroutine context */
static gboolean
read_framebuffer_update(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint16 n_rects;

    if (!vnc_stream_skip(priv->stream, 1, err) ||
        !vnc_stream_read_u16(priv->stream, &n_rects, err))
        return FALSE;

    /* With LastRect, a count of 65535 means "until the LastRect". */
    for (guint i = 0; i < n_rects; i++) {
        guint16 x, y, width, height;
        gint32 encoding;
        gboolean handled = FALSE, last_rect = FALSE;

        /* The 12-byte header in one read: there are thousands of
         * rectangles per second on a busy screen. */
        const guint8 *header = vnc_stream_read_inplace(priv->stream, 12, err);
        if (!header)
            return FALSE;
        x = vnc_load_be16(header);
        y = vnc_load_be16(header + 2);
        width = vnc_load_be16(header + 4);
        height = vnc_load_be16(header + 6);
        encoding = (gint32)vnc_load_be32(header + 8);
        VNC_DEBUG("Rectangle %u of %u: %ux%u at %u,%u, encoding %d",
                  i + 1, n_rects, width, height, x, y, encoding);

        /* Pixels first: they are nearly every rectangle, and no image
         * encoding number is also a pseudo-encoding. */
        const VncDecoder *decoder = vnc_decoder_find(encoding);
        if (decoder) {
            if (!decode_rectangle(conn, decoder, x, y, width, height, err))
                return FALSE;
            continue;
        }

        if (!vnc_connection_priv_pseudo_encoding(conn, encoding, x, y, width, height,
                                                 &handled, &last_rect, err))
            return FALSE;
        if (last_rect)
            break;
        if (handled)
            continue;
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a rectangle in encoding %d, which this client "
                    "did not ask for", encoding);
        return FALSE;
    }

    vnc_connection_priv_flush_damage(conn);

    /* One request per update: the server sends the next one when
     * something changes. */
    if (priv->width && priv->height && !priv->continuous_updates)
        vnc_connection_framebuffer_update_request(conn, TRUE, 0, 0, priv->width, priv->height);
    return TRUE;
}

/* Other server messages. */

/* coroutine context */
static gboolean
read_colour_map(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint16 first, count;

    if (!vnc_stream_skip(priv->stream, 1, err) ||
        !vnc_stream_read_u16(priv->stream, &first, err) ||
        !vnc_stream_read_u16(priv->stream, &count, err))
        return FALSE;

    /* A VncColorMap holds at most 65535 entries (its size is 16 bits),
     * so index 65535 cannot be stored; no real server uses it. */
    guint32 end = (guint32)first + count;
    if (end > G_MAXUINT16) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server set %u colour map entries from index %u, past the "
                    "last supported index %u", count, first, G_MAXUINT16 - 1);
        return FALSE;
    }

    /* Keep every entry set so far, so that a new framebuffer (after a
     * resize) gets the whole map, not only the last change. */
    guint32 old_size = priv->color_map ? priv->color_map->size : 0;
    if (end > old_size) {
        VncColorMap *grown = vnc_color_map_new(0, MIN(end, G_MAXUINT16));
        if (priv->color_map)
            memcpy(grown->colors, priv->color_map->colors,
                   old_size * sizeof(VncColorMapEntry));
        vnc_color_map_free(priv->color_map);
        priv->color_map = grown;
    }

    for (guint32 i = 0; i < count; i++) {
        const guint8 *rgb = vnc_stream_read_inplace(priv->stream, 6, err);
        if (!rgb)
            return FALSE;
        vnc_color_map_set(priv->color_map, first + i,
                          vnc_load_be16(rgb), vnc_load_be16(rgb + 2),
                          vnc_load_be16(rgb + 4));
    }
    VNC_DEBUG("Colour map entries %u..%u set", first, end - 1);
    if (priv->fb)
        vnc_framebuffer_set_color_map(priv->fb, priv->color_map);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_server_message(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    GError *local_err = NULL;
    guint8 type;

    if (!vnc_stream_read_u8(priv->stream, &type, &local_err)) {
        /* A close between messages is the server ending the session, not
         * an error to report. */
        if (g_error_matches(local_err, VNC_ERROR, VNC_ERROR_CLOSED)) {
            VNC_DEBUG("The server closed the connection");
            g_clear_error(&local_err);
            priv->cancelled = TRUE;
            g_set_error_literal(err, VNC_ERROR, VNC_ERROR_CANCELLED,
                                "The server closed the connection");
            return FALSE;
        }
        g_propagate_error(err, local_err);
        return FALSE;
    }

    switch (type) {
    case SERVER_FRAMEBUFFER_UPDATE:
        return read_framebuffer_update(conn, err);
    case SERVER_SET_COLOUR_MAP_ENTRIES:
        return read_colour_map(conn, err);
    case SERVER_BELL:
        vnc_connection_priv_emit(conn, VNC_SIGNAL_BELL);
        return TRUE;
    case SERVER_CUT_TEXT:
        /* Plain or extended: vncconnection-clipboard.c */
        return vnc_connection_priv_read_cut_text(conn, err);
    /* The extensions' messages: vncconnection-extensions.c */
    case SERVER_END_OF_CONTINUOUS_UPDATES:
        return vnc_connection_priv_read_end_of_continuous_updates(conn, err);
    case SERVER_FENCE:
        return vnc_connection_priv_read_fence(conn, err);
    case SERVER_XVP:
        return vnc_connection_priv_read_xvp(conn, err);
    case SERVER_QEMU:
        return vnc_connection_priv_read_qemu(conn, err);
    default:
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent an unknown message (type %u)", type);
        return FALSE;
    }
}

/* Client messages. */

/* Client messages may only be sent between ServerInit and the end. */
gboolean
vnc_connection_priv_can_send(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;
    return priv->stream != NULL && priv->initialized && !priv->cancelled;
}

static void
write_pixel_format(VncStream *stream, const VncPixelFormat *format)
{
    vnc_stream_write_u8(stream, format->bits_per_pixel);
    vnc_stream_write_u8(stream, format->depth);
    vnc_stream_write_u8(stream, format->byte_order == G_BIG_ENDIAN ? 1 : 0);
    vnc_stream_write_u8(stream, format->true_color_flag ? 1 : 0);
    vnc_stream_write_u16(stream, format->red_max);
    vnc_stream_write_u16(stream, format->green_max);
    vnc_stream_write_u16(stream, format->blue_max);
    vnc_stream_write_u8(stream, format->red_shift);
    vnc_stream_write_u8(stream, format->green_shift);
    vnc_stream_write_u8(stream, format->blue_shift);
    vnc_stream_write(stream, "\0\0\0", 3);
}

static gboolean
pixel_format_is_valid(const VncPixelFormat *format)
{
    if (format->bits_per_pixel != 8 && format->bits_per_pixel != 16 &&
        format->bits_per_pixel != 32)
        return FALSE;
    if (format->depth == 0 || format->depth > format->bits_per_pixel)
        return FALSE;
    return TRUE;
}

/**
 * vnc_connection_set_pixel_format:
 * @conn: the connection
 * @fmt: the pixel format the server should send
 *
 * Asks the server to send pixels in @fmt instead of its own format
 * (SetPixelFormat), usually in the handler of
 * #VncConnection::vnc-initialized, before the first update request.
 * From then on vnc_connection_get_pixel_format() returns @fmt, and the
 * framebuffer's remote format must be @fmt too: set the framebuffer
 * after calling this. With a colour-map format, the server sends the
 * colours separately and the connection hands them to the framebuffer.
 *
 * Returns: %TRUE if the request was sent, %FALSE before
 *   #VncConnection::vnc-initialized, after the session ended, or if
 *   @fmt is not 8, 16 or 32 bits per pixel with a depth between 1 and
 *   the bits per pixel
 */
gboolean
vnc_connection_set_pixel_format(VncConnection *conn, const VncPixelFormat *fmt)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(fmt != NULL, FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (!pixel_format_is_valid(fmt) || !vnc_connection_priv_can_send(conn))
        return FALSE;

    VNC_DEBUG("Asking for %u bpp depth %u %s-endian %s, maxima %u/%u/%u, shifts %u/%u/%u",
              fmt->bits_per_pixel, fmt->depth,
              fmt->byte_order == G_BIG_ENDIAN ? "big" : "little",
              fmt->true_color_flag ? "true colour" : "colour map",
              fmt->red_max, fmt->green_max, fmt->blue_max,
              fmt->red_shift, fmt->green_shift, fmt->blue_shift);
    vnc_stream_write_u8(priv->stream, CLIENT_SET_PIXEL_FORMAT);
    vnc_stream_write(priv->stream, "\0\0\0", 3);
    write_pixel_format(priv->stream, fmt);
    priv->format = *fmt;
    /* A colour-map format gets its colours from SetColourMapEntries. */
    vnc_connection_priv_send(conn);
    return TRUE;
}

/* Whether the connection can handle rectangles or messages of @encoding:
 * asking for anything else would let the server send what we cannot
 * read. */
static gboolean
encoding_is_supported(gint32 encoding)
{
    return vnc_decoder_find(encoding) != NULL ||
        vnc_connection_priv_pseudo_encoding_supported(encoding);
}

/**
 * vnc_connection_set_encodings:
 * @conn: the connection
 * @n_encoding: the number of entries in @encoding
 * @encoding: (array length=n_encoding): #VncConnectionEncoding values,
 *   most preferred first
 *
 * Tells the server which encodings and pseudo-encodings the client
 * accepts (SetEncodings). Values this library cannot decode are left
 * out of the message, so that the server never uses them; raw is always
 * understood by servers, listed or not. The Tight JPEG quality level
 * listed last also sets the ZYWRLE quality.
 *
 * Returns: %TRUE if the message was sent, %FALSE before
 *   #VncConnection::vnc-initialized or after the session ended
 */
gboolean
vnc_connection_set_encodings(VncConnection *conn, int n_encoding, gint32 *encoding)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(n_encoding >= 0 && n_encoding <= G_MAXUINT16, FALSE);
    g_return_val_if_fail(n_encoding == 0 || encoding != NULL, FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (!vnc_connection_priv_can_send(conn))
        return FALSE;

    g_free(priv->encodings);
    priv->encodings = g_new(gint32, n_encoding ? n_encoding : 1);
    priv->n_encodings = 0;
    for (int i = 0; i < n_encoding; i++) {
        if (encoding_is_supported(encoding[i]))
            priv->encodings[priv->n_encodings++] = encoding[i];
        else
            VNC_DEBUG("Not offering encoding %d: not supported", encoding[i]);
    }

    /* ZYWRLE's wavelet depth follows the JPEG quality level we ask for. */
    int quality = -1;
    for (int i = 0; i < priv->n_encodings; i++) {
        if (priv->encodings[i] >= VNC_CONNECTION_ENCODING_TIGHT_JPEG0 &&
            priv->encodings[i] <= VNC_CONNECTION_ENCODING_TIGHT_JPEG9)
            quality = priv->encodings[i] - VNC_CONNECTION_ENCODING_TIGHT_JPEG0;
    }
    vnc_decode_zywrle_set_quality(priv->decoder_state, quality);

    vnc_stream_write_u8(priv->stream, CLIENT_SET_ENCODINGS);
    vnc_stream_write_u8(priv->stream, 0);
    vnc_stream_write_u16(priv->stream, priv->n_encodings);
    for (int i = 0; i < priv->n_encodings; i++)
        vnc_stream_write_s32(priv->stream, priv->encodings[i]);
    vnc_connection_priv_send(conn);
    return TRUE;
}

/**
 * vnc_connection_framebuffer_update_request:
 * @conn: the connection
 * @incremental: %FALSE for the whole rectangle, %TRUE for only what
 *   changed in it since the last update
 * @x: the left column of the rectangle
 * @y: the top row of the rectangle
 * @width: the width of the rectangle
 * @height: the height of the rectangle
 *
 * Asks the server for the pixels of a rectangle (FramebufferUpdateRequest).
 * A client sends a non-incremental request for the whole desktop after
 * #VncConnection::vnc-initialized and after a change of framebuffer; the
 * connection itself sends the incremental requests that keep the
 * updates coming.
 *
 * Returns: %TRUE if the request was sent, %FALSE before
 *   #VncConnection::vnc-initialized or after the session ended
 */
gboolean
vnc_connection_framebuffer_update_request(VncConnection *conn, gboolean incremental,
                                          guint16 x, guint16 y,
                                          guint16 width, guint16 height)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (!vnc_connection_priv_can_send(conn))
        return FALSE;

    vnc_stream_write_u8(priv->stream, CLIENT_FRAMEBUFFER_UPDATE_REQUEST);
    vnc_stream_write_u8(priv->stream, incremental ? 1 : 0);
    vnc_stream_write_u16(priv->stream, x);
    vnc_stream_write_u16(priv->stream, y);
    vnc_stream_write_u16(priv->stream, width);
    vnc_stream_write_u16(priv->stream, height);
    vnc_connection_priv_send(conn);
    return TRUE;
}

/**
 * vnc_connection_key_event:
 * @conn: the connection
 * @down_flag: %TRUE when the key is pressed, %FALSE when it is released
 * @key: the X11 keysym of the key (as GDK key values are)
 * @scancode: the key's XT (set 1) scan code as QEMU's extended key
 *   event carries it: the byte below 0x80 for most keys, 0x80 | the
 *   second byte for keys prefixed by 0xe0; 0 if unknown
 *
 * Sends a key press or release. When the server accepts QEMU extended
 * key events (vnc_connection_get_ext_key_event()) and @scancode is not
 * 0, the scan code travels with the keysym, so the server can handle
 * keys its keyboard layout would not produce from the keysym alone.
 *
 * Returns: %TRUE if the event was sent, %FALSE before
 *   #VncConnection::vnc-initialized or after the session ended
 */
gboolean
vnc_connection_key_event(VncConnection *conn, gboolean down_flag,
                         guint32 key, guint16 scancode)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (!vnc_connection_priv_can_send(conn))
        return FALSE;

    if (priv->has_ext_key_event && scancode) {
        vnc_connection_priv_write_ext_key_event(conn, down_flag, key, scancode);
    } else {
        vnc_stream_write_u8(priv->stream, CLIENT_KEY_EVENT);
        vnc_stream_write_u8(priv->stream, down_flag ? 1 : 0);
        vnc_stream_write_u16(priv->stream, 0);
        vnc_stream_write_u32(priv->stream, key);
    }
    vnc_connection_priv_send(conn);
    return TRUE;
}

/**
 * vnc_connection_pointer_event:
 * @conn: the connection
 * @button_mask: the buttons held down: bit 0 is the left button, 1 the
 *   middle, 2 the right, 3 and 4 the scroll wheel up and down, 5 and 6
 *   scrolling left and right
 * @x: the pointer's column on the desktop (or, in relative mode, the
 *   motion added to the middle of the desktop)
 * @y: the pointer's row on the desktop (or the motion, likewise)
 *
 * Sends the pointer's position and buttons (PointerEvent). A wheel turn
 * is a press and a release of its button.
 *
 * Returns: %TRUE if the event was sent, %FALSE before
 *   #VncConnection::vnc-initialized or after the session ended
 */
gboolean
vnc_connection_pointer_event(VncConnection *conn, guint8 button_mask,
                             guint16 x, guint16 y)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (!vnc_connection_priv_can_send(conn))
        return FALSE;

    vnc_stream_write_u8(priv->stream, CLIENT_POINTER_EVENT);
    vnc_stream_write_u8(priv->stream, button_mask);
    vnc_stream_write_u16(priv->stream, x);
    vnc_stream_write_u16(priv->stream, y);
    vnc_connection_priv_send(conn);
    return TRUE;
}

/* RFB cut text is Latin-1. Text that is valid UTF-8 is converted, with
 * characters Latin-1 lacks replaced by '?'; anything else is taken to be
 * Latin-1 already and sent as it is. */
static GBytes *
cut_text_to_latin1(const void *data, size_t length)
{
    const char *text = data;

    if (!g_utf8_validate(text, length, NULL))
        return g_bytes_new(data, length);

    GByteArray *latin1 = g_byte_array_sized_new(length);
    for (const char *p = text; p < text + length; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        guint8 byte = c <= 0xff ? c : '?';
        g_byte_array_append(latin1, &byte, 1);
    }
    return g_byte_array_free_to_bytes(latin1);
}

/**
 * vnc_connection_client_cut_text:
 * @conn: the connection
 * @data: (array length=length) (element-type guint8): the clipboard
 *   text, UTF-8, without a terminating nul
 * @length: the number of bytes in @data
 *
 * Gives the server the client's clipboard text. Servers with the
 * extended clipboard extension get it as UTF-8; others get it in
 * Latin-1, as RFB specifies, with characters Latin-1 lacks replaced by
 * '?'.
 *
 * Returns: %TRUE if the text was sent, %FALSE before
 *   #VncConnection::vnc-initialized, after the session ended, or when
 *   @length exceeds 32 MiB
 */
gboolean
vnc_connection_client_cut_text(VncConnection *conn, const void *data, size_t length)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    g_return_val_if_fail(data != NULL || length == 0, FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (!vnc_connection_priv_can_send(conn) || length > VNC_MAX_CUT_TEXT_LENGTH)
        return FALSE;
    if (vnc_connection_priv_clipboard_send(conn, data, length))
        return TRUE;  /* as UTF-8, through the extended clipboard */

    g_autoptr(GBytes) latin1 = cut_text_to_latin1(data, length);
    gsize latin1_length;
    const guint8 *bytes = g_bytes_get_data(latin1, &latin1_length);

    vnc_stream_write_u8(priv->stream, CLIENT_CUT_TEXT);
    vnc_stream_write(priv->stream, "\0\0\0", 3);
    vnc_stream_write_u32(priv->stream, latin1_length);
    vnc_stream_write(priv->stream, bytes, latin1_length);
    vnc_connection_priv_send(conn);
    return TRUE;
}
