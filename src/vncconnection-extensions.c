/*
 * gtk-vnc: protocol extensions other than cursors and the clipboard
 *
 * Each one starts when the client offers its pseudo-encoding in
 * SetEncodings and the server confirms, with a pseudo-rectangle or a
 * message of its own; only then may the client use the extension's
 * client messages.
 *
 *   DesktopSize (-223), ExtendedDesktopSize (-308)
 *       the desktop changes size; with the extended form the server also
 *       keeps a screen layout, and accepts SetDesktopSize (client 251)
 *   WMVi (0x574D5669)        the server changes its pixel format
 *   DesktopName (-307)       the desktop is renamed
 *   LED state (-261)         keyboard lock LEDs
 *   pointer type change (-257), QEMU extended key event (-258)
 *   QEMU audio (-259)        server and client message 255, sub-type 1
 *   xvp (-309)               power control; server and client message 250
 *   Fence (-312)             server and client message 248
 *   ContinuousUpdates (-313) server message 150 (EndOfContinuousUpdates),
 *                            client message 150 (EnableContinuousUpdates)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncconnection-priv.h"
#include "vncbytes-priv.h"

/* Message numbers, both directions. */
#define MSG_CONTINUOUS_UPDATES 150
#define MSG_FENCE 248
#define MSG_XVP 250
#define MSG_SET_DESKTOP_SIZE 251
#define MSG_QEMU 255

/* QEMU sub-messages and audio operations. */
#define QEMU_AUDIO 1
enum {
    /* client to server */
    QEMU_AUDIO_ENABLE = 0,
    QEMU_AUDIO_DISABLE = 1,
    QEMU_AUDIO_SET_FORMAT = 2,
};
enum {
    /* server to client */
    QEMU_AUDIO_END = 0,
    QEMU_AUDIO_BEGIN = 1,
    QEMU_AUDIO_DATA = 2,
};

/* xvp message codes, server to client; client codes are the
 * VncConnectionPowerAction values. */
#define XVP_FAIL 0
#define XVP_INIT 1
#define XVP_VERSION 1

/* Fence flags. We handle every message in order, as it arrives, and
 * answer a fence at once, so the three synchronisation requests hold
 * without our doing anything: we support them all. */
#define FENCE_BLOCK_BEFORE (1u << 0)
#define FENCE_BLOCK_AFTER  (1u << 1)
#define FENCE_SYNC_NEXT    (1u << 2)
#define FENCE_REQUEST      (1u << 31)
#define FENCE_SUPPORTED (FENCE_BLOCK_BEFORE | FENCE_BLOCK_AFTER | FENCE_SYNC_NEXT)

/* ExtendedDesktopSize: the reason in x; the status in y (when the reason
 * is our own request). */
#define EDS_REASON_CLIENT 1

/* Simple pseudo-rectangles. */

/* coroutine context */
gboolean
vnc_connection_priv_pointer_change(VncConnection *conn, guint16 x, guint16 y,
                                   guint16 width, guint16 height, GError **err)
{
    /* x is the new mode: 1 absolute, 0 relative. */
    conn->priv->abs_pointer = x != 0;
    VNC_DEBUG("Pointer mode: %s", x ? "absolute" : "relative");
    vnc_connection_priv_emit(conn, VNC_SIGNAL_POINTER_MODE_CHANGED,
                             conn->priv->abs_pointer);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_ext_key_event(VncConnection *conn, guint16 x, guint16 y,
                                  guint16 width, guint16 height, GError **err)
{
    VNC_DEBUG("The server takes QEMU extended key events");
    conn->priv->has_ext_key_event = TRUE;
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_led_state(VncConnection *conn, guint16 x, guint16 y,
                              guint16 width, guint16 height, GError **err)
{
    guint8 state;

    if (!vnc_stream_read_u8(conn->priv->stream, &state, err))
        return FALSE;
    /* Bits 0, 1, 2: scroll, num and caps lock (VNC_LEDSTATE_*). */
    conn->priv->ledstate = state;
    VNC_DEBUG("LED state 0x%x", state);
    vnc_connection_priv_emit(conn, VNC_SIGNAL_LED_STATE);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_desktop_name(VncConnection *conn, guint16 x, guint16 y,
                                 guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    char *name = NULL;

    if (!vnc_connection_priv_read_string(conn, VNC_MAX_NAME_LENGTH, "desktop name",
                                         &name, err))
        return FALSE;
    g_free(priv->name);
    priv->name = name;
    VNC_DEBUG("Desktop renamed to '%s'", name);
    vnc_connection_priv_emit(conn, VNC_SIGNAL_DESKTOP_RENAME, priv->name);
    return TRUE;
}

/* Continuous updates. */

/* Asks for updates of the whole desktop without requests. */
static void
enable_continuous_updates(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    vnc_stream_write_u8(priv->stream, MSG_CONTINUOUS_UPDATES);
    vnc_stream_write_u8(priv->stream, 1);
    vnc_stream_write_u16(priv->stream, 0);
    vnc_stream_write_u16(priv->stream, 0);
    vnc_stream_write_u16(priv->stream, priv->width);
    vnc_stream_write_u16(priv->stream, priv->height);
    vnc_connection_priv_send(conn);
    priv->continuous_updates = TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_read_end_of_continuous_updates(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (!vnc_connection_priv_offered(conn, VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES)) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server sent EndOfContinuousUpdates, but this client "
                            "did not offer continuous updates");
        return FALSE;
    }

    if (!priv->has_continuous_updates) {
        /* The first one only says that the server has them. TigerVNC
         * (rightly: the spec ties them together) drops a client that
         * enables them without having offered Fence too. */
        priv->has_continuous_updates = TRUE;
        if (vnc_connection_priv_offered(conn, VNC_CONNECTION_ENCODING_FENCE)) {
            VNC_DEBUG("Enabling continuous updates");
            enable_continuous_updates(conn);
        }
    } else if (priv->continuous_updates) {
        /* The server stopped them: back to one request per update. */
        VNC_DEBUG("The server ended continuous updates");
        priv->continuous_updates = FALSE;
        vnc_connection_framebuffer_update_request(conn, TRUE, 0, 0,
                                                  priv->width, priv->height);
    }
    return TRUE;
}

/* Desktop size. */

/* The desktop changed size: continuous updates cover the area they were
 * enabled for, so they are enabled again for the new one. */
static gboolean
resize(VncConnection *conn, guint16 width, guint16 height, GError **err)
{
    if (!vnc_connection_priv_resize(conn, width, height, err))
        return FALSE;
    if (conn->priv->continuous_updates)
        enable_continuous_updates(conn);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_desktop_size(VncConnection *conn, guint16 x, guint16 y,
                                 guint16 width, guint16 height, GError **err)
{
    return resize(conn, width, height, err);
}

/* coroutine context */
gboolean
vnc_connection_priv_extended_desktop_size(VncConnection *conn, guint16 x, guint16 y,
                                          guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    g_autofree VncConnectionScreen *screens = NULL;
    guint8 n_screens;

    if (!vnc_stream_read_u8(priv->stream, &n_screens, err) ||
        !vnc_stream_skip(priv->stream, 3, err))
        goto bad;

    /* At most 255 screens of 16 bytes: no limit to check beyond the
     * count's own. */
    screens = g_new0(VncConnectionScreen, MAX(n_screens, 1));
    for (guint i = 0; i < n_screens; i++) {
        const guint8 *s = vnc_stream_read_inplace(priv->stream, 16, err);
        if (!s)
            goto bad;
        screens[i].id = vnc_load_be32(s);
        screens[i].x = vnc_load_be16(s + 4);
        screens[i].y = vnc_load_be16(s + 6);
        screens[i].width = vnc_load_be16(s + 8);
        screens[i].height = vnc_load_be16(s + 10);
        screens[i].flags = vnc_load_be32(s + 12);
    }

    /* Having sent one, the server takes SetDesktopSize. */
    priv->has_desktop_resize = TRUE;

    if (x == EDS_REASON_CLIENT) {
        /* The answer to our SetDesktopSize. On failure the rest of the
         * rectangle means nothing; the desktop stays as it is. */
        priv->resize_status = y;
        if (y == VNC_CONNECTION_RESIZE_STATUS_FORWARDED) {
            /* Not a no: the desktop may change later, on its own. */
            VNC_DEBUG("The server passed our desktop size request on");
            return TRUE;
        }
        if (y != VNC_CONNECTION_RESIZE_STATUS_OK) {
            VNC_DEBUG("The server refused our desktop size request (status %u)", y);
            vnc_connection_priv_emit(conn, VNC_SIGNAL_DESKTOP_RESIZE_FAILED,
                                     (VncConnectionResizeStatus)y);
            return TRUE;
        }
    }

    if (!vnc_connection_priv_resize_check(width, height, err))
        return FALSE;
    for (guint i = 0; i < n_screens; i++) {
        /* Screens are viewports into the framebuffer: a screen reaching
         * outside it is a broken (or hostile) layout. */
        if ((guint32)screens[i].x + screens[i].width > width ||
            (guint32)screens[i].y + screens[i].height > height) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server's screen %u (%ux%u at %u,%u) lies outside its "
                        "%ux%u desktop", screens[i].id, screens[i].width,
                        screens[i].height, screens[i].x, screens[i].y, width, height);
            return FALSE;
        }
    }

    g_free(priv->screens);
    priv->screens = g_steal_pointer(&screens);
    priv->n_screens = n_screens;
    VNC_DEBUG("Desktop %ux%u with %u screen(s)", width, height, n_screens);

    /* Only a change of size invalidates the framebuffer; a new layout
     * of the same desktop does not. */
    if (width != priv->width || height != priv->height)
        return resize(conn, width, height, err);
    return TRUE;

 bad:
    g_prefix_error(err, "Bad ExtendedDesktopSize rectangle: ");
    return FALSE;
}

/* The layout we ask for: the server's, fitted to the new size. One screen
 * (the common case) simply covers the new desktop; with several, each
 * keeps its place, cut to the new edges, and the ones that would start
 * past them are dropped. Ids and flags are kept: the id is how the server
 * tells a moved screen from a new one. */
static guint
fit_layout(VncConnectionPrivate *priv, guint width, guint height,
           VncConnectionScreen *out)
{
    guint n = 0;

    if (priv->n_screens > 1) {
        for (guint i = 0; i < priv->n_screens; i++) {
            VncConnectionScreen screen = priv->screens[i];

            if (screen.x >= width || screen.y >= height)
                continue;
            screen.width = MIN(screen.width, width - screen.x);
            screen.height = MIN(screen.height, height - screen.y);
            if (screen.width == 0 || screen.height == 0)
                continue;
            out[n++] = screen;
        }
        if (n > 0)
            return n;
    }

    /* A new screen (none known) gets id 0 and no flags, as the spec
     * wants for screens the client creates. */
    out[0].id = priv->n_screens ? priv->screens[0].id : 0;
    out[0].flags = priv->n_screens ? priv->screens[0].flags : 0;
    out[0].x = out[0].y = 0;
    out[0].width = width;
    out[0].height = height;
    return 1;
}

/**
 * vnc_connection_set_size:
 * @conn: the connection
 * @width: the desktop width wanted, in pixels
 * @height: the desktop height wanted, in pixels
 *
 * Asks the server to change the size of its desktop (SetDesktopSize).
 * The current screen layout is kept where it fits. The server answers
 * later; if it agrees, #VncConnection::vnc-desktop-resize follows.
 *
 * Returns: %VNC_CONNECTION_RESIZE_STATUS_OK when the request was sent,
 *   %VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED when the server has not
 *   shown that it can resize (no ExtendedDesktopSize rectangle yet), or
 *   %VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT for a size outside
 *   1x1 .. 16384x16384
 */
VncConnectionResizeStatus
vnc_connection_set_size(VncConnection *conn, guint width, guint height)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED);
    VncConnectionPrivate *priv = conn->priv;
    VncConnectionScreen layout[256];

    if (!vnc_connection_priv_can_send(conn) || !priv->has_desktop_resize)
        return VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED;
    if (width == 0 || height == 0 ||
        width > VNC_MAX_DESKTOP_DIMENSION || height > VNC_MAX_DESKTOP_DIMENSION ||
        (guint64)width * height > VNC_MAX_DESKTOP_PIXELS)
        return VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT;

    guint n = fit_layout(priv, width, height, layout);

    vnc_stream_write_u8(priv->stream, MSG_SET_DESKTOP_SIZE);
    vnc_stream_write_u8(priv->stream, 0);
    vnc_stream_write_u16(priv->stream, width);
    vnc_stream_write_u16(priv->stream, height);
    vnc_stream_write_u8(priv->stream, n);
    vnc_stream_write_u8(priv->stream, 0);
    for (guint i = 0; i < n; i++) {
        vnc_stream_write_u32(priv->stream, layout[i].id);
        vnc_stream_write_u16(priv->stream, layout[i].x);
        vnc_stream_write_u16(priv->stream, layout[i].y);
        vnc_stream_write_u16(priv->stream, layout[i].width);
        vnc_stream_write_u16(priv->stream, layout[i].height);
        vnc_stream_write_u32(priv->stream, layout[i].flags);
    }
    vnc_connection_priv_send(conn);
    /* Until the server answers. */
    priv->resize_status = VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED;
    VNC_DEBUG("Asked for a %ux%u desktop with %u screen(s)", width, height, n);
    return VNC_CONNECTION_RESIZE_STATUS_OK;
}

/* WMVi. */

/* coroutine context */
gboolean
vnc_connection_priv_wmvi(VncConnection *conn, guint16 x, guint16 y,
                         guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    VncPixelFormat format;
    gboolean resizes = width && height && (width != priv->width || height != priv->height);

    if (!vnc_connection_priv_read_pixel_format(conn, &format, err)) {
        g_prefix_error(err, "Bad WMVi rectangle: ");
        return FALSE;
    }
    /* A size we refuse refuses the whole rectangle: the embedder must not
     * hear of its new format first. */
    if (resizes && !vnc_connection_priv_resize_check(width, height, err))
        return FALSE;
    priv->format = format;
    VNC_DEBUG("The server's pixel format is now %u bpp, depth %u",
              format.bits_per_pixel, format.depth);
    /* The embedder replaces the framebuffer for the new remote format. */
    vnc_connection_priv_emit(conn, VNC_SIGNAL_PIXEL_FORMAT_CHANGED, &priv->format);

    /* The rectangle also carries the desktop's size. */
    if (resizes)
        return resize(conn, width, height, err);
    return TRUE;
}

/* Fence. */

/* coroutine context */
gboolean
vnc_connection_priv_read_fence(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint8 payload[VNC_MAX_FENCE_LENGTH];
    guint32 flags;
    guint8 length;

    if (!vnc_stream_skip(priv->stream, 3, err) ||
        !vnc_stream_read_u32(priv->stream, &flags, err) ||
        !vnc_stream_read_u8(priv->stream, &length, err))
        goto bad;
    if (length > VNC_MAX_FENCE_LENGTH) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a fence with %u bytes of payload; at most %u "
                    "are allowed", length, VNC_MAX_FENCE_LENGTH);
        return FALSE;
    }
    if (!vnc_stream_read(priv->stream, payload, length, err))
        goto bad;

    if (!vnc_connection_priv_offered(conn, VNC_CONNECTION_ENCODING_FENCE)) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server sent a fence, but this client did not offer "
                            "the Fence extension");
        return FALSE;
    }
    priv->has_fence = TRUE;

    if (!(flags & FENCE_REQUEST)) {
        /* We never ask, so there is nothing this could answer. */
        VNC_DEBUG("Ignoring a fence response we did not ask for");
        return TRUE;
    }

    /* The answer: the same payload, the request flags we honour, and the
     * request bit cleared. */
    vnc_stream_write_u8(priv->stream, MSG_FENCE);
    vnc_stream_write(priv->stream, "\0\0\0", 3);
    vnc_stream_write_u32(priv->stream, flags & FENCE_SUPPORTED);
    vnc_stream_write_u8(priv->stream, length);
    vnc_stream_write(priv->stream, payload, length);
    vnc_connection_priv_send(conn);
    return TRUE;

 bad:
    g_prefix_error(err, "Bad fence message: ");
    return FALSE;
}

/* xvp. */

/* coroutine context */
gboolean
vnc_connection_priv_read_xvp(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint8 version, code;

    if (!vnc_stream_skip(priv->stream, 1, err) ||
        !vnc_stream_read_u8(priv->stream, &version, err) ||
        !vnc_stream_read_u8(priv->stream, &code, err)) {
        g_prefix_error(err, "Bad xvp message: ");
        return FALSE;
    }
    if (!vnc_connection_priv_offered(conn, VNC_CONNECTION_ENCODING_XVP)) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server sent an xvp message, but this client did not "
                            "offer xvp");
        return FALSE;
    }

    switch (code) {
    case XVP_INIT:
        if (version < XVP_VERSION) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server offers xvp version %u; version 1 is the first",
                        version);
            return FALSE;
        }
        /* The server supports every version up to the one it names; we
         * speak version 1. */
        priv->xvp_version = XVP_VERSION;
        priv->has_power_control = TRUE;
        VNC_DEBUG("xvp power control available (server version %u)", version);
        vnc_connection_priv_emit(conn, VNC_SIGNAL_POWER_CONTROL_INITIALIZED);
        return TRUE;
    case XVP_FAIL:
        VNC_DEBUG("xvp power control request failed");
        vnc_connection_priv_emit(conn, VNC_SIGNAL_POWER_CONTROL_FAILED);
        return TRUE;
    default:
        /* A code from a later version: the message's size is fixed, so
         * it can be skipped safely. */
        VNC_DEBUG("Ignoring xvp message code %u", code);
        return TRUE;
    }
}

/**
 * vnc_connection_power_control:
 * @conn: the connection
 * @action: what to do to the machine behind the desktop
 *
 * Asks the server to shut down, reboot or reset the machine whose
 * desktop this is, through the xvp extension. Only possible after
 * #VncConnection::vnc-power-control-initialized; if the server cannot
 * do it, #VncConnection::vnc-power-control-failed follows.
 *
 * Returns: %TRUE if the request was sent
 */
gboolean
vnc_connection_power_control(VncConnection *conn, VncConnectionPowerAction action)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    VncConnectionPrivate *priv = conn->priv;

    if (action != VNC_CONNECTION_POWER_ACTION_SHUTDOWN &&
        action != VNC_CONNECTION_POWER_ACTION_REBOOT &&
        action != VNC_CONNECTION_POWER_ACTION_RESET)
        return FALSE;
    if (!vnc_connection_priv_can_send(conn) || !priv->has_power_control)
        return FALSE;

    vnc_stream_write_u8(priv->stream, MSG_XVP);
    vnc_stream_write_u8(priv->stream, 0);
    vnc_stream_write_u8(priv->stream, priv->xvp_version);
    vnc_stream_write_u8(priv->stream, action);
    vnc_connection_priv_send(conn);
    return TRUE;
}

/* QEMU audio. */

static void
write_audio_operation(VncConnection *conn, guint16 operation)
{
    VncStream *stream = conn->priv->stream;

    vnc_stream_write_u8(stream, MSG_QEMU);
    vnc_stream_write_u8(stream, QEMU_AUDIO);
    vnc_stream_write_u16(stream, operation);
}

static void
write_audio_format(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    write_audio_operation(conn, QEMU_AUDIO_SET_FORMAT);
    vnc_stream_write_u8(priv->stream, priv->audio_format.format);
    vnc_stream_write_u8(priv->stream, priv->audio_format.nchannels);
    vnc_stream_write_u32(priv->stream, priv->audio_format.frequency);
}

/* The format goes first: the spec wants it set before the stream starts,
 * or the samples cannot be read reliably. */
static void
write_audio_enable(VncConnection *conn)
{
    if (conn->priv->audio_format_set)
        write_audio_format(conn);
    write_audio_operation(conn, QEMU_AUDIO_ENABLE);
    vnc_connection_priv_send(conn);
}

/* coroutine context */
gboolean
vnc_connection_priv_audio(VncConnection *conn, guint16 x, guint16 y,
                          guint16 width, guint16 height, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    VNC_DEBUG("The server can send audio");
    if (!priv->has_audio && priv->audio_enabled)
        write_audio_enable(conn);  /* the embedder asked before the server said */
    priv->has_audio = TRUE;
    return TRUE;
}

void
vnc_connection_priv_audio_format_changed(VncConnection *conn)
{
    if (!vnc_connection_priv_can_send(conn) || !conn->priv->has_audio)
        return;
    write_audio_format(conn);
    vnc_connection_priv_send(conn);
}

/**
 * vnc_connection_audio_enable:
 * @conn: the connection
 *
 * Asks the server to send audio, in the format set with
 * vnc_connection_set_audio_format(), to the sink set with
 * vnc_connection_set_audio(). If the server has not yet said that it
 * can (QEMU audio pseudo-encoding), the request is sent when it does.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_audio_enable(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    VncConnectionPrivate *priv = conn->priv;

    priv->audio_enabled = TRUE;
    if (vnc_connection_priv_can_send(conn) && priv->has_audio)
        write_audio_enable(conn);
    return TRUE;
}

/**
 * vnc_connection_audio_disable:
 * @conn: the connection
 *
 * Asks the server to stop sending audio. A little more may arrive
 * before it stops.
 *
 * Returns: %TRUE
 */
gboolean
vnc_connection_audio_disable(VncConnection *conn)
{
    g_return_val_if_fail(VNC_IS_CONNECTION(conn), FALSE);
    VncConnectionPrivate *priv = conn->priv;

    priv->audio_enabled = FALSE;
    if (vnc_connection_priv_can_send(conn) && priv->has_audio) {
        write_audio_operation(conn, QEMU_AUDIO_DISABLE);
        vnc_connection_priv_send(conn);
    }
    return TRUE;
}

/* A call into the audio sink, made from the main context. */
typedef struct {
    VncAudio *audio;
    guint16 operation;
    VncAudioFormat *format;
    VncAudioSample *sample;
} VncAudioCall;

static void
audio_call(VncConnection *conn, gpointer data)
{
    VncAudioCall *call = data;

    switch (call->operation) {
    case QEMU_AUDIO_BEGIN:
        vnc_audio_playback_start(call->audio, call->format);
        break;
    case QEMU_AUDIO_END:
        vnc_audio_playback_stop(call->audio);
        break;
    case QEMU_AUDIO_DATA:
        vnc_audio_playback_data(call->audio, call->sample);
        break;
    default:
        break;
    }
}

/* coroutine context */
static void
play(VncConnection *conn, guint16 operation, VncAudioSample *sample)
{
    VncConnectionPrivate *priv = conn->priv;

    if (!priv->audio)
        return;
    /* The sink may be replaced while we wait for the main context. */
    g_autoptr(GObject) audio = g_object_ref(G_OBJECT(priv->audio));
    VncAudioFormat format = priv->audio_format;
    VncAudioCall call = {
        .audio = VNC_AUDIO(audio),
        .operation = operation,
        .format = &format,
        .sample = sample,
    };
    vnc_connection_priv_run_in_main(conn, audio_call, &call);
}

/* coroutine context */
static gboolean
read_audio(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint16 operation;

    if (!vnc_stream_read_u16(priv->stream, &operation, err))
        return FALSE;
    if (!vnc_connection_priv_offered(conn, VNC_CONNECTION_ENCODING_AUDIO)) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                            "The server sent audio, but this client did not offer "
                            "QEMU audio");
        return FALSE;
    }

    switch (operation) {
    case QEMU_AUDIO_BEGIN:
        VNC_DEBUG("Audio stream begins");
        priv->audio_playing = TRUE;
        play(conn, QEMU_AUDIO_BEGIN, NULL);
        return TRUE;

    case QEMU_AUDIO_END:
        VNC_DEBUG("Audio stream ends");
        if (priv->audio_playing) {
            priv->audio_playing = FALSE;
            play(conn, QEMU_AUDIO_END, NULL);
        }
        return TRUE;

    case QEMU_AUDIO_DATA: {
        guint32 length;

        if (!vnc_stream_read_u32(priv->stream, &length, err))
            return FALSE;
        if (length > VNC_MAX_AUDIO_CHUNK) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                        "The server sent %u bytes of audio at once, more than the "
                        "%u allowed", length, VNC_MAX_AUDIO_CHUNK);
            return FALSE;
        }
        VncAudioSample *sample = vnc_audio_sample_new(length);
        /* An empty sample has no buffer (g_malloc0(0) is NULL), and even
         * a zero-byte read into NULL is undefined for memcpy. */
        if (length && !vnc_stream_read(priv->stream, sample->data, length, err)) {
            vnc_audio_sample_free(sample);
            return FALSE;
        }
        sample->length = length;
        /* Samples outside a stream have no format to be played in. */
        if (priv->audio_playing)
            play(conn, QEMU_AUDIO_DATA, sample);
        vnc_audio_sample_free(sample);
        return TRUE;
    }

    default:
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent an unknown audio operation (%u)", operation);
        return FALSE;
    }
}

/* coroutine context */
gboolean
vnc_connection_priv_read_qemu(VncConnection *conn, GError **err)
{
    guint8 submessage;

    if (!vnc_stream_read_u8(conn->priv->stream, &submessage, err))
        goto bad;
    if (submessage != QEMU_AUDIO) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent an unknown QEMU message (sub-type %u)", submessage);
        return FALSE;
    }
    if (!read_audio(conn, err))
        goto bad;
    return TRUE;

 bad:
    g_prefix_error(err, "Bad QEMU message: ");
    return FALSE;
}

/* The session's end. */

void
vnc_connection_priv_extensions_reset(VncConnection *conn)
{
    VncConnectionPrivate *priv = conn->priv;

    if (priv->audio_playing) {
        /* The stream ends with the session. */
        priv->audio_playing = FALSE;
        play(conn, QEMU_AUDIO_END, NULL);
    }

    priv->abs_pointer = TRUE;
    priv->has_ext_key_event = FALSE;
    priv->has_power_control = FALSE;
    priv->ledstate = 0;
    priv->has_desktop_resize = FALSE;

    priv->has_audio = FALSE;
    priv->audio_playing = FALSE;
    priv->xvp_version = 0;
    g_clear_pointer(&priv->screens, g_free);
    priv->n_screens = 0;
    priv->resize_status = VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED;
    priv->has_fence = FALSE;
    priv->has_continuous_updates = FALSE;
    priv->continuous_updates = FALSE;
    priv->has_ext_clipboard = FALSE;
    priv->clipboard_server_flags = 0;
    priv->clipboard_server_text_max = 0;
    g_clear_pointer(&priv->clipboard_text, g_free);
}
