/*
 * gtk-vnc fuzzing: arbitrary server bytes after ServerInit, through the
 * real connection
 *
 * Each input is one session. A VncConnection is opened with
 * vnc_connection_open_fd() on one end of a socketpair; this file plays
 * the server on the other end and the embedder (a display widget) in the
 * connection's signal handlers, all in the default main context, with no
 * thread. The server side sends a fixed handshake (RFB 003.008, security
 * None, SecurityResult OK), a ServerInit whose pixel format and desktop
 * size come from the first bytes of the input, then the rest of the input
 * as it is, and then shuts down its write side, so that every session
 * ends: the client sees the end of the stream, or stops earlier at a
 * protocol error. What the client writes is read and thrown away.
 *
 * Input layout (the seed corpus generator, make-corpus.py, writes it):
 *
 *   byte 0      server pixel format: an index (modulo the table's size)
 *               into server_formats[] below: 8, 16 and 32 bpp, both byte
 *               orders, true colour and colour map, depths 3 to 32
 *   byte 1      bits 0-2: the framebuffer's local format (see
 *               local_formats[]: 0 is the server's own when it is true
 *               colour); bit 3: a lazy embedder, which keeps its first
 *               framebuffer when the desktop changes size or pixel
 *               format; the other bits are reserved, ignored
 *   bytes 2-5   desktop width and height, u16 big-endian each
 *   bytes 6-    server messages, sent as they are
 *
 * The embedder side offers every encoding and pseudo-encoding the library
 * knows, gives the connection a VncBaseFramebuffer and asks for a full
 * update, as a widget does; it replaces the framebuffer on a resize or a
 * pixel format change, reads every cursor, text and audio sample the
 * library hands out (so that the sanitizers see a short buffer there),
 * and answers what a widget answers (clipboard text back, power control,
 * a desktop size request with the server's layout).
 *
 * A session that does not end within a time and an iteration limit is a
 * hang and aborts, so that the fuzzer reports it as a crash with its
 * input. GLib criticals and warnings abort too: with hostile data the
 * library must report vnc-error, never trip a precondition.
 *
 * Desktops bigger than FUZZ_MAX_DESKTOP_* are refused by the embedder
 * (it shuts the connection down), which keeps each run fast; the limit
 * is large enough for the recorded 1920x1080 sessions in the corpus.
 *
 * Environment: GVNC_FUZZ_VERBOSE=1 prints the events and the library's
 * error, GVNC_FUZZ_DEBUG=1 turns on the library's debug output, and
 * GVNC_FUZZ_TIMEOUT=SECONDS changes the hang limit (default 60, 600
 * under valgrind).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "vncconnection.h"
#include "vncbaseframebuffer.h"
#include "vncbaseaudio.h"
#include "vncaudiosample.h"
#include "vnccursor.h"
#include "vncutil.h"

#include "fuzz-target.h"

#define FUZZ_HEADER_LENGTH 6

/* The embedder's limit on the desktop (see above). */
#define FUZZ_MAX_DESKTOP_DIMENSION 4096
#define FUZZ_MAX_DESKTOP_PIXELS    (2048u * 2048u)

/* A session is a hang after this many main loop iterations (the
 * coroutine returns to the main loop at least once per message, so a
 * loop that keeps yielding ends up here)... */
#define FUZZ_BASE_ITERATIONS     100000u
#define FUZZ_ITERATIONS_PER_BYTE 64u
/* ...or, as a backstop, after this many seconds (GVNC_FUZZ_TIMEOUT). A
 * loop that never yields is libFuzzer's -timeout's to catch. Generous:
 * a few bytes of CopyRect or fill may legitimately make the client
 * write megabytes, and the machine may be busy. */
#define FUZZ_DEFAULT_TIMEOUT          60
#define FUZZ_DEFAULT_TIMEOUT_VALGRIND 600

/* Every pixel format the server may announce. Index 0 is what the
 * recorded sessions use (TigerVNC and QEMU at depth 24). */
typedef struct {
    guint8 bpp, depth;
    gboolean big_endian, true_colour;
    guint16 red_max, green_max, blue_max;
    guint8 red_shift, green_shift, blue_shift;
} FuzzFormat;

static const FuzzFormat server_formats[] = {
    /* 32 bpp, depth 24: colours in the low three bytes (little-endian) or
     * the high three (big-endian with shifts 24/16/8), so that the
     * compact 3-byte pixels of Tight, ZRLE and TRLE come from either end. */
    { 32, 24, FALSE, TRUE, 255, 255, 255, 16, 8, 0 },
    { 32, 24, TRUE, TRUE, 255, 255, 255, 16, 8, 0 },
    { 32, 24, FALSE, TRUE, 255, 255, 255, 0, 8, 16 },
    { 32, 24, TRUE, TRUE, 255, 255, 255, 24, 16, 8 },
    { 32, 24, FALSE, TRUE, 255, 255, 255, 8, 16, 24 },
    /* 32 bpp, depth 32 and 30: no compact pixels. */
    { 32, 32, FALSE, TRUE, 255, 255, 255, 16, 8, 0 },
    { 32, 30, TRUE, TRUE, 1023, 1023, 1023, 20, 10, 0 },
    /* 32 bpp with only 16 bits of colour. */
    { 32, 16, FALSE, TRUE, 31, 63, 31, 11, 5, 0 },
    /* 16 bpp. */
    { 16, 16, FALSE, TRUE, 31, 63, 31, 11, 5, 0 },
    { 16, 16, TRUE, TRUE, 31, 63, 31, 11, 5, 0 },
    { 16, 15, FALSE, TRUE, 31, 31, 31, 10, 5, 0 },
    { 16, 12, TRUE, TRUE, 15, 15, 15, 8, 4, 0 },
    /* 8 bpp true colour (BGR233 as TigerVNC's, a 2-2-2 and a 1-1-1). */
    { 8, 8, FALSE, TRUE, 7, 7, 3, 0, 3, 6 },
    { 8, 6, FALSE, TRUE, 3, 3, 3, 4, 2, 0 },
    { 8, 3, FALSE, TRUE, 1, 1, 1, 2, 1, 0 },
    /* Colour maps. */
    { 8, 8, FALSE, FALSE, 0, 0, 0, 0, 0, 0 },
    { 16, 16, FALSE, FALSE, 0, 0, 0, 0, 0, 0 },
    { 16, 16, TRUE, FALSE, 0, 0, 0, 0, 0, 0 },
};

/* The framebuffer's (local) format; 0 means the server's own. Every
 * size a widget's buffer may have, so that each of the framebuffer's
 * conversions is reached. */
static const FuzzFormat local_formats[] = {
    { 32, 24, FALSE, TRUE, 255, 255, 255, 16, 8, 0 },  /* for a colour map */
    { 32, 24, FALSE, TRUE, 255, 255, 255, 16, 8, 0 },
    { 16, 16, FALSE, TRUE, 31, 63, 31, 11, 5, 0 },
    { 32, 24, TRUE, TRUE, 255, 255, 255, 0, 8, 16 },
    { 8, 8, FALSE, TRUE, 7, 7, 3, 0, 3, 6 },
    { 16, 15, TRUE, TRUE, 31, 31, 31, 10, 5, 0 },
    { 32, 24, TRUE, TRUE, 255, 255, 255, 16, 8, 0 },
    { 32, 30, FALSE, TRUE, 1023, 1023, 1023, 20, 10, 0 },
};

/* Every encoding and pseudo-encoding the library knows
 * (src/decode/vncdecoder.c, src/vncconnection-pseudo.c), best first as
 * a widget would order them. */
static const gint32 all_encodings[] = {
    VNC_CONNECTION_ENCODING_TIGHT_PNG,
    VNC_CONNECTION_ENCODING_TIGHT,
    VNC_CONNECTION_ENCODING_ZRLE,
    VNC_CONNECTION_ENCODING_ZYWRLE,
    VNC_CONNECTION_ENCODING_TRLE,
    VNC_CONNECTION_ENCODING_HEXTILE,
    VNC_CONNECTION_ENCODING_ZLIB,
    VNC_CONNECTION_ENCODING_CORRE,
    VNC_CONNECTION_ENCODING_RRE,
    VNC_CONNECTION_ENCODING_COPY_RECT,
    VNC_CONNECTION_ENCODING_RAW,

    VNC_CONNECTION_ENCODING_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_LAST_RECT,
    VNC_CONNECTION_ENCODING_WMVi,
    VNC_CONNECTION_ENCODING_RICH_CURSOR,
    VNC_CONNECTION_ENCODING_XCURSOR,
    VNC_CONNECTION_ENCODING_ALPHA_CURSOR,
    VNC_CONNECTION_ENCODING_POINTER_CHANGE,
    VNC_CONNECTION_ENCODING_EXT_KEY_EVENT,
    VNC_CONNECTION_ENCODING_AUDIO,
    VNC_CONNECTION_ENCODING_LED_STATE,
    VNC_CONNECTION_ENCODING_DESKTOP_NAME,
    VNC_CONNECTION_ENCODING_XVP,
    VNC_CONNECTION_ENCODING_FENCE,
    VNC_CONNECTION_ENCODING_CONTINUOUS_UPDATES,
    VNC_CONNECTION_ENCODING_EXTENDED_CLIPBOARD,
    VNC_CONNECTION_ENCODING_TIGHT_JPEG5,
    VNC_CONNECTION_ENCODING_COMPRESS_LEVEL0 + 6,
    VNC_CONNECTION_ENCODING_FINE_QUALITY_LEVEL0 + 80,
    VNC_CONNECTION_ENCODING_SUBSAMP_1X + 2,
};

typedef struct {
    VncConnection *conn;
    gboolean finalized;
    gboolean disconnected;
    gboolean timed_out;
    gboolean verbose;

    /* The server's end. */
    int fd;
    GByteArray *out;          /* handshake + input */
    gsize sent;
    guint write_watch;
    guint read_watch;

    /* The embedder's framebuffer. */
    VncPixelFormat local;
    gboolean local_is_remote;  /* follow the server's format when it changes */
    gboolean lazy;             /* keep the first framebuffer */
    VncBaseFramebuffer *fb;
    guint8 *fb_data;
    guint16 fb_width, fb_height;

    VncBaseAudio *audio;

    guint64 checksum;          /* keeps the reads of handed-out data alive */
} FuzzSession;

static void
fuzz_log(FuzzSession *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
fuzz_log(FuzzSession *s, const char *fmt, ...)
{
    va_list args;

    if (!s->verbose)
        return;
    va_start(args, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
}

static void G_GNUC_NORETURN
fuzz_fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
fuzz_fail(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    fputs("fuzz: FAILURE: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    abort();
}

static void
fuzz_format_to_pixel_format(const FuzzFormat *f, VncPixelFormat *fmt)
{
    memset(fmt, 0, sizeof(*fmt));
    fmt->bits_per_pixel = f->bpp;
    fmt->depth = f->depth;
    fmt->byte_order = f->big_endian ? G_BIG_ENDIAN : G_LITTLE_ENDIAN;
    fmt->true_color_flag = f->true_colour;
    fmt->red_max = f->red_max;
    fmt->green_max = f->green_max;
    fmt->blue_max = f->blue_max;
    fmt->red_shift = f->red_shift;
    fmt->green_shift = f->green_shift;
    fmt->blue_shift = f->blue_shift;
}

static void
put_u16(GByteArray *out, guint16 v)
{
    guint8 b[2] = { v >> 8, v & 0xff };
    g_byte_array_append(out, b, sizeof(b));
}

static void
put_u32(GByteArray *out, guint32 v)
{
    guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
    g_byte_array_append(out, b, sizeof(b));
}

static void
put_u8(GByteArray *out, guint8 v)
{
    g_byte_array_append(out, &v, 1);
}

/* Version, security None with its result, ServerInit: the part of the
 * session that is always the same, so that the fuzzer spends its time
 * after it. */
static void
build_handshake(GByteArray *out, const FuzzFormat *f, guint16 width, guint16 height)
{
    static const char version[] = "RFB 003.008\n";
    static const char name[] = "fuzz";

    g_byte_array_append(out, (const guint8 *)version, strlen(version));
    put_u8(out, 1);             /* one security type: */
    put_u8(out, 1);             /* None */
    put_u32(out, 0);            /* SecurityResult OK */
    put_u16(out, width);
    put_u16(out, height);
    put_u8(out, f->bpp);
    put_u8(out, f->depth);
    put_u8(out, f->big_endian);
    put_u8(out, f->true_colour);
    put_u16(out, f->red_max);
    put_u16(out, f->green_max);
    put_u16(out, f->blue_max);
    put_u8(out, f->red_shift);
    put_u8(out, f->green_shift);
    put_u8(out, f->blue_shift);
    put_u8(out, 0);
    put_u8(out, 0);
    put_u8(out, 0);
    put_u32(out, strlen(name));
    g_byte_array_append(out, (const guint8 *)name, strlen(name));
}

/* The server's side of the socket. */

static gboolean
on_server_writable(int fd, GIOCondition cond, gpointer data)
{
    FuzzSession *s = data;

    while (s->sent < s->out->len) {
        ssize_t n = send(s->fd, s->out->data + s->sent, s->out->len - s->sent,
                         MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return G_SOURCE_CONTINUE;
        if (n <= 0) {
            /* The client has gone (it stopped at an error). */
            fuzz_log(s, "server: send stopped after %" G_GSIZE_FORMAT " of %u bytes: %s",
                     s->sent, s->out->len, g_strerror(errno));
            break;
        }
        s->sent += n;
    }
    /* Everything sent: the end of the stream is the end of the session. */
    shutdown(s->fd, SHUT_WR);
    s->write_watch = 0;
    return G_SOURCE_REMOVE;
}

static gboolean
on_server_readable(int fd, GIOCondition cond, gpointer data)
{
    FuzzSession *s = data;
    guint8 buf[65536];

    for (;;) {
        ssize_t n = recv(s->fd, buf, sizeof(buf), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return G_SOURCE_CONTINUE;
        if (n <= 0)
            break;  /* the client closed its end */
    }
    s->read_watch = 0;
    return G_SOURCE_REMOVE;
}

/* The embedder. */

static void
free_framebuffer(FuzzSession *s)
{
    g_clear_object(&s->fb);
    g_clear_pointer(&s->fb_data, g_free);
}

static gboolean
desktop_acceptable(int width, int height)
{
    return width > 0 && height > 0 &&
        width <= FUZZ_MAX_DESKTOP_DIMENSION && height <= FUZZ_MAX_DESKTOP_DIMENSION &&
        (guint64)width * height <= FUZZ_MAX_DESKTOP_PIXELS;
}

/* What a widget does when the desktop appears, changes size or changes
 * pixel format: a new buffer in its own format, decoding from the
 * connection's. A desktop beyond the embedder's limit ends the session. */
static void
give_framebuffer(FuzzSession *s, int width, int height)
{
    const VncPixelFormat *remote = vnc_connection_get_pixel_format(s->conn);

    if (!desktop_acceptable(width, height)) {
        fuzz_log(s, "embedder: refusing a %dx%d desktop", width, height);
        vnc_connection_shutdown(s->conn);
        return;
    }
    if (s->local_is_remote && remote->true_color_flag)
        s->local = *remote;

    VncBaseFramebuffer *old_fb = s->fb;
    guint8 *old_data = s->fb_data;
    gsize rowstride = (gsize)width * (s->local.bits_per_pixel / 8);

    s->fb_width = width;
    s->fb_height = height;
    s->fb_data = g_malloc0(rowstride * height);
    s->fb = vnc_base_framebuffer_new(s->fb_data, width, height, rowstride,
                                     &s->local, remote);
    vnc_connection_set_framebuffer(s->conn, VNC_FRAMEBUFFER(s->fb));
    /* The connection has let go of the old one: its memory may go. */
    g_clear_object(&old_fb);
    g_free(old_data);
}

static void
on_initialized(VncConnection *conn, FuzzSession *s)
{
    int width = vnc_connection_get_width(conn);
    int height = vnc_connection_get_height(conn);
    VncAudioFormat audio_format = { VNC_AUDIO_FORMAT_RAW_S16, 2, 44100 };

    fuzz_log(s, "initialized %dx%d", width, height);
    vnc_connection_set_encodings(conn, G_N_ELEMENTS(all_encodings),
                                 (gint32 *)all_encodings);
    give_framebuffer(s, width, height);
    vnc_connection_framebuffer_update_request(conn, FALSE, 0, 0, width, height);

    vnc_connection_set_audio_format(conn, &audio_format);
    vnc_connection_set_audio(conn, VNC_AUDIO(s->audio));
    vnc_connection_audio_enable(conn);
}

static void
on_framebuffer_update(VncConnection *conn, int x, int y, int width, int height,
                      FuzzSession *s)
{
    fuzz_log(s, "update %dx%d at %d,%d", width, height, x, y);
    /* Input, as a user would make it: with scancodes once the server
     * has the QEMU extended key event. */
    vnc_connection_pointer_event(conn, 1, x, y);
    vnc_connection_key_event(conn, TRUE, 0x61, 30);
    vnc_connection_key_event(conn, FALSE, 0x61, 30);
}

static void
on_desktop_resize(VncConnection *conn, int width, int height, FuzzSession *s)
{
    fuzz_log(s, "desktop resize %dx%d", width, height);
    if (s->lazy)
        return;
    give_framebuffer(s, width, height);
    /* A widget that resizes the remote desktop to fit its window: fits
     * the server's own screen layout to the new size. */
    if (width > 1 && height > 1)
        vnc_connection_set_size(conn, width - 1, height - 1);
}

static void
on_pixel_format_changed(VncConnection *conn, VncPixelFormat *format, FuzzSession *s)
{
    fuzz_log(s, "pixel format %u bpp depth %u %s", format->bits_per_pixel,
             format->depth, format->true_color_flag ? "true colour" : "colour map");
    if (!s->lazy)
        give_framebuffer(s, vnc_connection_get_width(conn),
                         vnc_connection_get_height(conn));
}

static void
on_cursor_changed(VncConnection *conn, VncCursor *cursor, FuzzSession *s)
{
    if (!cursor) {
        fuzz_log(s, "cursor hidden");
        return;
    }
    guint16 width = vnc_cursor_get_width(cursor);
    guint16 height = vnc_cursor_get_height(cursor);
    const guint8 *data = vnc_cursor_get_data(cursor);
    gsize len = (gsize)width * height * 4;

    fuzz_log(s, "cursor %ux%u hot spot %u,%u", width, height,
             vnc_cursor_get_hotx(cursor), vnc_cursor_get_hoty(cursor));
    if (len && !data)
        fuzz_fail("a %ux%u cursor without data", width, height);
    for (gsize i = 0; i < len; i++)
        s->checksum += data[i];
}

static void
check_text(FuzzSession *s, const char *what, const char *text)
{
    if (!text)
        return;
    if (!g_utf8_validate(text, -1, NULL))
        fuzz_fail("%s is not UTF-8", what);
    s->checksum += strlen(text);
}

static void
on_server_cut_text(VncConnection *conn, const char *text, FuzzSession *s)
{
    fuzz_log(s, "server cut text (%zu bytes)", text ? strlen(text) : 0);
    check_text(s, "the server's cut text", text);
    /* The user copies it back: plain or extended clipboard, whichever
     * the server announced. */
    if (text)
        vnc_connection_client_cut_text(conn, text, strlen(text));
}

static void
on_desktop_rename(VncConnection *conn, const char *name, FuzzSession *s)
{
    fuzz_log(s, "desktop name");
    check_text(s, "the desktop name", name);
    check_text(s, "vnc_connection_get_name()", vnc_connection_get_name(conn));
}

static void
on_led_state(VncConnection *conn, FuzzSession *s)
{
    s->checksum += vnc_connection_get_ledstate(conn);
}

static void
on_pointer_mode_changed(VncConnection *conn, gboolean absolute, FuzzSession *s)
{
    fuzz_log(s, "pointer mode %s", absolute ? "absolute" : "relative");
}

static void
on_power_control_initialized(VncConnection *conn, FuzzSession *s)
{
    fuzz_log(s, "power control");
    vnc_connection_power_control(conn, VNC_CONNECTION_POWER_ACTION_REBOOT);
}

static void
on_bell(VncConnection *conn, FuzzSession *s)
{
    fuzz_log(s, "bell");
}

static void
on_error(VncConnection *conn, const char *message, FuzzSession *s)
{
    fuzz_log(s, "vnc-error: %s", message);
    if (!message || !*message)
        fuzz_fail("vnc-error without a message");
}

static void
on_disconnected(VncConnection *conn, FuzzSession *s)
{
    fuzz_log(s, "disconnected");
    if (s->disconnected)
        fuzz_fail("vnc-disconnected twice");
    s->disconnected = TRUE;
}

static void
on_audio_data(VncBaseAudio *audio, VncAudioSample *sample, FuzzSession *s)
{
    for (guint32 i = 0; i < sample->length; i++)
        s->checksum += sample->data[i];
}

static void
on_connection_finalized(gpointer data, GObject *where_the_object_was)
{
    FuzzSession *s = data;

    s->finalized = TRUE;
}

static gboolean
on_tick(gpointer data)
{
    /* Only wakes the loop, so that the time limit is checked. */
    return G_SOURCE_CONTINUE;
}

static void
log_handler(const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
    /* Criticals and warnings come from g_return_if_fail() and the like:
     * no server input may trigger them. */
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
        fuzz_fail("GLib %s from %s: %s",
                  level & G_LOG_LEVEL_WARNING ? "warning" : "critical",
                  domain ? domain : "(no domain)", message);
    g_log_default_handler(domain, level, message, data);
}

static guint timeout_seconds;

static void
fuzz_init(void)
{
    const char *timeout = g_getenv("GVNC_FUZZ_TIMEOUT");

    /* A closed socket must be an error return, never a signal. */
    signal(SIGPIPE, SIG_IGN);
    g_log_set_default_handler(log_handler, NULL);
    if (g_strcmp0(g_getenv("GVNC_FUZZ_DEBUG"), "1") == 0)
        vnc_util_set_debug(TRUE);
    if (timeout && atoi(timeout) > 0)
        timeout_seconds = atoi(timeout);
    else if (g_getenv("VNC_TEST_UNDER_VALGRIND"))
        timeout_seconds = FUZZ_DEFAULT_TIMEOUT_VALGRIND;
    else
        timeout_seconds = FUZZ_DEFAULT_TIMEOUT;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gboolean initialized;
    FuzzSession s = { 0 };
    int fds[2];

    if (!initialized) {
        fuzz_init();
        initialized = TRUE;
    }
    if (size < FUZZ_HEADER_LENGTH)
        return 0;

    const FuzzFormat *server_format =
        &server_formats[data[0] % G_N_ELEMENTS(server_formats)];
    guint local_index = data[1] & 7;
    guint16 width = (data[2] << 8) | data[3];
    guint16 height = (data[4] << 8) | data[5];

    s.verbose = g_strcmp0(g_getenv("GVNC_FUZZ_VERBOSE"), "1") == 0;
    s.local_is_remote = local_index == 0;
    s.lazy = (data[1] & 8) != 0;
    fuzz_format_to_pixel_format(&local_formats[local_index], &s.local);
    s.out = g_byte_array_new();
    build_handshake(s.out, server_format, width, height);
    g_byte_array_append(s.out, data + FUZZ_HEADER_LENGTH, size - FUZZ_HEADER_LENGTH);

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
        fuzz_fail("socketpair: %s", g_strerror(errno));
    s.fd = fds[1];
    if (!g_unix_set_fd_nonblocking(s.fd, TRUE, NULL))
        fuzz_fail("cannot make the server's socket non-blocking");

    s.audio = vnc_base_audio_new();
    g_signal_connect(s.audio, "vnc-audio-playback-data", G_CALLBACK(on_audio_data), &s);

    s.conn = vnc_connection_new();
    g_object_weak_ref(G_OBJECT(s.conn), on_connection_finalized, &s);
#define CONNECT(name, handler) \
    g_signal_connect(s.conn, name, G_CALLBACK(handler), &s)
    CONNECT("vnc-initialized", on_initialized);
    CONNECT("vnc-framebuffer-update", on_framebuffer_update);
    CONNECT("vnc-desktop-resize", on_desktop_resize);
    CONNECT("vnc-pixel-format-changed", on_pixel_format_changed);
    CONNECT("vnc-cursor-changed", on_cursor_changed);
    CONNECT("vnc-server-cut-text", on_server_cut_text);
    CONNECT("vnc-desktop-rename", on_desktop_rename);
    CONNECT("vnc-led-state", on_led_state);
    CONNECT("vnc-pointer-mode-changed", on_pointer_mode_changed);
    CONNECT("vnc-power-control-initialized", on_power_control_initialized);
    CONNECT("vnc-bell", on_bell);
    CONNECT("vnc-error", on_error);
    CONNECT("vnc-disconnected", on_disconnected);
#undef CONNECT

    if (!vnc_connection_open_fd(s.conn, fds[0]))
        fuzz_fail("vnc_connection_open_fd failed");

    s.write_watch = g_unix_fd_add(s.fd, G_IO_OUT, on_server_writable, &s);
    s.read_watch = g_unix_fd_add(s.fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                 on_server_readable, &s);
    guint tick = g_timeout_add(250, on_tick, NULL);

    /* Until vnc-disconnected, then until the session has let go of the
     * connection (its last idle callbacks) and it is finalized. */
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout_seconds * G_USEC_PER_SEC;
    guint64 max_iterations = FUZZ_BASE_ITERATIONS + (guint64)FUZZ_ITERATIONS_PER_BYTE * size;
    guint64 iterations = 0;
    gboolean released = FALSE;
    while (!s.finalized) {
        if (s.disconnected && !released) {
            g_signal_handlers_disconnect_by_data(s.conn, &s);
            g_object_unref(s.conn);
            released = TRUE;
            continue;
        }
        if (++iterations > max_iterations || g_get_monotonic_time() > deadline)
            fuzz_fail("the session did not end: %" G_GUINT64_FORMAT " main loop "
                      "iterations, %" G_GINT64_FORMAT " ms, %" G_GSIZE_FORMAT
                      " of %u bytes sent, %s", iterations,
                      (g_get_monotonic_time() - deadline) / 1000 + timeout_seconds * 1000,
                      s.sent, s.out->len,
                      s.disconnected ? "disconnected" : "not disconnected");
        g_main_context_iteration(NULL, TRUE);
    }

    /* Whatever is still due (nothing of the connection's may be). */
    for (int i = 0; i < 100 && g_main_context_iteration(NULL, FALSE); i++)
        ;
    g_source_remove(tick);
    if (s.write_watch)
        g_source_remove(s.write_watch);
    if (s.read_watch)
        g_source_remove(s.read_watch);
    close(s.fd);
    free_framebuffer(&s);
    g_object_unref(s.audio);
    g_byte_array_unref(s.out);
    return 0;
}
