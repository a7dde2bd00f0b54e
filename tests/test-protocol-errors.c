/*
 * gtk-vnc tests: hostile and broken servers
 *
 * Every malformed message must end the session the same way: vnc-error
 * with a message a person can read, then vnc-disconnected, once each,
 * with nothing written to the framebuffer out of bounds, no critical, no
 * crash and no hang. Rectangles outside the desktop (also those whose
 * x + width wraps past 65535), CopyRect sources outside it, unknown
 * messages and encodings, oversized cut text, colour maps past the last
 * index, absurd desktop sizes; and a good session cut at every byte.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "protocol-fixture.h"
#include "vnclimits-priv.h"

#define ADD(path, func, data) \
    g_test_add(path, ProtoFixture, data, proto_fixture_setup, func, proto_fixture_teardown)

/* A session on a 4x4 desktop, then @msg, after which the client must
 * give up, send nothing more and close. */
static void
run_bad_message(ProtoFixture *f, const char *what, GByteArray *msg)
{
    proto_script_session(f, 4, 4);
    fake_server_send_msg(f->server, what, msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized error disconnected");
    /* Not even the request for the next update. */
    g_assert_cmpuint(fake_server_get_discarded(f->server), ==, 0);
    /* The framebuffer is untouched. */
    for (guint y = 0; y < 4; y++)
        for (guint x = 0; x < 4; x++)
            g_assert_cmphex(proto_fb_pixel32(f, x, y), ==, 0);
}

/* Rectangles that do not fit the 4x4 desktop. */

typedef struct {
    guint16 x, y, w, h;
} RectCase;

static const RectCase rect_past_right = { 2, 0, 3, 1 };
static const RectCase rect_past_bottom = { 0, 3, 1, 2 };
static const RectCase rect_outside = { 4, 4, 1, 1 };
static const RectCase rect_too_big = { 0, 0, 5, 5 };
static const RectCase rect_x_wraps = { 65535, 0, 2, 1 };   /* x + w = 1 in 16 bits */
static const RectCase rect_y_wraps = { 0, 65534, 1, 3 };
static const RectCase rect_w_wraps = { 3, 0, 65535, 1 };   /* 3 + 65535 = 2 in 16 bits */
static const RectCase rect_huge = { 0, 0, 65535, 65535 };

static void
test_raw_outside(ProtoFixture *f, gconstpointer data)
{
    const RectCase *c = data;
    GByteArray *msg = g_byte_array_new();

    test_msg_update(msg, 1);
    test_msg_rect(msg, c->x, c->y, c->w, c->h, TEST_ENCODING_RAW);
    /* Pixels for as much of it as is reasonable: a client that checks
     * nothing would write them somewhere. */
    test_put_zeros(msg, MIN((gsize)c->w * c->h * 4, 4096));
    memset(msg->data + 16, 0xee, msg->len - 16);
    run_bad_message(f, "a Raw rectangle outside the desktop", msg);
}

static void
test_copy_rect_outside(ProtoFixture *f, gconstpointer data)
{
    const RectCase *c = data;
    GByteArray *msg = g_byte_array_new();

    /* The destination fits; the source (c) does not. */
    test_msg_update(msg, 1);
    test_msg_copy_rect(msg, 0, 0, MIN(c->w, 4), MIN(c->h, 4), c->x, c->y);
    if (c->w <= 4 && c->h <= 4) {
        run_bad_message(f, "a CopyRect from outside the desktop", msg);
        return;
    }
    /* A source larger than the desktop: the destination is too. */
    g_byte_array_set_size(msg, 0);
    test_msg_update(msg, 1);
    test_msg_copy_rect(msg, 0, 0, c->w, c->h, 0, 0);
    run_bad_message(f, "a CopyRect larger than the desktop", msg);
}

/* A copy whose source starts inside but wraps: srcx + w past 65535. */
static void
test_copy_rect_source_wraps(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    test_msg_update(msg, 1);
    test_msg_copy_rect(msg, 0, 0, 2, 2, 65535, 65535);
    run_bad_message(f, "a CopyRect whose source wraps", msg);
}

/* A good rectangle before the bad one is drawn; the bad one is not. */
static void
test_bad_rect_after_good(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();
    guint32 red = GUINT32_TO_LE(0xff0000);

    proto_script_session(f, 4, 4);
    test_msg_update(msg, 2);
    test_msg_rect(msg, 0, 0, 1, 1, TEST_ENCODING_RAW);
    test_put_bytes(msg, &red, 4);
    test_msg_rect(msg, 3, 3, 2, 2, TEST_ENCODING_RAW);
    test_put_zeros(msg, 16);
    fake_server_send_msg(f->server, "a good and a bad rectangle", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized update(0,0,1,1) "
                        "error disconnected");
    g_assert_cmphex(proto_fb_pixel32(f, 0, 0), ==, 0xff0000);
    g_assert_cmphex(proto_fb_pixel32(f, 3, 3), ==, 0);
}

/* Messages and encodings nobody asked for. */

static void
test_unknown_message(ProtoFixture *f, gconstpointer data)
{
    guint8 type = GPOINTER_TO_UINT(data);
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, type);
    test_put_zeros(msg, 15);
    run_bad_message(f, "an unknown message type", msg);
}

static void
test_unknown_encoding(ProtoFixture *f, gconstpointer data)
{
    gint32 encoding = GPOINTER_TO_INT(data);
    GByteArray *msg = g_byte_array_new();

    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 1, 1, encoding);
    test_put_zeros(msg, 16);
    run_bad_message(f, "a rectangle in an unknown encoding", msg);
}

/* Clipboard text past VNC_MAX_CUT_TEXT_LENGTH is refused before it is
 * read (only the first bytes are sent: a client that believes the
 * length waits for the rest and the test times out). */
static void
test_cut_text_oversized(ProtoFixture *f, gconstpointer data)
{
    guint32 length = GPOINTER_TO_UINT(data);
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, TEST_SERVER_CUT_TEXT);
    test_put_zeros(msg, 3);
    test_put_u32(msg, length);
    test_put_zeros(msg, 4096);
    run_bad_message(f, "oversized ServerCutText", msg);
}

/* A colour map must end at index 65535 at the latest. */
typedef struct {
    guint16 first, count;
} ColourMapCase;

static const ColourMapCase map_wraps = { 65535, 2 };
static const ColourMapCase map_wraps_far = { 65535, 65535 };
static const ColourMapCase map_wraps_half = { 32768, 32769 };

static void
test_colour_map_wraps(ProtoFixture *f, gconstpointer data)
{
    const ColourMapCase *c = data;
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, TEST_SERVER_COLOUR_MAP);
    test_put_u8(msg, 0);
    test_put_u16(msg, c->first);
    test_put_u16(msg, c->count);
    test_put_zeros(msg, MIN((gsize)c->count * 6, 4096));
    run_bad_message(f, "SetColourMapEntries past index 65535", msg);
}

/* DesktopSize to sizes the limits forbid. */
static void
test_desktop_size_bad(ProtoFixture *f, gconstpointer data)
{
    const RectCase *c = data;
    GByteArray *msg = g_byte_array_new();

    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, c->w, c->h, TEST_ENCODING_DESKTOP_SIZE);
    run_bad_message(f, "a DesktopSize the client cannot take", msg);
}

static const RectCase size_zero = { 0, 0, 0, 0 };
static const RectCase size_absurd = { 0, 0, 65535, 65535 };
static const RectCase size_too_wide = { 0, 0, VNC_MAX_DESKTOP_DIMENSION + 1, 1 };

/* The embedder keeps its 4x4 framebuffer after a resize to 10x7: the
 * rectangles must be checked against the framebuffer they are written
 * to, not against the size the server announced. */
static void
test_resize_ignored_by_embedder(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    f->ignore_resize = TRUE;
    proto_script_session(f, 4, 4);
    test_msg_update(msg, 2);
    test_msg_rect(msg, 0, 0, 10, 7, TEST_ENCODING_DESKTOP_SIZE);
    test_msg_rect(msg, 6, 4, 4, 3, TEST_ENCODING_RAW);
    test_put_zeros(msg, 4 * 3 * 4);
    memset(msg->data + msg->len - 48, 0xee, 48);
    fake_server_send_msg(f->server, "a resize and a rectangle in the new area", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized resize(10,7) "
                        "error disconnected");
    for (guint y = 0; y < 4; y++)
        for (guint x = 0; x < 4; x++)
            g_assert_cmphex(proto_fb_pixel32(f, x, y), ==, 0);
}

/* Pixels before the embedder gave the connection a framebuffer. */
static void
test_update_without_framebuffer(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    f->setup_on_init = FALSE;
    proto_script_none_handshake(f, 8);
    proto_send_server_init(f, 4, 4, &f->format, "no framebuffer");
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 1, 1, TEST_ENCODING_RAW);
    test_put_zeros(msg, 4);
    fake_server_send_msg(f->server, "an unrequested update", msg);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_error_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized error disconnected");
}

/* Shutting down in the middle of a rectangle: no error, just the end. */
static void
do_shutdown(FakeServer *server, gpointer data)
{
    ProtoFixture *f = data;

    vnc_connection_shutdown(f->conn);
}

static void
test_shutdown_mid_update(ProtoFixture *f, gconstpointer data)
{
    GByteArray *msg = g_byte_array_new();

    proto_script_session(f, 4, 4);
    test_msg_update(msg, 1);
    test_msg_rect(msg, 0, 0, 4, 4, TEST_ENCODING_RAW);
    test_put_zeros(msg, 20);
    fake_server_send_msg(f->server, "a third of a Raw rectangle", msg);
    fake_server_call(f->server, "vnc_connection_shutdown", do_shutdown, f);
    fake_server_expect_eof(f->server);
    proto_fixture_run(f);

    proto_assert_clean_end(f);
    proto_assert_events(f, "connected choose-type(1) initialized disconnected");
}

/*
 * A good session, cut at every byte offset.
 *
 * The session uses VNC authentication, an update with Raw, CopyRect,
 * DesktopSize and LastRect, a colour map, a bell and cut text. The
 * server closes after sending the first @cut bytes (after reading the
 * client's answers to everything it sent in full). Cut inside the
 * handshake or inside a message, the client must report an error; cut
 * between two messages of the running session it may also just end.
 */

static const guint8 cut_challenge[16] = "0123456789abcdef";

typedef struct {
    gsize total;
    GArray *boundaries;   /* gsize offsets where a message ends */
} CutSession;

static void
mark_boundary(ProtoFixture *f, CutSession *session)
{
    gsize end = fake_server_get_script_bytes(f->server);

    g_array_append_val(session->boundaries, end);
}

static void
script_cut_session(ProtoFixture *f, CutSession *session)
{
    static const guint8 types[] = { VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VNC };
    static const guint16 colours[] = { 0xffff, 0, 0, 0, 0xffff, 0 };
    guint8 chosen = VNC_CONNECTION_AUTH_VNC;
    guint8 shared = 1;
    guint8 response[16];
    guint32 pixel = GUINT32_TO_LE(0x123456);
    GByteArray *msg;

    f->auth_type = VNC_CONNECTION_AUTH_VNC;
    f->password = "cut";

    proto_send_version(f, "003.008", "003.008");
    msg = g_byte_array_new();
    test_msg_security_types(msg, G_N_ELEMENTS(types), types);
    fake_server_send_msg(f->server, "the security types", msg);
    fake_server_expect(f->server, "the choice of VNC authentication", &chosen, 1);
    fake_server_send(f->server, "the challenge", cut_challenge, 16);
    test_vnc_auth_response("cut", cut_challenge, response);
    fake_server_expect(f->server, "the response", response, 16);
    msg = g_byte_array_new();
    test_msg_security_result(msg, 0, NULL);
    fake_server_send_msg(f->server, "SecurityResult", msg);
    fake_server_expect(f->server, "ClientInit", &shared, 1);
    proto_send_server_init(f, 4, 4, &f->format, "cut \xe9");
    mark_boundary(f, session);
    proto_expect_setup(f, 4, 4);

    msg = g_byte_array_new();
    test_msg_update(msg, 0xffff);
    test_msg_rect(msg, 0, 0, 2, 1, TEST_ENCODING_RAW);
    test_put_bytes(msg, &pixel, 4);
    test_put_bytes(msg, &pixel, 4);
    test_msg_copy_rect(msg, 0, 1, 2, 1, 0, 0);
    test_msg_rect(msg, 0, 0, 6, 5, TEST_ENCODING_DESKTOP_SIZE);
    test_msg_rect(msg, 5, 4, 1, 1, TEST_ENCODING_RAW);
    test_put_bytes(msg, &pixel, 4);
    test_msg_rect(msg, 0, 0, 0, 0, TEST_ENCODING_LAST_RECT);
    fake_server_send_msg(f->server, "an update", msg);
    mark_boundary(f, session);
    proto_expect_update_request(f, TRUE, 0, 0, 6, 5);

    msg = g_byte_array_new();
    test_msg_colour_map(msg, 0, 2, colours);
    fake_server_send_msg(f->server, "SetColourMapEntries", msg);
    mark_boundary(f, session);
    msg = g_byte_array_new();
    test_msg_bell(msg);
    fake_server_send_msg(f->server, "Bell", msg);
    mark_boundary(f, session);
    msg = g_byte_array_new();
    test_msg_server_cut_text(msg, "bye \xe9", 5);
    fake_server_send_msg(f->server, "ServerCutText", msg);
    mark_boundary(f, session);
    fake_server_close(f->server);

    session->total = fake_server_get_script_bytes(f->server);
}

static gboolean
is_boundary(CutSession *session, gsize cut)
{
    for (guint i = 0; i < session->boundaries->len; i++)
        if (g_array_index(session->boundaries, gsize, i) == cut)
            return TRUE;
    return FALSE;
}

static void
run_cut_session(gsize cut, CutSession *session)
{
    ProtoFixture fixture = { 0 }, *f = &fixture;
    CutSession this_run = { 0, g_array_new(FALSE, FALSE, sizeof(gsize)) };

    proto_fixture_setup(f, NULL);
    f->label = g_strdup_printf("session cut after %" G_GSIZE_FORMAT " of %"
                               G_GSIZE_FORMAT " bytes", cut, session->total);
    script_cut_session(f, &this_run);
    g_assert_cmpuint(this_run.total, ==, session->total);
    fake_server_set_send_limit(f->server, cut);
    proto_fixture_run(f);

    if (g_test_verbose())
        g_test_message("%s: %s (%s)", f->label, f->events->str,
                       f->error_message ? f->error_message : "no error");

    gboolean ended_well = g_str_has_suffix(f->events->str, "error disconnected") &&
        f->n_errors == 1 && f->error_message && *f->error_message;
    if (is_boundary(session, cut) && f->n_errors == 0)
        ended_well = g_str_has_suffix(f->events->str, "disconnected");
    if (!ended_well) {
        g_autofree char *what = g_strdup_printf("%s: events \"%s\", error \"%s\"",
                                                f->label, f->events->str,
                                                f->error_message ? f->error_message : "");
        g_assert_cmpstr(what, ==, NULL);
    }
    g_assert_cmpuint(fake_server_get_sent(f->server), ==, cut);

    g_array_unref(this_run.boundaries);
    proto_fixture_teardown(f, NULL);
}

static void
test_cut_at_every_byte(void)
{
    ProtoFixture fixture = { 0 }, *f = &fixture;
    CutSession session = { 0, g_array_new(FALSE, FALSE, sizeof(gsize)) };

    /* The whole session first: it must be good, or the cuts mean nothing. */
    proto_fixture_setup(f, NULL);
    script_cut_session(f, &session);
    proto_fixture_run(f);
    g_assert_cmpuint(fake_server_get_sent(f->server), ==, session.total);
    g_assert_cmpstr(f->events->str, ==,
                    "connected choose-type(1,2) credential(password) initialized "
                    "update(0,0,2,1) update(0,1,2,1) resize(6,5) update(5,4,1,1) "
                    "bell cut-text disconnected");
    g_assert_cmpstr(f->cut_text, ==, "bye \xc3\xa9");
    g_assert_cmpstr(vnc_connection_get_name(f->conn), ==, "cut \xc3\xa9");
    g_assert_cmphex(proto_fb_pixel32(f, 5, 4), ==, 0x123456);
    proto_fixture_teardown(f, NULL);

    for (gsize cut = 0; cut <= session.total; cut++)
        run_cut_session(cut, &session);
    g_test_message("cut a %" G_GSIZE_FORMAT "-byte session at each of its offsets",
                   session.total);

    g_array_unref(session.boundaries);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    ADD("/protocol/errors/raw-outside/past-right", test_raw_outside, &rect_past_right);
    ADD("/protocol/errors/raw-outside/past-bottom", test_raw_outside, &rect_past_bottom);
    ADD("/protocol/errors/raw-outside/outside", test_raw_outside, &rect_outside);
    ADD("/protocol/errors/raw-outside/too-big", test_raw_outside, &rect_too_big);
    ADD("/protocol/errors/raw-outside/x-plus-width-wraps", test_raw_outside, &rect_x_wraps);
    ADD("/protocol/errors/raw-outside/y-plus-height-wraps", test_raw_outside, &rect_y_wraps);
    ADD("/protocol/errors/raw-outside/width-wraps", test_raw_outside, &rect_w_wraps);
    ADD("/protocol/errors/raw-outside/65535x65535", test_raw_outside, &rect_huge);
    ADD("/protocol/errors/raw-after-good-rect", test_bad_rect_after_good, NULL);

    ADD("/protocol/errors/copy-rect-source/past-right", test_copy_rect_outside,
        &rect_past_right);
    ADD("/protocol/errors/copy-rect-source/past-bottom", test_copy_rect_outside,
        &rect_past_bottom);
    ADD("/protocol/errors/copy-rect-source/outside", test_copy_rect_outside, &rect_outside);
    ADD("/protocol/errors/copy-rect-source/x-wraps", test_copy_rect_outside, &rect_x_wraps);
    ADD("/protocol/errors/copy-rect-source/y-wraps", test_copy_rect_outside, &rect_y_wraps);
    ADD("/protocol/errors/copy-rect-source/both-wrap", test_copy_rect_source_wraps, NULL);
    ADD("/protocol/errors/copy-rect-source/larger-than-desktop", test_copy_rect_outside,
        &rect_huge);

    ADD("/protocol/errors/unknown-message/4", test_unknown_message, GUINT_TO_POINTER(4));
    ADD("/protocol/errors/unknown-message/127", test_unknown_message, GUINT_TO_POINTER(127));
    ADD("/protocol/errors/unknown-message/200", test_unknown_message, GUINT_TO_POINTER(200));
    ADD("/protocol/errors/unknown-encoding/12345", test_unknown_encoding,
        GINT_TO_POINTER(12345));
    ADD("/protocol/errors/unknown-encoding/-1000", test_unknown_encoding,
        GINT_TO_POINTER(-1000));
    ADD("/protocol/errors/unknown-encoding/max", test_unknown_encoding,
        GINT_TO_POINTER(G_MAXINT32));

    ADD("/protocol/errors/cut-text/over-limit", test_cut_text_oversized,
        GUINT_TO_POINTER(VNC_MAX_CUT_TEXT_LENGTH + 1));
    ADD("/protocol/errors/cut-text/4GiB", test_cut_text_oversized,
        GUINT_TO_POINTER(0xffffffffu));

    ADD("/protocol/errors/colour-map-wraps/by-one", test_colour_map_wraps, &map_wraps);
    ADD("/protocol/errors/colour-map-wraps/far", test_colour_map_wraps, &map_wraps_far);
    ADD("/protocol/errors/colour-map-wraps/half", test_colour_map_wraps, &map_wraps_half);

    ADD("/protocol/errors/desktop-size/0x0", test_desktop_size_bad, &size_zero);
    ADD("/protocol/errors/desktop-size/65535x65535", test_desktop_size_bad, &size_absurd);
    ADD("/protocol/errors/desktop-size/too-wide", test_desktop_size_bad, &size_too_wide);

    ADD("/protocol/errors/update-without-framebuffer", test_update_without_framebuffer, NULL);
    ADD("/protocol/errors/resize-ignored-by-embedder", test_resize_ignored_by_embedder, NULL);
    ADD("/protocol/errors/shutdown-mid-update", test_shutdown_mid_update, NULL);

    g_test_add_func("/protocol/errors/cut-at-every-byte", test_cut_at_every_byte);

    return g_test_run();
}
