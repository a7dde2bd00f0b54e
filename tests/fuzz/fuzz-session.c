/*
 * gtk-vnc fuzzing: one session of a hostile server against the real
 * connection (see fuzz-session.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
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

#include "fuzz-server.h"
#include "fuzz-session.h"

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
    gboolean verbose;
    gboolean error_seen;
    gboolean shut_down;       /* the embedder ended the session */
    guint credential_idle;    /* credentials to give, from an idle callback */
    gboolean want_password, want_username, want_clientname;

    /* The server's end. */
    GByteArray *out;          /* everything the server sends */
    GArray *pauses;           /* offsets in out where it waits (gsize) */
    FuzzServer server;

    /* The embedder's framebuffer. */
    VncPixelFormat local;
    gboolean local_is_remote;  /* follow the server's format when it changes */
    gboolean lazy;             /* keep the first framebuffer */
    VncBaseFramebuffer *fb;
    guint8 *fb_data;

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

/* Every signal of the connection comes before vnc-disconnected: after it
 * the library must be silent. */
static void
check_alive(FuzzSession *s, const char *signal_name)
{
    if (s->disconnected)
        fuzz_fail("%s after vnc-disconnected", signal_name);
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
        s->shut_down = TRUE;
        vnc_connection_shutdown(s->conn);
        return;
    }
    if (s->local_is_remote && remote->true_color_flag)
        s->local = *remote;

    VncBaseFramebuffer *old_fb = s->fb;
    guint8 *old_data = s->fb_data;
    gsize rowstride = (gsize)width * (s->local.bits_per_pixel / 8);

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
    check_alive(s, "vnc-initialized");
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
    check_alive(s, "vnc-framebuffer-update");
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
    check_alive(s, "vnc-desktop-resize");
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
    check_alive(s, "vnc-pixel-format-changed");
    fuzz_log(s, "pixel format %u bpp depth %u %s", format->bits_per_pixel,
             format->depth, format->true_color_flag ? "true colour" : "colour map");
    if (!s->lazy)
        give_framebuffer(s, vnc_connection_get_width(conn),
                         vnc_connection_get_height(conn));
}

static void
on_cursor_changed(VncConnection *conn, VncCursor *cursor, FuzzSession *s)
{
    check_alive(s, "vnc-cursor-changed");
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
    check_alive(s, "vnc-server-cut-text");
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
    check_alive(s, "vnc-desktop-rename");
    fuzz_log(s, "desktop name");
    check_text(s, "the desktop name", name);
    check_text(s, "vnc_connection_get_name()", vnc_connection_get_name(conn));
}

static void
on_led_state(VncConnection *conn, FuzzSession *s)
{
    check_alive(s, "vnc-led-state");
    s->checksum += vnc_connection_get_ledstate(conn);
}

static void
on_pointer_mode_changed(VncConnection *conn, gboolean absolute, FuzzSession *s)
{
    check_alive(s, "vnc-pointer-mode-changed");
    fuzz_log(s, "pointer mode %s", absolute ? "absolute" : "relative");
}

static void
on_power_control_initialized(VncConnection *conn, FuzzSession *s)
{
    check_alive(s, "vnc-power-control-initialized");
    fuzz_log(s, "power control");
    vnc_connection_power_control(conn, VNC_CONNECTION_POWER_ACTION_REBOOT);
}

static void
on_bell(VncConnection *conn, FuzzSession *s)
{
    check_alive(s, "vnc-bell");
    fuzz_log(s, "bell");
}

static void
on_error(VncConnection *conn, const char *message, FuzzSession *s)
{
    check_alive(s, "vnc-error");
    fuzz_log(s, "vnc-error: %s", message);
    if (!message || !*message)
        fuzz_fail("vnc-error without a message");
    s->error_seen = TRUE;
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

/* Credentials, given as a dialog would: after the handler returns, from
 * the main loop. */
static gboolean
give_credentials(gpointer data)
{
    FuzzSession *s = data;

    s->credential_idle = 0;
    if (s->disconnected)
        return G_SOURCE_REMOVE;
    if (s->want_password)
        vnc_connection_set_credential(s->conn, VNC_CONNECTION_CREDENTIAL_PASSWORD,
                                      FUZZ_PASSWORD);
    if (s->want_username)
        vnc_connection_set_credential(s->conn, VNC_CONNECTION_CREDENTIAL_USERNAME,
                                      FUZZ_USERNAME);
    if (s->want_clientname)
        vnc_connection_set_credential(s->conn, VNC_CONNECTION_CREDENTIAL_CLIENTNAME,
                                      "fuzz-client");
    s->want_password = s->want_username = s->want_clientname = FALSE;
    return G_SOURCE_REMOVE;
}

static void
on_auth_credential(VncConnection *conn, GValueArray *credentials, FuzzSession *s)
{
    check_alive(s, "vnc-auth-credential");
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    if (!credentials || credentials->n_values == 0)
        fuzz_fail("vnc-auth-credential without a credential");
    for (guint i = 0; i < credentials->n_values; i++) {
        int type = g_value_get_enum(g_value_array_get_nth(credentials, i));
        fuzz_log(s, "credential %d wanted", type);
        switch (type) {
        case VNC_CONNECTION_CREDENTIAL_PASSWORD:
            s->want_password = TRUE;
            break;
        case VNC_CONNECTION_CREDENTIAL_USERNAME:
            s->want_username = TRUE;
            break;
        case VNC_CONNECTION_CREDENTIAL_CLIENTNAME:
            s->want_clientname = TRUE;
            break;
        default:
            fuzz_fail("unknown credential %d wanted", type);
        }
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    if (!s->credential_idle)
        s->credential_idle = g_idle_add(give_credentials, s);
}

static void
on_auth_failure(VncConnection *conn, const char *reason, FuzzSession *s)
{
    check_alive(s, "vnc-auth-failure");
    fuzz_log(s, "auth failure: %s", reason);
    check_text(s, "the authentication failure reason", reason);
}

static void
on_auth_unsupported(VncConnection *conn, guint type, FuzzSession *s)
{
    check_alive(s, "vnc-auth-unsupported");
    fuzz_log(s, "auth type %u unsupported", type);
}

static void
on_connected(VncConnection *conn, FuzzSession *s)
{
    check_alive(s, "vnc-connected");
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

/* memmem(), which is not in C99. */
static const guint8 *
find_bytes(const guint8 *data, gsize len, const char *needle, gsize needle_len)
{
    for (gsize i = 0; i + needle_len <= len; i++) {
        if (memcmp(data + i, needle, needle_len) == 0)
            return data + i;
    }
    return NULL;
}

GByteArray *
fuzz_split_pauses(const guint8 *bytes, gsize n_bytes, GArray *pauses)
{
    /* The marker is not sent: it says where the server waits. */
    GByteArray *out = g_byte_array_new();
    const guint8 *rest = bytes;
    gsize left = n_bytes;
    gsize marker = strlen(FUZZ_PAUSE_MARKER);

    for (;;) {
        const guint8 *at = find_bytes(rest, left, FUZZ_PAUSE_MARKER, marker);
        if (!at)
            break;
        g_byte_array_append(out, rest, at - rest);
        gsize pause = out->len;
        if (pauses)
            g_array_append_val(pauses, pause);
        left -= (at - rest) + marker;
        rest = at + marker;
    }
    g_byte_array_append(out, rest, left);
    return out;
}

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

void
fuzz_session_run(const FuzzSessionConfig *config,
                 const guint8 *server_bytes, gsize n_server_bytes,
                 gsize input_size)
{
    static gboolean initialized;
    FuzzSession s = { 0 };
    int fds[2];

    if (!initialized) {
        fuzz_init();
        initialized = TRUE;
    }

    s.verbose = g_strcmp0(g_getenv("GVNC_FUZZ_VERBOSE"), "1") == 0;
    s.local = config->local;
    s.local_is_remote = config->local_is_remote;
    s.lazy = config->lazy;
    s.pauses = g_array_new(FALSE, FALSE, sizeof(gsize));
    if (config->pause_marker) {
        s.out = fuzz_split_pauses(server_bytes, n_server_bytes, s.pauses);
    } else {
        s.out = g_byte_array_new();
        g_byte_array_append(s.out, server_bytes, n_server_bytes);
    }

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
        fuzz_fail("socketpair: %s", g_strerror(errno));
    if (!g_unix_set_fd_nonblocking(fds[1], TRUE, NULL))
        fuzz_fail("cannot make the server's socket non-blocking");

    s.audio = vnc_base_audio_new();
    g_signal_connect(s.audio, "vnc-audio-playback-data", G_CALLBACK(on_audio_data), &s);

    s.conn = vnc_connection_new();
    g_object_weak_ref(G_OBJECT(s.conn), on_connection_finalized, &s);
#define CONNECT(name, handler) \
    g_signal_connect(s.conn, name, G_CALLBACK(handler), &s)
    CONNECT("vnc-connected", on_connected);
    CONNECT("vnc-auth-credential", on_auth_credential);
    CONNECT("vnc-auth-failure", on_auth_failure);
    CONNECT("vnc-auth-unsupported", on_auth_unsupported);
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

    fuzz_server_start(&s.server, fds[1], s.out, s.pauses);
    guint tick = g_timeout_add(250, on_tick, NULL);

    /* Until vnc-disconnected, then until the session has let go of the
     * connection (its last idle callbacks) and it is finalized. The
     * handlers stay connected to the end: any signal after
     * vnc-disconnected is a finding. */
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout_seconds * G_USEC_PER_SEC;
    guint64 max_iterations = FUZZ_BASE_ITERATIONS + (guint64)FUZZ_ITERATIONS_PER_BYTE * input_size;
    guint64 iterations = 0;
    gboolean released = FALSE;
    while (!s.finalized) {
        if (s.disconnected && !released) {
            if (s.credential_idle)
                g_clear_handle_id(&s.credential_idle, g_source_remove);
            g_object_unref(s.conn);
            released = TRUE;
            continue;
        }
        if (++iterations > max_iterations || g_get_monotonic_time() > deadline)
            fuzz_fail("the session did not end: %" G_GUINT64_FORMAT " main loop "
                      "iterations, %" G_GINT64_FORMAT " ms, %" G_GSIZE_FORMAT
                      " of %u bytes sent, %s", iterations,
                      (g_get_monotonic_time() - deadline) / 1000 + timeout_seconds * 1000,
                      s.server.sent, s.out->len,
                      s.disconnected ? "disconnected but not finalized" : "not disconnected");
        g_main_context_iteration(NULL, TRUE);
    }
    if (!s.disconnected)
        fuzz_fail("the connection was finalized without vnc-disconnected");
    /* Without an error, only the end of the stream (or the embedder) may
     * end a session: stopping early and silently would hide a problem. */
    if (!s.error_seen && !s.shut_down && s.server.sent < s.out->len)
        fuzz_fail("the session ended without vnc-error after %" G_GSIZE_FORMAT
                  " of the server's %u bytes", s.server.sent, s.out->len);

    /* Whatever is still due (nothing of the connection's may be). */
    for (int i = 0; i < 100 && g_main_context_iteration(NULL, FALSE); i++)
        ;
    g_source_remove(tick);
    fuzz_server_stop(&s.server);
    g_array_unref(s.pauses);
    close(fds[1]);
    free_framebuffer(&s);
    g_object_unref(s.audio);
    g_byte_array_unref(s.out);
}
