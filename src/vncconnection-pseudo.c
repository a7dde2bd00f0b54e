/*
 * gtk-vnc: pseudo-encodings, the rectangles of a FramebufferUpdate that
 * carry state instead of pixels
 *
 * One table lists every pseudo-encoding the connection understands: the
 * ones a server answers with rectangles (cursors, desktop size and name,
 * pointer mode, LEDs, ...) point at their handler; the ones that only
 * announce that we understand an extension's messages (xvp, Fence,
 * ContinuousUpdates, ExtendedClipboard) or that are hints to the server
 * (JPEG quality, compression level) have none. vnc_connection_set_encodings
 * offers nothing that is not in this table or the decoder table.
 *
 * The handlers live with their feature: vncconnection-cursor.c,
 * vncconnection-extensions.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncconnection-priv.h"

/* QEMU's client message number and the extended key event sub-message. */
#define QEMU_CLIENT_MESSAGE 255
#define QEMU_EXT_KEY_EVENT 0

/* coroutine context */
typedef gboolean (*VncPseudoFunc)(VncConnection *conn, guint16 x, guint16 y,
                                  guint16 width, guint16 height, GError **err);

typedef struct {
    gint32 first, last;     /* a range of numbers; most entries are one */
    const char *name;
    VncPseudoFunc handle;   /* NULL: never the encoding of a rectangle */
} VncPseudoEncoding;

/* LastRect is handled by vnc_connection_priv_pseudo_encoding() itself:
 * it ends the update rather than changing any state. */
static const VncPseudoEncoding pseudo_encodings[] = {
    { VNC_CONNECTION_ENCODING_DESKTOP_RESIZE, VNC_CONNECTION_ENCODING_DESKTOP_RESIZE,
      "DesktopSize", vnc_connection_priv_desktop_size },
    { VNC_CONNECTION_ENCODING_LAST_RECT, VNC_CONNECTION_ENCODING_LAST_RECT,
      "LastRect", NULL },
    { VNC_CONNECTION_ENCODING_RICH_CURSOR, VNC_CONNECTION_ENCODING_RICH_CURSOR,
      "rich cursor", vnc_connection_priv_rich_cursor },
    { VNC_CONNECTION_ENCODING_XCURSOR, VNC_CONNECTION_ENCODING_XCURSOR,
      "X cursor", vnc_connection_priv_x_cursor },
    { VNC_CONNECTION_ENCODING_ALPHA_CURSOR, VNC_CONNECTION_ENCODING_ALPHA_CURSOR,
      "alpha cursor", vnc_connection_priv_alpha_cursor },
    { VNC_CONNECTION_ENCODING_POINTER_CHANGE, VNC_CONNECTION_ENCODING_POINTER_CHANGE,
      "pointer type change", vnc_connection_priv_pointer_change },
    { VNC_CONNECTION_ENCODING_EXT_KEY_EVENT, VNC_CONNECTION_ENCODING_EXT_KEY_EVENT,
      "QEMU extended key event", vnc_connection_priv_ext_key_event },
    { VNC_CONNECTION_ENCODING_AUDIO, VNC_CONNECTION_ENCODING_AUDIO,
      "QEMU audio", vnc_connection_priv_audio },
    { VNC_CONNECTION_ENCODING_LED_STATE, VNC_CONNECTION_ENCODING_LED_STATE,
      "LED state", vnc_connection_priv_led_state },
    { VNC_CONNECTION_ENCODING_DESKTOP_NAME, VNC_CONNECTION_ENCODING_DESKTOP_NAME,
      "DesktopName", vnc_connection_priv_desktop_name },
    { VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE,
      VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE,
      "ExtendedDesktopSize", vnc_connection_priv_extended_desktop_size },
    { VNC_CONNECTION_ENCODING_WMVi, VNC_CONNECTION_ENCODING_WMVi,
      "WMVi", vnc_connection_priv_wmvi },

    /* Extensions whose messages are not rectangles. */
    { VNC_CONNECTION_ENCODING_XVP, VNC_CONNECTION_ENCODING_XVP, "xvp", NULL },
    { VNC_CONNECTION_ENCODING_FENCE, VNC_CONNECTION_ENCODING_FENCE, "Fence", NULL },
    { VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES,
      VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES, "ContinuousUpdates", NULL },
    { VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD,
      VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD, "ExtendedClipboard", NULL },

    /* Hints to the server's encoders. */
    { VNC_CONNECTION_ENCODING_TIGHT_JPEG0, VNC_CONNECTION_ENCODING_TIGHT_JPEG9,
      "JPEG quality level", NULL },
    { VNC_CONNECTION_ENCODING_COMPRESS_LEVEL0, VNC_CONNECTION_ENCODING_COMPRESS_LEVEL9,
      "compression level", NULL },
    { VNC_CONNECTION_ENCODING_FINE_QUALITY_LEVEL0,
      VNC_CONNECTION_ENCODING_FINE_QUALITY_LEVEL100, "fine JPEG quality level", NULL },
    /* 1X, 4X, 2X, gray, 8X, 16X */
    { VNC_CONNECTION_ENCODING_SUBSAMP_1X, VNC_CONNECTION_ENCODING_SUBSAMP_1X + 5,
      "JPEG subsampling level", NULL },
};

static const VncPseudoEncoding *
find_pseudo_encoding(gint32 encoding)
{
    for (gsize i = 0; i < G_N_ELEMENTS(pseudo_encodings); i++) {
        if (encoding >= pseudo_encodings[i].first && encoding <= pseudo_encodings[i].last)
            return &pseudo_encodings[i];
    }
    return NULL;
}

gboolean
vnc_connection_priv_pseudo_encoding_supported(gint32 encoding)
{
    return find_pseudo_encoding(encoding) != NULL;
}

gboolean
vnc_connection_priv_offered(VncConnection *conn, gint32 encoding)
{
    VncConnectionPrivate *priv = conn->priv;

    for (int i = 0; i < priv->n_encodings; i++) {
        if (priv->encodings[i] == encoding)
            return TRUE;
    }
    return FALSE;
}

void
vnc_connection_priv_write_ext_key_event(VncConnection *conn, gboolean down,
                                        guint32 keysym, guint16 scancode)
{
    VncStream *stream = conn->priv->stream;

    vnc_stream_write_u8(stream, QEMU_CLIENT_MESSAGE);
    vnc_stream_write_u8(stream, QEMU_EXT_KEY_EVENT);
    vnc_stream_write_u16(stream, down ? 1 : 0);
    vnc_stream_write_u32(stream, keysym);
    vnc_stream_write_u32(stream, scancode);
}

/* coroutine context */
gboolean
vnc_connection_priv_pseudo_encoding(VncConnection *conn, gint32 encoding,
                                    guint16 x, guint16 y,
                                    guint16 width, guint16 height,
                                    gboolean *handled, gboolean *last_rect,
                                    GError **err)
{
    *handled = FALSE;
    *last_rect = FALSE;

    if (encoding == VNC_CONNECTION_ENCODING_LAST_RECT) {
        *handled = TRUE;
        *last_rect = TRUE;
        return TRUE;
    }

    const VncPseudoEncoding *pseudo = find_pseudo_encoding(encoding);
    if (!pseudo)
        return TRUE;  /* an image encoding: the decoders' business */

    *handled = TRUE;
    if (!pseudo->handle) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a rectangle in pseudo-encoding %d (%s), "
                    "which never comes as a rectangle", encoding, pseudo->name);
        return FALSE;
    }
    return pseudo->handle(conn, x, y, width, height, err);
}
