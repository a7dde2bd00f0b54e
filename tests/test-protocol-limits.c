/*
 * gtk-vnc tests: sizes a server announces are bounded before anything is
 * allocated for them (src/vnclimits-priv.h)
 *
 * The desktop's area limit, apart from its per-side limit: a desktop of
 * 16384 x 4097 fits either side but not the area, on every path that
 * sets the size (ServerInit, DesktopSize, ExtendedDesktopSize, WMVi). Clipboard
 * data: a decompression bomb within the limit is inflated as it arrives
 * and delivered; one whose formats together exceed the limit is refused
 * at the size that crosses it; text announced and not sent ends the
 * session with an error (the client allocates only what arrived).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <zlib.h>

#include "protocol-fixture.h"
#include "protocol-clipboard.h"
#include "vnclimits-priv.h"

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, proto_fixture_setup, func, proto_fixture_teardown)

#define ENC_DESKTOP_SIZE      (-223)
#define ENC_EXT_DESKTOP_SIZE  (-308)
#define ENC_WMVI              0x574D5669

/* Within each side's limit, one row over the area limit. */
#define AREA_WIDTH  VNC_MAX_DESKTOP_DIMENSION
#define AREA_HEIGHT (VNC_MAX_DESKTOP_PIXELS / VNC_MAX_DESKTOP_DIMENSION + 1)

G_STATIC_ASSERT(AREA_HEIGHT <= VNC_MAX_DESKTOP_DIMENSION);
G_STATIC_ASSERT((guint64)AREA_WIDTH * AREA_HEIGHT > VNC_MAX_DESKTOP_PIXELS);

static void
offer(ProtoFixture *f, gint32 encoding)
{
    g_assert_cmpuint(f->n_encodings, <, PROTO_MAX_ENCODINGS);
    f->encodings[f->n_encodings++] = encoding;
}

static void
assert_error_mentions(ProtoFixture *f, const char *words)
{
    g_assert_nonnull(f->error_message);
    if (!strstr(f->error_message, words))
        g_error("the error \"%s\" does not say \"%s\"", f->error_message, words);
}

/* Desktop area. */

static void
test_area_server_init(ProtoFixture *f, gconstpointer data)
{
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, AREA_WIDTH, AREA_HEIGHT, &f->format, "big");
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_events(f, "connected choose-type(1) error disconnected");
    assert_error_mentions(f, "is not acceptable");
    g_assert_cmpuint(f->n_initialized, ==, 0);
}

/* A session of 4x4, then @msg, which the client must refuse without
 * telling the embedder about a new size. */
static void
run_refused_resize(ProtoFixture *f, const char *what, GByteArray *msg)
{
    proto_script_session(f, 4, 4);
    fake_server_send_msg(f->server, what, msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized error disconnected");
    assert_error_mentions(f, "is not acceptable");
    g_assert_cmpuint(f->fb_width, ==, 4);
    g_assert_cmpuint(f->fb_height, ==, 4);
}

static void
test_area_desktop_size(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    offer(f, ENC_DESKTOP_SIZE);
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, AREA_WIDTH, AREA_HEIGHT, ENC_DESKTOP_SIZE);
    run_refused_resize(f, "a DesktopSize over the area limit", msg);
}

static void
test_area_ext_desktop_size(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    offer(f, ENC_EXT_DESKTOP_SIZE);
    test_msg_update(msg, 1);
    /* x: the reason (0, the server's own change), y: the status. */
    test_msg_rect(msg, 0, 0, AREA_WIDTH, AREA_HEIGHT, ENC_EXT_DESKTOP_SIZE);
    test_put_u8(msg, 1);            /* one screen */
    test_put_zeros(msg, 3);
    test_put_u32(msg, 1);           /* id */
    test_put_u16(msg, 0);
    test_put_u16(msg, 0);
    test_put_u16(msg, AREA_WIDTH);
    test_put_u16(msg, AREA_HEIGHT);
    test_put_u32(msg, 0);           /* flags */
    run_refused_resize(f, "an ExtendedDesktopSize over the area limit", msg);
}

static void
test_area_wmvi(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    offer(f, ENC_WMVI);
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, AREA_WIDTH, AREA_HEIGHT, ENC_WMVI);
    test_put_pixel_format(msg, &f->format);
    run_refused_resize(f, "a WMVi over the area limit", msg);
}

/* Clipboard. */

/* The extension offered and the capabilities exchanged. */
static void
setup_ext_clipboard(ProtoFixture *f)
{
    offer(f, ENC_EXT_CLIPBOARD);
    proto_script_session(f, 8, 8);
    /* The server takes no text unasked. */
    fake_server_send_msg(f->server, "the server's clipboard caps",
                         proto_clip_server_caps(CLIP_ALL_ACTIONS | CLIP_TEXT, 0));
    proto_clip_expect_client_caps(f);
}

/* A provide message whose zlib stream, compressed in pieces so that the
 * test never holds the inflated data, is: for each of @n items, a size
 * and @fill[i] bytes of 'a' (of which the size may claim more or fewer). */
static GByteArray *
provide_bomb(guint32 formats, guint n, const guint32 *sizes, const gsize *fill)
{
    g_autoptr(GByteArray) compressed = g_byte_array_new();
    z_stream zs = { 0 };
    guint8 filler[65536];
    guint8 out[65536];

    memset(filler, 'a', sizeof(filler));
    g_assert_cmpint(deflateInit(&zs, 9), ==, Z_OK);
    for (guint i = 0; i <= n; i++) {
        guint8 size[4];
        gsize left = i < n ? fill[i] : 0;

        if (i < n) {
            size[0] = sizes[i] >> 24;
            size[1] = (sizes[i] >> 16) & 0xff;
            size[2] = (sizes[i] >> 8) & 0xff;
            size[3] = sizes[i] & 0xff;
            zs.next_in = size;
            zs.avail_in = 4;
        } else {
            zs.avail_in = 0;
        }
        /* The size, then the filler in pieces; Z_FINISH after the last. */
        for (;;) {
            int flush = (i == n) ? Z_FINISH : Z_NO_FLUSH;
            if (zs.avail_in == 0 && left > 0) {
                gsize piece = MIN(left, sizeof(filler));
                zs.next_in = filler;
                zs.avail_in = piece;
                left -= piece;
            }
            do {
                zs.next_out = out;
                zs.avail_out = sizeof(out);
                int ret = deflate(&zs, flush);
                g_assert_true(ret == Z_OK || ret == Z_STREAM_END || ret == Z_BUF_ERROR);
                g_byte_array_append(compressed, out, sizeof(out) - zs.avail_out);
            } while (zs.avail_out == 0);
            if (zs.avail_in == 0 && left == 0)
                break;
        }
    }
    deflateEnd(&zs);
    return proto_clip_msg(CLIP_PROVIDE | formats, compressed->data, compressed->len);
}

/* A bomb within the limit: 4 MiB of text in a few KiB of zlib, delivered
 * whole. */
static void
test_clipboard_bomb_within_limit(ProtoFixture *f, gconstpointer data)
{
    const guint32 sizes[] = { 4u * 1024 * 1024 };
    const gsize fill[] = { 4u * 1024 * 1024 };
    GByteArray *msg = provide_bomb(CLIP_TEXT, 1, sizes, fill);

    g_assert_cmpuint(msg->len, <, 64 * 1024);
    setup_ext_clipboard(f);
    fake_server_send_msg(f->server, "4 MiB of text in a small provide", msg);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    g_assert_nonnull(f->cut_text);
    g_assert_cmpuint(strlen(f->cut_text), ==, 4u * 1024 * 1024);
    g_assert_cmpint(f->cut_text[0], ==, 'a');
}

/* Two formats of half the limit each, the second one byte more: refused
 * at its size, before it is inflated. */
static void
test_clipboard_bomb_over_limit(ProtoFixture *f, gconstpointer data)
{
    const guint32 half = VNC_MAX_CUT_TEXT_LENGTH / 2;
    const guint32 sizes[] = { half, half + 1 };
    const gsize fill[] = { half, half + 1 };
    GByteArray *msg = provide_bomb(CLIP_TEXT | CLIP_HTML, 2, sizes, fill);

    setup_ext_clipboard(f);
    fake_server_send_msg(f->server, "formats over the limit together", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    assert_error_mentions(f, "more than");
    g_assert_null(f->cut_text);
}

/* The text's size says the limit; the stream holds five bytes of it. */
static void
test_clipboard_announced_not_sent(ProtoFixture *f, gconstpointer data)
{
    const guint32 sizes[] = { VNC_MAX_CUT_TEXT_LENGTH };
    const gsize fill[] = { 5 };

    setup_ext_clipboard(f);
    fake_server_send_msg(f->server, "a provide that stops short",
                         provide_bomb(CLIP_TEXT, 1, sizes, fill));
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_null(f->cut_text);
}

/* Plain cut text of the limit's length, three bytes of it sent. */
static void
test_cut_text_announced_not_sent(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 4, 4);
    test_put_u8(msg, TEST_SERVER_CUT_TEXT);
    test_put_zeros(msg, 3);
    test_put_u32(msg, VNC_MAX_CUT_TEXT_LENGTH);
    test_put_bytes(msg, "abc", 3);
    fake_server_send_msg(f->server, "cut text that stops short", msg);
    fake_server_close(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    g_assert_null(f->cut_text);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    ADD("/protocol/limits/desktop-area/server-init", test_area_server_init, NULL);
    ADD("/protocol/limits/desktop-area/desktop-size", test_area_desktop_size, NULL);
    ADD("/protocol/limits/desktop-area/ext-desktop-size", test_area_ext_desktop_size, NULL);
    ADD("/protocol/limits/desktop-area/wmvi", test_area_wmvi, NULL);
    ADD("/protocol/limits/ext-clipboard/bomb-within-limit",
        test_clipboard_bomb_within_limit, NULL);
    ADD("/protocol/limits/ext-clipboard/bomb-over-limit",
        test_clipboard_bomb_over_limit, NULL);
    ADD("/protocol/limits/ext-clipboard/announced-not-sent",
        test_clipboard_announced_not_sent, NULL);
    ADD("/protocol/limits/cut-text/announced-not-sent",
        test_cut_text_announced_not_sent, NULL);

    return g_test_run();
}
