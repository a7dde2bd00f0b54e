/*
 * gtk-vnc: buffered, coroutine-aware reading and writing of the wire
 *
 * The stream is what protocol code reads from and writes to. Beneath it is
 * a stack of layers: at the bottom a transport (a non-blocking GSocket, or
 * a block of memory for tests and fuzzing), above it optionally TLS and a
 * SASL security layer. Layers never block; when the bottom one would
 * block, the stream yields the current coroutine until the socket is
 * ready, so callers above read as if reads were blocking.
 *
 * Reads are "coroutine context" (they may yield). Writes may be made from
 * any context: they only append to the output buffer; it is sent when the
 * coroutine next flushes or waits for input.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_STREAM_PRIV_H
#define VNC_STREAM_PRIV_H

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VncStream VncStream;
typedef struct _VncStreamLayer VncStreamLayer;

/* Size of the input buffer, and so the most vnc_stream_read_inplace()
 * can return at once. */
#define VNC_STREAM_INPLACE_MAX (64u * 1024u)

/*
 * One layer. recv and send never block: they return the number of bytes
 * moved (>0), 0 from recv when the peer closed, or -1 with @err set;
 * G_IO_ERROR_WOULD_BLOCK means "call again when the socket is ready".
 * A layer reaches the one beneath it through vnc_stream_layer_recv/send on
 * its ->lower.
 */
typedef struct {
    const char *name;
    gssize (*recv)(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err);
    gssize (*send)(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err);
    /* Bytes the layer holds decoded already, readable without the socket
     * becoming ready (TLS records, SASL decode buffer). May be NULL. */
    gsize (*pending)(VncStreamLayer *layer);
    void (*free)(gpointer data);
    /* Like recv, but scattering into several buffers at once (the rows
     * of a rectangle in the framebuffer). May be NULL. */
    gssize (*recv_vectors)(VncStreamLayer *layer, GInputVector *vectors, guint n_vectors,
                           GError **err);
} VncStreamLayerFuncs;

struct _VncStreamLayer {
    const VncStreamLayerFuncs *funcs;
    gpointer data;
    VncStreamLayer *lower;  /* NULL for the transport at the bottom */
};

gssize vnc_stream_layer_recv(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err);
gssize vnc_stream_layer_send(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err);

/* A stream over a connected socket; the stream makes it non-blocking and
 * takes a reference. */
VncStream *vnc_stream_new_socket(GSocket *socket);

/* A stream whose input is @data (copied). Once it is used up, reads fail
 * with VNC_ERROR_CLOSED. Writes are collected; see
 * vnc_stream_get_memory_output(). For tests and fuzzing. It never waits,
 * so it can be read outside any coroutine. */
VncStream *vnc_stream_new_memory(const guint8 *data, gsize len);
/* Everything written so far (output still buffered is flushed into it
 * first). Owned by the stream. */
GByteArray *vnc_stream_get_memory_output(VncStream *stream);

/* For the transports (vncstream-socket.c, vncstream-memory.c): a stream
 * whose bottom layer is @funcs and @data. When a layer would block the
 * stream waits for @socket; with no socket (memory) it fails instead. */
VncStream *vnc_stream_new_transport(const VncStreamLayerFuncs *funcs, gpointer data,
                                    GSocket *socket);
VncStreamLayer *vnc_stream_get_bottom_layer(VncStream *stream);

void vnc_stream_free(VncStream *stream);

/* Puts a layer on top (TLS after the VeNCrypt negotiation, say). Bytes
 * already buffered but not yet read stay readable: they arrived before the
 * layer started. Output not yet flushed goes through the new layer, so
 * flush first. The stream owns @data and frees it with funcs->free. */
void vnc_stream_push_layer(VncStream *stream, const VncStreamLayerFuncs *funcs,
                           gpointer data);

/* The layer a new layer sits on (for layers that need the raw transport
 * during their handshake). */
VncStreamLayer *vnc_stream_get_top_layer(VncStream *stream);

/* coroutine context: the next @len bytes, read from the wire if needed,
 * as a pointer into the input buffer. It stays valid until the next read.
 * @len must be at most VNC_STREAM_INPLACE_MAX. NULL with @err on failure. */
const guint8 *vnc_stream_read_inplace(VncStream *stream, gsize len, GError **err);

/* coroutine context: copies the next @len bytes (any size) to @buf. */
gboolean vnc_stream_read(VncStream *stream, void *buf, gsize len, GError **err);
gboolean vnc_stream_skip(VncStream *stream, gsize len, GError **err);

/* coroutine context: reads @n_rows rows of @row_bytes each to @dest, each
 * row @stride bytes after the one before (a rectangle of a framebuffer).
 * When enough of them is still to come and the transport can scatter,
 * they are received straight into place rather than through the input
 * buffer. */
gboolean vnc_stream_read_rows(VncStream *stream, guint8 *dest, gsize row_bytes,
                              gsize stride, gsize n_rows, GError **err);

/* coroutine context: big-endian integers, as RFB sends them. */
gboolean vnc_stream_read_u8(VncStream *stream, guint8 *value, GError **err);
gboolean vnc_stream_read_u16(VncStream *stream, guint16 *value, GError **err);
gboolean vnc_stream_read_u32(VncStream *stream, guint32 *value, GError **err);
gboolean vnc_stream_read_s32(VncStream *stream, gint32 *value, GError **err);

/* Bytes already in the input buffer, readable without waiting. */
gsize vnc_stream_buffered(VncStream *stream);

/* Any context: appends to the output buffer. */
void vnc_stream_write(VncStream *stream, const void *buf, gsize len);
void vnc_stream_write_u8(VncStream *stream, guint8 value);
void vnc_stream_write_u16(VncStream *stream, guint16 value);
void vnc_stream_write_u32(VncStream *stream, guint32 value);
void vnc_stream_write_s32(VncStream *stream, gint32 value);
gsize vnc_stream_pending_output(VncStream *stream);

/* coroutine context: sends the whole output buffer, waiting as needed. */
gboolean vnc_stream_flush(VncStream *stream, GError **err);

/* coroutine context: returns once the stream's socket may be ready for
 * @condition, or when the stream is woken or cancelled (then FALSE with
 * the stream's error); the caller then retries what would have blocked.
 * For code that drives a layer directly (a TLS handshake, a secret sent
 * past the output buffer); reads and flushes wait by themselves. */
gboolean vnc_stream_wait(VncStream *stream, GIOCondition condition, GError **err);

/* Main context: if the coroutine is waiting for the socket, makes it
 * return soon (from an idle callback) so that it sends freshly written
 * output. Safe to call at any time. */
void vnc_stream_wakeup(VncStream *stream);

/* Main context: stops the stream for good; a coroutine waiting in it
 * resumes and its read fails with VNC_ERROR_CANCELLED. */
void vnc_stream_cancel(VncStream *stream);

G_END_DECLS

#endif /* VNC_STREAM_PRIV_H */
