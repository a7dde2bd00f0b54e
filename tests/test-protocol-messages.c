/*
 * gtk-vnc tests: the message loop against the fake server
 *
 * Updates land in the framebuffer pixel for pixel (Raw, CopyRect, a
 * colour-mapped server), pseudo-encodings do what they say (DesktopSize,
 * LastRect), the client asks for exactly one incremental update after
 * each update, and the other server messages (Bell, ServerCutText) reach
 * the embedder. The client's own messages (KeyEvent, PointerEvent,
 * ClientCutText) are checked byte for byte.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "protocol-fixture.h"

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, proto_fixture_setup, func, proto_fixture_teardown)

/* A pixel in the fixture's default format: 32 bpp little-endian 0x00RRGGBB. */
static void
put_pixel(GByteArray *msg, guint32 rgb)
{
    guint32 le = GUINT32_TO_LE(rgb);
    test_put_bytes(msg, &le, 4);
}

/* A distinct colour for every position. */
static guint32
pattern(guint x, guint y)
{
    return ((x * 37 + 11) & 0xff) << 16 | ((y * 91 + 5) & 0xff) << 8 | ((x ^ y) * 13 & 0xff);
}

static void
put_raw_pattern(GByteArray *msg, guint16 x, guint16 y, guint16 w, guint16 h)
{
    test_msg_rect(msg, x, y, w, h, TEST_ENCODING_RAW);
    for (guint j = 0; j < h; j++)
        for (guint i = 0; i < w; i++)
            put_pixel(msg, pattern(x + i, y + j));
}

static void
assert_pixel(ProtoFixture *f, guint x, guint y, guint32 expected)
{
    guint32 got = proto_fb_pixel32(f, x, y);

    if (got != expected)
        g_test_message("pixel %u,%u", x, y);
    g_assert_cmphex(got, ==, expected);
}

static void
send_bell(ProtoFixture *f)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_bell(msg);
    fake_server_send_msg(f->server, "Bell", msg);
}

/* Raw pixels land exactly where the rectangle says, and nowhere else. */
static void
test_raw(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 6, 5);
    test_msg_update(msg, 1);
    put_raw_pattern(msg, 1, 2, 4, 3);
    fake_server_send_msg(f->server, "an update with one Raw rectangle", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 6, 5);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized update(1,2,4,3) disconnected");
    for (guint y = 0; y < 5; y++) {
        for (guint x = 0; x < 6; x++) {
            gboolean inside = x >= 1 && x < 5 && y >= 2;
            assert_pixel(f, x, y, inside ? pattern(x, y) : 0);
        }
    }
}

/* A rectangle larger than the stream's input buffer (64 KiB) arrives in
 * pieces; every pixel must still be right. */
static void
test_raw_large(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 300, 200);
    test_msg_update(msg, 1);
    put_raw_pattern(msg, 0, 0, 300, 200);
    fake_server_send_msg(f->server, "a 240000-byte Raw rectangle", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 300, 200);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    for (guint y = 0; y < 200; y++)
        for (guint x = 0; x < 300; x++)
            if (proto_fb_pixel32(f, x, y) != pattern(x, y))
                assert_pixel(f, x, y, pattern(x, y));
}

/* CopyRect, also between overlapping areas (it must behave as if the
 * source were read completely before the destination is written). */
typedef struct {
    guint16 src_x, src_y, dst_x, dst_y, w, h;
} CopyCase;

static const CopyCase copy_apart = { 0, 0, 3, 2, 2, 2 };
static const CopyCase copy_overlap_right = { 0, 0, 1, 0, 4, 4 };
static const CopyCase copy_overlap_left = { 1, 1, 0, 0, 4, 3 };
static const CopyCase copy_overlap_down = { 0, 0, 0, 1, 5, 3 };
static const CopyCase copy_overlap_up = { 0, 1, 0, 0, 5, 3 };
static const CopyCase copy_to_itself = { 1, 1, 1, 1, 3, 3 };

static void
test_copy_rect(ProtoFixture *f, gconstpointer data)
{
    const CopyCase *c = data;
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 5, 4);
    test_msg_update(msg, 1);
    put_raw_pattern(msg, 0, 0, 5, 4);
    fake_server_send_msg(f->server, "the whole screen in Raw", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 5, 4);
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_copy_rect(msg, c->dst_x, c->dst_y, c->w, c->h, c->src_x, c->src_y);
    fake_server_send_msg(f->server, "a CopyRect", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 5, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    for (guint y = 0; y < 4; y++) {
        for (guint x = 0; x < 5; x++) {
            guint32 expected = pattern(x, y);
            if (x >= c->dst_x && x < c->dst_x + c->w &&
                y >= c->dst_y && y < c->dst_y + c->h)
                expected = pattern(x - c->dst_x + c->src_x, y - c->dst_y + c->src_y);
            assert_pixel(f, x, y, expected);
        }
    }
}

/* However many rectangles an update has, the client asks for the next
 * update once, for the whole screen, after the last one. The KeyEvent
 * that follows each request in the script proves there was no second. */
static void
send_key(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_true(vnc_connection_key_event(f->conn, TRUE, 0x61, 0));
}

static void
expect_key(ProtoFixture *f)
{
    GByteArray *msg = g_byte_array_new();

    fake_server_call(f->server, "a key press", send_key, f);
    test_msg_key_event(msg, TRUE, 0x61);
    fake_server_expect_msg(f->server, "the KeyEvent (and no other request first)", msg);
}

/* An empty update and the request it causes: once the request is
 * here, the client has handled every message sent before the update. */
static void
sync_client(ProtoFixture *f, guint16 width, guint16 height)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_update(msg, 0);
    fake_server_send_msg(f->server, "an empty update (to synchronise)", msg);
    proto_expect_update_request(f, TRUE, 0, 0, width, height);
}

static void
test_one_request_per_update(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 8, 8);
    test_msg_update(msg, 4);
    put_raw_pattern(msg, 0, 0, 8, 2);
    put_raw_pattern(msg, 0, 2, 4, 6);
    put_raw_pattern(msg, 4, 2, 4, 6);
    test_msg_copy_rect(msg, 6, 6, 2, 2, 0, 0);
    fake_server_send_msg(f->server, "an update of four rectangles", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    expect_key(f);

    msg = g_byte_array_new();
    test_msg_update(msg, 0);
    fake_server_send_msg(f->server, "an empty update", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    expect_key(f);

    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    put_raw_pattern(msg, 3, 3, 1, 1);
    fake_server_send_msg(f->server, "an update of one rectangle", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    expect_key(f);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized "
                        "update(0,0,8,2) update(0,2,4,6) update(4,2,4,6) update(6,6,2,2) "
                        "update(3,3,1,1) disconnected");
}

/* DesktopSize: the embedder gets vnc-desktop-resize, gives a new
 * framebuffer, and later rectangles (in the same update too) use it. */
static void
test_desktop_size(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 4, 4);
    test_msg_update(msg, 2);
    test_msg_rect(msg, 0, 0, 10, 7, TEST_ENCODING_DESKTOP_SIZE);
    put_raw_pattern(msg, 6, 4, 4, 3);
    fake_server_send_msg(f->server, "a resize to 10x7 and a rectangle in the new area", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 10, 7);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized resize(10,7) "
                        "update(6,4,4,3) disconnected");
    g_assert_cmpint(vnc_connection_get_width(f->conn), ==, 10);
    g_assert_cmpint(vnc_connection_get_height(f->conn), ==, 7);
    g_assert_cmpuint(f->fb_width, ==, 10);
    assert_pixel(f, 9, 6, pattern(9, 6));
    assert_pixel(f, 6, 4, pattern(6, 4));
    assert_pixel(f, 5, 4, 0);
}

/* LastRect ends an update whose count was "unknown" (65535). */
static void
test_last_rect(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 4, 4);
    test_msg_update(msg, 0xffff);
    put_raw_pattern(msg, 0, 0, 2, 2);
    put_raw_pattern(msg, 2, 2, 2, 2);
    test_msg_rect(msg, 0, 0, 0, 0, TEST_ENCODING_LAST_RECT);
    fake_server_send_msg(f->server, "an update ended by LastRect", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 4, 4);
    /* The next message is read as a message, not as a rectangle. */
    send_bell(f);
    sync_client(f, 4, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized "
                        "update(0,0,2,2) update(2,2,2,2) bell disconnected");
    assert_pixel(f, 3, 3, pattern(3, 3));
}

static void
test_bell(ProtoFixture *f, gconstpointer data)
{
    proto_script_session(f, 4, 4);
    send_bell(f);
    send_bell(f);
    sync_client(f, 4, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized bell bell disconnected");
}

/* ServerCutText is Latin-1 on the wire; the embedder gets UTF-8. */
typedef struct {
    const char *wire;
    gsize len;
    const char *utf8;
} CutTextCase;

static const CutTextCase cut_latin1 = { "caf\xe9 \xa3" "5 \xbd\xff", 10,
                                        "caf\xc3\xa9 \xc2\xa3" "5 \xc2\xbd\xc3\xbf" };
static const CutTextCase cut_ascii = { "hello\nworld", 11, "hello\nworld" };
static const CutTextCase cut_empty = { "", 0, "" };

static void
test_server_cut_text(ProtoFixture *f, gconstpointer data)
{
    const CutTextCase *c = data;
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 4, 4);
    test_msg_server_cut_text(msg, c->wire, c->len);
    fake_server_send_msg(f->server, "ServerCutText", msg);
    sync_client(f, 4, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized cut-text disconnected");
    g_assert_cmpstr(f->cut_text, ==, c->utf8);
}

/* A server with a colour map: SetColourMapEntries, then 8-bit pixels
 * that the framebuffer turns into the local true-colour format. */
static void
test_colour_map(ProtoFixture *f, gconstpointer data)
{
    static const guint16 colours[] = {
        0xffff, 0x0000, 0x0000,
        0x0000, 0xffff, 0x0000,
        0x0000, 0x0000, 0xffff,
        0x8080, 0x4040, 0xc0c0,
    };
    static const guint8 indices[] = { 12, 13, 14, 15, 15, 14, 13, 12 };
    VncPixelFormat server_format;
    GByteArray *msg = g_byte_array_new();

    test_pixel_format_colour_map8(&server_format);
    f->keep_server_format = TRUE;
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, 4, 2, &server_format, "palette");
    proto_expect_setup(f, 4, 2);
    test_msg_colour_map(msg, 12, 4, colours);
    fake_server_send_msg(f->server, "SetColourMapEntries 12..15", msg);
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 4, 2, TEST_ENCODING_RAW);
    test_put_bytes(msg, indices, sizeof(indices));
    fake_server_send_msg(f->server, "8-bit Raw pixels", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 4, 2);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized update(0,0,4,2) disconnected");
    assert_pixel(f, 0, 0, 0xff0000);
    assert_pixel(f, 1, 0, 0x00ff00);
    assert_pixel(f, 2, 0, 0x0000ff);
    assert_pixel(f, 3, 0, 0x8040c0);
    assert_pixel(f, 0, 1, 0x8040c0);
    assert_pixel(f, 3, 1, 0xff0000);
}

/* Colour map ranges up to the last index a VncColorMap can hold (65534:
 * its size is 16 bits), also after an earlier, smaller map whose
 * colours must be kept. */
static void
script_colour_map_session(ProtoFixture *f, gboolean after_small_map, guint16 count)
{
    guint16 *colours = g_new0(guint16, (gsize)count * 3);
    static const guint8 indices[] = { 0, 1, 2, 255 };
    VncPixelFormat server_format;
    GByteArray *msg;

    /* Colour 1 orange, 2 grey, 255 blue; the rest black. */
    colours[0] = 0xffff;
    colours[1] = 0x8080;
    colours[3] = colours[4] = colours[5] = 0x4040;
    colours[254 * 3 + 2] = 0xffff;
    test_pixel_format_colour_map8(&server_format);
    f->keep_server_format = TRUE;
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, 4, 1, &server_format, "palette");
    proto_expect_setup(f, 4, 1);
    if (after_small_map) {
        static const guint16 white[] = { 0xffff, 0xffff, 0xffff };
        msg = g_byte_array_new();
        test_msg_colour_map(msg, 0, 1, white);
        fake_server_send_msg(f->server, "SetColourMapEntries 0..0", msg);
    }
    msg = g_byte_array_new();
    test_msg_colour_map(msg, 1, count, colours);
    fake_server_send_msg(f->server, "SetColourMapEntries from 1", msg);
    g_free(colours);
    msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 4, 1, TEST_ENCODING_RAW);
    test_put_bytes(msg, indices, sizeof(indices));
    fake_server_send_msg(f->server, "8-bit Raw pixels", msg);
}

static void
test_colour_map_to_last_index(ProtoFixture *f, gconstpointer data)
{
    gboolean after_small_map = GPOINTER_TO_INT(data);

    script_colour_map_session(f, after_small_map, 65534);
    proto_expect_update_request(f, TRUE, 0, 0, 4, 1);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized update(0,0,4,1) disconnected");
    assert_pixel(f, 0, 0, after_small_map ? 0xffffff : 0);
    assert_pixel(f, 1, 0, 0xff8000);
    assert_pixel(f, 2, 0, 0x404040);
    assert_pixel(f, 3, 0, 0x0000ff);
}

/* Index 65535 is legal RFB but beyond a VncColorMap: the connection may
 * refuse it or drop that entry, but must not crash (it once wrote
 * through a NULL map here, after a smaller map). */
static void
test_colour_map_index_65535(ProtoFixture *f, gconstpointer data)
{
    script_colour_map_session(f, TRUE, 65535);
    /* Whether the update request comes depends on that choice: the
     * shutdown ends the session either way, and the rest is dropped. */
    proto_script_shutdown(f);
    proto_fixture_run(f);

    g_assert_cmpuint(f->n_disconnected, ==, 1);
}

/* The client's own messages, byte for byte. */
static void
send_input(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;
    static const char utf8[] = "caf\xc3\xa9 \xe2\x82\xac!";  /* "café €!" */

    /* A scancode without the QEMU extension still sends a plain KeyEvent. */
    g_assert_true(vnc_connection_key_event(f->conn, TRUE, 0xff0d, 28));
    g_assert_true(vnc_connection_key_event(f->conn, FALSE, 0xff0d, 28));
    g_assert_true(vnc_connection_key_event(f->conn, TRUE, 0x1234abcd, 0));
    g_assert_true(vnc_connection_pointer_event(f->conn, 0x05, 300, 200));
    g_assert_true(vnc_connection_pointer_event(f->conn, 0x80, 65535, 0));
    g_assert_true(vnc_connection_client_cut_text(f->conn, utf8, strlen(utf8)));
    g_assert_true(vnc_connection_client_cut_text(f->conn, "", 0));
}

static void
test_client_messages(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    /* Nothing may be sent before the session is set up. */
    g_assert_false(vnc_connection_key_event(f->conn, TRUE, 0x61, 0));
    g_assert_false(vnc_connection_pointer_event(f->conn, 0, 1, 1));
    g_assert_false(vnc_connection_client_cut_text(f->conn, "x", 1));

    proto_script_session(f, 400, 300);
    fake_server_call(f->server, "keys, pointer and clipboard", send_input, f);
    test_msg_key_event(msg, TRUE, 0xff0d);
    test_msg_key_event(msg, FALSE, 0xff0d);
    test_msg_key_event(msg, TRUE, 0x1234abcd);
    test_msg_pointer_event(msg, 0x05, 300, 200);
    test_msg_pointer_event(msg, 0x80, 65535, 0);
    /* Latin-1 on the wire; the euro sign has no Latin-1 form. */
    test_msg_client_cut_text(msg, "caf\xe9 ?!", 7);
    test_msg_client_cut_text(msg, "", 0);
    fake_server_expect_msg(f->server, "KeyEvent x3, PointerEvent x2, ClientCutText x2", msg);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    /* Nor after the end. */
    g_assert_false(vnc_connection_key_event(f->conn, TRUE, 0x61, 0));
}

/* A whole session whose bytes arrive one at a time, each in its own
 * main loop iteration: every read of the client must resume correctly. */
static void
test_trickle(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    fake_server_set_trickle(f->server, TRUE);
    proto_script_session(f, 3, 3);
    test_msg_update(msg, 3);
    put_raw_pattern(msg, 0, 0, 3, 3);
    test_msg_copy_rect(msg, 1, 1, 2, 2, 0, 0);
    test_msg_rect(msg, 0, 0, 3, 3, TEST_ENCODING_DESKTOP_SIZE);
    test_msg_bell(msg);
    test_msg_server_cut_text(msg, "trickle", 7);
    fake_server_send_msg(f->server, "an update, a bell, cut text", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 3, 3);
    sync_client(f, 3, 3);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized update(0,0,3,3) "
                        "update(1,1,2,2) resize(3,3) bell cut-text disconnected");
    g_assert_cmpstr(f->cut_text, ==, "trickle");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    ADD("/protocol/messages/raw", test_raw, NULL);
    ADD("/protocol/messages/raw-large", test_raw_large, NULL);
    ADD("/protocol/messages/copy-rect/apart", test_copy_rect, &copy_apart);
    ADD("/protocol/messages/copy-rect/overlap-right", test_copy_rect, &copy_overlap_right);
    ADD("/protocol/messages/copy-rect/overlap-left", test_copy_rect, &copy_overlap_left);
    ADD("/protocol/messages/copy-rect/overlap-down", test_copy_rect, &copy_overlap_down);
    ADD("/protocol/messages/copy-rect/overlap-up", test_copy_rect, &copy_overlap_up);
    ADD("/protocol/messages/copy-rect/to-itself", test_copy_rect, &copy_to_itself);
    ADD("/protocol/messages/one-request-per-update", test_one_request_per_update, NULL);
    ADD("/protocol/messages/desktop-size", test_desktop_size, NULL);
    ADD("/protocol/messages/last-rect", test_last_rect, NULL);
    ADD("/protocol/messages/bell", test_bell, NULL);
    ADD("/protocol/messages/server-cut-text/latin1", test_server_cut_text, &cut_latin1);
    ADD("/protocol/messages/server-cut-text/ascii", test_server_cut_text, &cut_ascii);
    ADD("/protocol/messages/server-cut-text/empty", test_server_cut_text, &cut_empty);
    ADD("/protocol/messages/client-messages", test_client_messages, NULL);
    ADD("/protocol/messages/trickle", test_trickle, NULL);
    ADD("/protocol/messages/colour-map/basic", test_colour_map, NULL);
    ADD("/protocol/messages/colour-map/to-last-index", test_colour_map_to_last_index,
        GINT_TO_POINTER(FALSE));
    ADD("/protocol/messages/colour-map/to-last-index-after-small-map",
        test_colour_map_to_last_index, GINT_TO_POINTER(TRUE));
    ADD("/protocol/messages/colour-map/index-65535", test_colour_map_index_65535, NULL);

    return g_test_run();
}
