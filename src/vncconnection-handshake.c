/*
 * gtk-vnc: from the first byte to ServerInit (RFC 6143 sections 7.1, 7.3)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncconnection-priv.h"
#include "vncbytes-priv.h"
#include "auth/vncauth-priv.h"

/* coroutine context */
gboolean
vnc_connection_priv_read_sized(VncConnection *conn, guint32 limit, const char *what,
                               char **data, guint32 *len, GError **err)
{
    VncStream *stream = conn->priv->stream;

    if (!vnc_stream_read_u32(stream, len, err))
        return FALSE;
    if (*len > limit) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server sent a %s of %u bytes, more than the %u allowed",
                    what, *len, limit);
        return FALSE;
    }

    g_autofree char *raw = g_malloc((gsize)*len + 1);
    if (!vnc_stream_read(stream, raw, *len, err))
        return FALSE;
    raw[*len] = '\0';
    *data = g_steal_pointer(&raw);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_read_string(VncConnection *conn, guint32 limit,
                                const char *what, char **text, GError **err)
{
    g_autofree char *raw = NULL;
    guint32 len;

    if (!vnc_connection_priv_read_sized(conn, limit, what, &raw, &len, err))
        return FALSE;

    /* RFB says Latin-1; many servers send UTF-8. Keep valid UTF-8 as it
     * is, and read anything else as Latin-1. NULs end the text. */
    if (g_utf8_validate(raw, -1, NULL))
        *text = g_steal_pointer(&raw);
    else
        *text = g_convert(raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    if (!*text)
        *text = g_strdup("");
    return TRUE;
}

/* The protocol version: "RFB xxx.yyy\n". */

#define VNC_VERSION_LENGTH 12

static gboolean
parse_version(const guint8 *msg, int *major, int *minor)
{
    if (memcmp(msg, "RFB ", 4) != 0 || msg[7] != '.' || msg[11] != '\n')
        return FALSE;
    for (int i = 4; i < 11; i++) {
        if (i != 7 && !g_ascii_isdigit(msg[i]))
            return FALSE;
    }
    *major = (msg[4] - '0') * 100 + (msg[5] - '0') * 10 + (msg[6] - '0');
    *minor = (msg[8] - '0') * 100 + (msg[9] - '0') * 10 + (msg[10] - '0');
    return TRUE;
}

/* coroutine context */
static gboolean
negotiate_version(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    int major, minor;

    const guint8 *msg = vnc_stream_read_inplace(priv->stream, VNC_VERSION_LENGTH, err);
    if (!msg) {
        g_prefix_error(err, "No protocol version from the server: ");
        return FALSE;
    }
    if (!parse_version(msg, &major, &minor)) {
        /* Shown escaped, NULs included, so that a person sees what came. */
        g_autoptr(GString) shown = g_string_new(NULL);
        for (int i = 0; i < VNC_VERSION_LENGTH; i++) {
            if (g_ascii_isprint(msg[i]) && msg[i] != '\\' && msg[i] != '"')
                g_string_append_c(shown, msg[i]);
            else
                g_string_append_printf(shown, "\\x%02x", msg[i]);
        }
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server is not a VNC server (it sent \"%s\")", shown->str);
        return FALSE;
    }
    VNC_DEBUG("Server protocol version %d.%d", major, minor);

    /* Servers send more than 3.3, 3.7 and 3.8: Apple sends 3.889, some
     * UltraVNC builds 3.4 to 3.6, RealVNC 4.x sends 4.0 and 4.1. Answer
     * with the nearest version we speak. */
    if (major < 3 || (major == 3 && minor < 3)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "The server speaks RFB %d.%d, older than any version this client supports",
                    major, minor);
        return FALSE;
    }
    if (major > 3 || minor >= 8)
        minor = 8;
    else if (minor < 7)
        minor = 3;
    priv->major = 3;
    priv->minor = minor;

    char reply[VNC_VERSION_LENGTH + 1];
    g_snprintf(reply, sizeof(reply), "RFB %03d.%03d\n", priv->major, priv->minor);
    vnc_stream_write(priv->stream, reply, VNC_VERSION_LENGTH);
    VNC_DEBUG("Using protocol version %d.%d", priv->major, priv->minor);
    return vnc_stream_flush(priv->stream, err);
}

/* Security. */

/* coroutine context: the server said no, with a reason. */
static gboolean
read_refusal(VncConnection *conn, GError **err)
{
    g_autofree char *reason = NULL;

    if (!vnc_connection_priv_read_string(conn, VNC_MAX_REASON_LENGTH,
                                         "failure reason", &reason, err))
        return FALSE;
    g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                "The server refused the connection: %s", reason);
    return FALSE;
}

static gboolean
offered(const guint8 *types, guint n_types, unsigned int type)
{
    for (guint i = 0; i < n_types; i++) {
        if (types[i] == type)
            return TRUE;
    }
    return FALSE;
}

/* With @conn, only the types its require-encryption setting allows. */
static unsigned int
first_supported(VncConnection *conn, const guint8 *types, guint n_types)
{
    /* The server lists types in its order of preference. */
    for (guint i = 0; i < n_types; i++) {
        if (vnc_auth_find(types[i]) &&
            (!conn || vnc_connection_priv_auth_allowed(conn, types[i])))
            return types[i];
    }
    return VNC_CONNECTION_AUTH_INVALID;
}

static char *
describe_types(const guint8 *types, guint n_types)
{
    GString *list = g_string_new(NULL);

    for (guint i = 0; i < n_types; i++)
        g_string_append_printf(list, "%s%u", i ? ", " : "", types[i]);
    return g_string_free(list, FALSE);
}

static void
emit_choose_type(VncConnection *conn, const guint8 *types, guint n_types)
{
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    GValueArray *list = vnc_connection_priv_enum_list_new(VNC_TYPE_CONNECTION_AUTH,
                                                          types, 1, n_types);
    vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_CHOOSE_TYPE, list);
    g_value_array_free(list);
    G_GNUC_END_IGNORE_DEPRECATIONS
}

/* coroutine context: RFB 3.7 and later, the client picks from a list. */
static gboolean
choose_security_type(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint8 n_types;

    if (!vnc_stream_read_u8(priv->stream, &n_types, err))
        return FALSE;
    if (n_types == 0)
        return read_refusal(conn, err);

    guint8 types[256];
    if (!vnc_stream_read(priv->stream, types, n_types, err))
        return FALSE;
    g_autofree char *listed = describe_types(types, n_types);
    VNC_DEBUG("Server offers security types %s", listed);

    /* The embedder may choose in its handler; otherwise we take the
     * server's favourite among those we support. */
    priv->auth_type = VNC_CONNECTION_AUTH_INVALID;
    emit_choose_type(conn, types, n_types);
    if (priv->cancelled) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_CANCELLED, "The connection was closed");
        return FALSE;
    }
    if (priv->auth_type == VNC_CONNECTION_AUTH_INVALID)
        priv->auth_type = first_supported(conn, types, n_types);

    if (priv->auth_type == VNC_CONNECTION_AUTH_INVALID &&
        first_supported(NULL, types, n_types) != VNC_CONNECTION_AUTH_INVALID) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "Encryption is required, and the server offers only security "
                    "types that do not encrypt (%s)", listed);
        return FALSE;
    }

    if (priv->auth_type == VNC_CONNECTION_AUTH_INVALID) {
        vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_UNSUPPORTED, (guint)types[0]);
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "The server offers no security type this client supports "
                    "(it offers %s)", listed);
        return FALSE;
    }
    if (!offered(types, n_types, priv->auth_type)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "Security type %u was chosen, but the server offers only %s",
                    priv->auth_type, listed);
        return FALSE;
    }
    if (!vnc_connection_priv_check_auth_allowed(conn, priv->auth_type, err))
        return FALSE;

    vnc_stream_write_u8(priv->stream, priv->auth_type);
    return vnc_stream_flush(priv->stream, err);
}

/* coroutine context: RFB 3.3, the server decides. */
static gboolean
read_security_type(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint32 type;

    if (!vnc_stream_read_u32(priv->stream, &type, err))
        return FALSE;
    if (type == VNC_CONNECTION_AUTH_INVALID)
        return read_refusal(conn, err);
    priv->auth_type = type;
    return vnc_connection_priv_check_auth_allowed(conn, type, err);
}

/* coroutine context */
gboolean
vnc_connection_priv_auth_failed(VncConnection *conn, const char *reason, GError **err)
{
    vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_FAILURE, reason);
    g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH, "Authentication failed: %s", reason);
    return FALSE;
}

/* coroutine context */
gboolean
vnc_connection_priv_check_security_result(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    g_autofree char *reason = NULL;
    guint32 result;

    if (!vnc_stream_read_u32(priv->stream, &result, err))
        return FALSE;
    if (result == 0) {
        VNC_DEBUG("Security handshake succeeded");
        return TRUE;
    }

    /* Only 3.8 explains a failure; earlier versions just close. */
    if (priv->minor >= 8) {
        if (!vnc_connection_priv_read_string(conn, VNC_MAX_REASON_LENGTH,
                                             "failure reason", &reason, err))
            return FALSE;
    } else if (result == 2) {
        reason = g_strdup("too many authentication attempts");
    } else {
        reason = g_strdup("the server rejected the credentials");
    }
    return vnc_connection_priv_auth_failed(conn, reason, err);
}

/* coroutine context */
gboolean
vnc_connection_priv_negotiate_security(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (priv->minor == 3) {
        if (!read_security_type(conn, err))
            return FALSE;
    } else {
        if (!choose_security_type(conn, err))
            return FALSE;
    }

    const VncAuthMethod *method = vnc_auth_find(priv->auth_type);
    if (!method) {
        vnc_connection_priv_emit(conn, VNC_SIGNAL_AUTH_UNSUPPORTED, priv->auth_type);
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "The server requires security type %u, which this client does not support",
                    priv->auth_type);
        return FALSE;
    }
    VNC_DEBUG("Security type %u (%s)", method->type, method->name);
    if (!method->run(conn, err))
        return FALSE;

    /* Before 3.8, "None" has no SecurityResult. */
    if (method->reads_own_result)
        return TRUE;
    if (method->type == VNC_CONNECTION_AUTH_NONE && priv->minor < 8)
        return TRUE;
    return vnc_connection_priv_check_security_result(conn, err);
}

/* Initialisation. */

/* coroutine context */
gboolean
vnc_connection_priv_read_pixel_format(VncConnection *conn, VncPixelFormat *format,
                                      GError **err)
{
    /* 13 bytes of fields, then 3 of padding. */
    const guint8 *msg = vnc_stream_read_inplace(conn->priv->stream, 16, err);
    if (!msg)
        return FALSE;

    format->bits_per_pixel = msg[0];
    format->depth = msg[1];
    format->byte_order = msg[2] ? G_BIG_ENDIAN : G_LITTLE_ENDIAN;
    format->true_color_flag = msg[3] ? 1 : 0;
    format->red_max = vnc_load_be16(msg + 4);
    format->green_max = vnc_load_be16(msg + 6);
    format->blue_max = vnc_load_be16(msg + 8);
    format->red_shift = msg[10];
    format->green_shift = msg[11];
    format->blue_shift = msg[12];

    if (format->bits_per_pixel != 8 && format->bits_per_pixel != 16 &&
        format->bits_per_pixel != 32) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server uses %u bits per pixel; only 8, 16 and 32 are valid",
                    format->bits_per_pixel);
        return FALSE;
    }
    if (format->depth == 0 || format->depth > format->bits_per_pixel) {
        /* Some servers claim depth 32 in 32 bpp; anything larger than the
         * pixel, or zero, is nonsense. */
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server claims a colour depth of %u in %u-bit pixels",
                    format->depth, format->bits_per_pixel);
        return FALSE;
    }
    if (format->true_color_flag &&
        (format->red_max == 0 || format->green_max == 0 || format->blue_max == 0 ||
         format->red_shift >= format->bits_per_pixel ||
         format->green_shift >= format->bits_per_pixel ||
         format->blue_shift >= format->bits_per_pixel)) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server's true-colour format is impossible "
                    "(maxima %u/%u/%u, shifts %u/%u/%u in %u bits)",
                    format->red_max, format->green_max, format->blue_max,
                    format->red_shift, format->green_shift, format->blue_shift,
                    format->bits_per_pixel);
        return FALSE;
    }
    return TRUE;
}

/* coroutine context */
static gboolean
exchange_init(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint16 width, height;

    vnc_stream_write_u8(priv->stream, priv->shared_flag ? 1 : 0);
    if (!vnc_stream_flush(priv->stream, err))
        return FALSE;

    if (!vnc_stream_read_u16(priv->stream, &width, err) ||
        !vnc_stream_read_u16(priv->stream, &height, err) ||
        !vnc_connection_priv_read_pixel_format(conn, &priv->server_format, err))
        return FALSE;

    g_clear_pointer(&priv->name, g_free);
    if (!vnc_connection_priv_read_string(conn, VNC_MAX_NAME_LENGTH, "desktop name",
                                         &priv->name, err))
        return FALSE;

    priv->format = priv->server_format;
    priv->width = priv->height = 0;
    if (!vnc_connection_priv_resize_check(width, height, err))
        return FALSE;
    priv->width = width;
    priv->height = height;
    VNC_DEBUG("Desktop \"%s\", %ux%u, %u bpp depth %u%s", priv->name, width, height,
              priv->format.bits_per_pixel, priv->format.depth,
              priv->format.true_color_flag ? "" : " with a colour map");
    return TRUE;
}

/* coroutine context */
gboolean
vnc_connection_priv_handshake(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (!negotiate_version(conn, err) ||
        !vnc_connection_priv_negotiate_security(conn, err) ||
        !exchange_init(conn, err))
        return FALSE;

    g_clear_pointer(&priv->decoder_state, vnc_decoder_state_free);
    priv->decoder_state = vnc_decoder_state_new();
    return TRUE;
}
