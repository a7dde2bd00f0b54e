/*
 * gtk-vnc tests: the Raw decoder, over memory and over a real socket
 *
 * When the framebuffer stores pixels as they come, Raw rows are read
 * straight into it, and large rectangles are received from the socket
 * directly into their rows (vnc_stream_read_rows). These tests check
 * that every pixel lands where it belongs and none outside the
 * rectangle, whichever way the bytes arrive: all buffered, in pieces
 * that cut rows anywhere, or cut short by the server going away.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "decode-utils.h"

/* Framebuffer and rectangle: rows of 3600 bytes at 32 bpp, 90 of them
 * (324,000 bytes: more than a socket buffer and the stream's input
 * buffer), with pixels left alone on every side. */
#define FB_WIDTH 1000
#define FB_HEIGHT 100
#define RX 3
#define RY 2
#define RW 900
#define RH 90

static const guint32 background = 0x00123456;

/* A pixel value that differs for every position, and never equals the
 * background. */
static guint32
pattern(guint x, guint y)
{
    return ((x * 2654435761u) ^ (y * 40503u)) & 0x00fefefe;
}

static GByteArray *
raw_payload(const VncPixelFormat *format, guint width, guint height)
{
    GByteArray *payload = g_byte_array_new();

    for (guint y = 0; y < height; y++) {
        for (guint x = 0; x < width; x++)
            vnc_test_put_pixel(payload, format, pattern(x, y));
    }
    return payload;
}

/* Every pixel of the rectangle as sent, up to @rows_complete rows when
 * the data was cut short (then pixels after them are unknown), and
 * everything outside it still the background. */
static void
assert_framebuffer(VncTestDecoder *t, guint rows_complete)
{
    for (guint y = 0; y < FB_HEIGHT; y++) {
        for (guint x = 0; x < FB_WIDTH; x++) {
            gboolean inside = x >= RX && x < RX + RW && y >= RY && y < RY + RH;
            guint32 pixel = vnc_test_decoder_get_pixel(t, x, y);

            if (!inside)
                g_assert_cmphex(pixel, ==, background);
            else if (y - RY < rows_complete)
                g_assert_cmphex(pixel, ==, pattern(x - RX, y - RY));
        }
    }
}

typedef struct {
    int fd;
    const guint8 *data;
    gsize len;
    gsize chunk;       /* 0: all at once */
} Writer;

/* The server: writes @len bytes in chunks of odd sizes (so that reads
 * end in the middle of rows and pixels), then closes. */
static gpointer
writer_thread(gpointer data)
{
    Writer *w = data;
    gsize done = 0;
    guint n = 0;

    while (done < w->len) {
        gsize want = w->chunk ? MIN(w->chunk + (n++ % 7) * 13, w->len - done)
                              : w->len - done;
        ssize_t sent = write(w->fd, w->data + done, want);

        if (sent <= 0)
            break;
        done += sent;
    }
    close(w->fd);
    return NULL;
}

/* Decodes a Raw rectangle whose payload comes from another thread over
 * a socket pair: the first @len bytes of the payload, in @chunk pieces,
 * after a prefix of @prefix bytes that another read takes first (so that
 * the rows start with bytes already buffered). */
static void
run_socket(gsize len, gsize chunk, gsize prefix, gboolean expect_ok)
{
    VncPixelFormat format;
    int fds[2];
    GError *err = NULL;

    vnc_test_format_init(&format, 32, G_LITTLE_ENDIAN);
    VncTestDecoder *t = vnc_test_decoder_new(&format, FB_WIDTH, FB_HEIGHT, background);
    g_autoptr(GByteArray) pixels = raw_payload(&format, RW, RH);
    g_autoptr(GByteArray) wire = g_byte_array_new();

    g_assert_nonnull(t->ctx.direct);
    g_assert_cmpuint(len, <=, pixels->len);
    for (gsize i = 0; i < prefix; i++)
        vnc_test_put_u8(wire, (guint8)(0xa0 + i));
    vnc_test_put_bytes(wire, pixels->data, len);

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
    GSocket *socket = g_socket_new_from_fd(fds[0], &err);
    g_assert_no_error(err);
    t->stream = vnc_stream_new_socket(socket);
    t->ctx.stream = t->stream;
    g_object_unref(socket);

    Writer w = { fds[1], wire->data, wire->len, chunk };
    GThread *thread = g_thread_new("raw-writer", writer_thread, &w);

    for (gsize i = 0; i < prefix; i++) {
        guint8 byte;

        g_assert_true(vnc_stream_read_u8(t->stream, &byte, NULL));
        g_assert_cmpuint(byte, ==, 0xa0 + i);
    }

    gboolean ok = vnc_decode_raw(&t->ctx, RX, RY, RW, RH, &err);
    g_thread_join(thread);

    if (expect_ok) {
        g_assert_no_error(err);
        g_assert_true(ok);
        assert_framebuffer(t, RH);
        vnc_test_decoder_assert_consumed(t);
    } else {
        g_assert_false(ok);
        g_assert_error(err, VNC_ERROR, VNC_ERROR_CLOSED);
        g_clear_error(&err);
        assert_framebuffer(t, len / (RW * 4));
    }
    vnc_test_decoder_free(t);
}

static void
test_raw_socket_whole(void)
{
    run_socket(RW * RH * 4, 0, 0, TRUE);
}

static void
test_raw_socket_pieces(void)
{
    /* pieces of about 1 KiB and 40 KiB: rows end mid-read both ways */
    run_socket(RW * RH * 4, 1021, 0, TRUE);
    run_socket(RW * RH * 4, 40007, 0, TRUE);
}

static void
test_raw_socket_buffered_start(void)
{
    /* a few bytes read before: the first rows come partly from the
     * input buffer, partly from the socket */
    run_socket(RW * RH * 4, 5003, 3, TRUE);
}

static void
test_raw_socket_truncated(void)
{
    /* the server goes away mid-row, early and late */
    run_socket(RW * 4 * 10 + 1234, 3001, 0, FALSE);
    run_socket(RW * RH * 4 - 2, 9001, 1, FALSE);
}

/* The same rectangle from memory, through the framebuffer's memory and
 * through its calls. */
static void
test_raw_memory(void)
{
    for (guint via = 0; via < 2; via++) {
        VncPixelFormat format;
        GError *err = NULL;

        vnc_test_format_init(&format, 32, G_BIG_ENDIAN);
        VncTestDecoder *t = vnc_test_decoder_new(&format, FB_WIDTH, FB_HEIGHT, background);
        g_autoptr(GByteArray) pixels = raw_payload(&format, RW, RH);

        if (via)
            t->ctx.direct = NULL;
        vnc_test_decoder_set_input(t, pixels->data, pixels->len);
        g_assert_true(vnc_test_decoder_run(t, vnc_decode_raw, RX, RY, RW, RH, &err));
        g_assert_no_error(err);
        assert_framebuffer(t, RH);
        vnc_test_decoder_assert_consumed(t);
        vnc_test_decoder_free(t);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/decode/raw/memory", test_raw_memory);
    g_test_add_func("/decode/raw/socket/whole", test_raw_socket_whole);
    g_test_add_func("/decode/raw/socket/pieces", test_raw_socket_pieces);
    g_test_add_func("/decode/raw/socket/buffered-start", test_raw_socket_buffered_start);
    g_test_add_func("/decode/raw/socket/truncated", test_raw_socket_truncated);
    return g_test_run();
}
