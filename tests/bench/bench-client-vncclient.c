/*
 * gtk-vnc benchmark: the libvncclient baseline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Takes the same replayed session as bench-client-gvnc, through
 * libvncserver's client library, with the same pixel format and the
 * recorded encodings, and prints the same result line. libvncclient
 * asks for the next incremental update by itself after each update; it
 * adds a few pseudo-encodings of its own to the recorded list, which
 * the replay never uses. The clock runs from the end of rfbInitClient()
 * (handshake done, first update requested) until the server closes.
 * Then, untimed, the digest of its final picture (fb=, fb_size=), which
 * the driver compares with gtk-vnc's.
 *
 * With --digest-log (the driver's untimed exactness pass) it also writes
 * the digest of the picture after every update that drew a rectangle
 * (bench-picture.h), from libvncclient's FinishedFrameBufferUpdate
 * callback, which runs once per FramebufferUpdate message after all its
 * rectangles, empty updates included: those are counted (frame=) but
 * not logged, since gtk-vnc's API cannot show them. The result line
 * then also has picture=, the final picture as the log computes it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <rfb/rfbclient.h>

#include "bench-picture.h"
#include "bench-util.h"

static guint64 drawn;
/* The exactness pass: updates seen, rectangles drawn, in all and in the
 * current update. */
static BenchDigestLog *digest_log;
static gint64 updates;
static guint64 rects, update_rects;
static BenchPixelFormat recorded_format;
static char *last_error;

static void
quiet_log(const char *format, ...)
{
}

/* libvncclient reports why it stopped only through its log. */
static void
keep_error(const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    g_free(last_error);
    last_error = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_strstrip(last_error);
}

static void
got_update(rfbClient *client, int x, int y, int w, int h)
{
    drawn += (guint64)w * h;
    rects++;
    update_rects++;
}

static void
finished_update(rfbClient *client)
{
    g_autofree char *fields = NULL;

    updates++;
    if (!update_rects)
        return;
    update_rects = 0;
    /* No row padding, in the format it asked for. */
    fields = bench_digest_log_take(digest_log, (const guint8 *)client->frameBuffer,
                                   (guint)client->width, (guint)client->height,
                                   (gsize)client->width * (client->format.bitsPerPixel / 8),
                                   &recorded_format);
    bench_digest_log_write(digest_log, updates, rects, fields);
}

/* The names libvncclient's encodingsString understands. */
static const char *
encoding_name(gint32 e)
{
    switch (e) {
    case 0: return "raw";
    case 1: return "copyrect";
    case 2: return "rre";
    case 4: return "corre";
    case 5: return "hextile";
    case 6: return "zlib";
    case 7: return "tight";
    case 15: return "trle";
    case 16: return "zrle";
    case 17: return "zywrle";
    default: return NULL;
    }
}

/* Fills the client's format and encoding choices from the recorded
 * SetPixelFormat and SetEncodings messages. */
static gboolean
configure(rfbClient *client, GString *encodings)
{
    const BenchTcpOptions *opt = &bench_tcp_options;
    gsize flen, elen;
    g_autofree guint8 *f = bench_hex_decode(opt->format_hex, &flen);
    g_autofree guint8 *e = bench_hex_decode(opt->encodings_hex, &elen);
    g_autoptr(GArray) list = bench_encodings_parse(e, elen);
    BenchPixelFormat format;

    if (!bench_pixel_format_parse(f, flen, &format) || !list)
        return FALSE;
    recorded_format = format;
    client->format.bitsPerPixel = (uint8_t)format.bits_per_pixel;
    client->format.depth = (uint8_t)format.depth;
    client->format.bigEndian = format.big_endian;
    client->format.trueColour = format.true_colour;
    client->format.redMax = (uint16_t)format.red_max;
    client->format.greenMax = (uint16_t)format.green_max;
    client->format.blueMax = (uint16_t)format.blue_max;
    client->format.redShift = (uint8_t)format.red_shift;
    client->format.greenShift = (uint8_t)format.green_shift;
    client->format.blueShift = (uint8_t)format.blue_shift;

    client->appData.enableJPEG = FALSE;
    for (guint i = 0; i < list->len; i++) {
        gint32 enc = g_array_index(list, gint32, i);
        const char *name = encoding_name(enc);

        if (name) {
            g_string_append_printf(encodings, "%s%s", encodings->len ? " " : "", name);
        } else if (enc >= -32 && enc <= -23) {
            client->appData.enableJPEG = TRUE;
            client->appData.qualityLevel = enc + 32;
        } else if (enc >= -256 && enc <= -247) {
            client->appData.compressLevel = enc + 256;
        }
        /* LastRect and DesktopSize libvncclient offers by itself. */
    }
    return encodings->len > 0;
}

int
main(int argc, char **argv)
{
    const BenchTcpOptions *opt = &bench_tcp_options;
    GString *encodings = g_string_new(NULL);
    rfbClient *client;
    BenchClock clock = { 0 };
    g_autofree char *lib = NULL;
    g_autofree char *fb = NULL;
    gboolean log_written;

    if (!bench_tcp_options_parse(&argc, &argv, "bench-client-vncclient",
                                 "- time libvncclient on a replayed session",
                                 bench_picture_option_entries))
        return 1;
    if (bench_picture_options.log_path &&
        !(digest_log = bench_digest_log_open(bench_picture_options.log_path)))
        return 1;

    rfbClientLog = quiet_log;
    rfbClientErr = keep_error;
    client = rfbGetClient(8, 3, 4);
    if (!opt->port || !configure(client, encodings)) {
        g_printerr("bench-client-vncclient: --port, --pixel-format and --encodings "
                   "(hex SetPixelFormat and SetEncodings messages) are required\n");
        rfbClientCleanup(client);
        g_string_free(encodings, TRUE);
        return 1;
    }
    client->appData.encodingsString = encodings->str;
    client->appData.useRemoteCursor = FALSE;
    /* Not on by default in 0.9.14; the QEMU recordings resize the desktop. */
    client->canHandleNewFBSize = TRUE;
    free(client->serverHost); /* rfbGetClient()'s empty default */
    client->serverHost = strdup(opt->host);
    client->serverPort = opt->port;
    client->GotFrameBufferUpdate = got_update;
    if (digest_log)
        client->FinishedFrameBufferUpdate = finished_update;

    if (!rfbInitClient(client, NULL, NULL)) {
        /* rfbInitClient() has freed the client. */
        g_printerr("bench-client-vncclient: cannot start: %s\n",
                   last_error ? last_error : "unknown error");
        return 2;
    }
    bench_clock_start(&clock);

    for (;;) {
        int n = WaitForMessage(client, 60 * 1000 * 1000);
        if (n <= 0) {
            if (n == 0)
                keep_error("timed out");
            break;
        }
        if (!HandleRFBServerMessage(client))
            break;
    }

    bench_clock_stop(&clock);
    lib = g_strdup_printf("libvncclient-%s", LIBVNCSERVER_VERSION);
    /* Never timed: the clock has stopped. libvncclient's framebuffer
     * has no row padding, in the format it asked for. */
    fb = bench_framebuffer_result((const guint8 *)client->frameBuffer, (guint)client->width,
                                  (guint)client->height,
                                  (gsize)client->width * (client->format.bitsPerPixel / 8),
                                  &recorded_format, opt->fb_dump);
    if (digest_log) {
        g_autofree char *final = bench_digest_log_final(
            digest_log, (const guint8 *)client->frameBuffer, (guint)client->width,
            (guint)client->height, (gsize)client->width * (client->format.bitsPerPixel / 8),
            &recorded_format);
        char *both = g_strconcat(fb, " ", final, NULL);

        g_free(fb);
        fb = both;
    }
    log_written = bench_digest_log_close(digest_log);
    if (!log_written && !last_error)
        last_error = g_strdup("cannot write the digest log");
    bench_print_result(lib, &clock, opt->pixels, 0, drawn, fb, last_error);
    free(client->frameBuffer);
    rfbClientCleanup(client);
    g_string_free(encodings, TRUE);
    g_free(last_error);
    return log_written ? 0 : 1;
}
