/*
 * gtk-vnc tests: pseudo-encodings and protocol extensions
 *
 * Each extension against the fake server: the pseudo-rectangles and
 * messages a server sends (cursors, desktop size and layout, WMVi,
 * desktop name, LEDs, pointer mode, QEMU key events and audio, xvp,
 * Fence, continuous updates, the extended clipboard) reach the embedder
 * as they should, the client's answers and requests are checked byte for
 * byte, and every hostile variant (sizes past the limits, truncated
 * payloads, bad zlib, impossible layouts) ends the session with a
 * readable error instead of a crash.
 *
 * The messages are built here from the RFB community specification, not
 * with the library's own writers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <zlib.h>

#include "protocol-fixture.h"
#include "protocol-clipboard.h"
#include "vncbaseaudio.h"
#include "vncconnection-priv.h"

/* Pseudo-encodings and message numbers, from the specification. */
enum {
    ENC_RICH_CURSOR = -239,
    ENC_X_CURSOR = -240,
    ENC_ALPHA_CURSOR = -314,
    ENC_POINTER_CHANGE = -257,
    ENC_EXT_KEY_EVENT = -258,
    ENC_AUDIO = -259,
    ENC_LED_STATE = -261,
    ENC_DESKTOP_NAME = -307,
    ENC_EXT_DESKTOP_SIZE = -308,
    ENC_XVP = -309,
    ENC_FENCE = -312,
    ENC_CONTINUOUS_UPDATES = -313,
    ENC_WMVI = 0x574D5669,
};

#define MSG_CONTINUOUS_UPDATES 150
#define MSG_FENCE 248
#define MSG_XVP 250
#define MSG_SET_DESKTOP_SIZE 251
#define MSG_QEMU 255

#define FENCE_BLOCK_BEFORE 0x1u
#define FENCE_BLOCK_AFTER 0x2u
#define FENCE_SYNC_NEXT 0x4u
#define FENCE_REQUEST 0x80000000u


/* What the extensions told the embedder, beyond the fixture's own log. */
typedef struct {
    GString *events;
    VncCursor *cursor;
    VncBaseAudio *audio;
    GByteArray *audio_data;
} ExtState;

static ExtState ext;

static void
ext_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
ext_log(const char *fmt, ...)
{
    va_list args;

    if (ext.events->len)
        g_string_append_c(ext.events, ' ');
    va_start(args, fmt);
    g_string_append_vprintf(ext.events, fmt, args);
    va_end(args);
}

static void
on_cursor_changed(VncConnection *conn, VncCursor *cursor, gpointer data)
{
    ext_log("cursor(%ux%u@%u,%u)", vnc_cursor_get_width(cursor),
            vnc_cursor_get_height(cursor), vnc_cursor_get_hotx(cursor),
            vnc_cursor_get_hoty(cursor));
    g_set_object(&ext.cursor, cursor);
}

static void
on_pointer_mode_changed(VncConnection *conn, gboolean absolute, gpointer data)
{
    ext_log("pointer(%s)", absolute ? "absolute" : "relative");
}

static void
on_pixel_format_changed(VncConnection *conn, VncPixelFormat *format, gpointer data)
{
    ext_log("format(%u/%u)", format->bits_per_pixel, format->depth);
}

static void
on_led_state(VncConnection *conn, gpointer data)
{
    ext_log("led(%d)", vnc_connection_get_ledstate(conn));
}

static void
on_desktop_rename(VncConnection *conn, const char *name, gpointer data)
{
    ext_log("rename(%s)", name);
}

static void
on_desktop_resize_failed(VncConnection *conn, VncConnectionResizeStatus status, gpointer data)
{
    ext_log("resize-failed(%d)", status);
}

static void
on_power_initialized(VncConnection *conn, gpointer data)
{
    ext_log("power-init");
}

static void
on_power_failed(VncConnection *conn, gpointer data)
{
    ext_log("power-failed");
}

static void
on_server_cut_text(VncConnection *conn, const char *text, gpointer data)
{
    ext_log("cut(%s)", text);
}

static void
on_audio_start(VncBaseAudio *audio, VncAudioFormat *format, gpointer data)
{
    ext_log("audio-start(%u,%u,%u)", format->format, format->nchannels,
            format->frequency);
}

static void
on_audio_stop(VncBaseAudio *audio, gpointer data)
{
    ext_log("audio-stop");
}

static void
on_audio_data(VncBaseAudio *audio, VncAudioSample *sample, gpointer data)
{
    ext_log("audio-data(%u)", sample->length);
    g_byte_array_append(ext.audio_data, sample->data, sample->length);
}

/* Signals with parameters that the fixture logs as "other" with a
 * handler taking none: its handlers would read the parameter as the
 * fixture. They are logged here instead. */
static const char *const ext_signals[] = {
    "vnc-cursor-changed",
    "vnc-pointer-mode-changed",
    "vnc-pixel-format-changed",
    "vnc-desktop-rename",
};

static void
ext_setup(ProtoFixture *f, gconstpointer data)
{
    proto_fixture_setup(f, data);
    for (guint i = 0; i < G_N_ELEMENTS(ext_signals); i++)
        g_signal_handlers_disconnect_matched(f->conn,
                                             G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                             g_signal_lookup(ext_signals[i],
                                                             VNC_TYPE_CONNECTION),
                                             0, NULL, NULL, f);
    memset(&ext, 0, sizeof(ext));
    ext.events = g_string_new(NULL);
    ext.audio_data = g_byte_array_new();
    g_signal_connect(f->conn, "vnc-cursor-changed", G_CALLBACK(on_cursor_changed), NULL);
    g_signal_connect(f->conn, "vnc-pointer-mode-changed",
                     G_CALLBACK(on_pointer_mode_changed), NULL);
    g_signal_connect(f->conn, "vnc-pixel-format-changed",
                     G_CALLBACK(on_pixel_format_changed), NULL);
    g_signal_connect(f->conn, "vnc-led-state", G_CALLBACK(on_led_state), NULL);
    g_signal_connect(f->conn, "vnc-desktop-rename", G_CALLBACK(on_desktop_rename), NULL);
    g_signal_connect(f->conn, "vnc-desktop-resize-failed",
                     G_CALLBACK(on_desktop_resize_failed), NULL);
    g_signal_connect(f->conn, "vnc-power-control-initialized",
                     G_CALLBACK(on_power_initialized), NULL);
    g_signal_connect(f->conn, "vnc-power-control-failed",
                     G_CALLBACK(on_power_failed), NULL);
    g_signal_connect(f->conn, "vnc-server-cut-text", G_CALLBACK(on_server_cut_text), NULL);
}

static void
ext_teardown(ProtoFixture *f, gconstpointer data)
{
    if (f->conn)
        g_signal_handlers_disconnect_by_data(f->conn, NULL);
    proto_fixture_teardown(f, data);
    g_string_free(ext.events, TRUE);
    g_clear_object(&ext.cursor);
    g_clear_object(&ext.audio);
    g_byte_array_unref(ext.audio_data);
}

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, ext_setup, func, ext_teardown)

#define assert_ext_events(expected) g_assert_cmpstr(ext.events->str, ==, (expected))

/* The error names what went wrong. */
static void
assert_error_mentions(ProtoFixture *f, const char *what)
{
    proto_assert_error_end(f);
    if (!strstr(f->error_message, what))
        g_test_message("error: %s", f->error_message);
    g_assert_nonnull(strstr(f->error_message, what));
}

/* The fixture's default encodings plus @n more. */
static void
offer(ProtoFixture *f, guint n, const gint32 *encodings)
{
    for (guint i = 0; i < n; i++) {
        g_assert_cmpuint(f->n_encodings, <, PROTO_MAX_ENCODINGS);
        f->encodings[f->n_encodings++] = encodings[i];
    }
}

static void
offer_one(ProtoFixture *f, gint32 encoding)
{
    offer(f, 1, &encoding);
}

static void
send(ProtoFixture *f, const char *what, GByteArray *msg)
{
    fake_server_send_msg(f->server, what, msg);
}

/* An update holding one pseudo-rectangle, the payload to be appended. */
static GByteArray *
pseudo_update(guint16 x, guint16 y, guint16 w, guint16 h, gint32 encoding)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_update(msg, 1);
    test_msg_rect(msg, x, y, w, h, encoding);
    return msg;
}

/* An empty update and the request it causes: once the request is here,
 * the client has handled everything sent before. */
static void
sync_client(ProtoFixture *f, guint16 width, guint16 height)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_update(msg, 0);
    send(f, "an empty update (to synchronise)", msg);
    proto_expect_update_request(f, TRUE, 0, 0, width, height);
}

static void
send_key(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_true(vnc_connection_key_event(f->conn, TRUE, 0x61, 0));
}

/* The embedder presses a key; the KeyEvent must be the next thing the
 * client sends (proving no request or other message came first). */
static void
expect_key(ProtoFixture *f, const char *what)
{
    GByteArray *msg = g_byte_array_new();

    fake_server_call(f->server, "a key press", send_key, f);
    test_msg_key_event(msg, TRUE, 0x61);
    fake_server_expect_msg(f->server, what, msg);
}

/* A pixel in the fixture's default format: 32 bpp little-endian 0x00RRGGBB. */
static void
put_pixel888(GByteArray *msg, guint32 rgb)
{
    guint32 le = GUINT32_TO_LE(rgb);
    test_put_bytes(msg, &le, 4);
}

static void
assert_cursor(guint16 width, guint16 height, guint16 hotx, guint16 hoty,
              const guint8 *rgba)
{
    g_assert_nonnull(ext.cursor);
    g_assert_cmpuint(vnc_cursor_get_width(ext.cursor), ==, width);
    g_assert_cmpuint(vnc_cursor_get_height(ext.cursor), ==, height);
    g_assert_cmpuint(vnc_cursor_get_hotx(ext.cursor), ==, hotx);
    g_assert_cmpuint(vnc_cursor_get_hoty(ext.cursor), ==, hoty);
    if (rgba)
        g_assert_cmpmem(vnc_cursor_get_data(ext.cursor), (gsize)width * height * 4,
                        rgba, (gsize)width * height * 4);
    else
        g_assert_null(vnc_cursor_get_data(ext.cursor));
}

/* ------------------------------------------------------------------ */
/* SetEncodings                                                        */

/* Every pseudo-encoding of the table is offered, the quality and
 * compression hints over their whole ranges; numbers just outside them,
 * and unknown ones, are dropped. */
static void
test_set_encodings(ProtoFixture *f, gconstpointer data)
{
    static const gint32 offered[] = {
        -32, -22, -23, -256, -247, -246, -257, -512, -412, -411,
        -768, -763, -762, ENC_WMVI, -999,
    };
    static const gint32 kept[] = {
        TEST_ENCODING_RAW, -32, -23, -256, -247, -257, -512, -412,
        -768, -763, ENC_WMVI,
    };
    GByteArray *msg = g_byte_array_new();

    f->n_encodings = 1;  /* Raw, then the fifteen above: the fixture's most */
    offer(f, G_N_ELEMENTS(offered), offered);
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, 8, 8, &f->format, "fake");
    test_msg_set_pixel_format(msg, &f->format);
    fake_server_expect_msg(f->server, "SetPixelFormat", msg);
    msg = g_byte_array_new();
    test_msg_set_encodings(msg, G_N_ELEMENTS(kept), kept);
    fake_server_expect_msg(f->server, "SetEncodings without the unknown ones", msg);
    proto_expect_update_request(f, FALSE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
}

/* A pseudo-encoding that only announces an extension never comes as a
 * rectangle. */
static void
test_rect_of_message_extension(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_FENCE);
    proto_script_session(f, 8, 8);
    send(f, "a Fence rectangle", pseudo_update(0, 0, 1, 1, ENC_FENCE));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "-312");
}

/* ------------------------------------------------------------------ */
/* Rich cursor                                                         */

/* A 3x2 cursor in the default 32 bpp format, hot spot 1,1; the bitmask
 * hides the middle pixel of the top row and the last of the bottom. */
static void
test_rich_cursor(ProtoFixture *f, gconstpointer data)
{
    static const guint32 pixels[6] = {
        0xff0000, 0x00ff00, 0x0000ff,
        0x123456, 0xabcdef, 0xffffff,
    };
    static const guint8 expected[] = {
        0xff, 0x00, 0x00, 0xff,  0, 0, 0, 0,  0x00, 0x00, 0xff, 0xff,
        0x12, 0x34, 0x56, 0xff,  0xab, 0xcd, 0xef, 0xff,  0, 0, 0, 0,
    };

    offer_one(f, ENC_RICH_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(1, 1, 3, 2, ENC_RICH_CURSOR);
    for (guint i = 0; i < 6; i++)
        put_pixel888(msg, pixels[i]);
    test_put_u8(msg, 0xa0);  /* 101..... */
    test_put_u8(msg, 0xc0);  /* 110..... */
    send(f, "a rich cursor", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("cursor(3x2@1,1)");
    assert_cursor(3, 2, 1, 1, expected);
    g_assert_true(vnc_connection_get_cursor(f->conn) == ext.cursor);
}

/* The pixels are in the session's format, whatever it is: here 16 bpp
 * big-endian 565, and a bitmask row wider than one byte (9 pixels). */
static void
test_rich_cursor_565(ProtoFixture *f, gconstpointer data)
{
    guint8 expected[9 * 1 * 4];

    test_pixel_format_rgb565_be(&f->format);
    offer_one(f, ENC_RICH_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(20, 0, 9, 1, ENC_RICH_CURSOR);
    for (guint i = 0; i < 9; i++) {
        /* red 31, green i*7, blue 0 */
        test_put_u16(msg, (31 << 11) | ((i * 7) << 5));
        expected[i * 4 + 0] = 255;
        expected[i * 4 + 1] = (i * 7 * 255 + 31) / 63;
        expected[i * 4 + 2] = 0;
        expected[i * 4 + 3] = 255;
    }
    test_put_u8(msg, 0xff);
    test_put_u8(msg, 0x80);  /* the ninth pixel, then padding */
    send(f, "a 9x1 rich cursor in RGB565", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    /* The hot spot past the image is pulled onto its edge. */
    assert_ext_events("cursor(9x1@8,0)");
    assert_cursor(9, 1, 8, 0, expected);
}

/* A colour-mapped session: the cursor's pixels are colour numbers. */
static void
test_rich_cursor_colour_map(ProtoFixture *f, gconstpointer data)
{
    static const guint16 colours[] = {
        0x0000, 0x0000, 0x0000,
        0xffff, 0x8080, 0x0101,
        0x1212, 0x3434, 0x5656,
    };
    static const guint8 expected[] = {
        0xff, 0x80, 0x01, 0xff,  0x12, 0x34, 0x56, 0xff,
    };

    VncPixelFormat server_format;

    /* The server keeps its colour-map format; the embedder's framebuffer
     * stays true colour. */
    test_pixel_format_colour_map8(&server_format);
    f->keep_server_format = TRUE;
    offer_one(f, ENC_RICH_CURSOR);
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, 4, 4, &server_format, "palette");
    proto_expect_setup(f, 4, 4);
    GByteArray *msg = g_byte_array_new();
    test_msg_colour_map(msg, 0, 3, colours);
    send(f, "three colours", msg);
    msg = pseudo_update(0, 0, 2, 1, ENC_RICH_CURSOR);
    test_put_u8(msg, 1);
    test_put_u8(msg, 2);
    test_put_u8(msg, 0xc0);
    send(f, "a 2x1 rich cursor of colours 1 and 2", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 4, 4);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_cursor(2, 1, 0, 0, expected);
}

/* An empty rectangle hides the cursor and carries no data. */
static void
test_rich_cursor_empty(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_RICH_CURSOR);
    proto_script_session(f, 8, 8);
    send(f, "an empty rich cursor", pseudo_update(3, 3, 0, 0, ENC_RICH_CURSOR));
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    sync_client(f, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("cursor(0x0@0,0)");
    assert_cursor(0, 0, 0, 0, NULL);
}

/* Larger than VNC_MAX_CURSOR_DIMENSION on either side: refused before
 * anything is read or allocated. */
static void
test_rich_cursor_too_big(ProtoFixture *f, gconstpointer data)
{
    guint side = GPOINTER_TO_UINT(data);

    offer_one(f, ENC_RICH_CURSOR);
    proto_script_session(f, 8, 8);
    send(f, "a huge rich cursor", pseudo_update(0, 0, side, 2, ENC_RICH_CURSOR));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "cursor");
    g_assert_null(ext.cursor);
}

/* The bitmask ends early: the session ends with an error, no cursor. */
static void
test_rich_cursor_truncated(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_RICH_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 16, 4, ENC_RICH_CURSOR);
    for (guint i = 0; i < 64; i++)
        put_pixel888(msg, i);
    test_put_zeros(msg, 5);  /* of 8 bitmask bytes */
    send(f, "a rich cursor cut short in its bitmask", msg);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_null(ext.cursor);
}

/* ------------------------------------------------------------------ */
/* X cursor                                                            */

static void
test_x_cursor(ProtoFixture *f, gconstpointer data)
{
    /* 10x2: bitmap rows 1010101010 and 0000000001, mask all but the
     * first pixel of each row. Two bytes per row. */
    guint8 expected[10 * 2 * 4];

    offer_one(f, ENC_X_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(2, 1, 10, 2, ENC_X_CURSOR);
    test_put_bytes(msg, "\x10\x20\x30", 3);   /* foreground */
    test_put_bytes(msg, "\xf0\xe0\xd0", 3);   /* background */
    test_put_bytes(msg, "\xaa\x80" "\x00\x40", 4);  /* bitmap */
    test_put_bytes(msg, "\x7f\xc0" "\x7f\xc0", 4);  /* mask */
    send(f, "an X cursor", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    for (guint y = 0; y < 2; y++) {
        for (guint x = 0; x < 10; x++) {
            guint8 *p = expected + (y * 10 + x) * 4;
            gboolean fg = y == 0 ? (x % 2 == 0) : (x == 9);

            if (x == 0) {
                memset(p, 0, 4);
                continue;
            }
            memcpy(p, fg ? "\x10\x20\x30" : "\xf0\xe0\xd0", 3);
            p[3] = 255;
        }
    }
    proto_assert_clean_end(f);
    assert_ext_events("cursor(10x2@2,1)");
    assert_cursor(10, 2, 2, 1, expected);
}

/* No colours, bitmap or mask for an empty X cursor. */
static void
test_x_cursor_empty(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_X_CURSOR);
    proto_script_session(f, 8, 8);
    send(f, "an empty X cursor", pseudo_update(0, 0, 5, 0, ENC_X_CURSOR));
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    sync_client(f, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_cursor(0, 0, 0, 0, NULL);
}

static void
test_x_cursor_too_big(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_X_CURSOR);
    proto_script_session(f, 8, 8);
    send(f, "a 2x60000 X cursor", pseudo_update(0, 0, 2, 60000, ENC_X_CURSOR));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "2x60000");
}

static void
test_x_cursor_truncated(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_X_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 8, 8, ENC_X_CURSOR);
    test_put_zeros(msg, 6 + 8 + 3);  /* colours, bitmap, 3 of 8 mask bytes */
    send(f, "an X cursor cut short", msg);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_null(ext.cursor);
}

/* ------------------------------------------------------------------ */
/* Alpha cursor                                                        */

/* 2x2 Raw: little-endian 0xAARRGGBB, colour premultiplied. */
static void
test_alpha_cursor(ProtoFixture *f, gconstpointer data)
{
    static const guint32 wire[4] = {
        0xff102030,   /* opaque */
        0x80404040,   /* half transparent grey: 0x40 * 255 / 0x80 = 0x7f.. */
        0x00000000,   /* invisible */
        0x40ff0000,   /* impossible: red above alpha, saturates */
    };
    static const guint8 expected[] = {
        0x10, 0x20, 0x30, 0xff,
        0x80, 0x80, 0x80, 0x80,
        0x00, 0x00, 0x00, 0x00,
        0xff, 0x00, 0x00, 0x40,
    };

    offer_one(f, ENC_ALPHA_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(1, 0, 2, 2, ENC_ALPHA_CURSOR);
    test_put_s32(msg, TEST_ENCODING_RAW);
    for (guint i = 0; i < 4; i++) {
        guint32 le = GUINT32_TO_LE(wire[i]);
        test_put_bytes(msg, &le, 4);
    }
    send(f, "a 2x2 alpha cursor in Raw", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("cursor(2x2@1,0)");
    assert_cursor(2, 2, 1, 0, expected);
}

/* The alpha cursor's encoding must be one the decoder table knows. */
static void
test_alpha_cursor_unknown_encoding(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_ALPHA_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 2, 2, ENC_ALPHA_CURSOR);
    test_put_s32(msg, 12345);
    send(f, "an alpha cursor in encoding 12345", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "12345");
}

static void
test_alpha_cursor_too_big(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_ALPHA_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 1025, 1025, ENC_ALPHA_CURSOR);
    test_put_s32(msg, TEST_ENCODING_RAW);
    send(f, "a 1025x1025 alpha cursor", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "1025x1025");
}

static void
test_alpha_cursor_truncated(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_ALPHA_CURSOR);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 4, 4, ENC_ALPHA_CURSOR);
    test_put_s32(msg, TEST_ENCODING_RAW);
    test_put_zeros(msg, 4 * 4 * 4 - 1);
    send(f, "an alpha cursor one byte short", msg);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_null(ext.cursor);
}

/* ------------------------------------------------------------------ */
/* Pointer mode, QEMU extended key events, LED state, desktop name     */

static void
check_relative(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_false(vnc_connection_get_abs_pointer(f->conn));
}

static void
test_pointer_change(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_POINTER_CHANGE);
    proto_script_session(f, 8, 8);
    send(f, "relative pointer", pseudo_update(0, 0, 0, 0, ENC_POINTER_CHANGE));
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    fake_server_call(f->server, "check the mode", check_relative, f);
    send(f, "absolute pointer", pseudo_update(1, 0, 0, 0, ENC_POINTER_CHANGE));
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    g_assert_true(vnc_connection_get_abs_pointer(f->conn));
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("pointer(relative) pointer(absolute)");
}

static void
send_scancode_key(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_true(vnc_connection_key_event(f->conn, FALSE, 0xff53, 0xcd));
}

static void
check_ext_key(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_true(vnc_connection_get_ext_key_event(f->conn));
}

/* Before the server says it takes them, a key with a scancode goes as a
 * plain KeyEvent; after, as QEMU's extended key event. */
static void
test_ext_key_event(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_EXT_KEY_EVENT);
    proto_script_session(f, 8, 8);
    fake_server_call(f->server, "Right released", send_scancode_key, f);
    GByteArray *msg = g_byte_array_new();
    test_msg_key_event(msg, FALSE, 0xff53);
    fake_server_expect_msg(f->server, "a plain KeyEvent", msg);

    send(f, "extended key events", pseudo_update(0, 0, 0, 0, ENC_EXT_KEY_EVENT));
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    fake_server_call(f->server, "check", check_ext_key, f);
    fake_server_call(f->server, "Right released", send_scancode_key, f);
    msg = g_byte_array_new();
    test_put_u8(msg, MSG_QEMU);
    test_put_u8(msg, 0);
    test_put_u16(msg, 0);
    test_put_u32(msg, 0xff53);
    test_put_u32(msg, 0xcd);
    fake_server_expect_msg(f->server, "a QEMU extended key event", msg);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    g_assert_false(vnc_connection_get_ext_key_event(f->conn));  /* session over */
}

static void
test_led_state(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_LED_STATE);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 0, 0, ENC_LED_STATE);
    test_put_u8(msg, VNC_LEDSTATE_CAPS_LOCK | VNC_LEDSTATE_SCROLL_LOCK);
    send(f, "caps and scroll lock", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    msg = pseudo_update(0, 0, 0, 0, ENC_LED_STATE);
    test_put_u8(msg, VNC_LEDSTATE_NUM_LOCK);
    send(f, "num lock", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("led(5) led(2)");
}

static void
test_led_state_truncated(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_LED_STATE);
    proto_script_session(f, 8, 8);
    send(f, "an LED state without its byte", pseudo_update(0, 0, 0, 0, ENC_LED_STATE));
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    assert_ext_events("");
}

static void
test_desktop_name(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_DESKTOP_NAME);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 0, 0, ENC_DESKTOP_NAME);
    test_put_string(msg, "caf\xc3\xa9 desktop");
    send(f, "a new name", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("rename(caf\xc3\xa9 desktop)");
    g_assert_cmpstr(vnc_connection_get_name(f->conn), ==, "caf\xc3\xa9 desktop");
}

/* One byte over VNC_MAX_NAME_LENGTH: refused from the length alone. */
static void
test_desktop_name_too_long(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_DESKTOP_NAME);
    proto_script_session(f, 8, 8);
    GByteArray *msg = pseudo_update(0, 0, 0, 0, ENC_DESKTOP_NAME);
    test_put_u32(msg, VNC_MAX_NAME_LENGTH + 1);
    send(f, "a name too long", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "desktop name");
    g_assert_cmpstr(vnc_connection_get_name(f->conn), ==, "fake");
}

/* ------------------------------------------------------------------ */
/* ExtendedDesktopSize and SetDesktopSize                              */

typedef struct {
    guint32 id;
    guint16 x, y, w, h;
    guint32 flags;
} Screen;

static void
put_screens(GByteArray *msg, guint n, const Screen *screens)
{
    for (guint i = 0; i < n; i++) {
        test_put_u32(msg, screens[i].id);
        test_put_u16(msg, screens[i].x);
        test_put_u16(msg, screens[i].y);
        test_put_u16(msg, screens[i].w);
        test_put_u16(msg, screens[i].h);
        test_put_u32(msg, screens[i].flags);
    }
}

static void
send_eds(ProtoFixture *f, const char *what, guint16 reason, guint16 status,
         guint16 w, guint16 h, guint n, const Screen *screens)
{
    GByteArray *msg = pseudo_update(reason, status, w, h, ENC_EXT_DESKTOP_SIZE);

    test_put_u8(msg, n);
    test_put_zeros(msg, 3);
    put_screens(msg, n, screens);
    send(f, what, msg);
}

static void
expect_set_desktop_size(ProtoFixture *f, guint16 w, guint16 h, guint n,
                        const Screen *screens)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, MSG_SET_DESKTOP_SIZE);
    test_put_u8(msg, 0);
    test_put_u16(msg, w);
    test_put_u16(msg, h);
    test_put_u8(msg, n);
    test_put_u8(msg, 0);
    put_screens(msg, n, screens);
    fake_server_expect_msg(f->server, "SetDesktopSize", msg);
}

typedef struct {
    ProtoFixture *f;
    guint width, height;
    VncConnectionResizeStatus expected;
} SetSizeCall;

static void
call_set_size(FakeServer *server, gpointer data)
{
    SetSizeCall *call = data;

    g_assert_cmpint(vnc_connection_set_size(call->f->conn, call->width, call->height),
                    ==, call->expected);
}

static void
set_size(ProtoFixture *f, guint width, guint height, VncConnectionResizeStatus expected)
{
    SetSizeCall *call = g_new(SetSizeCall, 1);

    *call = (SetSizeCall) { f, width, height, expected };
    /* Freed with the test: the call runs during proto_fixture_run. */
    g_test_queue_free(call);
    fake_server_call(f->server, "vnc_connection_set_size", call_set_size, call);
}

static const Screen one_screen = { 0x11223344, 0, 0, 8, 6, 0x80000001 };

static void
check_layout_20x10(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;
    VncConnectionPrivate *priv = f->conn->priv;

    g_assert_cmpuint(priv->n_screens, ==, 1);
    g_assert_cmphex(priv->screens[0].id, ==, 0x11223344);
    g_assert_cmpuint(priv->screens[0].width, ==, 20);
    g_assert_cmpuint(priv->screens[0].height, ==, 10);
    g_assert_cmpint(priv->resize_status, ==, VNC_CONNECTION_RESIZE_STATUS_OK);
    g_assert_cmpint(vnc_connection_get_width(f->conn), ==, 20);
}

/* The layout from the server's first answer, a resize we ask for (the id
 * and unknown flags kept), and the server's agreement resizing us. */
static void
test_extended_desktop_size(ProtoFixture *f, gconstpointer data)
{
    static const Screen wanted = { 0x11223344, 0, 0, 20, 10, 0x80000001 };

    offer_one(f, ENC_EXT_DESKTOP_SIZE);
    proto_script_session(f, 8, 6);
    set_size(f, 20, 10, VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED);
    send_eds(f, "the initial layout", 0, 0, 8, 6, 1, &one_screen);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 6);
    set_size(f, 20, 10, VNC_CONNECTION_RESIZE_STATUS_OK);
    expect_set_desktop_size(f, 20, 10, 1, &wanted);
    send_eds(f, "our resize, accepted", 1, 0, 20, 10, 1, &wanted);
    proto_expect_update_request(f, TRUE, 0, 0, 20, 10);
    fake_server_call(f->server, "check the layout", check_layout_20x10, f);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    /* Only a change of size resizes. */
    proto_assert_events(f, "connected choose-type(1) initialized resize(20,10) "
                        "disconnected");
}

static const Screen resize_100x100 = { 0x11223344, 0, 0, 100, 100, 0x80000001 };

/* A session whose server gave its layout (8x6, one screen), then our
 * request for 100x100, which the server answers next. */
static void
script_layout_then_resize(ProtoFixture *f)
{
    offer_one(f, ENC_EXT_DESKTOP_SIZE);
    proto_script_session(f, 8, 6);
    send_eds(f, "the initial layout", 0, 0, 8, 6, 1, &one_screen);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 6);
    set_size(f, 100, 100, VNC_CONNECTION_RESIZE_STATUS_OK);
    expect_set_desktop_size(f, 100, 100, 1, &resize_100x100);
}

static void
check_refused(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_cmpint(f->conn->priv->resize_status, ==,
                    VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT);
    g_assert_cmpint(vnc_connection_get_width(f->conn), ==, 8);
    g_assert_cmpuint(f->conn->priv->screens[0].width, ==, 8);
}

/* A refusal: the rest of the rectangle means nothing and changes
 * nothing, even a nonsensical size. */
static void
test_extended_desktop_size_refused(ProtoFixture *f, gconstpointer data)
{
    static const Screen junk = { 7, 9000, 9000, 9000, 9000, 0 };

    script_layout_then_resize(f);
    send_eds(f, "our resize, refused", 1, 3, 0, 0, 1, &junk);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 6);
    fake_server_call(f->server, "check nothing changed", check_refused, f);
    set_size(f, 0, 10, VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT);
    set_size(f, 20000, 10, VNC_CONNECTION_RESIZE_STATUS_INVALID_LAOUT);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected");
    /* Once, for the server's refusal; the requests refused on our side
     * never reached the server. */
    assert_ext_events("resize-failed(3)");
}

/* A request the server passed on (status 4, "forwarded"), then the
 * resize it brings, then a refusal with a code we do not know: only the
 * refusal is one, reported with the server's own code. */
static void
test_extended_desktop_size_forwarded(ProtoFixture *f, gconstpointer data)
{
    script_layout_then_resize(f);
    send_eds(f, "our resize, forwarded", 1, 4, 8, 6, 1, &one_screen);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 6);
    /* Asked again: a forwarded request bars nothing. */
    set_size(f, 100, 100, VNC_CONNECTION_RESIZE_STATUS_OK);
    expect_set_desktop_size(f, 100, 100, 1, &resize_100x100);
    send_eds(f, "our resize, refused for an unknown reason", 1, 77, 8, 6, 1, &one_screen);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 6);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("resize-failed(77)");
}

/* Two screens side by side: shrinking cuts the right one, then drops it. */
static void
test_extended_desktop_size_layout(ProtoFixture *f, gconstpointer data)
{
    static const Screen two[2] = {
        { 1, 0, 0, 8, 6, 0 },
        { 2, 8, 0, 8, 6, 0x4 },
    };
    static const Screen cut[2] = {
        { 1, 0, 0, 8, 4, 0 },
        { 2, 8, 0, 4, 4, 0x4 },
    };
    static const Screen dropped[1] = {
        { 1, 0, 0, 6, 6, 0 },
    };

    offer_one(f, ENC_EXT_DESKTOP_SIZE);
    proto_script_session(f, 16, 6);
    send_eds(f, "two screens", 0, 0, 16, 6, 2, two);
    proto_expect_update_request(f, TRUE, 0, 0, 16, 6);
    set_size(f, 12, 4, VNC_CONNECTION_RESIZE_STATUS_OK);
    expect_set_desktop_size(f, 12, 4, 2, cut);
    set_size(f, 6, 6, VNC_CONNECTION_RESIZE_STATUS_OK);
    expect_set_desktop_size(f, 6, 6, 1, dropped);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
}

/* A layout changed by another client: no SetDesktopSize of ours. */
static void
test_extended_desktop_size_other_client(ProtoFixture *f, gconstpointer data)
{
    static const Screen bigger = { 5, 0, 0, 10, 7, 0 };

    offer_one(f, ENC_EXT_DESKTOP_SIZE);
    proto_script_session(f, 8, 6);
    send_eds(f, "resized by someone else", 2, 0, 10, 7, 1, &bigger);
    proto_expect_update_request(f, TRUE, 0, 0, 10, 7);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized resize(10,7) disconnected");
}

typedef enum {
    EDS_SCREEN_OUTSIDE,
    EDS_ZERO_SIZE,
    EDS_TOO_LARGE,
    EDS_TRUNCATED,
} EdsHostile;

static void
test_extended_desktop_size_hostile(ProtoFixture *f, gconstpointer data)
{
    EdsHostile kind = GPOINTER_TO_UINT(data);
    static const Screen outside = { 1, 4, 0, 8, 6, 0 };

    offer_one(f, ENC_EXT_DESKTOP_SIZE);
    proto_script_session(f, 8, 6);
    switch (kind) {
    case EDS_SCREEN_OUTSIDE:
        send_eds(f, "a screen past the right edge", 0, 0, 8, 6, 1, &outside);
        fake_server_expect_eof(f->server);
        break;
    case EDS_ZERO_SIZE:
        send_eds(f, "a 0x6 desktop", 0, 0, 0, 6, 0, NULL);
        fake_server_expect_eof(f->server);
        break;
    case EDS_TOO_LARGE:
        send_eds(f, "a 65535x65535 desktop", 0, 0, 65535, 65535, 0, NULL);
        fake_server_expect_eof(f->server);
        break;
    case EDS_TRUNCATED: {
        /* 255 screens announced (the most the count can say), one sent. */
        GByteArray *msg = pseudo_update(0, 0, 8, 6, ENC_EXT_DESKTOP_SIZE);
        test_put_u8(msg, 255);
        test_put_zeros(msg, 3);
        put_screens(msg, 1, &one_screen);
        send(f, "255 screens announced, one sent", msg);
        fake_server_close(f->server);
        break;
    }
    }
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_null(f->conn->priv->screens);
}

/* ------------------------------------------------------------------ */
/* WMVi                                                                */

static void
check_format_565(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;
    VncPixelFormat expected;

    test_pixel_format_rgb565_be(&expected);
    g_assert_true(vnc_pixel_format_match(vnc_connection_get_pixel_format(f->conn),
                                         &expected));
}

static void
test_wmvi(ProtoFixture *f, gconstpointer data)
{
    VncPixelFormat format;

    test_pixel_format_rgb565_be(&format);
    offer_one(f, ENC_WMVI);
    proto_script_session(f, 8, 6);
    GByteArray *msg = pseudo_update(0, 0, 8, 6, ENC_WMVI);
    test_put_pixel_format(msg, &format);
    send(f, "WMVi to RGB565", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 6);
    fake_server_call(f->server, "check the format", check_format_565, f);
    msg = pseudo_update(0, 0, 12, 6, ENC_WMVI);
    test_put_pixel_format(msg, &format);
    send(f, "WMVi with a new size", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 12, 6);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("format(16/16) format(16/16)");
    proto_assert_events(f, "connected choose-type(1) initialized resize(12,6) disconnected");
}

static void
test_wmvi_bad_format(ProtoFixture *f, gconstpointer data)
{
    VncPixelFormat format;

    test_pixel_format_rgb888(&format);
    format.bits_per_pixel = 24;
    offer_one(f, ENC_WMVI);
    proto_script_session(f, 8, 6);
    GByteArray *msg = pseudo_update(0, 0, 8, 6, ENC_WMVI);
    test_put_pixel_format(msg, &format);
    send(f, "WMVi to 24 bpp", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "24 bits");
    assert_ext_events("");
}

/* ------------------------------------------------------------------ */
/* Fence                                                               */

static GByteArray *
fence_msg(guint32 flags, guint8 length, const void *payload)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, MSG_FENCE);
    test_put_zeros(msg, 3);
    test_put_u32(msg, flags);
    test_put_u8(msg, length);
    test_put_bytes(msg, payload, length);
    return msg;
}

/* A request is answered at once with its payload, the flags we honour
 * (all three; an unknown one is dropped) and no request bit. A response
 * (no request bit) is not answered. */
static void
test_fence(ProtoFixture *f, gconstpointer data)
{
    guint8 payload[VNC_MAX_FENCE_LENGTH];

    for (guint i = 0; i < sizeof(payload); i++)
        payload[i] = i * 3 + 1;
    offer_one(f, ENC_FENCE);
    proto_script_session(f, 8, 8);
    send(f, "a fence request",
         fence_msg(FENCE_REQUEST | FENCE_BLOCK_BEFORE | FENCE_SYNC_NEXT | 0x100, 3, "abc"));
    fake_server_expect_msg(f->server, "the fence answer",
                           fence_msg(FENCE_BLOCK_BEFORE | FENCE_SYNC_NEXT, 3, "abc"));
    send(f, "a 64-byte fence request",
         fence_msg(FENCE_REQUEST | FENCE_BLOCK_AFTER, sizeof(payload), payload));
    fake_server_expect_msg(f->server, "the 64-byte fence answer",
                           fence_msg(FENCE_BLOCK_AFTER, sizeof(payload), payload));
    send(f, "an empty fence request", fence_msg(FENCE_REQUEST, 0, NULL));
    fake_server_expect_msg(f->server, "the empty answer", fence_msg(0, 0, NULL));
    send(f, "a fence response", fence_msg(FENCE_BLOCK_BEFORE, 1, "x"));
    sync_client(f, 8, 8);  /* and no answer before the request */
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
}

/* 65 bytes: one past the spec's limit. */
static void
test_fence_too_long(ProtoFixture *f, gconstpointer data)
{
    guint8 payload[65] = { 0 };

    offer_one(f, ENC_FENCE);
    proto_script_session(f, 8, 8);
    send(f, "a 65-byte fence", fence_msg(FENCE_REQUEST, sizeof(payload), payload));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "fence");
}

static void
test_fence_not_offered(ProtoFixture *f, gconstpointer data)
{
    proto_script_session(f, 8, 8);
    send(f, "a fence nobody asked for", fence_msg(FENCE_REQUEST, 0, NULL));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "Fence");
}

static void
test_fence_truncated(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_FENCE);
    proto_script_session(f, 8, 8);
    GByteArray *msg = fence_msg(FENCE_REQUEST, 10, "0123456789");
    g_byte_array_set_size(msg, msg->len - 4);
    send(f, "a fence cut short", msg);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
}

/* ------------------------------------------------------------------ */
/* Continuous updates                                                  */

static void
send_end_of_cu(ProtoFixture *f, const char *what)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, MSG_CONTINUOUS_UPDATES);
    send(f, what, msg);
}

static void
expect_enable_cu(ProtoFixture *f, guint16 w, guint16 h)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, MSG_CONTINUOUS_UPDATES);
    test_put_u8(msg, 1);
    test_put_u16(msg, 0);
    test_put_u16(msg, 0);
    test_put_u16(msg, w);
    test_put_u16(msg, h);
    fake_server_expect_msg(f->server, "EnableContinuousUpdates", msg);
}

/* The server shows support; the client enables them for the whole
 * desktop and stops requesting; a resize enables them again for the new
 * size; when the server ends them, requests resume. */
static void
test_continuous_updates(ProtoFixture *f, gconstpointer data)
{
    static const gint32 encodings[] = { ENC_FENCE, ENC_CONTINUOUS_UPDATES };

    offer(f, G_N_ELEMENTS(encodings), encodings);
    proto_script_session(f, 8, 8);
    send_end_of_cu(f, "EndOfContinuousUpdates (support)");
    expect_enable_cu(f, 8, 8);

    GByteArray *msg = g_byte_array_new();
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 1, 1, TEST_ENCODING_RAW);
    put_pixel888(msg, 0x123456);
    send(f, "an update while continuous", msg);
    expect_key(f, "a key press and no update request");

    send(f, "a resize", pseudo_update(0, 0, 10, 6, TEST_ENCODING_DESKTOP_SIZE));
    expect_enable_cu(f, 10, 6);
    expect_key(f, "a key press and no update request after the resize");

    send_end_of_cu(f, "EndOfContinuousUpdates (the server stops)");
    proto_expect_update_request(f, TRUE, 0, 0, 10, 6);
    sync_client(f, 10, 6);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    g_assert_cmphex(proto_fb_pixel32(f, 0, 0), ==, 0);  /* resized since */
}

/* TigerVNC drops a client that enables continuous updates without having
 * offered Fence: without it, the client keeps requesting. */
static void
test_continuous_updates_without_fence(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_CONTINUOUS_UPDATES);
    proto_script_session(f, 8, 8);
    send_end_of_cu(f, "EndOfContinuousUpdates");
    expect_key(f, "a key press and no EnableContinuousUpdates");
    sync_client(f, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
}

static void
test_continuous_updates_not_offered(ProtoFixture *f, gconstpointer data)
{
    proto_script_session(f, 8, 8);
    send_end_of_cu(f, "EndOfContinuousUpdates unasked");
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "continuous updates");
}

/* ------------------------------------------------------------------ */
/* xvp                                                                 */

static GByteArray *
xvp_msg(guint8 version, guint8 code)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, MSG_XVP);
    test_put_u8(msg, 0);
    test_put_u8(msg, version);
    test_put_u8(msg, code);
    return msg;
}

static void
power_reboot_refused(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_false(vnc_connection_get_power_control(f->conn));
    g_assert_false(vnc_connection_power_control(f->conn,
                                                VNC_CONNECTION_POWER_ACTION_REBOOT));
}

static void
power_reboot(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_true(vnc_connection_get_power_control(f->conn));
    g_assert_false(vnc_connection_power_control(f->conn, 7));
    g_assert_true(vnc_connection_power_control(f->conn,
                                               VNC_CONNECTION_POWER_ACTION_REBOOT));
}

/* Init (the server names version 2: we speak 1), a reboot, its failure,
 * and a code from the future that is skipped. */
static void
test_xvp(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_XVP);
    proto_script_session(f, 8, 8);
    fake_server_call(f->server, "reboot before init", power_reboot_refused, f);
    send(f, "XVP_INIT", xvp_msg(2, 1));
    sync_client(f, 8, 8);
    fake_server_call(f->server, "reboot", power_reboot, f);
    fake_server_expect_msg(f->server, "XVP_REBOOT", xvp_msg(1, 3));
    send(f, "XVP_FAIL", xvp_msg(1, 0));
    send(f, "an unknown xvp code", xvp_msg(1, 9));
    sync_client(f, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("power-init power-failed");
    g_assert_false(vnc_connection_get_power_control(f->conn));
}

static void
test_xvp_version_zero(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_XVP);
    proto_script_session(f, 8, 8);
    send(f, "XVP_INIT version 0", xvp_msg(0, 1));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "xvp");
    assert_ext_events("");
}

static void
test_xvp_not_offered(ProtoFixture *f, gconstpointer data)
{
    proto_script_session(f, 8, 8);
    send(f, "XVP_INIT unasked", xvp_msg(1, 1));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    assert_error_mentions(f, "xvp");
}

/* ------------------------------------------------------------------ */
/* QEMU audio                                                          */

static GByteArray *
audio_msg(guint16 operation)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, MSG_QEMU);
    test_put_u8(msg, 1);
    test_put_u16(msg, operation);
    return msg;
}

static void
audio_embedder_setup(VncConnection *conn, gpointer data)
{
    VncAudioFormat format = {
        .format = VNC_AUDIO_FORMAT_RAW_S16, .nchannels = 2, .frequency = 44100,
    };

    /* Before the server has said it plays audio: nothing is sent yet. */
    ext.audio = vnc_base_audio_new();
    g_signal_connect(ext.audio, "vnc-audio-playback-start", G_CALLBACK(on_audio_start), NULL);
    g_signal_connect(ext.audio, "vnc-audio-playback-stop", G_CALLBACK(on_audio_stop), NULL);
    g_signal_connect(ext.audio, "vnc-audio-playback-data", G_CALLBACK(on_audio_data), NULL);
    vnc_connection_set_audio(conn, VNC_AUDIO(ext.audio));
    vnc_connection_set_audio_format(conn, &format);
    g_assert_true(vnc_connection_audio_enable(conn));
}

static void
audio_disable(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_true(vnc_connection_audio_disable(f->conn));
}

static void
test_audio(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_AUDIO);
    g_signal_connect(f->conn, "vnc-initialized", G_CALLBACK(audio_embedder_setup), NULL);
    proto_script_session(f, 8, 8);
    send(f, "audio support", pseudo_update(0, 0, 0, 0, ENC_AUDIO));
    GByteArray *msg = audio_msg(2);
    test_put_u8(msg, VNC_AUDIO_FORMAT_RAW_S16);
    test_put_u8(msg, 2);
    test_put_u32(msg, 44100);
    test_put_u8(msg, MSG_QEMU);
    test_put_u8(msg, 1);
    test_put_u16(msg, 0);
    fake_server_expect_msg(f->server, "the audio format, then enable", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);

    send(f, "samples before the stream (dropped)", audio_msg(2));
    msg = g_byte_array_new();
    test_put_u32(msg, 2);
    test_put_bytes(msg, "zz", 2);
    send(f, "their data", msg);
    send(f, "stream begins", audio_msg(1));
    msg = audio_msg(2);
    test_put_u32(msg, 6);
    test_put_bytes(msg, "abcdef", 6);
    send(f, "6 bytes of samples", msg);
    msg = audio_msg(2);
    test_put_u32(msg, 0);
    send(f, "no samples", msg);
    send(f, "stream ends", audio_msg(0));
    send(f, "a second end", audio_msg(0));
    sync_client(f, 8, 8);
    fake_server_call(f->server, "audio off", audio_disable, f);
    fake_server_expect_msg(f->server, "disable", audio_msg(1));
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("audio-start(3,2,44100) audio-data(6) audio-data(0) audio-stop");
    g_assert_cmpmem(ext.audio_data->data, ext.audio_data->len, "abcdef", 6);
}

/* The session ends mid-stream: the sink hears the end too. */
static void
test_audio_session_ends(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_AUDIO);
    g_signal_connect(f->conn, "vnc-initialized", G_CALLBACK(audio_embedder_setup), NULL);
    proto_script_session(f, 8, 8);
    send(f, "audio support", pseudo_update(0, 0, 0, 0, ENC_AUDIO));
    GByteArray *msg = audio_msg(2);
    test_put_u8(msg, VNC_AUDIO_FORMAT_RAW_S16);
    test_put_u8(msg, 2);
    test_put_u32(msg, 44100);
    test_put_u8(msg, MSG_QEMU);
    test_put_u8(msg, 1);
    test_put_u16(msg, 0);
    fake_server_expect_msg(f->server, "the audio format, then enable", msg);
    proto_expect_update_request(f, TRUE, 0, 0, 8, 8);
    send(f, "stream begins", audio_msg(1));
    fake_server_close(f->server);
    proto_fixture_run(f);

    assert_ext_events("audio-start(3,2,44100) audio-stop");
}

typedef enum {
    AUDIO_TOO_MUCH,
    AUDIO_UNKNOWN_OPERATION,
    AUDIO_UNKNOWN_SUBMESSAGE,
    AUDIO_NOT_OFFERED,
    AUDIO_TRUNCATED,
} AudioHostile;

static void
test_audio_hostile(ProtoFixture *f, gconstpointer data)
{
    AudioHostile kind = GPOINTER_TO_UINT(data);
    GByteArray *msg;

    if (kind != AUDIO_NOT_OFFERED)
        offer_one(f, ENC_AUDIO);
    proto_script_session(f, 8, 8);
    switch (kind) {
    case AUDIO_TOO_MUCH:
        msg = audio_msg(2);
        test_put_u32(msg, VNC_MAX_AUDIO_CHUNK + 1);
        send(f, "too many samples at once", msg);
        fake_server_expect_eof(f->server);
        break;
    case AUDIO_UNKNOWN_OPERATION:
        send(f, "audio operation 7", audio_msg(7));
        fake_server_expect_eof(f->server);
        break;
    case AUDIO_UNKNOWN_SUBMESSAGE:
        msg = g_byte_array_new();
        test_put_u8(msg, MSG_QEMU);
        test_put_u8(msg, 9);
        send(f, "QEMU sub-message 9", msg);
        fake_server_expect_eof(f->server);
        break;
    case AUDIO_NOT_OFFERED:
        send(f, "audio nobody asked for", audio_msg(1));
        fake_server_expect_eof(f->server);
        break;
    case AUDIO_TRUNCATED:
        msg = audio_msg(2);
        test_put_u32(msg, 1000);
        test_put_zeros(msg, 999);
        send(f, "samples one byte short", msg);
        fake_server_close(f->server);
        break;
    }
    proto_fixture_run(f);

    proto_assert_error_end(f);
}

/* ------------------------------------------------------------------ */
/* Extended clipboard                                                  */

/* A provide payload: a zlib stream of (size, data) for each format. */
static GByteArray *
provide_msg(guint32 formats, guint n, const char *const *items, const gsize *sizes)
{
    GByteArray *raw = g_byte_array_new();

    for (guint i = 0; i < n; i++) {
        test_put_u32(raw, sizes[i]);
        test_put_bytes(raw, items[i], sizes[i]);
    }
    uLongf length = compressBound(raw->len);
    guint8 *compressed = g_malloc(length);
    g_assert_cmpint(compress2(compressed, &length, raw->data, raw->len, 6), ==, Z_OK);
    GByteArray *msg = proto_clip_msg(CLIP_PROVIDE | formats, compressed, length);
    g_free(compressed);
    g_byte_array_unref(raw);
    return msg;
}

static void
setup_ext_clipboard(ProtoFixture *f, guint32 server_flags, guint32 text_max)
{
    offer_one(f, ENC_EXT_CLIPBOARD);
    proto_script_session(f, 8, 8);
    send(f, "the server's clipboard caps", proto_clip_server_caps(server_flags, text_max));
    proto_clip_expect_client_caps(f);
}

/* Server to client: notify, our request, provide (text with CRLF and its
 * NUL, and an HTML item after it that we skip); then an unsolicited
 * provide of Latin-1 bytes that are not UTF-8. */
static void
test_ext_clipboard_from_server(ProtoFixture *f, gconstpointer data)
{
    static const char *const items[] = { "line one\r\nline two\0", "<b>x</b>" };
    static const gsize sizes[] = { 19, 8 };
    static const char *const bad[] = { "\xe9t\xe9\r\r\n" };
    static const gsize bad_sizes[] = { 6 };

    setup_ext_clipboard(f, CLIP_TEXT | CLIP_HTML | CLIP_ALL_ACTIONS, 0);
    send(f, "notify: text", proto_clip_msg(CLIP_NOTIFY | CLIP_TEXT | CLIP_HTML, NULL, 0));
    fake_server_expect_msg(f->server, "request: text",
                           proto_client_clip_msg(CLIP_REQUEST | CLIP_TEXT, NULL, 0));
    send(f, "notify: HTML only", proto_clip_msg(CLIP_NOTIFY | CLIP_HTML, NULL, 0));
    send(f, "provide: text and HTML", provide_msg(CLIP_TEXT | CLIP_HTML, 2, items, sizes));
    send(f, "provide: not UTF-8", provide_msg(CLIP_TEXT, 1, bad, bad_sizes));
    sync_client(f, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("cut(line one\nline two) cut(\xef\xbf\xbdt\xef\xbf\xbd\n\n)");
}

/* The client's ClientCutText, extended: flags, then the zlib stream's
 * (size, text) for text. */
static void
assert_client_provide(GBytes *captured, const char *expected_text)
{
    gsize len;
    const guint8 *data = g_bytes_get_data(captured, &len);

    g_assert_cmpuint(len, >=, 12);
    g_assert_cmpuint(data[0], ==, TEST_CLIENT_CUT_TEXT);
    gint32 length = (gint32)((guint32)data[4] << 24 | data[5] << 16 | data[6] << 8 | data[7]);
    g_assert_cmpint(length, ==, -(gint32)(len - 8));
    guint32 flags = (guint32)data[8] << 24 | data[9] << 16 | data[10] << 8 | data[11];
    g_assert_cmphex(flags, ==, CLIP_PROVIDE | CLIP_TEXT);

    guint8 raw[256];
    uLongf raw_len = sizeof(raw);
    g_assert_cmpint(uncompress(raw, &raw_len, data + 12, len - 12), ==, Z_OK);
    gsize text_len = strlen(expected_text) + 1;
    g_assert_cmpuint(raw_len, ==, 4 + text_len);
    g_assert_cmpuint((guint32)raw[0] << 24 | raw[1] << 16 | raw[2] << 8 | raw[3], ==,
                     text_len);
    g_assert_cmpmem(raw + 4, text_len, expected_text, text_len);
}

static void
client_copies(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;
    /* UTF-8 with an LF and a CRLF */
    static const char text[] = "h\xc3\xa9llo\nw\r\nx";

    g_assert_true(vnc_connection_client_cut_text(f->conn, text, strlen(text)));
}

static void
client_copies_latin1(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    g_assert_true(vnc_connection_client_cut_text(f->conn, "caf\xe9", 4));
}

/* Client to server, when the server takes no text unasked (TigerVNC):
 * notify; then the server requests and peeks. */
static void
test_ext_clipboard_to_server_notify(ProtoFixture *f, gconstpointer data)
{
    setup_ext_clipboard(f, CLIP_TEXT | CLIP_ALL_ACTIONS, 0);
    send(f, "peek before anything is copied", proto_clip_msg(CLIP_PEEK, NULL, 0));
    fake_server_expect_msg(f->server, "notify: nothing",
                           proto_client_clip_msg(CLIP_NOTIFY, NULL, 0));
    send(f, "request before anything is copied (ignored)",
         proto_clip_msg(CLIP_REQUEST | CLIP_TEXT, NULL, 0));
    sync_client(f, 8, 8);
    fake_server_call(f->server, "the embedder copies", client_copies, f);
    fake_server_expect_msg(f->server, "notify: text",
                           proto_client_clip_msg(CLIP_NOTIFY | CLIP_TEXT, NULL, 0));
    send(f, "request: text", proto_clip_msg(CLIP_REQUEST | CLIP_TEXT, NULL, 0));
    guint provided = fake_server_capture(f->server, TEST_CLIENT_CUT_TEXT);
    send(f, "peek", proto_clip_msg(CLIP_PEEK, NULL, 0));
    fake_server_expect_msg(f->server, "notify: text again",
                           proto_client_clip_msg(CLIP_NOTIFY | CLIP_TEXT, NULL, 0));
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    GBytes *captured = fake_server_get_captured(f->server, provided);
    g_assert_nonnull(captured);
    assert_client_provide(captured, "h\xc3\xa9llo\r\nw\r\nx");
}

/* When the server takes enough unasked, the text goes at once; text
 * that is not UTF-8 is taken for Latin-1. */
static void
test_ext_clipboard_to_server_provide(ProtoFixture *f, gconstpointer data)
{
    setup_ext_clipboard(f, CLIP_TEXT | CLIP_ALL_ACTIONS, 100);
    fake_server_call(f->server, "the embedder copies", client_copies, f);
    guint first = fake_server_capture(f->server, TEST_CLIENT_CUT_TEXT);
    fake_server_call(f->server, "the embedder copies Latin-1", client_copies_latin1, f);
    guint second = fake_server_capture(f->server, TEST_CLIENT_CUT_TEXT);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_client_provide(fake_server_get_captured(f->server, first),
                          "h\xc3\xa9llo\r\nw\r\nx");
    assert_client_provide(fake_server_get_captured(f->server, second), "caf\xc3\xa9");
}

/* A server whose caps leave out text gets plain Latin-1 cut text. */
static void
test_ext_clipboard_no_text(ProtoFixture *f, gconstpointer data)
{
    setup_ext_clipboard(f, CLIP_RTF | CLIP_ALL_ACTIONS, 0);
    fake_server_call(f->server, "the embedder copies Latin-1", client_copies_latin1, f);
    GByteArray *msg = g_byte_array_new();
    test_msg_client_cut_text(msg, "caf\xe9", 4);
    fake_server_expect_msg(f->server, "plain ClientCutText", msg);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
}

/* Plain cut text still works beside the extension. */
static void
test_ext_clipboard_plain_text(ProtoFixture *f, gconstpointer data)
{
    offer_one(f, ENC_EXT_CLIPBOARD);
    proto_script_session(f, 8, 8);
    GByteArray *msg = g_byte_array_new();
    test_msg_server_cut_text(msg, "na\xefve", 5);
    send(f, "plain Latin-1 cut text", msg);
    sync_client(f, 8, 8);
    proto_script_shutdown(f);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    assert_ext_events("cut(na\xc3\xafve)");
}

typedef enum {
    CLIP_BAD_ZLIB,
    CLIP_TEXT_TOO_BIG,
    CLIP_SHORT_STREAM,
    CLIP_EXTRA_DATA,
    CLIP_NO_FLAGS,
    CLIP_MESSAGE_TOO_BIG,
    CLIP_CAPS_SHORT,
    CLIP_UNKNOWN_ACTION,
    CLIP_NOT_OFFERED,
    CLIP_TRUNCATED,
} ClipHostile;

static void
test_ext_clipboard_hostile(ProtoFixture *f, gconstpointer data)
{
    ClipHostile kind = GPOINTER_TO_UINT(data);
    GByteArray *msg = NULL;
    gboolean closes = FALSE;

    if (kind == CLIP_NOT_OFFERED)
        proto_script_session(f, 8, 8);
    else
        setup_ext_clipboard(f, CLIP_TEXT | CLIP_ALL_ACTIONS, 0);

    switch (kind) {
    case CLIP_BAD_ZLIB:
        msg = proto_clip_msg(CLIP_PROVIDE | CLIP_TEXT, "\x78\x9c\xff\xff\xff\xff\xff\xff", 8);
        break;
    case CLIP_TEXT_TOO_BIG: {
        /* The size inside the stream says 32 MiB + 1. */
        guint8 raw[4] = { 0x02, 0x00, 0x00, 0x01 };
        guint8 compressed[64];
        uLongf length = sizeof(compressed);
        g_assert_cmpint(compress2(compressed, &length, raw, 4, 6), ==, Z_OK);
        msg = proto_clip_msg(CLIP_PROVIDE | CLIP_TEXT, compressed, length);
        break;
    }
    case CLIP_SHORT_STREAM: {
        /* Says 100 bytes, holds 5. */
        guint8 raw[9] = { 0, 0, 0, 100, 'h', 'e', 'l', 'l', 'o' };
        guint8 compressed[64];
        uLongf length = sizeof(compressed);
        g_assert_cmpint(compress2(compressed, &length, raw, sizeof(raw), 6), ==, Z_OK);
        msg = proto_clip_msg(CLIP_PROVIDE | CLIP_TEXT, compressed, length);
        break;
    }
    case CLIP_EXTRA_DATA: {
        /* Says 2 bytes, holds 5. */
        guint8 raw[9] = { 0, 0, 0, 2, 'h', 'e', 'l', 'l', 'o' };
        guint8 compressed[64];
        uLongf length = sizeof(compressed);
        g_assert_cmpint(compress2(compressed, &length, raw, sizeof(raw), 6), ==, Z_OK);
        msg = proto_clip_msg(CLIP_PROVIDE | CLIP_TEXT, compressed, length);
        break;
    }
    case CLIP_NO_FLAGS:
        /* -2: two bytes, too short for the flags. */
        msg = g_byte_array_new();
        test_put_u8(msg, TEST_SERVER_CUT_TEXT);
        test_put_zeros(msg, 3);
        test_put_s32(msg, -2);
        test_put_zeros(msg, 2);
        break;
    case CLIP_MESSAGE_TOO_BIG:
        msg = g_byte_array_new();
        test_put_u8(msg, TEST_SERVER_CUT_TEXT);
        test_put_zeros(msg, 3);
        test_put_s32(msg, G_MININT32);
        break;
    case CLIP_CAPS_SHORT:
        /* Text and HTML named, one size given. */
        msg = proto_clip_msg(CLIP_CAPS | CLIP_TEXT | CLIP_HTML, "\0\0\0\0", 4);
        break;
    case CLIP_UNKNOWN_ACTION:
        msg = proto_clip_msg(CLIP_NOTIFY | CLIP_REQUEST | CLIP_TEXT, NULL, 0);
        break;
    case CLIP_NOT_OFFERED:
        msg = proto_clip_msg(CLIP_CAPS | CLIP_TEXT, "\0\0\0\0", 4);
        break;
    case CLIP_TRUNCATED: {
        static const char *const items[] = { "some text" };
        static const gsize sizes[] = { 9 };
        msg = provide_msg(CLIP_TEXT, 1, items, sizes);
        g_byte_array_set_size(msg, msg->len - 3);
        closes = TRUE;
        break;
    }
    }
    send(f, "a hostile clipboard message", msg);
    if (closes)
        fake_server_close(f->server);
    else
        fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    assert_ext_events("");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    ADD("/protocol/extensions/set-encodings", test_set_encodings, NULL);
    ADD("/protocol/extensions/rect-of-message-extension", test_rect_of_message_extension,
        NULL);
    ADD("/protocol/extensions/rich-cursor", test_rich_cursor, NULL);
    ADD("/protocol/extensions/rich-cursor/rgb565", test_rich_cursor_565, NULL);
    ADD("/protocol/extensions/rich-cursor/colour-map", test_rich_cursor_colour_map, NULL);
    ADD("/protocol/extensions/rich-cursor/empty", test_rich_cursor_empty, NULL);
    ADD("/protocol/extensions/rich-cursor/too-wide", test_rich_cursor_too_big,
        GUINT_TO_POINTER(1025));
    ADD("/protocol/extensions/rich-cursor/huge", test_rich_cursor_too_big,
        GUINT_TO_POINTER(65535));
    ADD("/protocol/extensions/rich-cursor/truncated", test_rich_cursor_truncated, NULL);
    ADD("/protocol/extensions/x-cursor", test_x_cursor, NULL);
    ADD("/protocol/extensions/x-cursor/empty", test_x_cursor_empty, NULL);
    ADD("/protocol/extensions/x-cursor/too-big", test_x_cursor_too_big, NULL);
    ADD("/protocol/extensions/x-cursor/truncated", test_x_cursor_truncated, NULL);
    ADD("/protocol/extensions/alpha-cursor", test_alpha_cursor, NULL);
    ADD("/protocol/extensions/alpha-cursor/unknown-encoding",
        test_alpha_cursor_unknown_encoding, NULL);
    ADD("/protocol/extensions/alpha-cursor/too-big", test_alpha_cursor_too_big, NULL);
    ADD("/protocol/extensions/alpha-cursor/truncated", test_alpha_cursor_truncated, NULL);
    ADD("/protocol/extensions/pointer-change", test_pointer_change, NULL);
    ADD("/protocol/extensions/ext-key-event", test_ext_key_event, NULL);
    ADD("/protocol/extensions/led-state", test_led_state, NULL);
    ADD("/protocol/extensions/led-state/truncated", test_led_state_truncated, NULL);
    ADD("/protocol/extensions/desktop-name", test_desktop_name, NULL);
    ADD("/protocol/extensions/desktop-name/too-long", test_desktop_name_too_long, NULL);
    ADD("/protocol/extensions/extended-desktop-size", test_extended_desktop_size, NULL);
    ADD("/protocol/extensions/extended-desktop-size/refused",
        test_extended_desktop_size_refused, NULL);
    ADD("/protocol/extensions/extended-desktop-size/forwarded",
        test_extended_desktop_size_forwarded, NULL);
    ADD("/protocol/extensions/extended-desktop-size/layout",
        test_extended_desktop_size_layout, NULL);
    ADD("/protocol/extensions/extended-desktop-size/other-client",
        test_extended_desktop_size_other_client, NULL);
    ADD("/protocol/extensions/extended-desktop-size/screen-outside",
        test_extended_desktop_size_hostile, GUINT_TO_POINTER(EDS_SCREEN_OUTSIDE));
    ADD("/protocol/extensions/extended-desktop-size/zero-size",
        test_extended_desktop_size_hostile, GUINT_TO_POINTER(EDS_ZERO_SIZE));
    ADD("/protocol/extensions/extended-desktop-size/too-large",
        test_extended_desktop_size_hostile, GUINT_TO_POINTER(EDS_TOO_LARGE));
    ADD("/protocol/extensions/extended-desktop-size/truncated",
        test_extended_desktop_size_hostile, GUINT_TO_POINTER(EDS_TRUNCATED));
    ADD("/protocol/extensions/wmvi", test_wmvi, NULL);
    ADD("/protocol/extensions/wmvi/bad-format", test_wmvi_bad_format, NULL);
    ADD("/protocol/extensions/fence", test_fence, NULL);
    ADD("/protocol/extensions/fence/too-long", test_fence_too_long, NULL);
    ADD("/protocol/extensions/fence/not-offered", test_fence_not_offered, NULL);
    ADD("/protocol/extensions/fence/truncated", test_fence_truncated, NULL);
    ADD("/protocol/extensions/continuous-updates", test_continuous_updates, NULL);
    ADD("/protocol/extensions/continuous-updates/without-fence",
        test_continuous_updates_without_fence, NULL);
    ADD("/protocol/extensions/continuous-updates/not-offered",
        test_continuous_updates_not_offered, NULL);
    ADD("/protocol/extensions/xvp", test_xvp, NULL);
    ADD("/protocol/extensions/xvp/version-zero", test_xvp_version_zero, NULL);
    ADD("/protocol/extensions/xvp/not-offered", test_xvp_not_offered, NULL);
    ADD("/protocol/extensions/audio", test_audio, NULL);
    ADD("/protocol/extensions/audio/session-ends", test_audio_session_ends, NULL);
    ADD("/protocol/extensions/audio/too-much", test_audio_hostile,
        GUINT_TO_POINTER(AUDIO_TOO_MUCH));
    ADD("/protocol/extensions/audio/unknown-operation", test_audio_hostile,
        GUINT_TO_POINTER(AUDIO_UNKNOWN_OPERATION));
    ADD("/protocol/extensions/audio/unknown-submessage", test_audio_hostile,
        GUINT_TO_POINTER(AUDIO_UNKNOWN_SUBMESSAGE));
    ADD("/protocol/extensions/audio/not-offered", test_audio_hostile,
        GUINT_TO_POINTER(AUDIO_NOT_OFFERED));
    ADD("/protocol/extensions/audio/truncated", test_audio_hostile,
        GUINT_TO_POINTER(AUDIO_TRUNCATED));
    ADD("/protocol/extensions/ext-clipboard/from-server", test_ext_clipboard_from_server,
        NULL);
    ADD("/protocol/extensions/ext-clipboard/to-server-notify",
        test_ext_clipboard_to_server_notify, NULL);
    ADD("/protocol/extensions/ext-clipboard/to-server-provide",
        test_ext_clipboard_to_server_provide, NULL);
    ADD("/protocol/extensions/ext-clipboard/no-text", test_ext_clipboard_no_text, NULL);
    ADD("/protocol/extensions/ext-clipboard/plain-text", test_ext_clipboard_plain_text,
        NULL);
    ADD("/protocol/extensions/ext-clipboard/bad-zlib", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_BAD_ZLIB));
    ADD("/protocol/extensions/ext-clipboard/text-too-big", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_TEXT_TOO_BIG));
    ADD("/protocol/extensions/ext-clipboard/short-stream", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_SHORT_STREAM));
    ADD("/protocol/extensions/ext-clipboard/extra-data", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_EXTRA_DATA));
    ADD("/protocol/extensions/ext-clipboard/no-flags", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_NO_FLAGS));
    ADD("/protocol/extensions/ext-clipboard/message-too-big", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_MESSAGE_TOO_BIG));
    ADD("/protocol/extensions/ext-clipboard/caps-short", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_CAPS_SHORT));
    ADD("/protocol/extensions/ext-clipboard/unknown-action", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_UNKNOWN_ACTION));
    ADD("/protocol/extensions/ext-clipboard/not-offered", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_NOT_OFFERED));
    ADD("/protocol/extensions/ext-clipboard/truncated", test_ext_clipboard_hostile,
        GUINT_TO_POINTER(CLIP_TRUNCATED));

    return g_test_run();
}
