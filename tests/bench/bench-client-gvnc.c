/*
 * gtk-vnc benchmark: a client of libgvnc-1.0's public API that takes a
 * replayed session as fast as it can
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * It uses nothing but the public API (VncConnection, VncBaseFramebuffer),
 * so the very same source builds against this tree's library and against
 * upstream gtk-vnc's, which makes the comparison one of libraries, not of
 * benchmark programs.
 *
 * Once the connection is initialized it sets the recorded pixel format
 * and encodings and asks for a full update. From then on every client
 * of the comparison must send one request per update, no more: the
 * replay server answers each request with the next frame, so a second
 * request would have that frame on its way before this one is drawn,
 * and the client would wait less than the others. libgvnc-1.0 asks for
 * the next incremental update itself after each update, as libvncclient
 * does, so this client adds nothing of its own. Upstream gtk-vnc 1.3.1
 * does not: with --request-updates (the driver gives it to upstream's
 * build only) the client asks once rectangles have been drawn
 * (vnc-framebuffer-update) and the connection has gone back to waiting
 * for data, in an idle callback. After the desktop changed size it asks
 * for a full update. The replay server closes the
 * connection after the last recorded frame. Should the flow of updates
 * stop anyway (an update that leaves no rectangle to acknowledge), a
 * watchdog asks again after a second and counts it in "stalls=", which
 * the driver reports: a stall costs wall time, never correctness. The clock runs from vnc-initialized to
 * vnc-disconnected: wall time from the monotonic clock, CPU time from
 * getrusage(RUSAGE_SELF), which covers the decoding and the socket
 * reads of this process only.
 *
 * The result is one line on stdout, easy for the driver to parse:
 *   result lib=PATH started=0|1 wall=S cpu=S user=S sys=S faults=N
 *          mpx_per_s=R stalls=N drawn=PIXELS fb=SHA256 fb_size=WxH
 *          [picture=SHA256] error=MESSAGE_WITH_UNDERSCORES
 * where drawn is the area of all rectangles the library reported drawn:
 * equal to the recording's total_pixels when nothing was skipped, and
 * fb the digest of the final picture (bench_framebuffer_result()),
 * taken after the clock stopped, which the driver compares with the
 * other libraries'. --fb-dump also writes that picture to a file.
 * picture= (with --digest-log only) is the same picture as the digest
 * log computes it, so that the driver can check the log ends on it.
 *
 * --digest-log (the driver's untimed exactness pass, bench-picture.h)
 * also logs the picture after every update. The public API has
 * vnc-framebuffer-update for each rectangle and nothing at the end of
 * an update, so the moment is found from how the signals arrive. This
 * tree's library decodes all the rectangles of an update into the
 * framebuffer first and then announces them together, in one dispatch
 * of the main loop (one "hop" from its coroutine), and decodes nothing
 * while the hop lasts: the picture at the hop's first rectangle is
 * already the picture after the whole update, and it is taken there.
 * Not later: when the hop ends the coroutine goes on at once and, with
 * the next frame already in the socket (the server answers the
 * library's own request and ours), decodes the next update within the
 * same dispatch, before any idle callback of ours runs: in this mode
 * the request idle ran once every 7 to 48 updates on the desktop
 * streams. A G_PRIORITY_HIGH idle, which runs before the next hop's
 * announcements, closes the hop and writes its line with the
 * rectangles announced so far; the driver checks that those counts are
 * libvncclient's, update by update, which also proves there was one
 * hop per update (the library would announce an update in two hops if
 * another signal came in its middle: the counts would stop matching).
 * Upstream gtk-vnc 1.3.1 announces every rectangle in a hop of its own,
 * right after decoding it, so there a hop is no update: the driver
 * passes it, with --digest-at, libvncclient's counts of rectangles at
 * the end of each update, and the picture is taken at the rectangle
 * that completes one.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gvnc.h>

#include "bench-picture.h"
#include "bench-util.h"
#include "bench-vnc-format.h"

/* The exactness pass (--digest-log): see the top of the file. */
typedef struct {
    BenchDigestLog *log;
    GArray *at;        /* --digest-at: guint64 rectangle counts, or NULL */
    guint next_at;
    guint64 rects;     /* announced since the session began */
    guint hop_idle;    /* while a hop is open: the idle that closes it */
    char *fields;      /* the picture taken in the open hop */
} BenchDigests;

typedef struct {
    GMainLoop *loop;
    VncConnection *conn;
    BenchPixelFormat recorded; /* the recorded format, for the final picture */
    VncPixelFormat format;
    GArray *encodings;  /* gint32 */
    guint64 pixels;

    guint8 *buffer;
    VncBaseFramebuffer *fb;
    int fb_width, fb_height; /* buffer's, rows packed without padding */

    BenchClock clock;
    guint stalls;
    guint64 drawn; /* area of the rectangles drawn: all of total_pixels if complete */
    gint64 last_activity;
    guint watchdog;
    guint request_idle;
    char *error;
    BenchDigests digests;
} Bench;

static char *opt_host = (char *)"127.0.0.1";
static char *opt_port;
static char *opt_unix;
static char *opt_format_hex;
static char *opt_encodings_hex;
static gint64 opt_pixels;
static int opt_timeout = 600;
static char *opt_fb_dump;
static char *opt_digest_at;
static gboolean opt_request_updates;

static GOptionEntry options[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &opt_host, "server host (127.0.0.1)", "HOST" },
    { "port", 0, 0, G_OPTION_ARG_STRING, &opt_port, "server port", "PORT" },
    { "unix", 0, 0, G_OPTION_ARG_FILENAME, &opt_unix, "server unix socket", "PATH" },
    { "pixel-format", 0, 0, G_OPTION_ARG_STRING, &opt_format_hex,
      "SetPixelFormat message to reproduce (20 bytes, hex)", "HEX" },
    { "encodings", 0, 0, G_OPTION_ARG_STRING, &opt_encodings_hex,
      "SetEncodings message to reproduce (hex)", "HEX" },
    { "pixels", 0, 0, G_OPTION_ARG_INT64, &opt_pixels,
      "pixels in the recording (total_pixels), for megapixels per second", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
      "give up after this many seconds (600)", "S" },
    { "fb-dump", 0, 0, G_OPTION_ARG_FILENAME, &opt_fb_dump,
      "write the final picture's visible pixels to this file (raw)", "PATH" },
    { "request-updates", 0, 0, G_OPTION_ARG_NONE, &opt_request_updates,
      "ask for the next update after drawing, for a library that does not ask "
      "itself (upstream gtk-vnc 1.3.1)", NULL },
    { "digest-at", 0, 0, G_OPTION_ARG_FILENAME, &opt_digest_at,
      "with --digest-log: take the picture only when as many rectangles as a line of this "
      "file says have been announced (for a library that announces each on its own)", "PATH" },
    { NULL }
};

/* The recorded SetPixelFormat and SetEncodings messages, in hex. */
static gboolean
parse_messages(const char *format_hex, const char *encodings_hex, Bench *b)
{
    gsize format_len, encodings_len;
    g_autofree guint8 *format = bench_hex_decode(format_hex, &format_len);
    g_autofree guint8 *encodings = bench_hex_decode(encodings_hex, &encodings_len);

    if (!bench_pixel_format_parse(format, format_len, &b->recorded))
        return FALSE;
    bench_pixel_format_to_vnc(&b->recorded, &b->format);
    b->encodings = bench_encodings_parse(encodings, encodings_len);
    return b->encodings != NULL;
}

/* A framebuffer in exactly the format the server sends, so that the
 * numbers measure decoding, not pixel conversion. */
static void
make_framebuffer(Bench *b, int width, int height)
{
    int stride = width * (b->format.bits_per_pixel / 8);

    g_clear_object(&b->fb);
    g_free(b->buffer);
    b->buffer = g_malloc0((gsize)stride * height);
    b->fb_width = width;
    b->fb_height = height;
    b->fb = vnc_base_framebuffer_new(b->buffer, width, height, stride,
                                     &b->format, &b->format);
    vnc_connection_set_framebuffer(b->conn, VNC_FRAMEBUFFER(b->fb));
}

static void
on_initialized(VncConnection *conn, gpointer opaque)
{
    Bench *b = opaque;
    int width = vnc_connection_get_width(conn);
    int height = vnc_connection_get_height(conn);

    make_framebuffer(b, width, height);
    if (!vnc_connection_set_pixel_format(conn, &b->format) ||
        !vnc_connection_set_encodings(conn, (int)b->encodings->len,
                                      (gint32 *)b->encodings->data)) {
        b->error = g_strdup("cannot send the pixel format or the encodings");
        vnc_connection_shutdown(conn);
        return;
    }
    bench_clock_start(&b->clock);
    b->last_activity = b->clock.wall_start;
    vnc_connection_framebuffer_update_request(conn, FALSE, 0, 0, width, height);
}

/* The replay server offers only None; gtk-vnc 1.x waits for the embedder
 * to pick a type even then. */
static void
on_auth_choose_type(VncConnection *conn, gpointer types, gpointer opaque)
{
    vnc_connection_set_auth_type(conn, VNC_CONNECTION_AUTH_NONE);
}

static gboolean
request_update(gpointer opaque)
{
    Bench *b = opaque;

    b->request_idle = 0;
    b->last_activity = g_get_monotonic_time();
    vnc_connection_framebuffer_update_request(b->conn, TRUE, 0, 0,
                                              vnc_connection_get_width(b->conn),
                                              vnc_connection_get_height(b->conn));
    return G_SOURCE_REMOVE;
}

/* The rectangle counts of --digest-at, one a line, ascending. */
static GArray *
read_digest_at(const char *path)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GError) error = NULL;
    GArray *at = g_array_new(FALSE, FALSE, sizeof(guint64));

    if (!g_file_get_contents(path, &text, NULL, &error)) {
        g_printerr("bench-client: %s\n", error->message);
        g_array_unref(at);
        return NULL;
    }
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        guint64 n;

        if (!*g_strstrip(lines[i]))
            continue;
        if (!g_ascii_string_to_unsigned(lines[i], 10, 1, G_MAXUINT64, &n, NULL) ||
            (at->len && n <= g_array_index(at, guint64, at->len - 1))) {
            g_printerr("bench-client: %s: \"%s\" is not a rectangle count above the "
                       "last one\n", path, lines[i]);
            g_array_unref(at);
            return NULL;
        }
        g_array_append_val(at, n);
    }
    return at;
}

static void
take_picture(Bench *b)
{
    BenchDigests *d = &b->digests;

    g_free(d->fields);
    d->fields = bench_digest_log_take(d->log, b->buffer, (guint)b->fb_width,
                                      (guint)b->fb_height,
                                      (gsize)b->fb_width * (b->format.bits_per_pixel / 8),
                                      &b->recorded);
}

static gboolean
close_hop(gpointer opaque)
{
    Bench *b = opaque;
    BenchDigests *d = &b->digests;

    d->hop_idle = 0;
    if (d->fields)
        bench_digest_log_write(d->log, -1, d->rects, d->fields);
    g_clear_pointer(&d->fields, g_free);
    return G_SOURCE_REMOVE;
}

static void
digest_rectangle(Bench *b)
{
    BenchDigests *d = &b->digests;

    d->rects++;
    if (!d->hop_idle) {
        /* The first rectangle of a hop: the library decodes nothing
         * more until the hop is over. */
        d->hop_idle = g_idle_add_full(G_PRIORITY_HIGH, close_hop, b, NULL);
        if (!d->at)
            take_picture(b);
    }
    if (d->at && d->next_at < d->at->len &&
        d->rects == g_array_index(d->at, guint64, d->next_at)) {
        d->next_at++;
        take_picture(b);
    }
}

static void
on_framebuffer_update(VncConnection *conn, int x, int y, int width, int height,
                      gpointer opaque)
{
    Bench *b = opaque;

    /* As little as libvncclient's client does per rectangle: the clock
     * for the watchdog is read once per update, in request_update(). */
    b->drawn += (guint64)width * height;
    if (b->digests.log)
        digest_rectangle(b);
    /* Runs once the socket has nothing more to read right now. */
    if (opt_request_updates && !b->request_idle)
        b->request_idle = g_idle_add(request_update, b);
}

static void
on_desktop_resize(VncConnection *conn, int width, int height, gpointer opaque)
{
    Bench *b = opaque;

    b->last_activity = g_get_monotonic_time();
    make_framebuffer(b, width, height);
    /* The new area's content is unknown until a full update. */
    vnc_connection_framebuffer_update_request(conn, FALSE, 0, 0, width, height);
}

static gboolean
on_watchdog(gpointer opaque)
{
    Bench *b = opaque;

    if (b->clock.started && g_get_monotonic_time() - b->last_activity > G_USEC_PER_SEC) {
        b->stalls++;
        b->last_activity = g_get_monotonic_time();
        vnc_connection_framebuffer_update_request(b->conn, TRUE, 0, 0,
                                                  vnc_connection_get_width(b->conn),
                                                  vnc_connection_get_height(b->conn));
    }
    return G_SOURCE_CONTINUE;
}

static void
on_error(VncConnection *conn, const char *message, gpointer opaque)
{
    Bench *b = opaque;

    /* The first error is the cause; later ones are consequences. */
    if (!b->error)
        b->error = g_strdup(message);
}

static void
on_disconnected(VncConnection *conn, gpointer opaque)
{
    Bench *b = opaque;

    bench_clock_stop(&b->clock);
    g_main_loop_quit(b->loop);
}

static gboolean
on_timeout(gpointer opaque)
{
    Bench *b = opaque;

    if (!b->error)
        b->error = g_strdup("timed out");
    vnc_connection_shutdown(b->conn);
    return G_SOURCE_REMOVE;
}

/* Which libgvnc-1.0 this process really runs against, so that a table
 * can never credit one library with the other's numbers. */
static const char *
library_path(void)
{
    Dl_info info;

    if (dladdr((void *)vnc_connection_new, &info) && info.dli_fname)
        return info.dli_fname;
    return "unknown";
}

int
main(int argc, char **argv)
{
    GOptionContext *ctx;
    GError *error = NULL;
    Bench b = { 0 };
    gboolean opened, log_written;
    g_autofree char *fb = NULL;

    ctx = g_option_context_new("- time libgvnc-1.0 on a replayed session");
    g_option_context_add_main_entries(ctx, options, NULL);
    g_option_context_add_main_entries(ctx, bench_picture_option_entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        g_printerr("bench-client: %s\n", error->message);
        return 1;
    }
    g_option_context_free(ctx);
    if ((!opt_port && !opt_unix) ||
        !parse_messages(opt_format_hex, opt_encodings_hex, &b)) {
        g_printerr("bench-client: --port or --unix, --pixel-format and --encodings "
                   "(hex SetPixelFormat and SetEncodings messages) are required\n");
        return 1;
    }

    if (opt_digest_at && !(b.digests.at = read_digest_at(opt_digest_at)))
        return 1;
    if (bench_picture_options.log_path &&
        !(b.digests.log = bench_digest_log_open(bench_picture_options.log_path)))
        return 1;

    if (g_getenv("BENCH_GVNC_DEBUG"))
        vnc_util_set_debug(TRUE);
    b.loop = g_main_loop_new(NULL, FALSE);
    b.conn = vnc_connection_new();
    g_signal_connect(b.conn, "vnc-initialized", G_CALLBACK(on_initialized), &b);
    g_signal_connect(b.conn, "vnc-auth-choose-type", G_CALLBACK(on_auth_choose_type), &b);
    g_signal_connect(b.conn, "vnc-framebuffer-update", G_CALLBACK(on_framebuffer_update), &b);
    g_signal_connect(b.conn, "vnc-desktop-resize", G_CALLBACK(on_desktop_resize), &b);
    g_signal_connect(b.conn, "vnc-error", G_CALLBACK(on_error), &b);
    g_signal_connect(b.conn, "vnc-disconnected", G_CALLBACK(on_disconnected), &b);

    if (opt_unix) {
        GSocketAddress *addr = g_unix_socket_address_new(opt_unix);
        opened = vnc_connection_open_addr(b.conn, addr, NULL);
        g_object_unref(addr);
    } else {
        opened = vnc_connection_open_host(b.conn, opt_host, opt_port);
    }
    if (!opened) {
        g_printerr("bench-client: cannot start the connection\n");
        return 1;
    }
    g_timeout_add_seconds(opt_timeout, on_timeout, &b);
    /* Rare enough (4 wakeups a second) not to show in the CPU time. */
    b.watchdog = g_timeout_add(250, on_watchdog, &b);
    g_main_loop_run(b.loop);

    /* The session may end inside a hop. */
    if (b.digests.hop_idle) {
        g_source_remove(b.digests.hop_idle);
        close_hop(&b);
    }

    /* The clock has stopped (vnc-disconnected): reading the whole
     * picture costs nothing that is measured. */
    fb = bench_framebuffer_result(b.buffer, (guint)b.fb_width, (guint)b.fb_height,
                                  (gsize)b.fb_width * (b.format.bits_per_pixel / 8),
                                  &b.recorded, opt_fb_dump);
    if (b.digests.log) {
        g_autofree char *final = bench_digest_log_final(
            b.digests.log, b.buffer, (guint)b.fb_width, (guint)b.fb_height,
            (gsize)b.fb_width * (b.format.bits_per_pixel / 8), &b.recorded);
        char *both = g_strconcat(fb, " ", final, NULL);

        g_free(fb);
        fb = both;
    }
    log_written = bench_digest_log_close(g_steal_pointer(&b.digests.log));
    if (!log_written && !b.error)
        b.error = g_strdup("cannot write the digest log");
    bench_print_result(library_path(), &b.clock, opt_pixels, b.stalls, b.drawn, fb,
                       b.error);

    g_source_remove(b.watchdog);
    if (b.request_idle)
        g_source_remove(b.request_idle);
    g_object_unref(b.conn);
    g_clear_object(&b.fb);
    g_free(b.buffer);
    g_clear_pointer(&b.encodings, g_array_unref);
    g_clear_pointer(&b.digests.at, g_array_unref);
    g_free(b.error);
    g_main_loop_unref(b.loop);
    if (!b.clock.started)
        return 2;
    return log_written ? 0 : 1;
}
