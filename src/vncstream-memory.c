/*
 * gtk-vnc: the memory transport, for tests and fuzzing
 *
 * Input is a fixed block of bytes; output is collected. Nothing ever
 * would block, so a memory stream can be read outside any coroutine, and
 * running out of input looks exactly like the server closing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncstream-priv.h"

typedef struct {
    guint8 *input;
    gsize input_len;
    gsize input_pos;
    GByteArray *output;
} VncStreamMemory;

static gssize
vnc_stream_memory_recv(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err)
{
    VncStreamMemory *memory = layer->data;
    gsize n = MIN(len, memory->input_len - memory->input_pos);

    memcpy(buf, memory->input + memory->input_pos, n);
    memory->input_pos += n;
    return n;
}

static gssize
vnc_stream_memory_send(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err)
{
    VncStreamMemory *memory = layer->data;
    /* GByteArray lengths are guint; the stream caps output far below. */
    gsize n = MIN(len, (gsize)G_MAXINT);

    g_byte_array_append(memory->output, buf, (guint)n);
    return n;
}

static void
vnc_stream_memory_free(gpointer data)
{
    VncStreamMemory *memory = data;

    g_free(memory->input);
    g_byte_array_unref(memory->output);
    g_free(memory);
}

static const VncStreamLayerFuncs vnc_stream_memory_funcs = {
    .name = "memory",
    .recv = vnc_stream_memory_recv,
    .send = vnc_stream_memory_send,
    .pending = NULL,
    .free = vnc_stream_memory_free,
};

VncStream *
vnc_stream_new_memory(const guint8 *data, gsize len)
{
    VncStreamMemory *memory;

    g_return_val_if_fail(data != NULL || len == 0, NULL);

    memory = g_new0(VncStreamMemory, 1);
    memory->input = g_malloc(len > 0 ? len : 1);
    if (len > 0)
        memcpy(memory->input, data, len);
    memory->input_len = len;
    memory->output = g_byte_array_new();
    return vnc_stream_new_transport(&vnc_stream_memory_funcs, memory, NULL);
}

GByteArray *
vnc_stream_get_memory_output(VncStream *stream)
{
    VncStreamLayer *bottom = vnc_stream_get_bottom_layer(stream);

    g_return_val_if_fail(bottom->funcs == &vnc_stream_memory_funcs, NULL);

    /* Never waits here (see vnc_stream_wait), so this is safe outside a
     * coroutine; an error is kept by the stream for its next read. */
    vnc_stream_flush(stream, NULL);
    return ((VncStreamMemory *)bottom->data)->output;
}
