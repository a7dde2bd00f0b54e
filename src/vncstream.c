/*
 * gtk-vnc: the buffered stream beneath the protocol code
 *
 * Input goes through one buffer of VNC_STREAM_INPLACE_MAX bytes, refilled
 * with a single recv of as much as fits, so that a decoder asking for a
 * few bytes at a time costs a comparison per read rather than a system
 * call. Big payloads skip the buffer and land straight where they belong.
 *
 * Output is appended to a byte array from any context and sent by the
 * coroutine, either when it flushes or while it waits for input.
 *
 * When the layer stack would block, the coroutine yields after attaching
 * a GSocket source for the bottom transport's socket to the main context;
 * the source (or an idle from vnc_stream_wakeup/vnc_stream_cancel) enters
 * it again. Only one coroutine reads a stream, so one waiter slot is enough.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncstream-priv.h"
#include "vncbytes-priv.h"
#include "vncerror-priv.h"
#include "vnclimits-priv.h"
#include "coroutine.h"

/* Reads at least this long bypass the input buffer and are received
 * directly into the caller's memory; shorter ones go through the buffer,
 * which also reads ahead into the next message. */
#define VNC_STREAM_DIRECT_MIN (VNC_STREAM_INPLACE_MAX / 4)

/* Sent output is cut from the front of the array only once this much has
 * piled up (normally the array just empties and restarts). */
#define VNC_STREAM_OUTPUT_COMPACT (64u * 1024u)

struct _VncStream {
    /* Input: the unread bytes are [in_pos, in_end) of in_buf. Kept first
     * so that the hot read path touches one cache line. */
    guint8 *in_pos;
    guint8 *in_end;
    guint8 *in_buf;

    /* Output: the unsent bytes are out->data[out_sent, out->len). */
    GByteArray *out;
    gsize out_sent;

    VncStreamLayer *top;
    VncStreamLayer *bottom;
    GSocket *socket;            /* what to wait for; NULL for memory */
    GMainContext *context;      /* where the wait and wake sources run */

    VncCoroutine *waiter;       /* the coroutine yielded in vnc_stream_wait */
    GSource *wait_source;       /* its socket source */
    GSource *wake_source;       /* an idle that will enter it early */

    /* The first fatal error (or the cancellation, which overrides it):
     * once set, every read and flush fails with a copy of it. */
    GError *error;
};

/* ------------------------------------------------------------------ */
/* Layers                                                              */

gssize
vnc_stream_layer_recv(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err)
{
    return layer->funcs->recv(layer, buf, len, err);
}

gssize
vnc_stream_layer_send(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err)
{
    return layer->funcs->send(layer, buf, len, err);
}

static VncStreamLayer *
vnc_stream_layer_new(const VncStreamLayerFuncs *funcs, gpointer data,
                     VncStreamLayer *lower)
{
    VncStreamLayer *layer = g_new0(VncStreamLayer, 1);

    layer->funcs = funcs;
    layer->data = data;
    layer->lower = lower;
    return layer;
}

VncStream *
vnc_stream_new_transport(const VncStreamLayerFuncs *funcs, gpointer data,
                         GSocket *socket)
{
    VncStream *stream = g_new0(VncStream, 1);

    stream->in_buf = g_malloc(VNC_STREAM_INPLACE_MAX);
    stream->in_pos = stream->in_buf;
    stream->in_end = stream->in_buf;
    stream->out = g_byte_array_new();
    stream->bottom = vnc_stream_layer_new(funcs, data, NULL);
    stream->top = stream->bottom;
    if (socket != NULL)
        stream->socket = g_object_ref(socket);
    /* The main context of whoever made the stream: under the gthread
     * backend, asking again from inside the coroutine would give the
     * coroutine thread's (default) context instead. */
    stream->context = g_main_context_ref_thread_default();
    return stream;
}

void
vnc_stream_push_layer(VncStream *stream, const VncStreamLayerFuncs *funcs,
                      gpointer data)
{
    stream->top = vnc_stream_layer_new(funcs, data, stream->top);
}

VncStreamLayer *
vnc_stream_get_top_layer(VncStream *stream)
{
    return stream->top;
}

VncStreamLayer *
vnc_stream_get_bottom_layer(VncStream *stream)
{
    return stream->bottom;
}

static void
vnc_stream_clear_source(GSource **source)
{
    if (*source != NULL) {
        g_source_destroy(*source);
        g_source_unref(*source);
        *source = NULL;
    }
}

void
vnc_stream_free(VncStream *stream)
{
    VncStreamLayer *layer;

    if (stream == NULL)
        return;

    vnc_stream_clear_source(&stream->wait_source);
    vnc_stream_clear_source(&stream->wake_source);

    /* Top down: an upper layer may still use the one below while it is
     * being freed. */
    layer = stream->top;
    while (layer != NULL) {
        VncStreamLayer *lower = layer->lower;
        if (layer->funcs->free != NULL)
            layer->funcs->free(layer->data);
        g_free(layer);
        layer = lower;
    }

    g_clear_object(&stream->socket);
    g_main_context_unref(stream->context);
    g_byte_array_unref(stream->out);
    g_free(stream->in_buf);
    g_clear_error(&stream->error);
    g_free(stream);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/* Makes @error the stream's error (unless it has one already) and
 * reports it. Buffered input is dropped, so that even reads the buffer
 * could satisfy fail from now on. Takes @error. */
static gboolean
vnc_stream_fail(VncStream *stream, GError *error, GError **err)
{
    if (stream->error == NULL)
        stream->error = error;
    else
        g_error_free(error);
    stream->in_pos = stream->in_end = stream->in_buf;
    g_propagate_error(err, g_error_copy(stream->error));
    return FALSE;
}

static inline gboolean
vnc_stream_check(VncStream *stream, GError **err)
{
    if (G_LIKELY(stream->error == NULL))
        return TRUE;
    g_propagate_error(err, g_error_copy(stream->error));
    return FALSE;
}

/* Errors from a layer: ours pass through (a TLS layer's certificate
 * complaint, the socket's OS message), anything else becomes an I/O
 * error with the layer's message. Takes @error. */
static gboolean
vnc_stream_fail_layer(VncStream *stream, GError *error, const char *doing, GError **err)
{
    if (error == NULL) {
        error = g_error_new(VNC_ERROR, VNC_ERROR_IO,
                            "Unknown error while %s the server", doing);
    } else if (error->domain != VNC_ERROR) {
        GError *wrapped = g_error_new(VNC_ERROR, VNC_ERROR_IO,
                                      "Error while %s the server: %s",
                                      doing, error->message);
        g_error_free(error);
        error = wrapped;
    }
    return vnc_stream_fail(stream, error, err);
}

static gboolean
vnc_stream_fail_closed(VncStream *stream, GError **err)
{
    return vnc_stream_fail(stream,
                           g_error_new_literal(VNC_ERROR, VNC_ERROR_CLOSED,
                                               "The server closed the connection"),
                           err);
}

/* ------------------------------------------------------------------ */
/* Waiting                                                             */

/* Main context: puts the waiting coroutine back to work. Entering it may
 * end the session and free the stream, so nothing touches @stream after. */
static void
vnc_stream_resume(VncStream *stream)
{
    VncCoroutine *waiter = stream->waiter;

    stream->waiter = NULL;
    vnc_stream_clear_source(&stream->wait_source);
    if (waiter != NULL)
        vnc_coroutine_enter(waiter, NULL);
}

static gboolean
vnc_stream_socket_ready(GSocket *socket, GIOCondition condition, gpointer data)
{
    vnc_stream_resume(data);
    return G_SOURCE_REMOVE;
}

static gboolean
vnc_stream_wake_idle(gpointer data)
{
    VncStream *stream = data;

    g_source_unref(stream->wake_source);
    stream->wake_source = NULL;
    if (stream->waiter != NULL)
        vnc_stream_resume(stream);
    return G_SOURCE_REMOVE;
}

/* Main context: enter the waiter soon, from an idle rather than right now
 * so that whoever called us (a signal handler, a shutdown) finishes first. */
static void
vnc_stream_schedule_wake(VncStream *stream)
{
    if (stream->waiter == NULL || stream->wake_source != NULL)
        return;

    stream->wake_source = g_idle_source_new();
    /* Default rather than idle priority: pointer and key events written
     * from the main context should not wait behind redraws. */
    g_source_set_priority(stream->wake_source, G_PRIORITY_DEFAULT);
    g_source_set_callback(stream->wake_source, vnc_stream_wake_idle, stream, NULL);
    g_source_attach(stream->wake_source, stream->context);
}

/* coroutine context: returns once the socket may be ready for @condition,
 * or earlier if woken; the caller retries whatever would have blocked. */
gboolean
vnc_stream_wait(VncStream *stream, GIOCondition condition, GError **err)
{
    VncCoroutine *self;

    /* Callers outside this file (a TLS handshake) may come to wait on a
     * stream that was cancelled meanwhile. */
    if (!vnc_stream_check(stream, err))
        return FALSE;

    /* A memory stream cannot become ready: its input is simply over. */
    if (stream->socket == NULL)
        return vnc_stream_fail_closed(stream, err);

    self = vnc_coroutine_self();
    if (self == NULL) {
        /* No coroutine to yield: block the thread. Only tests and tools
         * do this; the library always reads inside its coroutine. */
        GError *error = NULL;
        if (!g_socket_condition_wait(stream->socket, condition, NULL, &error))
            return vnc_stream_fail_layer(stream, error, "waiting for", err);
        return vnc_stream_check(stream, err);
    }

    stream->wait_source = g_socket_create_source(stream->socket, condition, NULL);
    g_source_set_callback(stream->wait_source,
                          (GSourceFunc)(void (*)(void))vnc_stream_socket_ready,
                          stream, NULL);
    g_source_attach(stream->wait_source, stream->context);
    stream->waiter = self;

    vnc_coroutine_yield(NULL);

    /* vnc_stream_resume() removed the source; a cancellation that woke
     * us left its error behind. */
    return vnc_stream_check(stream, err);
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */

static inline gsize
vnc_stream_unsent(VncStream *stream)
{
    return stream->out->len - stream->out_sent;
}

/* Sends as much output as the layers take without blocking. FALSE only on
 * a real error; stopping at would-block is success. */
static gboolean
vnc_stream_send_some(VncStream *stream, GError **err)
{
    while (stream->out_sent < stream->out->len) {
        GError *error = NULL;
        gssize sent = vnc_stream_layer_send(stream->top,
                                            stream->out->data + stream->out_sent,
                                            stream->out->len - stream->out_sent,
                                            &error);
        if (sent > 0) {
            stream->out_sent += sent;
            continue;
        }
        if (sent < 0 && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
            g_error_free(error);
            break;
        }
        if (sent == 0)
            error = g_error_new_literal(VNC_ERROR, VNC_ERROR_IO,
                                        "Sending to the server made no progress");
        return vnc_stream_fail_layer(stream, error, "sending to", err);
    }

    if (stream->out_sent == stream->out->len) {
        g_byte_array_set_size(stream->out, 0);
        stream->out_sent = 0;
    } else if (stream->out_sent >= VNC_STREAM_OUTPUT_COMPACT &&
               stream->out_sent > stream->out->len / 2) {
        g_byte_array_remove_range(stream->out, 0, stream->out_sent);
        stream->out_sent = 0;
    }
    return TRUE;
}

/* coroutine context */
gboolean
vnc_stream_flush(VncStream *stream, GError **err)
{
    gboolean input_ended = FALSE;

    if (!vnc_stream_check(stream, err))
        return FALSE;

    for (;;) {
        gsize room = 0;

        if (!vnc_stream_send_some(stream, err))
            return FALSE;
        if (vnc_stream_unsent(stream) == 0)
            return TRUE;

        /* The server is not taking more. Read ahead meanwhile, into the
         * free end of the buffer only (moving unread bytes would break
         * pointers from read_inplace): a server that is itself blocked
         * sending to us can then go on, and a layer that must read before
         * it can write (a TLS handshake) makes progress. */
        if (!input_ended)
            room = stream->in_buf + VNC_STREAM_INPLACE_MAX - stream->in_end;
        if (room > 0) {
            GError *error = NULL;
            gssize got = vnc_stream_layer_recv(stream->top, stream->in_end, room, &error);
            if (got > 0) {
                stream->in_end += got;
                continue;
            }
            if (got == 0) {
                /* Not an error yet: what is buffered may be a complete
                 * last message, and the send will fail by itself if the
                 * server is gone. The next read reports the end. */
                input_ended = TRUE;
                room = 0;
            } else if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
                return vnc_stream_fail_layer(stream, error, "reading from", err);
            } else {
                g_error_free(error);
            }
        }

        if (!vnc_stream_wait(stream, G_IO_OUT | (room > 0 ? G_IO_IN : 0), err))
            return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Receiving                                                           */

/* coroutine context: receives between 1 and the total size of @vectors
 * bytes into them, in order, waiting as long as it takes. Pending output
 * is sent first: the server may be waiting for it before it says
 * anything more. Only layers with recv_vectors get more than one. */
static gssize
vnc_stream_recv_wait_vectors(VncStream *stream, GInputVector *vectors, guint n_vectors,
                             GError **err)
{
    for (;;) {
        GError *error = NULL;
        gssize got;

        if (!vnc_stream_check(stream, err))
            return -1;
        if (vnc_stream_unsent(stream) > 0 && !vnc_stream_send_some(stream, err))
            return -1;

        if (n_vectors > 1)
            got = stream->top->funcs->recv_vectors(stream->top, vectors, n_vectors, &error);
        else
            got = vnc_stream_layer_recv(stream->top, vectors[0].buffer, vectors[0].size,
                                        &error);
        if (got > 0)
            return got;
        if (got == 0) {
            vnc_stream_fail_closed(stream, err);
            return -1;
        }
        if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
            vnc_stream_fail_layer(stream, error, "reading from", err);
            return -1;
        }
        g_error_free(error);

        if (!vnc_stream_wait(stream,
                             G_IO_IN | (vnc_stream_unsent(stream) > 0 ? G_IO_OUT : 0),
                             err))
            return -1;
    }
}

/* coroutine context: receives between 1 and @len bytes into @dest. */
static gssize
vnc_stream_recv_wait(VncStream *stream, guint8 *dest, gsize len, GError **err)
{
    GInputVector vector = { dest, len };

    return vnc_stream_recv_wait_vectors(stream, &vector, 1, err);
}

/* coroutine context: makes at least @want (<= VNC_STREAM_INPLACE_MAX)
 * bytes buffered. */
static gboolean
vnc_stream_fill(VncStream *stream, gsize want, GError **err)
{
    gsize have = stream->in_end - stream->in_pos;

    /* Move the leftover to the front so that the rest of the request, and
     * as much read-ahead as possible, fits behind it. The leftover is
     * shorter than one read, so this stays cheap. */
    if (stream->in_pos != stream->in_buf) {
        if (have > 0)
            memmove(stream->in_buf, stream->in_pos, have);
        stream->in_pos = stream->in_buf;
        stream->in_end = stream->in_buf + have;
    }

    while (have < want) {
        gssize got = vnc_stream_recv_wait(stream, stream->in_end,
                                          VNC_STREAM_INPLACE_MAX - have, err);
        if (got < 0)
            return FALSE;
        stream->in_end += got;
        have += got;
    }
    return TRUE;
}

static const guint8 *
vnc_stream_read_inplace_slow(VncStream *stream, gsize len, GError **err)
{
    const guint8 *data;

    if (!vnc_stream_check(stream, err))
        return NULL;
    if (len > VNC_STREAM_INPLACE_MAX) {
        /* A caller's mistake, not the server's, but not worth a crash. */
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "Cannot read %" G_GSIZE_FORMAT " bytes at once (the most is %u)",
                    len, VNC_STREAM_INPLACE_MAX);
        return NULL;
    }
    if (!vnc_stream_fill(stream, len, err))
        return NULL;

    data = stream->in_pos;
    stream->in_pos += len;
    return data;
}

/* The hot path: data already buffered. */
static inline const guint8 *
vnc_stream_take(VncStream *stream, gsize len, GError **err)
{
    if (G_LIKELY(len <= (gsize)(stream->in_end - stream->in_pos))) {
        const guint8 *data = stream->in_pos;
        stream->in_pos += len;
        return data;
    }
    return vnc_stream_read_inplace_slow(stream, len, err);
}

/* coroutine context */
const guint8 *
vnc_stream_read_inplace(VncStream *stream, gsize len, GError **err)
{
    return vnc_stream_take(stream, len, err);
}

static gboolean
vnc_stream_read_slow(VncStream *stream, guint8 *dest, gsize len, GError **err)
{
    gsize have;

    if (!vnc_stream_check(stream, err))
        return FALSE;

    have = stream->in_end - stream->in_pos;
    memcpy(dest, stream->in_pos, have);
    dest += have;
    len -= have;
    stream->in_pos = stream->in_end = stream->in_buf;

    while (len >= VNC_STREAM_DIRECT_MIN) {
        gssize got = vnc_stream_recv_wait(stream, dest, len, err);
        if (got < 0)
            return FALSE;
        dest += got;
        len -= got;
    }

    if (len > 0) {
        const guint8 *data = vnc_stream_read_inplace_slow(stream, len, err);
        if (data == NULL)
            return FALSE;
        memcpy(dest, data, len);
    }
    return TRUE;
}

/* coroutine context */
gboolean
vnc_stream_read(VncStream *stream, void *buf, gsize len, GError **err)
{
    if (G_LIKELY(len <= (gsize)(stream->in_end - stream->in_pos))) {
        memcpy(buf, stream->in_pos, len);
        stream->in_pos += len;
        return TRUE;
    }
    return vnc_stream_read_slow(stream, buf, len, err);
}

/* Rows received with one call at most, when the transport scatters. */
#define VNC_STREAM_MAX_VECTORS 64

/* coroutine context */
gboolean
vnc_stream_read_rows(VncStream *stream, guint8 *dest, gsize row_bytes,
                     gsize stride, gsize n_rows, GError **err)
{
    /* The next byte goes to row @row at @offset within it. */
    gsize row = 0, offset = 0;

    if (stride == row_bytes || n_rows <= 1)
        return vnc_stream_read(stream, dest, row_bytes * n_rows, err);

    /* What the input buffer holds already. */
    while (row < n_rows && stream->in_pos < stream->in_end) {
        gsize n = MIN((gsize)(stream->in_end - stream->in_pos), row_bytes - offset);

        memcpy(dest + row * stride + offset, stream->in_pos, n);
        stream->in_pos += n;
        offset += n;
        if (offset == row_bytes) {
            row++;
            offset = 0;
        }
    }

    /* Then straight into the rows while a good part is still to come;
     * the last bit goes through the buffer, which also reads ahead into
     * the next message. Only rows long enough that one call can take
     * VNC_STREAM_DIRECT_MIN: narrower ones would cost a system call per
     * few hundred bytes, where the buffer takes 64 KiB at once. */
    if (stream->top->funcs->recv_vectors != NULL &&
        row_bytes >= VNC_STREAM_DIRECT_MIN / VNC_STREAM_MAX_VECTORS) {
        while ((n_rows - row) * row_bytes - offset >= VNC_STREAM_DIRECT_MIN) {
            GInputVector vectors[VNC_STREAM_MAX_VECTORS];
            guint n_vectors = 0;
            gssize got;

            for (gsize r = row; r < n_rows && n_vectors < VNC_STREAM_MAX_VECTORS; r++) {
                gsize start = r == row ? offset : 0;

                vectors[n_vectors].buffer = dest + r * stride + start;
                vectors[n_vectors].size = row_bytes - start;
                n_vectors++;
            }
            got = vnc_stream_recv_wait_vectors(stream, vectors, n_vectors, err);
            if (got < 0)
                return FALSE;
            offset += got;
            row += offset / row_bytes;
            offset %= row_bytes;
        }
    }

    if (row < n_rows && offset > 0) {
        if (!vnc_stream_read(stream, dest + row * stride + offset, row_bytes - offset, err))
            return FALSE;
        row++;
    }
    for (; row < n_rows; row++) {
        if (!vnc_stream_read(stream, dest + row * stride, row_bytes, err))
            return FALSE;
    }
    return TRUE;
}

/* coroutine context */
gboolean
vnc_stream_skip(VncStream *stream, gsize len, GError **err)
{
    gsize have = stream->in_end - stream->in_pos;

    if (G_LIKELY(len <= have)) {
        stream->in_pos += len;
        return TRUE;
    }
    if (!vnc_stream_check(stream, err))
        return FALSE;

    len -= have;
    stream->in_pos = stream->in_end = stream->in_buf;
    while (len > 0) {
        gsize chunk = MIN(len, VNC_STREAM_INPLACE_MAX);
        if (vnc_stream_read_inplace_slow(stream, chunk, err) == NULL)
            return FALSE;
        len -= chunk;
    }
    return TRUE;
}

/* coroutine context */
gboolean
vnc_stream_read_u8(VncStream *stream, guint8 *value, GError **err)
{
    const guint8 *data = vnc_stream_take(stream, 1, err);

    if (data == NULL)
        return FALSE;
    *value = data[0];
    return TRUE;
}

/* coroutine context */
gboolean
vnc_stream_read_u16(VncStream *stream, guint16 *value, GError **err)
{
    const guint8 *data = vnc_stream_take(stream, 2, err);

    if (data == NULL)
        return FALSE;
    *value = vnc_load_be16(data);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_stream_read_u32(VncStream *stream, guint32 *value, GError **err)
{
    const guint8 *data = vnc_stream_take(stream, 4, err);

    if (data == NULL)
        return FALSE;
    *value = vnc_load_be32(data);
    return TRUE;
}

/* coroutine context */
gboolean
vnc_stream_read_s32(VncStream *stream, gint32 *value, GError **err)
{
    guint32 raw;

    if (!vnc_stream_read_u32(stream, &raw, err))
        return FALSE;
    *value = (gint32)raw;
    return TRUE;
}

gsize
vnc_stream_buffered(VncStream *stream)
{
    return stream->in_end - stream->in_pos;
}

/* ------------------------------------------------------------------ */
/* Writing (any context)                                               */

void
vnc_stream_write(VncStream *stream, const void *buf, gsize len)
{
    /* A dead stream swallows writes: the error is reported by the next
     * read or flush, and the caller has nothing better to do with it. */
    if (G_UNLIKELY(stream->error != NULL))
        return;

    if (G_UNLIKELY(len > VNC_MAX_PENDING_OUTPUT - vnc_stream_unsent(stream))) {
        /* The server stopped reading. Growing the buffer forever would
         * only delay the inevitable; end the connection instead, and
         * wake the coroutine so that it notices now. */
        GError *error = g_error_new(VNC_ERROR, VNC_ERROR_LIMIT,
                                    "The server is not reading what we send: more than "
                                    "%u MiB are waiting to be sent",
                                    VNC_MAX_PENDING_OUTPUT / (1024u * 1024u));
        vnc_stream_fail(stream, error, NULL);
        g_byte_array_set_size(stream->out, 0);
        stream->out_sent = 0;
        vnc_stream_schedule_wake(stream);
        return;
    }

    g_byte_array_append(stream->out, buf, (guint)len);
}

void
vnc_stream_write_u8(VncStream *stream, guint8 value)
{
    vnc_stream_write(stream, &value, 1);
}

void
vnc_stream_write_u16(VncStream *stream, guint16 value)
{
    guint8 bytes[2] = { value >> 8, value & 0xff };

    vnc_stream_write(stream, bytes, sizeof(bytes));
}

void
vnc_stream_write_u32(VncStream *stream, guint32 value)
{
    guint8 bytes[4];

    vnc_store_be32(bytes, value);
    vnc_stream_write(stream, bytes, sizeof(bytes));
}

void
vnc_stream_write_s32(VncStream *stream, gint32 value)
{
    vnc_stream_write_u32(stream, (guint32)value);
}

gsize
vnc_stream_pending_output(VncStream *stream)
{
    return vnc_stream_unsent(stream);
}

/* ------------------------------------------------------------------ */
/* Main context controls                                               */

void
vnc_stream_wakeup(VncStream *stream)
{
    vnc_stream_schedule_wake(stream);
}

void
vnc_stream_cancel(VncStream *stream)
{
    /* Cancellation overrides an earlier error: it is what the embedder
     * asked for, and what the session should report. */
    g_clear_error(&stream->error);
    stream->error = g_error_new_literal(VNC_ERROR, VNC_ERROR_CANCELLED,
                                        "The connection was closed");
    stream->in_pos = stream->in_end = stream->in_buf;
    g_byte_array_set_size(stream->out, 0);
    stream->out_sent = 0;
    vnc_stream_schedule_wake(stream);
}
