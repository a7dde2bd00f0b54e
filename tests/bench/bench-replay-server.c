/*
 * gtk-vnc benchmark: replays one recorded RFB session (.rfbrec) to one client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The server side of `make bench`. It loads the whole recording into
 * memory before it listens, so that neither the disk nor this process's
 * parsing shows up in the client's timings, plays the handshake (the
 * version asked for, security None, a ServerInit built from the
 * recording's header), and then answers every FramebufferUpdateRequest
 * with the next recorded frame, byte for byte. The replay is complete
 * when the client asks for an update after the last frame: the server
 * then closes the connection, which is how the client learns that the
 * stream is over.
 *
 * The recorded frames are only valid for a client that uses the pixel
 * format and offers the encodings of the recording, so both are checked
 * at every update request; a mismatch ends the replay with an error
 * rather than feeding the client bytes it did not ask for.
 *
 * Exit status: 0 replay complete, 1 bad arguments or recording,
 * 2 protocol error or mismatch, 3 client went away before the end.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "bench-util.h"

#define EXIT_REPLAY_OK 0
#define EXIT_SETUP 1
#define EXIT_PROTOCOL 2
#define EXIT_EARLY_CLOSE 3

/* RFB client-to-server message types (RFC 6143 section 7.5 and the
 * community extensions a client may send). */
enum {
    MSG_SET_PIXEL_FORMAT = 0,
    MSG_SET_ENCODINGS = 2,
    MSG_FB_UPDATE_REQUEST = 3,
    MSG_KEY_EVENT = 4,
    MSG_POINTER_EVENT = 5,
    MSG_CLIENT_CUT_TEXT = 6,
    MSG_ENABLE_CONTINUOUS_UPDATES = 150,
    MSG_CLIENT_FENCE = 248,
    MSG_XVP = 250,
    MSG_SET_DESKTOP_SIZE = 251,
    MSG_QEMU = 255,
};

#define PIXEL_FORMAT_LEN 16
/* The bytes of a pixel format that carry meaning; the last three are padding. */
#define PIXEL_FORMAT_SIGNIFICANT 13
/* More encodings than any client offers; a larger count is a broken client. */
#define MAX_ENCODINGS 1024
/* ClientCutText larger than this is not something a benchmark client sends. */
#define MAX_CUT_TEXT (16 * 1024 * 1024)

typedef struct {
    int fd;
    guint8 buf[64 * 1024];
    gsize start;
    gsize end;
    int timeout_ms;
    gsize skip; /* bytes of a long ClientCutText still to discard */
} Reader;

/* What the client has told the server so far. */
typedef struct {
    guint8 format[PIXEL_FORMAT_LEN];
    GArray *encodings; /* gint32; NULL until SetEncodings */
    guint credits;     /* update requests not answered yet */
    guint requests;
} ClientState;

/* Options */
static char *opt_version = (char *)"3.8";
static char *opt_port_file;
static char *opt_unix_path;
static int opt_width;
static int opt_height;
static char *opt_name = (char *)"replay";
static char *opt_server_format;
static char *opt_client_format;
static char *opt_client_encodings;
static int opt_timeout = 60;
static gboolean opt_verbose;

static GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &opt_version,
      "RFB version the server announces: 3.3, 3.7 or 3.8 (default 3.8)", "V" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_port_file,
      "listen on 127.0.0.1, an ephemeral port, and write the port number to FILE", "FILE" },
    { "unix", 0, 0, G_OPTION_ARG_FILENAME, &opt_unix_path,
      "listen on this unix socket instead of TCP", "PATH" },
    { "width", 0, 0, G_OPTION_ARG_INT, &opt_width, "framebuffer width for ServerInit", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &opt_height, "framebuffer height for ServerInit", "H" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, "desktop name for ServerInit", "NAME" },
    { "server-format", 0, 0, G_OPTION_ARG_STRING, &opt_server_format,
      "the server's pixel format for ServerInit (16 bytes, hex)", "HEX" },
    { "client-format", 0, 0, G_OPTION_ARG_STRING, &opt_client_format,
      "the recorded SetPixelFormat message (20 bytes, hex)", "HEX" },
    { "client-encodings", 0, 0, G_OPTION_ARG_STRING, &opt_client_encodings,
      "the recorded SetEncodings message (hex)", "HEX" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
      "give up when the client is silent this many seconds (default 60)", "S" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "say what happens", NULL },
    { NULL }
};

static void G_GNUC_PRINTF(1, 2)
say(const char *fmt, ...)
{
    va_list ap;

    if (!opt_verbose)
        return;
    va_start(ap, fmt);
    fputs("replay: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static GBytes *
parse_hex(const char *what, const char *hex, GError **error)
{
    gsize len;
    guint8 *bytes = bench_hex_decode(hex, &len);

    if (!bytes) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--%s needs a message in hex (an even number of hex digits)", what);
        return NULL;
    }
    return g_bytes_new_take(bytes, len);
}

static gboolean
wait_fd(int fd, short events, int timeout_ms)
{
    struct pollfd p = { .fd = fd, .events = events };
    int r;

    do {
        r = poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    return r > 0;
}

static gboolean
send_all(int fd, const guint8 *data, gsize len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            /* The client went away (it may have stopped on a decoding
             * error): the caller reports how far the replay got. */
            say("send failed: %s", g_strerror(errno));
            return FALSE;
        }
        data += n;
        len -= (gsize)n;
    }
    return TRUE;
}

/* Makes at least @n bytes available at r->buf + r->start. */
static gboolean
reader_need(Reader *r, gsize n, const char **why)
{
    g_assert(n <= sizeof(r->buf));

    if (r->end - r->start >= n)
        return TRUE;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    while (r->end < n) {
        ssize_t got;
        if (!wait_fd(r->fd, POLLIN, r->timeout_ms)) {
            *why = "timed out waiting for the client";
            return FALSE;
        }
        got = recv(r->fd, r->buf + r->end, sizeof(r->buf) - r->end, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            *why = got == 0 ? "the client closed the connection" : g_strerror(errno);
            return FALSE;
        }
        r->end += (gsize)got;
    }
    return TRUE;
}

static int
listen_socket(GError **error)
{
    int fd;

    if (opt_unix_path) {
        struct sockaddr_un sun = { .sun_family = AF_UNIX };
        if (strlen(opt_unix_path) >= sizeof(sun.sun_path)) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
                        "unix socket path too long");
            return -1;
        }
        strcpy(sun.sun_path, opt_unix_path);
        g_unlink(opt_unix_path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
            listen(fd, 1) < 0)
            goto fail;
    } else {
        struct sockaddr_in sin = { .sin_family = AF_INET };
        socklen_t len = sizeof(sin);
        char *port;

        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
            listen(fd, 1) < 0 ||
            getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
            goto fail;
        port = g_strdup_printf("%u\n", ntohs(sin.sin_port));
        if (opt_port_file) {
            /* Written whole under another name and renamed, so a driver
             * polling for the file never reads half a number. */
            char *tmp = g_strconcat(opt_port_file, ".tmp", NULL);
            gboolean ok = g_file_set_contents(tmp, port, -1, error) &&
                g_rename(tmp, opt_port_file) == 0;
            g_free(tmp);
            if (!ok) {
                g_free(port);
                close(fd);
                if (error && !*error)
                    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                                "cannot write %s", opt_port_file);
                return -1;
            }
        } else {
            fputs(port, stdout);
            fflush(stdout);
        }
        g_free(port);
    }
    return fd;

 fail:
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot listen: %s", g_strerror(errno));
    if (fd >= 0)
        close(fd);
    return -1;
}

/* The minor version both sides speak, from the client's ProtocolVersion
 * (section 7.1.1): odd minors below 7 mean 3.3, above 8 mean 3.8. */
static int
agree_version(const guint8 *msg, int server_minor)
{
    unsigned major, minor;
    char text[13];

    memcpy(text, msg, 12);
    text[12] = '\0';
    if (sscanf(text, "RFB %3u.%3u\n", &major, &minor) != 2 || major != 3)
        return -1;
    if (minor >= 8)
        minor = 8;
    else if (minor != 7)
        minor = 3;
    return MIN((int)minor, server_minor);
}

static const char *
handshake(int fd, Reader *r, int server_minor, const guint8 *server_format)
{
    char version[13];
    const char *why = NULL;
    int minor;
    guint8 init[24];
    gsize name_len = strlen(opt_name);

    g_snprintf(version, sizeof(version), "RFB 003.%03d\n", server_minor);
    if (!send_all(fd, (const guint8 *)version, 12))
        return "cannot send the protocol version";
    if (!reader_need(r, 12, &why))
        return why;
    minor = agree_version(r->buf + r->start, server_minor);
    if (minor < 0)
        return "the client's ProtocolVersion is not RFB 3.x";
    r->start += 12;
    say("client speaks 3.%d", minor);

    if (minor == 3) {
        guint8 none[4];
        bench_put_be32(none, 1);
        if (!send_all(fd, none, 4))
            return "cannot send the security type";
    } else {
        static const guint8 offer[2] = { 1, 1 }; /* one type: None */
        if (!send_all(fd, offer, 2))
            return "cannot send the security types";
        if (!reader_need(r, 1, &why))
            return why;
        if (r->buf[r->start] != 1)
            return "the client chose a security type other than None";
        r->start++;
        if (minor == 8) {
            static const guint8 ok[4] = { 0, 0, 0, 0 };
            if (!send_all(fd, ok, 4))
                return "cannot send the security result";
        }
    }

    if (!reader_need(r, 1, &why)) /* ClientInit: the shared flag */
        return why;
    r->start++;

    bench_put_be16(init, (guint16)opt_width);
    bench_put_be16(init + 2, (guint16)opt_height);
    memcpy(init + 4, server_format, PIXEL_FORMAT_LEN);
    bench_put_be32(init + 20, (guint32)name_len);
    if (!send_all(fd, init, sizeof(init)) ||
        !send_all(fd, (const guint8 *)opt_name, name_len))
        return "cannot send ServerInit";
    return NULL;
}

/* The recorded bytes suit only a client in the recorded pixel format
 * that offered (at least) the recorded encodings. */
static const char *
check_client(const ClientState *c, GBytes *client_format, GArray *needed)
{
    const guint8 *want = (const guint8 *)g_bytes_get_data(client_format, NULL) + 4;
    GString *missing;
    guint i, j;

    if (memcmp(c->format, want, PIXEL_FORMAT_SIGNIFICANT) != 0)
        return "the client's pixel format is not the recorded one";
    missing = g_string_new(NULL);
    for (i = 0; i < needed->len; i++) {
        gint32 e = g_array_index(needed, gint32, i);
        for (j = 0; c->encodings && j < c->encodings->len; j++)
            if (g_array_index(c->encodings, gint32, j) == e)
                break;
        if (!c->encodings || j == c->encodings->len)
            g_string_append_printf(missing, " %d", e);
    }
    if (missing->len > 0) {
        g_string_append(missing, " (offered:");
        for (j = 0; c->encodings && j < c->encodings->len; j++)
            g_string_append_printf(missing, " %d", g_array_index(c->encodings, gint32, j));
        g_string_append(missing, ")");
        g_printerr("replay: recorded encodings the client did not offer:%s\n", missing->str);
        g_string_free(missing, TRUE);
        return "the client's encodings do not cover the recording";
    }
    g_string_free(missing, TRUE);
    return NULL;
}

/* TRUE if the frame's FramebufferUpdate has no rectangles. A frame
 * this cannot read counts as not empty: it goes out as recorded, and
 * the client says what is wrong with it. */
static gboolean
frame_is_empty(const BenchSpan *f)
{
    gsize update;

    /* FramebufferUpdate: type, padding, u16 count. */
    if (!bench_frame_find_update(f->data, f->len, &update, NULL) || f->len - update < 4)
        return FALSE;
    return bench_get_be16(f->data + update + 2) == 0;
}

/*
 * Consumes every complete client message in the buffer (RFC 6143 7.5 and
 * the extensions clients send). A message whose length cannot be known
 * ends the replay: guessing would misread everything after it.
 */
static gboolean
parse_client_messages(Reader *r, ClientState *c, const char **why)
{
    for (;;) {
        const guint8 *m = r->buf + r->start;
        gsize avail = r->end - r->start;
        gsize len;

        if (r->skip > 0) {
            gsize n = MIN(r->skip, avail);
            r->start += n;
            r->skip -= n;
            if (r->skip > 0)
                break;
            continue;
        }
        if (avail < 1)
            break;

        switch (m[0]) {
        case MSG_SET_PIXEL_FORMAT:
            len = 20;
            if (avail >= len) {
                memcpy(c->format, m + 4, PIXEL_FORMAT_LEN);
                say("SetPixelFormat");
            }
            break;

        case MSG_SET_ENCODINGS:
            if (avail < 4) {
                len = 4;
                break;
            }
            if (bench_get_be16(m + 2) > MAX_ENCODINGS) {
                *why = "SetEncodings lists more encodings than any client has";
                return FALSE;
            }
            len = 4 + 4 * (gsize)bench_get_be16(m + 2);
            if (avail >= len) {
                if (c->encodings)
                    g_array_unref(c->encodings);
                /* Never NULL: the type and the length are right. */
                c->encodings = bench_encodings_parse(m, len);
                say("SetEncodings with %u encodings", c->encodings->len);
            }
            break;

        case MSG_FB_UPDATE_REQUEST:
            len = 10;
            if (avail >= len) {
                c->credits++;
                c->requests++;
            }
            break;

        case MSG_KEY_EVENT:
            len = 8;
            break;

        case MSG_POINTER_EVENT:
            len = 6;
            break;

        case MSG_CLIENT_CUT_TEXT:
            len = 8;
            if (avail >= len) {
                /* A negative length is the extended clipboard's: |len| bytes. */
                gint32 text = (gint32)bench_get_be32(m + 4);
                r->skip = text < 0 ? (gsize)(-(gint64)text) : (gsize)text;
                if (r->skip > MAX_CUT_TEXT) {
                    *why = "ClientCutText is implausibly large";
                    return FALSE;
                }
            }
            break;

        case MSG_ENABLE_CONTINUOUS_UPDATES:
            /* Ignored: the recorded frames answer requests one by one. */
            len = 10;
            break;

        case MSG_CLIENT_FENCE:
            len = avail >= 9 ? 9 + (gsize)m[8] : 9;
            break;

        case MSG_XVP:
            len = 4;
            break;

        case MSG_SET_DESKTOP_SIZE:
            len = avail >= 8 ? 8 + 16 * (gsize)m[6] : 8;
            break;

        case MSG_QEMU:
            /* Subtype 0: extended key event (12 bytes); subtype 1: audio,
             * whose operation 2 (set format) carries 6 more bytes. */
            if (avail < 4) {
                len = 4;
                break;
            }
            if (m[1] == 0)
                len = 12;
            else if (m[1] == 1)
                len = bench_get_be16(m + 2) == 2 ? 10 : 4;
            else {
                *why = "unknown QEMU client message subtype";
                return FALSE;
            }
            break;

        default:
            g_printerr("replay: unknown client message type %u\n", m[0]);
            *why = "the client sent a message this server does not know";
            return FALSE;
        }

        if (avail < len)
            break;
        r->start += len;
    }

    /* Keep the partial message at the front, so the buffer never fills
     * with messages already consumed. */
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    return TRUE;
}

/* After the last frame: the client must see all of it, then the end. A
 * plain close() with the client's last request still unread would send a
 * reset, which may discard data the client has not read yet; so the
 * server shuts its side and waits for the client to close. */
static void
close_gracefully(int fd, int timeout_ms)
{
    guint8 scratch[4096];

    shutdown(fd, SHUT_WR);
    for (;;) {
        ssize_t n;
        if (!wait_fd(fd, POLLIN, timeout_ms))
            break;
        n = recv(fd, scratch, sizeof(scratch), 0);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            break;
    }
}

int
main(int argc, char **argv)
{
    /* What setup makes lives to the end of main(), whichever way out. */
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) server_format = NULL;
    g_autoptr(GBytes) client_format = NULL;
    g_autoptr(GBytes) client_encodings = NULL;
    g_autoptr(GArray) needed_encodings = NULL;
    g_auto(BenchRecordingFrames) rec = { 0 };
    g_autofree gchar *data = NULL;
    GArray *frames;
    gsize size = 0;
    int listen_fd, fd, server_minor, status = EXIT_PROTOCOL;
    ClientState client = { { 0 } };
    Reader *r;
    const char *why = NULL;
    guint queued = 0;   /* frames handed to the send queue */
    guint sending = 0;  /* frame being sent; == queued when idle */
    gsize sent_in_frame = 0;
    gboolean finished = FALSE;
    guint64 sent = 0;

    ctx = g_option_context_new("RECORDING - replay a recorded RFB session to one client");
    g_option_context_add_main_entries(ctx, options, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2) {
        g_printerr("replay: %s\n", error ? error->message : "one recording file expected");
        return EXIT_SETUP;
    }

    if (g_str_equal(opt_version, "3.3"))
        server_minor = 3;
    else if (g_str_equal(opt_version, "3.7"))
        server_minor = 7;
    else if (g_str_equal(opt_version, "3.8"))
        server_minor = 8;
    else {
        g_printerr("replay: --version must be 3.3, 3.7 or 3.8\n");
        return EXIT_SETUP;
    }
    if (opt_width <= 0 || opt_width > 65535 || opt_height <= 0 || opt_height > 65535) {
        g_printerr("replay: --width and --height must be 1..65535\n");
        return EXIT_SETUP;
    }
    if (!(server_format = parse_hex("server-format", opt_server_format, &error)) ||
        !(client_format = parse_hex("client-format", opt_client_format, &error)) ||
        !(client_encodings = parse_hex("client-encodings", opt_client_encodings, &error))) {
        g_printerr("replay: %s\n", error->message);
        return EXIT_SETUP;
    }
    if (g_bytes_get_size(server_format) != PIXEL_FORMAT_LEN ||
        g_bytes_get_size(client_format) != 4 + PIXEL_FORMAT_LEN) {
        g_printerr("replay: --server-format must be 16 bytes and --client-format 20\n");
        return EXIT_SETUP;
    }
    needed_encodings = bench_encodings_parse(g_bytes_get_data(client_encodings, NULL),
                                             g_bytes_get_size(client_encodings));
    if (!needed_encodings) {
        g_printerr("replay: --client-encodings is not a SetEncodings message\n");
        return EXIT_SETUP;
    }

    /* Everything is in memory before the client can connect. */
    if (!g_file_get_contents(argv[1], &data, &size, &error) ||
        !bench_recording_frames_split((const guint8 *)data, size, &rec, &error)) {
        g_printerr("replay: %s: %s\n", argv[1], error->message);
        return EXIT_SETUP;
    }
    if (rec.trailing > 0)
        g_printerr("replay: warning: %" G_GSIZE_FORMAT " bytes after the last frame ignored\n",
                   rec.trailing);
    frames = rec.frames;
    say("%u frames, %" G_GSIZE_FORMAT " bytes", frames->len, size);

    listen_fd = listen_socket(&error);
    if (listen_fd < 0) {
        g_printerr("replay: %s\n", error->message);
        return EXIT_SETUP;
    }
    if (!wait_fd(listen_fd, POLLIN, opt_timeout * 1000)) {
        g_printerr("replay: no client connected within %d s\n", opt_timeout);
        return EXIT_PROTOCOL;
    }
    fd = accept(listen_fd, NULL, NULL);
    close(listen_fd);
    if (opt_unix_path)
        g_unlink(opt_unix_path);
    if (fd < 0) {
        g_printerr("replay: accept: %s\n", g_strerror(errno));
        return EXIT_PROTOCOL;
    }
    if (!opt_unix_path) {
        /* Frames go out in bursts; Nagle would hold the tail of each
         * until the client acknowledges the rest. */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }

    r = g_new0(Reader, 1);
    r->fd = fd;
    r->timeout_ms = opt_timeout * 1000;

    if ((why = handshake(fd, r, server_minor, g_bytes_get_data(server_format, NULL))))
        goto out;
    /* Until the client says otherwise it gets the server's own format. */
    memcpy(client.format, g_bytes_get_data(server_format, NULL), PIXEL_FORMAT_LEN);
    if (!g_unix_set_fd_nonblocking(fd, TRUE, &error)) {
        why = error->message;
        goto out;
    }
    /* The handshake may have read the first messages already. */
    if (!parse_client_messages(r, &client, &why))
        goto out;

    /*
     * From here on the server reads and writes at the same time: a client
     * may send several requests while a large frame is still going out
     * (gtk-vnc's widget asks again after every rectangle it draws), and a
     * server that only wrote would leave such a client blocked on its own
     * writes. Each request is a credit for one frame.
     */
    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int ready;

        while (client.credits > 0 && !finished) {
            client.credits--;
            if (queued == frames->len) {
                /* A request after the last frame: the end of the replay. */
                finished = TRUE;
                break;
            }
            if ((why = check_client(&client, client_format, needed_encodings)))
                goto out;
            /* An update without rectangles gives the client nothing to
             * acknowledge, so a client that asks again only as it draws
             * would wait for ever: the next frame goes out with it. */
            do {
                queued++;
            } while (queued < frames->len &&
                     frame_is_empty(&g_array_index(frames, BenchSpan, queued - 1)));
        }
        if (finished && sending == queued) {
            status = EXIT_REPLAY_OK;
            close_gracefully(fd, r->timeout_ms);
            goto out;
        }
        if (sending < queued)
            p.events |= POLLOUT;

        do {
            ready = poll(&p, 1, r->timeout_ms);
        } while (ready < 0 && errno == EINTR);
        if (ready <= 0) {
            why = "timed out waiting for the client";
            goto out;
        }

        if (p.revents & POLLOUT) {
            const BenchSpan *f = &g_array_index(frames, BenchSpan, sending);
            ssize_t n = send(fd, f->data + sent_in_frame, f->len - sent_in_frame,
                             MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                why = "the client stopped reading";
                goto out;
            }
            if (n > 0) {
                sent_in_frame += (gsize)n;
                sent += (guint64)n;
            }
            if (sent_in_frame == f->len) {
                sending++;
                sent_in_frame = 0;
            }
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t got;
            got = recv(fd, r->buf + r->end, sizeof(r->buf) - r->end, 0);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                why = "the client closed the connection";
                goto out;
            }
            if (got > 0)
                r->end += (gsize)got;
            if (!parse_client_messages(r, &client, &why))
                goto out;
            if (r->end == sizeof(r->buf)) {
                why = "a client message does not fit the input buffer";
                goto out;
            }
        }
    }

 out:
    if (status != EXIT_REPLAY_OK) {
        if (why && sending < frames->len &&
            (g_str_equal(why, "the client closed the connection") ||
             g_str_equal(why, "the client stopped reading")))
            status = EXIT_EARLY_CLOSE;
        g_printerr("replay: %s (after %u of %u frames)\n",
                   why ? why : "replay failed", sending, frames->len);
    }
    say("%u requests, %u frames, %" G_GUINT64_FORMAT " bytes sent",
        client.requests, sending, sent);
    close(fd);
    g_free(r);
    if (client.encodings)
        g_array_unref(client.encodings);
    return status;
}
