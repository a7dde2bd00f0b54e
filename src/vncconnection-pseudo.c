/*
 * gtk-vnc: pseudo-encodings, the rectangles of a FramebufferUpdate that
 * carry state instead of pixels
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncconnection-priv.h"

/* QEMU's client message number and the extended key event sub-message. */
#define QEMU_CLIENT_MESSAGE 255
#define QEMU_EXT_KEY_EVENT 0

static const gint32 supported_pseudo_encodings[] = {
    VNC_CONNECTION_ENCODING_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_LAST_RECT,
};

gboolean
vnc_connection_priv_pseudo_encoding_supported(gint32 encoding)
{
    for (gsize i = 0; i < G_N_ELEMENTS(supported_pseudo_encodings); i++) {
        if (supported_pseudo_encodings[i] == encoding)
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
    *handled = TRUE;
    *last_rect = FALSE;

    switch (encoding) {
    case VNC_CONNECTION_ENCODING_DESKTOP_RESIZE:
        return vnc_connection_priv_resize(conn, width, height, err);

    case VNC_CONNECTION_ENCODING_LAST_RECT:
        *last_rect = TRUE;
        return TRUE;

    default:
        *handled = FALSE;
        return TRUE;
    }
}
