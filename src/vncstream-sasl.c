/*
 * gtk-vnc: the SASL security layer of a stream
 *
 * Sending: the caller's bytes are cut into pieces no larger than the
 * mechanism's SASL_MAXOUTBUF, each piece is encoded into one packet, and
 * the packet goes to the layer below. A packet the layer below takes only
 * in part stays here until the rest is sent; only then does send() report
 * the piece's plaintext as sent. The stream advances its output by what
 * send() returns and nothing else, so the next call starts at the same
 * bytes and this packet still stands for them. (Cyrus SASL keeps the
 * packet in its own buffer until the next sasl_encode, which does not
 * happen before the packet is gone.)
 *
 * Receiving: whatever the layer below has is handed to sasl_decode, which
 * keeps incomplete packets to itself and returns the plaintext of the
 * complete ones; that plaintext is handed up, over as many recv() calls
 * as it takes, before anything more is read from below.
 *
 * Neither direction blocks: the layer below says "would block" and that
 * is passed up.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncstream-sasl-priv.h"
#include "vncerror-priv.h"

/* Encoded bytes read from below at once: one DIGEST-MD5 packet at its
 * largest (64 KiB) in one go. */
#define VNC_STREAM_SASL_RAW_CHUNK (64u * 1024u)

typedef struct {
    sasl_conn_t *conn;
    /* The most plaintext one sasl_encode may take (SASL_MAXOUTBUF). */
    unsigned max_plain;

    /* The packet being sent: @enc_len bytes of SASL's buffer, @enc_sent
     * of them already below, standing for @enc_plain bytes of the
     * caller's output. NULL when there is none. */
    const char *enc;
    unsigned enc_len;
    unsigned enc_sent;
    unsigned enc_plain;

    /* Decoded input not yet handed up: [dec_pos, dec_len) of SASL's
     * buffer, valid until the next sasl_decode. */
    const char *dec;
    unsigned dec_len;
    unsigned dec_pos;

    char raw[VNC_STREAM_SASL_RAW_CHUNK];
} VncStreamSasl;

static gssize
vnc_stream_sasl_send(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err)
{
    VncStreamSasl *sasl = layer->data;

    if (sasl->enc == NULL) {
        unsigned plain = (unsigned)MIN(len, (gsize)sasl->max_plain);
        const char *enc = NULL;
        unsigned enc_len = 0;
        int rc = sasl_encode(sasl->conn, (const char *)buf, plain, &enc, &enc_len);

        if (rc != SASL_OK) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_IO,
                        "The SASL security layer could not encode our data: %s",
                        sasl_errdetail(sasl->conn));
            return -1;
        }
        if (enc_len == 0) {
            /* A mechanism that buffers instead of producing a packet is
             * not one we can drive without a flush call SASL lacks. */
            g_set_error_literal(err, VNC_ERROR, VNC_ERROR_IO,
                                "The SASL security layer produced no data to send");
            return -1;
        }
        sasl->enc = enc;
        sasl->enc_len = enc_len;
        sasl->enc_sent = 0;
        sasl->enc_plain = plain;
    }

    while (sasl->enc_sent < sasl->enc_len) {
        gssize sent = vnc_stream_layer_send(layer->lower,
                                            (const guint8 *)sasl->enc + sasl->enc_sent,
                                            sasl->enc_len - sasl->enc_sent, err);
        if (sent <= 0)
            return sent;
        sasl->enc_sent += sent;
    }

    sasl->enc = NULL;
    return sasl->enc_plain;
}

static gssize
vnc_stream_sasl_recv(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err)
{
    VncStreamSasl *sasl = layer->data;

    for (;;) {
        if (sasl->dec_pos < sasl->dec_len) {
            gsize n = MIN(len, (gsize)(sasl->dec_len - sasl->dec_pos));
            memcpy(buf, sasl->dec + sasl->dec_pos, n);
            sasl->dec_pos += n;
            return n;
        }

        gssize got = vnc_stream_layer_recv(layer->lower, (guint8 *)sasl->raw,
                                           sizeof(sasl->raw), err);
        if (got <= 0)
            return got;

        /* An incomplete packet decodes to nothing yet: read on. */
        sasl->dec = NULL;
        sasl->dec_len = sasl->dec_pos = 0;
        if (sasl_decode(sasl->conn, sasl->raw, (unsigned)got,
                        &sasl->dec, &sasl->dec_len) != SASL_OK) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server's SASL security layer data is not valid: %s",
                        sasl_errdetail(sasl->conn));
            sasl->dec_len = 0;
            return -1;
        }
    }
}

static gsize
vnc_stream_sasl_pending(VncStreamLayer *layer)
{
    VncStreamSasl *sasl = layer->data;

    return sasl->dec_len - sasl->dec_pos;
}

static void
vnc_stream_sasl_free(gpointer data)
{
    VncStreamSasl *sasl = data;

    sasl_dispose(&sasl->conn);
    g_free(sasl);
}

static const VncStreamLayerFuncs vnc_stream_sasl_funcs = {
    .name = VNC_STREAM_LAYER_SASL,
    .recv = vnc_stream_sasl_recv,
    .send = vnc_stream_sasl_send,
    .pending = vnc_stream_sasl_pending,
    .free = vnc_stream_sasl_free,
};

gboolean
vnc_stream_push_sasl(VncStream *stream, sasl_conn_t *conn, GError **err)
{
    const void *value = NULL;
    unsigned max_plain;

    if (sasl_getprop(conn, SASL_MAXOUTBUF, &value) != SASL_OK || value == NULL) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_AUTH,
                    "SASL does not say how much data its security layer takes: %s",
                    sasl_errdetail(conn));
        return FALSE;
    }
    max_plain = *(const unsigned *)value;
    if (max_plain == 0) {
        g_set_error_literal(err, VNC_ERROR, VNC_ERROR_AUTH,
                            "The SASL security layer takes no data at all");
        return FALSE;
    }

    VncStreamSasl *sasl = g_new0(VncStreamSasl, 1);
    sasl->conn = conn;
    sasl->max_plain = max_plain;
    vnc_stream_push_layer(stream, &vnc_stream_sasl_funcs, sasl);
    return TRUE;
}
