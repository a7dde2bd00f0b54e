/*
 * gtk-vnc: clipboard text, plain and extended
 *
 * Plain RFB cut text (ServerCutText, ClientCutText) is Latin-1. The
 * ExtendedClipboard pseudo-encoding (0xC0A1E5CE) reuses the same two
 * messages with a negative length: the payload that follows (of the
 * length's absolute value) starts with a U32 of flags, formats in the
 * low 16 bits and one action in the top 8:
 *
 *   caps     which formats and actions the sender takes, then, for each
 *            format bit set, the most bytes of it the sender accepts
 *            without asking
 *   notify   the sender's clipboard now holds these formats
 *   request  please provide these formats
 *   peek     please notify
 *   provide  a zlib stream: for each format bit set, lowest first, a U32
 *            size and that many bytes
 *
 * The server speaks first, with caps; we answer with ours. Text is UTF-8
 * with CRLF line ends and a terminating NUL counted in its size.
 *
 * We handle the text format only. Text from the server arrives with
 * provide (unsolicited when small, else after its notify and our
 * request) and goes to vnc-server-cut-text. Text from the embedder
 * (vnc_connection_client_cut_text) is kept, then sent with provide when
 * the server takes that much unsolicited, otherwise announced with
 * notify and provided when the server requests it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <zlib.h>

#include "vncconnection-priv.h"
#include "vncbytes-priv.h"
#include "decode/vncinflate-priv.h"

#define MSG_CUT_TEXT 6  /* ClientCutText; ServerCutText is 3 */

/* Formats. */
#define CLIPBOARD_TEXT       (1u << 0)
#define CLIPBOARD_FORMATS    0x0000ffffu
#define CLIPBOARD_N_FORMATS  16

/* Actions. */
#define CLIPBOARD_CAPS       (1u << 24)
#define CLIPBOARD_REQUEST    (1u << 25)
#define CLIPBOARD_PEEK       (1u << 26)
#define CLIPBOARD_NOTIFY     (1u << 27)
#define CLIPBOARD_PROVIDE    (1u << 28)
#define CLIPBOARD_ACTIONS    0xff000000u

/* Everything we take from the server, and what we send in caps. */
#define CLIPBOARD_OUR_CAPS \
    (CLIPBOARD_CAPS | CLIPBOARD_TEXT | CLIPBOARD_REQUEST | CLIPBOARD_PEEK | \
     CLIPBOARD_NOTIFY | CLIPBOARD_PROVIDE)

/* Clipboard data grows as it arrives instead of being allocated from
 * the size the server announces: a server that announces the limit and
 * sends three bytes costs three bytes (and a decompression bomb costs
 * what it really inflates to, within VNC_MAX_CUT_TEXT_LENGTH). */
#define CLIPBOARD_READ_CHUNK (64u * 1024u)

/* Text conversions. */

/* Clipboard text for the embedder: up to the first NUL, line ends as
 * plain LF, valid UTF-8 (anything else is replaced, visibly). */
static char *
text_from_wire(const char *data, gsize length)
{
    gsize end = strnlen(data, length);
    GString *text = g_string_sized_new(end);

    for (gsize i = 0; i < end; i++) {
        if (data[i] == '\r') {
            g_string_append_c(text, '\n');
            if (i + 1 < end && data[i + 1] == '\n')
                i++;
        } else {
            g_string_append_c(text, data[i]);
        }
    }
    char *valid = g_utf8_make_valid(text->str, text->len);
    g_string_free(text, TRUE);
    return valid;
}

/* Clipboard text for the wire: CRLF line ends and a terminating NUL,
 * which *length counts. */
static char *
text_to_wire(const char *text, gsize *length)
{
    GString *wire = g_string_sized_new(strlen(text) + 1);

    for (const char *p = text; *p; p++) {
        if (*p == '\r' || *p == '\n') {
            g_string_append(wire, "\r\n");
            if (p[0] == '\r' && p[1] == '\n')
                p++;
        } else {
            g_string_append_c(wire, *p);
        }
    }
    *length = wire->len + 1;
    return g_string_free(wire, FALSE);
}

/* The embedder's text as UTF-8: UTF-8 as it is, anything else read as
 * Latin-1 (what plain cut text would have carried). */
static char *
text_from_embedder(const void *data, gsize length)
{
    gsize end = strnlen((const char *)data, length);

    if (g_utf8_validate(data, end, NULL))
        return g_strndup(data, end);
    char *utf8 = g_convert(data, end, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    return utf8 ? utf8 : g_strdup("");
}

/* Plain cut text. */

/* Where clipboard bytes come from: the stream, or the Extended Clipboard's
 * zlib stream. */
typedef gboolean (*VncClipboardSource)(gpointer source, guint8 *dest, gsize len,
                                       GError **err);

/* coroutine context */
static gboolean
from_stream(gpointer stream, guint8 *dest, gsize len, GError **err)
{
    return vnc_stream_read(stream, dest, len, err);
}

/* coroutine context */
static gboolean
from_inflate(gpointer inflate, guint8 *dest, gsize len, GError **err)
{
    return vnc_inflate_pull(inflate, dest, len, "clipboard", err);
}

/* coroutine context: reads @length bytes into a new @bytes, which grows as
 * they arrive: an announced length is not allocated before the bytes
 * are there. */
static gboolean
read_growing(GByteArray *bytes, guint32 length, VncClipboardSource read,
             gpointer source, GError **err)
{
    while (bytes->len < length) {
        guint have = bytes->len;
        guint chunk = MIN(length - have, CLIPBOARD_READ_CHUNK);

        g_byte_array_set_size(bytes, have + chunk);
        if (!read(source, bytes->data + have, chunk, err))
            return FALSE;
    }
    return TRUE;
}

/* coroutine context */
static gboolean
read_plain_cut_text(VncConnection *conn, guint32 length, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;

    if (length > VNC_MAX_CUT_TEXT_LENGTH) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server sent %u bytes of clipboard text, more than the %u "
                    "allowed", length, VNC_MAX_CUT_TEXT_LENGTH);
        return FALSE;
    }

    g_autoptr(GByteArray) bytes = g_byte_array_new();
    if (!read_growing(bytes, length, from_stream, priv->stream, err))
        return FALSE;
    g_byte_array_append(bytes, (const guint8 *)"", 1);
    g_autofree char *raw = (char *)g_byte_array_free(g_steal_pointer(&bytes), FALSE);

    /* RFB says Latin-1; many servers send UTF-8. Keep valid UTF-8 as it
     * is, read anything else as Latin-1. A NUL ends the text. */
    g_autofree char *text = NULL;
    if (g_utf8_validate(raw, -1, NULL))
        text = g_steal_pointer(&raw);
    else
        text = g_convert(raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    vnc_connection_priv_emit(conn, VNC_SIGNAL_SERVER_CUT_TEXT, text ? text : "");
    return TRUE;
}

/* Sending extended messages. any context */

static void
write_header(VncConnection *conn, gsize payload_length, guint32 flags)
{
    VncStream *stream = conn->priv->stream;

    /* The length, negated, says "extended"; it counts the flags. */
    vnc_stream_write_u8(stream, MSG_CUT_TEXT);
    vnc_stream_write(stream, "\0\0\0", 3);
    vnc_stream_write_s32(stream, -(gint32)(payload_length + 4));
    vnc_stream_write_u32(stream, flags);
}

static void
send_caps(VncConnection *conn)
{
    /* One size per format bit: text only. */
    write_header(conn, 4, CLIPBOARD_OUR_CAPS);
    vnc_stream_write_u32(conn->priv->stream, VNC_MAX_CLIPBOARD_UNSOLICITED);
    vnc_connection_priv_send(conn);
}

static void
send_action(VncConnection *conn, guint32 flags)
{
    write_header(conn, 0, flags);
    vnc_connection_priv_send(conn);
}

/* Sends our text with provide, @wire being text_to_wire()'s result for
 * it; FALSE if it cannot be compressed. */
static gboolean
send_provide(VncConnection *conn, const char *wire, gsize text_length)
{
    VncConnectionPrivate *priv = conn->priv;

    /* One zlib stream holding the size, then the text with its NUL. */
    gsize raw_length = 4 + text_length;
    g_autofree guint8 *raw = g_malloc(raw_length);
    vnc_store_be32(raw, text_length);
    memcpy(raw + 4, wire, text_length);

    uLongf compressed_length = compressBound(raw_length);
    g_autofree guint8 *compressed = g_malloc(compressed_length);
    if (compress2(compressed, &compressed_length, raw, raw_length,
                  Z_DEFAULT_COMPRESSION) != Z_OK) {
        VNC_DEBUG("Cannot compress the clipboard text");
        return FALSE;
    }
    /* Text that stays huge even compressed would fill the output queue,
     * which ends the connection (VNC_MAX_PENDING_OUTPUT): not worth it
     * for a clipboard. */
    if (compressed_length > VNC_MAX_PENDING_OUTPUT / 2) {
        VNC_DEBUG("Not sending %lu bytes of compressed clipboard text",
                  (unsigned long)compressed_length);
        return FALSE;
    }

    write_header(conn, compressed_length, CLIPBOARD_PROVIDE | CLIPBOARD_TEXT);
    vnc_stream_write(priv->stream, compressed, compressed_length);
    vnc_connection_priv_send(conn);
    return TRUE;
}

gboolean
vnc_connection_priv_clipboard_send(VncConnection *conn, const void *data, gsize length)
{
    VncConnectionPrivate *priv = conn->priv;
    guint32 server = priv->clipboard_server_flags;

    if (!priv->has_ext_clipboard || !(server & CLIPBOARD_TEXT) ||
        !(server & (CLIPBOARD_PROVIDE | CLIPBOARD_NOTIFY)))
        return FALSE;  /* plain cut text, then */

    g_free(priv->clipboard_text);
    priv->clipboard_text = text_from_embedder(data, length);

    /* With its NUL and every LF doubled, the text the server would get. */
    gsize wire_length;
    g_autofree char *wire = text_to_wire(priv->clipboard_text, &wire_length);

    if ((server & CLIPBOARD_PROVIDE) && wire_length <= priv->clipboard_server_text_max) {
        if (send_provide(conn, wire, wire_length))
            return TRUE;
    }
    if (server & CLIPBOARD_NOTIFY) {
        send_action(conn, CLIPBOARD_NOTIFY | CLIPBOARD_TEXT);
        return TRUE;
    }
    return FALSE;
}

/* Receiving extended messages. */

/* coroutine context */
static gboolean
read_caps(VncConnection *conn, guint32 flags, guint32 length, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint32 text_max = 0;
    guint n_sizes = 0;

    for (guint i = 0; i < CLIPBOARD_N_FORMATS; i++) {
        if (flags & (1u << i))
            n_sizes++;
    }
    if (length < 4u * n_sizes) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server's clipboard capabilities name %u formats but carry "
                    "%u bytes of sizes", n_sizes, length);
        return FALSE;
    }
    for (guint i = 0; i < CLIPBOARD_N_FORMATS; i++) {
        guint32 size;

        if (!(flags & (1u << i)))
            continue;
        if (!vnc_stream_read_u32(priv->stream, &size, err))
            return FALSE;
        if (i == 0)
            text_max = size;
    }
    /* Anything after the sizes belongs to a later version. */
    if (!vnc_stream_skip(priv->stream, length - 4u * n_sizes, err))
        return FALSE;

    priv->has_ext_clipboard = TRUE;
    priv->clipboard_server_flags = flags;
    priv->clipboard_server_text_max = text_max;
    VNC_DEBUG("Extended clipboard: server flags 0x%08x, text up to %u bytes unasked",
              flags, text_max);
    send_caps(conn);
    return TRUE;
}

/* coroutine context: the zlib stream of a provide message, @length
 * bytes. */
static gboolean
read_provide(VncConnection *conn, guint32 flags, guint32 length, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    g_autoptr(GByteArray) text = NULL;
    guint64 total = 0;
    VncInflate inflate;
    gboolean ok = FALSE;

    vnc_inflate_init(&inflate);
    if (!vnc_inflate_begin(&inflate, priv->stream, length,
                           VNC_MAX_EXT_CLIPBOARD_MESSAGE, "clipboard", err))
        goto out;

    for (guint i = 0; i < CLIPBOARD_N_FORMATS; i++) {
        guint8 size_bytes[4];
        guint32 size;

        if (!(flags & (1u << i)))
            continue;
        if (!vnc_inflate_pull(&inflate, size_bytes, 4, "clipboard", err))
            goto out;
        size = vnc_load_be32(size_bytes);
        /* All formats together, so that a small message cannot make us
         * inflate without end. */
        total += size;
        if (total > VNC_MAX_CUT_TEXT_LENGTH) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                        "The server provided more than %u bytes of clipboard data",
                        VNC_MAX_CUT_TEXT_LENGTH);
            goto out;
        }

        if ((1u << i) == CLIPBOARD_TEXT) {
            text = g_byte_array_new();
            if (!read_growing(text, size, from_inflate, &inflate, err))
                goto out;
        } else {
            /* A format we did not ask for: read past it. */
            guint8 scratch[4096];

            while (size > 0) {
                guint32 chunk = MIN(size, sizeof(scratch));
                if (!vnc_inflate_pull(&inflate, scratch, chunk, "clipboard", err))
                    goto out;
                size -= chunk;
            }
        }
    }
    if (!vnc_inflate_end(&inflate, "clipboard", err))
        goto out;
    ok = TRUE;

 out:
    vnc_inflate_free(&inflate);
    if (!ok)
        return FALSE;

    if (text) {
        /* An empty GByteArray may have no buffer at all. */
        const char *data = text->len ? (const char *)text->data : "";
        g_autofree char *utf8 = text_from_wire(data, text->len);
        vnc_connection_priv_emit(conn, VNC_SIGNAL_SERVER_CUT_TEXT, utf8);
    }
    return TRUE;
}

/* coroutine context: an extended message whose payload (flags included)
 * is @length bytes. */
static gboolean
read_extended(VncConnection *conn, guint32 length, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint32 server = priv->clipboard_server_flags;
    guint32 flags;

    if (length < 4) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent an extended clipboard message of %u bytes, too "
                    "short for its flags", length);
        return FALSE;
    }
    if (length > VNC_MAX_EXT_CLIPBOARD_MESSAGE) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server sent an extended clipboard message of %u bytes, more "
                    "than the %u allowed", length, VNC_MAX_EXT_CLIPBOARD_MESSAGE);
        return FALSE;
    }
    if (!vnc_stream_read_u32(priv->stream, &flags, err))
        return FALSE;
    length -= 4;

    guint32 action = flags & CLIPBOARD_ACTIONS;
    if (action & CLIPBOARD_CAPS)
        return read_caps(conn, flags, length, err);
    if (action == CLIPBOARD_PROVIDE)
        return read_provide(conn, flags, length, err);

    /* The other actions carry nothing but their flags. */
    if (!vnc_stream_skip(priv->stream, length, err))
        return FALSE;

    switch (action) {
    case CLIPBOARD_REQUEST:
        /* Only what we have, and only if the server takes it. */
        if ((flags & CLIPBOARD_TEXT) && priv->clipboard_text &&
            (server & CLIPBOARD_PROVIDE)) {
            gsize wire_length;
            g_autofree char *wire = text_to_wire(priv->clipboard_text, &wire_length);
            send_provide(conn, wire, wire_length);
        }
        return TRUE;
    case CLIPBOARD_PEEK:
        if (server & CLIPBOARD_NOTIFY)
            send_action(conn, CLIPBOARD_NOTIFY |
                        (priv->clipboard_text ? CLIPBOARD_TEXT : 0));
        return TRUE;
    case CLIPBOARD_NOTIFY:
        /* New server clipboard: ask for its text, if it has some. */
        if ((flags & CLIPBOARD_TEXT) && (server & CLIPBOARD_REQUEST))
            send_action(conn, CLIPBOARD_REQUEST | CLIPBOARD_TEXT);
        return TRUE;
    default:
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent an extended clipboard message with unknown "
                    "actions (flags 0x%08x)", flags);
        return FALSE;
    }
}

/* coroutine context */
gboolean
vnc_connection_priv_read_cut_text(VncConnection *conn, GError **err)
{
    VncConnectionPrivate *priv = conn->priv;
    guint32 length;

    if (!vnc_stream_skip(priv->stream, 3, err) ||
        !vnc_stream_read_u32(priv->stream, &length, err))
        goto bad;

    /* Only a client that offered the extension gets negative lengths;
     * for any other, such a length is just too long. */
    if ((length & 0x80000000u) &&
        vnc_connection_priv_offered(conn, VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD)) {
        /* The two's complement negation, in unsigned arithmetic so that
         * -2^31 does not overflow. */
        if (!read_extended(conn, (guint32)(~length + 1u), err))
            goto bad;
        return TRUE;
    }
    if (!read_plain_cut_text(conn, length, err))
        goto bad;
    return TRUE;

 bad:
    g_prefix_error(err, "Bad ServerCutText message: ");
    return FALSE;
}
