/*
 * gtk-vnc: tests of the buffered stream, its transports and layers
 *
 * The socket tests put the stream on one end of a socketpair and a
 * scripted peer on the other, both driven by one main loop: the peer
 * dribbles bytes out in small chunks from timeouts while a coroutine
 * reads them through the stream, so every read path (buffered, refill,
 * direct, waiting) gets exercised.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vncstream-priv.h"
#include "vncerror-priv.h"
#include "vnclimits-priv.h"
#include "coroutine.h"

/* A hang guard, not a timing assertion: nothing here should take more
 * than a few seconds even under valgrind. */
#define WATCHDOG_SECONDS 120

/* The bytes of block reads are a function of their offset in the whole
 * stream, so a misplaced or repeated byte shows up. */
static guint8
pattern_byte(gsize offset)
{
    return (guint8)((offset * 131u) ^ (offset >> 9) ^ (offset >> 17));
}

static void
fill_pattern(guint8 *dest, gsize offset, gsize len)
{
    gsize i;

    for (i = 0; i < len; i++)
        dest[i] = pattern_byte(offset + i);
}

/* ------------------------------------------------------------------ */
/* The fixture: stream, peer, main loop, coroutine                     */

typedef struct _Fixture Fixture;
typedef void (*FixtureFunc)(Fixture *fix);

struct _Fixture {
    GMainLoop *loop;
    VncStream *stream;
    GSocket *socket;            /* the stream's end */
    int peer;                   /* the other end, non-blocking */

    /* What the peer sends: queued bytes, handed out in chunks of
     * chunk_sizes[] (cycled) every interval_ms. */
    GByteArray *peer_out;
    gsize peer_out_sent;
    const gsize *chunk_sizes;
    guint n_chunk_sizes;
    guint chunk_index;
    guint interval_ms;
    guint peer_out_source;
    gboolean peer_close_when_sent;

    /* What the peer received, and a hook run whenever more arrives. */
    GByteArray *peer_in;
    GSource *peer_in_source;
    FixtureFunc on_peer_data;

    VncCoroutine *co;
    FixtureFunc body;           /* what the coroutine does */
    gboolean done;
    guint watchdog;

    gpointer user;              /* per-test state */
};

static void peer_schedule_send(Fixture *fix);

static gboolean
watchdog_fired(gpointer data)
{
    g_error("test did not finish within %d seconds", WATCHDOG_SECONDS);
    return G_SOURCE_REMOVE;
}

static gboolean
peer_send_tick(gpointer data)
{
    Fixture *fix = data;
    gsize left = fix->peer_out->len - fix->peer_out_sent;
    gsize chunk = fix->chunk_sizes[fix->chunk_index++ % fix->n_chunk_sizes];
    ssize_t sent;

    fix->peer_out_source = 0;
    chunk = MIN(chunk, left);
    if (chunk > 0) {
        sent = send(fix->peer, fix->peer_out->data + fix->peer_out_sent, chunk,
                    MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent < 0)
            g_assert_cmpint(errno, ==, EAGAIN);
        else
            fix->peer_out_sent += sent;
    }
    peer_schedule_send(fix);
    return G_SOURCE_REMOVE;
}

static void
peer_schedule_send(Fixture *fix)
{
    if (fix->peer_out_source != 0)
        return;
    if (fix->peer_out_sent < fix->peer_out->len)
        fix->peer_out_source = g_timeout_add(fix->interval_ms, peer_send_tick, fix);
    else if (fix->peer_close_when_sent)
        shutdown(fix->peer, SHUT_WR);
}

/* Queues bytes for the peer to send. */
static void
peer_send(Fixture *fix, const void *data, gsize len)
{
    g_byte_array_append(fix->peer_out, data, len);
    peer_schedule_send(fix);
}

static gboolean
peer_readable(GSocket *socket, GIOCondition condition, gpointer data)
{
    Fixture *fix = data;
    guint8 buf[4096];
    ssize_t got;

    while ((got = recv(fix->peer, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
        g_byte_array_append(fix->peer_in, buf, got);
    if (fix->on_peer_data != NULL)
        fix->on_peer_data(fix);
    return got == 0 ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
fixture_setup(Fixture *fix, gconstpointer data)
{
    static const gsize default_chunks[] = { 1 };
    int fds[2];
    GError *error = NULL;
    GSocket *peer_socket;

    memset(fix, 0, sizeof(*fix));
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);

    fix->socket = g_socket_new_from_fd(fds[0], &error);
    g_assert_no_error(error);
    fix->stream = vnc_stream_new_socket(fix->socket);
    fix->peer = fds[1];

    fix->loop = g_main_loop_new(NULL, FALSE);
    fix->peer_out = g_byte_array_new();
    fix->peer_in = g_byte_array_new();
    fix->chunk_sizes = default_chunks;
    fix->n_chunk_sizes = G_N_ELEMENTS(default_chunks);
    fix->interval_ms = 1;

    /* A GSocket only to watch the peer's descriptor; the fixture closes it. */
    peer_socket = g_socket_new_from_fd(fds[1], &error);
    g_assert_no_error(error);
    fix->peer_in_source = g_socket_create_source(peer_socket, G_IO_IN, NULL);
    g_source_set_callback(fix->peer_in_source,
                          (GSourceFunc)(void (*)(void))peer_readable, fix, NULL);
    g_source_attach(fix->peer_in_source, NULL);
    g_object_unref(peer_socket);

    fix->watchdog = g_timeout_add_seconds(WATCHDOG_SECONDS, watchdog_fired, NULL);
}

static void
fixture_teardown(Fixture *fix, gconstpointer data)
{
    if (fix->peer_out_source != 0)
        g_source_remove(fix->peer_out_source);
    g_source_destroy(fix->peer_in_source);
    g_source_unref(fix->peer_in_source);
    g_source_remove(fix->watchdog);
    if (fix->co != NULL) {
        g_assert_true(vnc_coroutine_is_finished(fix->co));
        vnc_coroutine_free(fix->co);
    }
    vnc_stream_free(fix->stream);
    g_object_unref(fix->socket);
    /* fds[1] belonged to the peer GSocket, closed when it was finalised
     * with its source. */
    g_byte_array_unref(fix->peer_out);
    g_byte_array_unref(fix->peer_in);
    g_main_loop_unref(fix->loop);
}

static gpointer
fixture_coroutine(gpointer data)
{
    Fixture *fix = data;

    fix->body(fix);
    fix->done = TRUE;
    g_main_loop_quit(fix->loop);
    return NULL;
}

/* Runs @body in a coroutine until it returns. @started, if set, runs in
 * the main context right after the coroutine first yields (or ends). */
static void
fixture_run(Fixture *fix, FixtureFunc body, FixtureFunc started)
{
    fix->body = body;
    fix->co = vnc_coroutine_new(fixture_coroutine, 0);
    vnc_coroutine_enter(fix->co, fix);
    if (started != NULL)
        started(fix);
    while (!fix->done)
        g_main_loop_run(fix->loop);
    g_assert_true(vnc_coroutine_is_finished(fix->co));
}

/* ------------------------------------------------------------------ */
/* Scripted reads                                                      */

typedef enum {
    OP_U8,
    OP_U16,
    OP_U32,
    OP_S32,
    OP_READ,
    OP_INPLACE,
    OP_SKIP,
} OpKind;

typedef struct {
    OpKind kind;
    gsize len;       /* block operations */
    gint64 value;    /* integer operations */
} Op;

typedef struct {
    const Op *ops;
    guint n_ops;
    const gsize *chunks;
    guint n_chunks;
} Script;

static void
append_be(GByteArray *out, guint64 value, guint bytes)
{
    while (bytes-- > 0) {
        guint8 b = (guint8)(value >> (bytes * 8));
        g_byte_array_append(out, &b, 1);
    }
}

/* The bytes a script expects, in order. */
static GByteArray *
script_bytes(const Script *script)
{
    GByteArray *out = g_byte_array_new();
    guint i;

    for (i = 0; i < script->n_ops; i++) {
        const Op *op = &script->ops[i];
        switch (op->kind) {
        case OP_U8:
            append_be(out, (guint64)op->value, 1);
            break;
        case OP_U16:
            append_be(out, (guint64)op->value, 2);
            break;
        case OP_U32:
        case OP_S32:
            append_be(out, (guint64)op->value, 4);
            break;
        case OP_READ:
        case OP_INPLACE:
        case OP_SKIP: {
            gsize start = out->len;
            g_byte_array_set_size(out, start + op->len);
            fill_pattern(out->data + start, start, op->len);
            break;
        }
        }
    }
    return out;
}

/* Performs the script's reads on @stream and checks each result; at the
 * end the input must be over. */
static void
script_check(const Script *script, VncStream *stream)
{
    GError *error = NULL;
    gsize offset = 0;
    guint i;

    for (i = 0; i < script->n_ops; i++) {
        const Op *op = &script->ops[i];

        switch (op->kind) {
        case OP_U8: {
            guint8 v = 0;
            g_assert_true(vnc_stream_read_u8(stream, &v, &error));
            g_assert_no_error(error);
            g_assert_cmpint(v, ==, op->value);
            offset += 1;
            break;
        }
        case OP_U16: {
            guint16 v = 0;
            g_assert_true(vnc_stream_read_u16(stream, &v, &error));
            g_assert_no_error(error);
            g_assert_cmpint(v, ==, op->value);
            offset += 2;
            break;
        }
        case OP_U32: {
            guint32 v = 0;
            g_assert_true(vnc_stream_read_u32(stream, &v, &error));
            g_assert_no_error(error);
            g_assert_cmpint(v, ==, op->value);
            offset += 4;
            break;
        }
        case OP_S32: {
            gint32 v = 0;
            g_assert_true(vnc_stream_read_s32(stream, &v, &error));
            g_assert_no_error(error);
            g_assert_cmpint(v, ==, (gint32)op->value);
            offset += 4;
            break;
        }
        case OP_READ: {
            guint8 *got = g_malloc(op->len);
            guint8 *want = g_malloc(op->len);
            fill_pattern(want, offset, op->len);
            g_assert_true(vnc_stream_read(stream, got, op->len, &error));
            g_assert_no_error(error);
            g_assert_cmpmem(got, op->len, want, op->len);
            g_free(got);
            g_free(want);
            offset += op->len;
            break;
        }
        case OP_INPLACE: {
            guint8 *want = g_malloc(op->len);
            const guint8 *got;
            fill_pattern(want, offset, op->len);
            got = vnc_stream_read_inplace(stream, op->len, &error);
            g_assert_no_error(error);
            g_assert_nonnull(got);
            g_assert_cmpmem(got, op->len, want, op->len);
            g_free(want);
            offset += op->len;
            break;
        }
        case OP_SKIP:
            g_assert_true(vnc_stream_skip(stream, op->len, &error));
            g_assert_no_error(error);
            offset += op->len;
            break;
        }
    }

    /* Then the end, reported as the server closing, again and again. */
    {
        guint8 v;
        g_assert_false(vnc_stream_read_u8(stream, &v, &error));
        g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
        g_assert_cmpstr(error->message, ==, "The server closed the connection");
        g_clear_error(&error);
        g_assert_null(vnc_stream_read_inplace(stream, 1, &error));
        g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
        g_clear_error(&error);
    }
}

static void
script_body(Fixture *fix)
{
    script_check(fix->user, fix->stream);
}

static void
test_socket_script(Fixture *fix, gconstpointer data)
{
    const Script *script = data;
    GByteArray *bytes = script_bytes(script);

    fix->user = (gpointer)script;
    fix->chunk_sizes = script->chunks;
    fix->n_chunk_sizes = script->n_chunks;
    fix->peer_close_when_sent = TRUE;
    peer_send(fix, bytes->data, bytes->len);
    g_byte_array_unref(bytes);

    fixture_run(fix, script_body, NULL);
    g_assert_cmpuint(fix->peer_out_sent, ==, fix->peer_out->len);
}

/* The same script over a memory stream, read outside any coroutine. */
static void
test_memory_script(gconstpointer data)
{
    const Script *script = data;
    GByteArray *bytes = script_bytes(script);
    VncStream *stream = vnc_stream_new_memory(bytes->data, bytes->len);

    g_assert_null(vnc_coroutine_self());
    script_check(script, stream);
    vnc_stream_free(stream);
    g_byte_array_unref(bytes);
}

static const Op integer_ops[] = {
    { OP_U8, 0, 0x12 },
    { OP_U16, 0, 0x3456 },
    { OP_U32, 0, 0x789abcde },
    { OP_S32, 0, -2 },
    { OP_U8, 0, 0xff },
    { OP_U16, 0, 0xfedc },
    { OP_U32, 0, 0xffffffff },
    { OP_S32, 0, G_MININT32 },
    { OP_READ, 3, 0 },
    { OP_U32, 0, 1 },
};

static const Op block_ops[] = {
    { OP_U8, 0, 1 },
    { OP_READ, 200000, 0 },         /* straight to the destination */
    { OP_U16, 0, 0xabcd },
    { OP_READ, VNC_STREAM_INPLACE_MAX / 4 - 1, 0 },  /* just below direct */
    { OP_READ, VNC_STREAM_INPLACE_MAX / 4, 0 },      /* just at direct */
    { OP_SKIP, 150001, 0 },
    { OP_U32, 0, 0xdeadbeef },
    { OP_READ, 1, 0 },
    { OP_SKIP, 3, 0 },
    { OP_READ, 1000000, 0 },
    { OP_U8, 0, 7 },
};

static const Op inplace_ops[] = {
    { OP_U8, 0, 9 },
    { OP_INPLACE, VNC_STREAM_INPLACE_MAX, 0 },       /* needs the whole buffer */
    { OP_INPLACE, 1, 0 },
    { OP_INPLACE, 40000, 0 },
    { OP_INPLACE, 40000, 0 },                         /* straddles a refill */
    { OP_INPLACE, VNC_STREAM_INPLACE_MAX - 1, 0 },
    { OP_U16, 0, 0x0102 },
    { OP_INPLACE, VNC_STREAM_INPLACE_MAX, 0 },
    { OP_INPLACE, 0, 0 },
    { OP_INPLACE, 3, 0 },
    { OP_SKIP, VNC_STREAM_INPLACE_MAX * 3 + 5, 0 },
    { OP_INPLACE, 17, 0 },
};

static const gsize tiny_chunks[] = { 1, 2, 1, 3, 5, 1, 7 };
static const gsize mixed_chunks[] = { 1, 3, 2, 7, 1000, 13, 30000, 5, 70000, 1, 131072 };

static const Script integer_script_tiny = {
    integer_ops, G_N_ELEMENTS(integer_ops), tiny_chunks, G_N_ELEMENTS(tiny_chunks)
};
static const Script block_script = {
    block_ops, G_N_ELEMENTS(block_ops), mixed_chunks, G_N_ELEMENTS(mixed_chunks)
};
static const Script inplace_script = {
    inplace_ops, G_N_ELEMENTS(inplace_ops), mixed_chunks, G_N_ELEMENTS(mixed_chunks)
};

/* Tens of thousands of small in-place reads, as a colour map or a
 * stream of subrectangles makes: every refill boundary falls somewhere
 * inside one of them sooner or later. */
static void
test_socket_many_small(Fixture *fix, gconstpointer data)
{
    static const gsize chunks[] = { 1, 3, 4093, 7, 65536, 11, 100000, 5 };
    const guint n = 70000;
    Op *ops = g_new0(Op, n + 2);
    Script *script = g_new0(Script, 1);
    guint i;

    ops[0].kind = OP_U8;
    ops[0].value = 1;
    for (i = 1; i <= n; i++) {
        ops[i].kind = i % 5 == 0 ? OP_U16 : OP_INPLACE;
        ops[i].len = 6;
        ops[i].value = i & 0xffff;
    }
    ops[n + 1].kind = OP_READ;
    ops[n + 1].len = 5;
    script->ops = ops;
    script->n_ops = n + 2;
    script->chunks = chunks;
    script->n_chunks = G_N_ELEMENTS(chunks);

    test_socket_script(fix, script);
    if (!g_test_failed()) {
        /* and the same from memory */
        test_memory_script(script);
    }
    g_free(ops);
    g_free(script);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/* Written from the main context while the coroutine waits for input:
 * vnc_stream_wakeup() must get it sent, and the peer answers only once
 * it has arrived, so without the wakeup this would hang. */
static void
wakeup_body(Fixture *fix)
{
    GError *error = NULL;
    guint8 v = 0;

    g_assert_true(vnc_stream_read_u8(fix->stream, &v, &error));
    g_assert_no_error(error);
    g_assert_cmpint(v, ==, 0x42);
    g_assert_cmpuint(vnc_stream_pending_output(fix->stream), ==, 0);
}

static void
wakeup_started(Fixture *fix)
{
    /* The coroutine is waiting for input now, with nothing to send. */
    g_assert_false(fix->done);
    vnc_stream_write(fix->stream, "hel", 3);
    vnc_stream_wakeup(fix->stream);
    vnc_stream_write(fix->stream, "lo", 2);
    vnc_stream_wakeup(fix->stream);
    vnc_stream_wakeup(fix->stream);
    g_assert_cmpuint(vnc_stream_pending_output(fix->stream), ==, 5);
}

static void
wakeup_peer_data(Fixture *fix)
{
    static const guint8 answer = 0x42;

    if (fix->peer_in->len == 5 && fix->peer_out->len == 0)
        peer_send(fix, &answer, 1);
}

static void
test_socket_wakeup(Fixture *fix, gconstpointer data)
{
    fix->on_peer_data = wakeup_peer_data;
    fixture_run(fix, wakeup_body, wakeup_started);
    g_assert_cmpmem(fix->peer_in->data, fix->peer_in->len, "hello", 5);
}

/* Much more output than the socket buffers hold: flush must wait for the
 * peer to drain it (and read_u8 must keep sending while it waits). */
#define BIG_OUTPUT (3u * 1024u * 1024u)

static void
big_output_peer_data(Fixture *fix)
{
    static const guint8 answer = 0x99;

    if (fix->peer_in->len == BIG_OUTPUT && fix->peer_out->len == 0)
        peer_send(fix, &answer, 1);
}

static void
big_output_write(Fixture *fix)
{
    guint8 *data = g_malloc(BIG_OUTPUT);

    fill_pattern(data, 0, BIG_OUTPUT);
    /* In odd pieces, and some integers, to cover every write call. */
    vnc_stream_write_u8(fix->stream, data[0]);
    vnc_stream_write_u16(fix->stream, (data[1] << 8) | data[2]);
    vnc_stream_write_u32(fix->stream,
                         ((guint32)data[3] << 24) | (data[4] << 16) | (data[5] << 8) | data[6]);
    vnc_stream_write_s32(fix->stream,
                         (gint32)(((guint32)data[7] << 24) | (data[8] << 16) |
                                  (data[9] << 8) | data[10]));
    vnc_stream_write(fix->stream, data + 11, 1000);
    vnc_stream_write(fix->stream, data + 1011, BIG_OUTPUT - 1011);
    g_assert_cmpuint(vnc_stream_pending_output(fix->stream), ==, BIG_OUTPUT);
    g_free(data);
}

static void
big_output_check(Fixture *fix)
{
    guint8 *want = g_malloc(BIG_OUTPUT);

    fill_pattern(want, 0, BIG_OUTPUT);
    g_assert_cmpmem(fix->peer_in->data, fix->peer_in->len, want, BIG_OUTPUT);
    g_free(want);
}

static void
flush_body(Fixture *fix)
{
    GError *error = NULL;
    guint8 v = 0;

    big_output_write(fix);
    g_assert_true(vnc_stream_flush(fix->stream, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(vnc_stream_pending_output(fix->stream), ==, 0);
    g_assert_true(vnc_stream_read_u8(fix->stream, &v, &error));
    g_assert_no_error(error);
    g_assert_cmpint(v, ==, 0x99);
}

static void
read_sends_body(Fixture *fix)
{
    GError *error = NULL;
    guint8 v = 0;

    big_output_write(fix);
    /* No flush: waiting for the answer must send everything. */
    g_assert_true(vnc_stream_read_u8(fix->stream, &v, &error));
    g_assert_no_error(error);
    g_assert_cmpint(v, ==, 0x99);
    g_assert_cmpuint(vnc_stream_pending_output(fix->stream), ==, 0);
}

static void
test_socket_flush(Fixture *fix, gconstpointer data)
{
    fix->on_peer_data = big_output_peer_data;
    fixture_run(fix, flush_body, NULL);
    big_output_check(fix);
}

static void
test_socket_read_sends(Fixture *fix, gconstpointer data)
{
    fix->on_peer_data = big_output_peer_data;
    fixture_run(fix, read_sends_body, NULL);
    big_output_check(fix);
}

/* Bytes the peer sent before it stopped reading are still readable
 * while a flush waits (the stream reads ahead meanwhile). */
static void
flush_reads_ahead_body(Fixture *fix)
{
    GError *error = NULL;
    guint32 v = 0;

    big_output_write(fix);
    g_assert_true(vnc_stream_flush(fix->stream, &error));
    g_assert_no_error(error);
    g_assert_true(vnc_stream_read_u32(fix->stream, &v, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(v, ==, 0x01020304);
}

static void
test_socket_flush_reads_ahead(Fixture *fix, gconstpointer data)
{
    static const guint8 early[] = { 1, 2, 3, 4 };

    peer_send(fix, early, sizeof(early));
    fixture_run(fix, flush_reads_ahead_body, NULL);
    /* Flushed means handed to the socket, not yet read by the peer. */
    while (fix->peer_in->len < BIG_OUTPUT)
        g_main_context_iteration(NULL, TRUE);
    big_output_check(fix);
}

/* The server says its last words and closes its side while we are still
 * sending: the flush goes on, and the last words are still readable. */
static void
flush_after_close_body(Fixture *fix)
{
    GError *error = NULL;
    guint32 v32 = 0;
    guint8 v8;

    big_output_write(fix);
    g_assert_true(vnc_stream_flush(fix->stream, &error));
    g_assert_no_error(error);
    g_assert_true(vnc_stream_read_u32(fix->stream, &v32, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(v32, ==, 0x05060708);
    g_assert_false(vnc_stream_read_u8(fix->stream, &v8, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
    g_clear_error(&error);
}

static void
test_socket_flush_after_close(Fixture *fix, gconstpointer data)
{
    static const guint8 last[] = { 5, 6, 7, 8 };

    /* Sent and closed before the coroutine starts: the flush, blocked on
     * more output than the socket holds, reads them and the end. */
    g_assert_cmpint(send(fix->peer, last, sizeof(last), 0), ==, sizeof(last));
    shutdown(fix->peer, SHUT_WR);
    fixture_run(fix, flush_after_close_body, NULL);
    while (fix->peer_in->len < BIG_OUTPUT)
        g_main_context_iteration(NULL, TRUE);
    big_output_check(fix);
}

/* ------------------------------------------------------------------ */
/* Cancel and close                                                    */

static void
cancel_body(Fixture *fix)
{
    GError *error = NULL;
    guint32 v32;
    guint8 v8;

    /* Two of the four bytes are there: the read buffers them and waits. */
    g_assert_false(vnc_stream_read_u32(fix->stream, &v32, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CANCELLED);
    g_clear_error(&error);

    /* Every later read and flush fails the same way, even one the buffer
     * could have satisfied. */
    g_assert_false(vnc_stream_read_u8(fix->stream, &v8, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CANCELLED);
    g_clear_error(&error);
    g_assert_null(vnc_stream_read_inplace(fix->stream, 1, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CANCELLED);
    g_clear_error(&error);
    g_assert_false(vnc_stream_skip(fix->stream, 1, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CANCELLED);
    g_clear_error(&error);
    vnc_stream_write_u8(fix->stream, 1);
    g_assert_false(vnc_stream_flush(fix->stream, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CANCELLED);
    g_clear_error(&error);
}

static void
cancel_started(Fixture *fix)
{
    g_assert_false(fix->done);
    g_assert_cmpuint(vnc_stream_buffered(fix->stream), ==, 2);
    vnc_stream_cancel(fix->stream);
    g_assert_cmpuint(vnc_stream_buffered(fix->stream), ==, 0);
}

static void
test_socket_cancel(Fixture *fix, gconstpointer data)
{
    static const guint8 two[] = { 0xaa, 0xbb };

    /* Sent before the coroutine starts, so its first read finds them. */
    g_assert_cmpint(send(fix->peer, two, sizeof(two), 0), ==, sizeof(two));
    fixture_run(fix, cancel_body, cancel_started);
}

static void
closed_body(Fixture *fix)
{
    GError *error = NULL;
    guint16 v16 = 0;
    guint8 v8;

    g_assert_true(vnc_stream_read_u16(fix->stream, &v16, &error));
    g_assert_no_error(error);
    g_assert_cmpint(v16, ==, 0x0102);
    g_assert_false(vnc_stream_read_u16(fix->stream, &v16, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
    g_assert_cmpstr(error->message, ==, "The server closed the connection");
    g_clear_error(&error);
    /* The lone byte left over is not handed out after the failure. */
    g_assert_false(vnc_stream_read_u8(fix->stream, &v8, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
    g_clear_error(&error);
}

static void
test_socket_closed(Fixture *fix, gconstpointer data)
{
    static const guint8 three[] = { 1, 2, 3 };

    fix->peer_close_when_sent = TRUE;
    peer_send(fix, three, sizeof(three));
    fixture_run(fix, closed_body, NULL);
}

/* A write to a peer that has gone away says the server closed the
 * connection; it is not a SIGPIPE. */
static void
reset_body(Fixture *fix)
{
    GError *error = NULL;

    vnc_stream_write(fix->stream, "x", 1);
    while (vnc_stream_flush(fix->stream, &error))
        vnc_stream_write(fix->stream, "x", 1);
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
    g_clear_error(&error);
}

static void
test_socket_peer_gone(Fixture *fix, gconstpointer data)
{
    shutdown(fix->peer, SHUT_RDWR);
    fixture_run(fix, reset_body, NULL);
}

/* Outside a coroutine a socket stream blocks instead of yielding. */
static void
test_socket_outside_coroutine(Fixture *fix, gconstpointer data)
{
    static const guint8 bytes[] = { 0, 0, 1, 0, 5 };
    GError *error = NULL;
    guint32 v32 = 0;
    guint8 v8 = 0;

    g_assert_cmpint(send(fix->peer, bytes, sizeof(bytes), 0), ==, sizeof(bytes));
    shutdown(fix->peer, SHUT_WR);
    g_assert_true(vnc_stream_read_u32(fix->stream, &v32, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(v32, ==, 256);
    g_assert_true(vnc_stream_read_u8(fix->stream, &v8, &error));
    g_assert_cmpuint(v8, ==, 5);
    g_assert_false(vnc_stream_read_u8(fix->stream, &v8, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
    g_clear_error(&error);
}

/* ------------------------------------------------------------------ */
/* Memory stream                                                       */

static void
test_memory_output(void)
{
    static const guint8 expected[] = {
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xff, 0xff, 0xff, 0xfe, 'a', 'b'
    };
    VncStream *stream = vnc_stream_new_memory(NULL, 0);
    GByteArray *out;
    GError *error = NULL;

    vnc_stream_write_u8(stream, 0x01);
    vnc_stream_write_u16(stream, 0x0203);
    vnc_stream_write_u32(stream, 0x04050607);
    vnc_stream_write_s32(stream, -2);
    vnc_stream_write(stream, "ab", 2);
    g_assert_cmpuint(vnc_stream_pending_output(stream), ==, sizeof(expected));

    out = vnc_stream_get_memory_output(stream);
    g_assert_cmpmem(out->data, out->len, expected, sizeof(expected));
    g_assert_cmpuint(vnc_stream_pending_output(stream), ==, 0);

    vnc_stream_write(stream, "c", 1);
    g_assert_true(vnc_stream_flush(stream, &error));
    g_assert_no_error(error);
    g_assert_true(vnc_stream_get_memory_output(stream) == out);
    g_assert_cmpuint(out->len, ==, sizeof(expected) + 1);
    g_assert_cmpint(out->data[sizeof(expected)], ==, 'c');
    vnc_stream_free(stream);
}

static void
test_memory_eof(void)
{
    static const guint8 data[] = { 1, 2, 3, 4, 5 };
    VncStream *stream = vnc_stream_new_memory(data, sizeof(data));
    GError *error = NULL;
    guint8 buf[8];

    g_assert_true(vnc_stream_read(stream, buf, 2, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(vnc_stream_buffered(stream), ==, 3);
    /* More than is left: the end, not a wait. */
    g_assert_false(vnc_stream_read(stream, buf, 4, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
    g_clear_error(&error);
    vnc_stream_free(stream);

    stream = vnc_stream_new_memory(NULL, 0);
    g_assert_null(vnc_stream_read_inplace(stream, 1, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_CLOSED);
    g_clear_error(&error);
    vnc_stream_free(stream);
}

static void
test_memory_inplace_too_big(void)
{
    VncStream *stream = vnc_stream_new_memory(NULL, 0);
    GError *error = NULL;

    g_assert_null(vnc_stream_read_inplace(stream, VNC_STREAM_INPLACE_MAX + 1, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_LIMIT);
    g_clear_error(&error);
    vnc_stream_free(stream);
}

/* Output that cannot be sent does not pile up without bound. */
static void
test_output_limit(void)
{
    VncStream *stream = vnc_stream_new_memory(NULL, 0);
    guint8 *mib = g_malloc0(1024 * 1024);
    GError *error = NULL;
    guint8 v;
    guint i;

    for (i = 0; i < VNC_MAX_PENDING_OUTPUT / (1024 * 1024); i++)
        vnc_stream_write(stream, mib, 1024 * 1024);
    g_assert_cmpuint(vnc_stream_pending_output(stream), ==, VNC_MAX_PENDING_OUTPUT);
    vnc_stream_write_u8(stream, 1);
    g_assert_cmpuint(vnc_stream_pending_output(stream), ==, 0);

    g_assert_false(vnc_stream_flush(stream, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_LIMIT);
    g_clear_error(&error);
    g_assert_false(vnc_stream_read_u8(stream, &v, &error));
    g_assert_error(error, VNC_ERROR, VNC_ERROR_LIMIT);
    g_clear_error(&error);
    g_assert_cmpuint(vnc_stream_get_memory_output(stream)->len, ==, 0);

    g_free(mib);
    vnc_stream_free(stream);
}

/* ------------------------------------------------------------------ */
/* Layers                                                              */

/* XORs every byte with a key, both ways: enough to prove which bytes went
 * through the layer and which did not. */
typedef struct {
    guint8 key;
    guint *freed;
} XorLayer;

static gssize
xor_recv(VncStreamLayer *layer, guint8 *buf, gsize len, GError **err)
{
    XorLayer *xor = layer->data;
    gssize got = vnc_stream_layer_recv(layer->lower, buf, len, err);
    gssize i;

    for (i = 0; i < got; i++)
        buf[i] ^= xor->key;
    return got;
}

static gssize
xor_send(VncStreamLayer *layer, const guint8 *buf, gsize len, GError **err)
{
    XorLayer *xor = layer->data;
    guint8 *tmp = g_malloc(len);
    gssize sent;
    gsize i;

    for (i = 0; i < len; i++)
        tmp[i] = buf[i] ^ xor->key;
    sent = vnc_stream_layer_send(layer->lower, tmp, len, err);
    g_free(tmp);
    return sent;
}

static void
xor_free(gpointer data)
{
    XorLayer *xor = data;

    (*xor->freed)++;
    g_free(xor);
}

static const VncStreamLayerFuncs xor_funcs = {
    .name = "xor",
    .recv = xor_recv,
    .send = xor_send,
    .pending = NULL,
    .free = xor_free,
};

static void
push_xor(VncStream *stream, guint8 key, guint *freed)
{
    XorLayer *xor = g_new0(XorLayer, 1);

    xor->key = key;
    xor->freed = freed;
    vnc_stream_push_layer(stream, &xor_funcs, xor);
}

static void
test_memory_layers(void)
{
    guint8 data[300];
    VncStream *stream;
    VncStreamLayer *bottom;
    GByteArray *out;
    GError *error = NULL;
    guint8 buf[300];
    guint freed = 0;
    gsize i;

    /* Two layers: 0x5a on top of 0x0f. */
    for (i = 0; i < sizeof(data); i++)
        data[i] = (guint8)i ^ 0x5a ^ 0x0f;
    stream = vnc_stream_new_memory(data, sizeof(data));
    bottom = vnc_stream_get_top_layer(stream);
    g_assert_true(vnc_stream_get_bottom_layer(stream) == bottom);
    push_xor(stream, 0x0f, &freed);
    push_xor(stream, 0x5a, &freed);
    g_assert_true(vnc_stream_get_top_layer(stream)->lower->lower == bottom);

    g_assert_true(vnc_stream_read(stream, buf, sizeof(buf), &error));
    g_assert_no_error(error);
    for (i = 0; i < sizeof(buf); i++)
        g_assert_cmpint(buf[i], ==, (guint8)i);

    vnc_stream_write(stream, "\x00\xff", 2);
    out = vnc_stream_get_memory_output(stream);
    g_assert_cmpmem(out->data, out->len, "\x55\xaa", 2);

    vnc_stream_free(stream);
    g_assert_cmpuint(freed, ==, 2);
}

/* Over a socket, as in a VeNCrypt handshake: the peer sends some plain
 * bytes, the client pushes the layer with some of them still buffered,
 * and from then on both directions go through the layer. The buffered
 * plain bytes must come out unchanged. */
#define XOR_KEY 0xa5

typedef struct {
    guint freed;
} XorState;

static void
xor_socket_body(Fixture *fix)
{
    XorState *state = fix->user;
    GError *error = NULL;
    guint8 buf[6];
    guint32 v32 = 0;
    guint8 *big;
    guint8 *want;

    g_assert_true(vnc_stream_read_u32(fix->stream, &v32, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(v32, ==, 0x01020304);
    g_assert_cmpuint(vnc_stream_buffered(fix->stream), ==, 6);

    push_xor(fix->stream, XOR_KEY, &state->freed);
    vnc_stream_write(fix->stream, "go", 2);
    g_assert_true(vnc_stream_flush(fix->stream, &error));
    g_assert_no_error(error);

    g_assert_true(vnc_stream_read(fix->stream, buf, sizeof(buf), &error));
    g_assert_no_error(error);
    g_assert_cmpmem(buf, sizeof(buf), "plain!", 6);

    /* The peer answers "go" with the pattern, XORed. */
    big = g_malloc(100000);
    want = g_malloc(100000);
    fill_pattern(want, 0, 100000);
    g_assert_true(vnc_stream_read(fix->stream, big, 100000, &error));
    g_assert_no_error(error);
    g_assert_cmpmem(big, 100000, want, 100000);
    g_free(big);
    g_free(want);
}

static void
xor_peer_data(Fixture *fix)
{
    guint8 *reply;
    gsize i;

    if (fix->peer_in->len != 2 || fix->peer_out->len != 10)
        return;
    g_assert_cmpint(fix->peer_in->data[0], ==, 'g' ^ XOR_KEY);
    g_assert_cmpint(fix->peer_in->data[1], ==, 'o' ^ XOR_KEY);

    reply = g_malloc(100000);
    fill_pattern(reply, 0, 100000);
    for (i = 0; i < 100000; i++)
        reply[i] ^= XOR_KEY;
    peer_send(fix, reply, 100000);
    g_free(reply);
}

static void
test_socket_layer(Fixture *fix, gconstpointer data)
{
    static const guint8 plain[] = { 1, 2, 3, 4, 'p', 'l', 'a', 'i', 'n', '!' };
    static const gsize chunks[] = { 10, 1, 999, 4096 };
    XorState state = { 0 };

    fix->user = &state;
    fix->on_peer_data = xor_peer_data;
    fix->chunk_sizes = chunks;
    fix->n_chunk_sizes = G_N_ELEMENTS(chunks);
    /* All ten plain bytes arrive in one piece, before "go" is sent. */
    peer_send(fix, plain, sizeof(plain));
    fixture_run(fix, xor_socket_body, NULL);

    vnc_stream_free(fix->stream);
    fix->stream = NULL;
    g_assert_cmpuint(state.freed, ==, 1);
}

/* ------------------------------------------------------------------ */

#define ADD_SOCKET_TEST(path, data, func) \
    g_test_add(path, Fixture, data, fixture_setup, func, fixture_teardown)

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    ADD_SOCKET_TEST("/stream/socket/integers", &integer_script_tiny, test_socket_script);
    ADD_SOCKET_TEST("/stream/socket/blocks", &block_script, test_socket_script);
    ADD_SOCKET_TEST("/stream/socket/inplace-refill", &inplace_script, test_socket_script);
    ADD_SOCKET_TEST("/stream/socket/many-small", NULL, test_socket_many_small);
    ADD_SOCKET_TEST("/stream/socket/wakeup", NULL, test_socket_wakeup);
    ADD_SOCKET_TEST("/stream/socket/flush", NULL, test_socket_flush);
    ADD_SOCKET_TEST("/stream/socket/read-sends-output", NULL, test_socket_read_sends);
    ADD_SOCKET_TEST("/stream/socket/flush-reads-ahead", NULL, test_socket_flush_reads_ahead);
    ADD_SOCKET_TEST("/stream/socket/flush-after-close", NULL, test_socket_flush_after_close);
    ADD_SOCKET_TEST("/stream/socket/cancel", NULL, test_socket_cancel);
    ADD_SOCKET_TEST("/stream/socket/closed", NULL, test_socket_closed);
    ADD_SOCKET_TEST("/stream/socket/peer-gone", NULL, test_socket_peer_gone);
    ADD_SOCKET_TEST("/stream/socket/outside-coroutine", NULL, test_socket_outside_coroutine);
    ADD_SOCKET_TEST("/stream/socket/layer", NULL, test_socket_layer);

    g_test_add_data_func("/stream/memory/integers", &integer_script_tiny, test_memory_script);
    g_test_add_data_func("/stream/memory/blocks", &block_script, test_memory_script);
    g_test_add_data_func("/stream/memory/inplace", &inplace_script, test_memory_script);
    g_test_add_func("/stream/memory/output", test_memory_output);
    g_test_add_func("/stream/memory/eof", test_memory_eof);
    g_test_add_func("/stream/memory/inplace-too-big", test_memory_inplace_too_big);
    g_test_add_func("/stream/memory/output-limit", test_output_limit);
    g_test_add_func("/stream/memory/layers", test_memory_layers);

    return g_test_run();
}
