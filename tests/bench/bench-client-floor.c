/*
 * gtk-vnc benchmark: the transport floor (a client that decodes nothing)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How much CPU time does it take just to receive a replayed session over
 * loopback TCP? No client can be cheaper than that, whatever it does
 * with the bytes, so the bench adds it to zlib's inflate time to give
 * the least a ZRLE or Tight decoder could possibly need.
 *
 * This client does the RFB 3.8 handshake (security None), ClientInit,
 * reads ServerInit, sends the recorded SetPixelFormat and SetEncodings
 * messages like the other bench clients, then starts the clock and
 * reads every byte the server sends into one reused 64 KiB buffer until
 * the server closes the connection. It parses none of them, and it
 * touches no framebuffer: what it measures is the transport alone.
 *
 * To know where an update ends it would have to decode it; instead it
 * relies on how bench-replay-server works: every FramebufferUpdateRequest
 * is a credit for the next recorded frame, requests need not wait for
 * the previous answer (the server reads while it writes), and a request
 * past the last frame makes the server send the rest and close. So the
 * client sends a batch of requests at once, more than any recording has
 * frames, and another, twice as large, only if the server goes quiet for
 * REQUEST_PATIENCE_MS (a recording longer than the batch; the wait is
 * wall time, not CPU time). Surplus requests are read and ignored by the
 * server once the replay is over.
 *
 * The result line has the other clients' fields. drawn= is 0, since
 * nothing is drawn; the driver does not ask this client for drawn
 * pixels but checks bytes=, the count received after ServerInit, against
 * the recording's frames.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <glib.h>

#include "bench-util.h"

/* The first batch of update requests: the recordings have at most a few
 * hundred frames. 10 bytes each, one send(). */
#define FIRST_REQUEST_BATCH 1024
/* A recording with more frames than requested so far: the server goes
 * quiet, and after this long the client asks for more. */
#define REQUEST_PATIENCE_MS 50
/* Gives up on a server silent for this long (as the other clients do). */
#define SILENCE_LIMIT_S 60
#define RECEIVE_BUFFER (64 * 1024)
/* Batches grow no larger than this (160 KiB of requests). */
#define MAX_REQUEST_BATCH 16384

/* Reads exactly @len bytes (the handshake only); FALSE on error or EOF. */
static gboolean
read_exact(int fd, void *buf, gsize len, const char **why)
{
    guint8 *p = buf;

    while (len > 0) {
        ssize_t n = recv(fd, p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *why = n == 0 ? "the server closed the connection during the handshake"
                          : "cannot read from the server";
            return FALSE;
        }
        p += n;
        len -= (gsize)n;
    }
    return TRUE;
}

static gboolean
write_all(int fd, const void *buf, gsize len)
{
    const guint8 *p = buf;

    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return FALSE;
        p += n;
        len -= (gsize)n;
    }
    return TRUE;
}

/* RFB 3.8, security None, ClientInit (shared), ServerInit read and
 * discarded; returns the framebuffer size for the update requests. */
static const char *
handshake(int fd, guint16 *width, guint16 *height)
{
    guint8 buf[256];
    const char *why = NULL;
    guint32 count, name_len;

    if (!read_exact(fd, buf, 12, &why))
        return why;
    if (memcmp(buf, "RFB 003.008\n", 12) != 0)
        return "the server does not offer RFB 3.8, the only version this client speaks";
    if (!write_all(fd, "RFB 003.008\n", 12))
        return "cannot send the protocol version";
    if (!read_exact(fd, buf, 1, &why))
        return why;
    count = buf[0];
    if (count == 0)
        return "the server refused the connection";
    if (!read_exact(fd, buf, count, &why))
        return why;
    if (!memchr(buf, 1, count))
        return "the server does not offer security type None";
    buf[0] = 1;
    if (!write_all(fd, buf, 1) || !read_exact(fd, buf, 4, &why))
        return why ? why : "cannot choose security type None";
    if (bench_get_be32(buf) != 0)
        return "the server failed the security handshake";
    buf[0] = 1; /* ClientInit: shared */
    if (!write_all(fd, buf, 1) || !read_exact(fd, buf, 24, &why))
        return why ? why : "cannot send ClientInit";
    *width = bench_get_be16(buf);
    *height = bench_get_be16(buf + 2);
    name_len = bench_get_be32(buf + 20);
    while (name_len > 0) {
        guint32 n = MIN(name_len, sizeof(buf));
        if (!read_exact(fd, buf, n, &why))
            return why;
        name_len -= n;
    }
    return NULL;
}

/* @count FramebufferUpdateRequests of the whole screen in one send();
 * the first of the session asks for a full update, as clients do. */
static gboolean
send_requests(int fd, guint count, gboolean first, guint16 width, guint16 height)
{
    guint8 *msgs = g_malloc((gsize)count * 10);
    gboolean ok;
    guint i;

    for (i = 0; i < count; i++) {
        guint8 *m = msgs + (gsize)i * 10;
        m[0] = 3;
        m[1] = first && i == 0 ? 0 : 1;
        m[2] = m[3] = m[4] = m[5] = 0;
        bench_put_be16(m + 6, width);
        bench_put_be16(m + 8, height);
    }
    ok = write_all(fd, msgs, (gsize)count * 10);
    g_free(msgs);
    return ok;
}

int
main(int argc, char **argv)
{
    const BenchTcpOptions *opt = &bench_tcp_options;
    struct sockaddr_in sin = { .sin_family = AF_INET };
    struct timeval patience = { 0, REQUEST_PATIENCE_MS * 1000 };
    g_autofree guint8 *format = NULL;
    g_autofree guint8 *encodings = NULL;
    gsize format_len, encodings_len;
    BenchPixelFormat parsed_format;
    g_autoptr(GArray) parsed_encodings = NULL;
    static guint8 buf[RECEIVE_BUFFER];
    const char *why = NULL;
    guint16 width = 0, height = 0;
    guint batch = FIRST_REQUEST_BATCH;
    guint64 received = 0;
    gint64 quiet_since = 0;
    BenchClock clock = { 0 };
    g_autofree char *bytes = NULL;
    int fd;

    if (!bench_tcp_options_parse(&argc, &argv, "bench-client-floor",
                                 "- receive a replayed session and decode nothing", NULL))
        return 1;
    /* Sent as they are; parsed only to check that they are whole messages. */
    format = bench_hex_decode(opt->format_hex, &format_len);
    encodings = bench_hex_decode(opt->encodings_hex, &encodings_len);
    parsed_encodings = bench_encodings_parse(encodings, encodings_len);
    if (!opt->port || opt->port > 65535 ||
        !bench_pixel_format_parse(format, format_len, &parsed_format) || !parsed_encodings) {
        g_printerr("bench-client-floor: --port, --pixel-format and --encodings "
                   "(hex SetPixelFormat and SetEncodings messages) are required\n");
        return 1;
    }
    if (inet_pton(AF_INET, opt->host, &sin.sin_addr) != 1) {
        g_printerr("bench-client-floor: --host must be an IPv4 address\n");
        return 1;
    }
    sin.sin_port = htons((guint16)opt->port);

    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
        g_printerr("bench-client-floor: cannot connect: %s\n", g_strerror(errno));
        return 2;
    }
    {
        /* The requests go out at once, not held back by Nagle until
         * the server acknowledges SetEncodings (a delayed ACK, 40 ms). */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    if ((why = handshake(fd, &width, &height)))
        goto out;
    if (!write_all(fd, format, format_len) || !write_all(fd, encodings, encodings_len)) {
        why = "cannot send SetPixelFormat and SetEncodings";
        goto out;
    }
    /* A blocking recv() that gives up after the patience: the only sign
     * a client that does not parse has that the server wants requests. */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof(patience));

    /* The buffer's pages exist before the clock starts, as a real
     * client's input buffer would after the handshake. */
    memset(buf, 0, sizeof(buf));

    /* The clock starts where the other clients' does: session set up,
     * before the first update is asked for. */
    bench_clock_start(&clock);

    if (!send_requests(fd, batch, TRUE, width, height)) {
        why = "cannot send update requests";
        goto stop;
    }
    for (;;) {
        /* MSG_WAITALL: one system call per full buffer, not one per
         * segment that happens to have arrived (desktop-raw: about 8 ms
         * against 12 ms of CPU). It still returns what has come when
         * the patience runs out or the server closes. */
        ssize_t n = recv(fd, buf, sizeof(buf), MSG_WAITALL);
        if (n > 0) {
            received += (guint64)n;
            quiet_since = 0;
            continue;
        }
        if (n == 0)
            break; /* the server closed: the replay is complete */
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            why = "cannot read from the server";
            break;
        }
        if (!quiet_since)
            quiet_since = g_get_monotonic_time();
        else if (g_get_monotonic_time() - quiet_since > SILENCE_LIMIT_S * G_USEC_PER_SEC) {
            why = "timed out";
            break;
        }
        batch = MIN(batch * 2, MAX_REQUEST_BATCH);
        if (!send_requests(fd, batch, FALSE, width, height)) {
            why = "cannot send update requests";
            break;
        }
    }

 stop:
    bench_clock_stop(&clock);
 out:
    /* drawn=0: nothing is drawn; bench.py checks bytes= instead. */
    bytes = g_strdup_printf("bytes=%" G_GUINT64_FORMAT, received);
    bench_print_result("transport-floor", &clock, opt->pixels, 0, 0, bytes, why);
    close(fd);
    return why ? 2 : 0;
}
