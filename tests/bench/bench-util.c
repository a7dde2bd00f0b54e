/*
 * gtk-vnc benchmark: see bench-util.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"

static void
bench_cpu_now(double *total, double *user, long *faults)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    *faults = ru.ru_minflt + ru.ru_majflt;
    *user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    *total = *user + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

BenchTcpOptions bench_tcp_options = { .host = (char *)"127.0.0.1" };

static GOptionEntry bench_tcp_option_entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &bench_tcp_options.host,
      "server host (127.0.0.1)", "HOST" },
    { "port", 0, 0, G_OPTION_ARG_INT, &bench_tcp_options.port, "server port", "PORT" },
    { "pixel-format", 0, 0, G_OPTION_ARG_STRING, &bench_tcp_options.format_hex,
      "SetPixelFormat message to send (20 bytes, hex)", "HEX" },
    { "encodings", 0, 0, G_OPTION_ARG_STRING, &bench_tcp_options.encodings_hex,
      "SetEncodings message to send (hex)", "HEX" },
    { "pixels", 0, 0, G_OPTION_ARG_INT64, &bench_tcp_options.pixels,
      "pixels in the recording (total_pixels), for megapixels per second", "N" },
    { "fb-dump", 0, 0, G_OPTION_ARG_FILENAME, &bench_tcp_options.fb_dump,
      "write the final picture's visible pixels to this file (raw)", "PATH" },
    { NULL }
};

gboolean
bench_tcp_options_parse(int *argc, char ***argv, const char *program, const char *summary,
                        const GOptionEntry *extra)
{
    GOptionContext *ctx = g_option_context_new(summary);
    GError *error = NULL;
    gboolean ok;

    g_option_context_add_main_entries(ctx, bench_tcp_option_entries, NULL);
    if (extra)
        g_option_context_add_main_entries(ctx, extra, NULL);
    ok = g_option_context_parse(ctx, argc, argv, &error);
    if (!ok) {
        g_printerr("%s: %s\n", program, error->message);
        g_error_free(error);
    }
    g_option_context_free(ctx);
    return ok;
}

void
bench_clock_start(BenchClock *clock)
{
    clock->started = TRUE;
    clock->wall_start = g_get_monotonic_time();
    bench_cpu_now(&clock->cpu_start, &clock->user_start, &clock->faults_start);
}

void
bench_clock_stop(BenchClock *clock)
{
    clock->wall_end = g_get_monotonic_time();
    bench_cpu_now(&clock->cpu_end, &clock->user_end, &clock->faults_end);
}

void
bench_print_result(const char *lib, const BenchClock *clock, gint64 pixels,
                   guint stalls, guint64 drawn, const char *extra,
                   const char *error)
{
    gboolean started = clock->started;
    double wall = started ? (clock->wall_end - clock->wall_start) / 1e6 : 0;
    double cpu = started ? clock->cpu_end - clock->cpu_start : 0;
    double user = started ? clock->user_end - clock->user_start : 0;
    /* One line for the driver: spaces in the error would split it. */
    g_autofree char *message = g_strdup(error ? error : "");

    g_strdelimit(message, " \t\n", '_');
    printf("result lib=%s started=%d wall=%.6f cpu=%.6f user=%.6f sys=%.6f "
           "faults=%ld mpx_per_s=%.3f stalls=%u drawn=%" G_GUINT64_FORMAT "%s%s error=%s\n",
           lib, started, wall, cpu, user, cpu - user,
           started ? clock->faults_end - clock->faults_start : 0,
           wall > 0 ? pixels / wall / 1e6 : 0, stalls, drawn,
           extra ? " " : "", extra ? extra : "", message);
    fflush(stdout);
}

guint8 *
bench_hex_decode(const char *hex, gsize *len)
{
    gsize n;
    guint8 *out;

    *len = 0;
    if (!hex || (n = strlen(hex)) % 2)
        return NULL;
    out = g_malloc(n / 2 + 1);
    for (gsize i = 0; i < n / 2; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            g_free(out);
            return NULL;
        }
        out[i] = (guint8)(hi * 16 + lo);
    }
    *len = n / 2;
    return out;
}

gboolean
bench_recording_frames_split(const guint8 *data, gsize size,
                             BenchRecordingFrames *rec, GError **error)
{
    GArray *frames;
    BenchSpan header;
    guint32 header_len, count, i;
    gsize pos;

    *rec = (BenchRecordingFrames){ 0 };
    if (size < 8 || memcmp(data, "RFBREC01", 8) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "not a recording: the RFBREC01 magic is missing");
        return FALSE;
    }
    pos = 12;
    header_len = size >= pos ? bench_get_be32(data + 8) : 0;
    /* The header, then the frame count. */
    if (size < pos || header_len > size - pos || size - pos - header_len < 4) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "recording truncated inside its header");
        return FALSE;
    }
    header = (BenchSpan){ data + pos, header_len };
    pos += header_len;
    count = bench_get_be32(data + pos);
    pos += 4;

    /* Every frame takes at least its 4-byte length: a larger count is
     * found out below, and must not size the array first. */
    frames = g_array_sized_new(FALSE, FALSE, sizeof(BenchSpan), MIN(count, (size - pos) / 4));
    for (i = 0; i < count; i++) {
        BenchSpan f;

        if (size - pos < 4) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "recording truncated before frame %u of %u", i + 1, count);
            goto fail;
        }
        f.len = bench_get_be32(data + pos);
        pos += 4;
        if (f.len > size - pos) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "frame %u of %u runs past the end of the recording", i + 1, count);
            goto fail;
        }
        f.data = data + pos;
        pos += f.len;
        g_array_append_val(frames, f);
    }
    rec->header = header;
    rec->frames = frames;
    rec->trailing = size - pos;
    return TRUE;

 fail:
    g_array_unref(frames);
    return FALSE;
}

void
bench_recording_frames_clear(BenchRecordingFrames *rec)
{
    g_clear_pointer(&rec->frames, g_array_unref);
}

gboolean
bench_frame_find_update(const guint8 *frame, gsize len, gsize *update, GError **error)
{
    gsize pos = 0;

    while (pos < len) {
        const guint8 *m = frame + pos;
        gsize left = len - pos, head, body;

        /* Each message: a fixed head, then a body whose size the head
         * gives (read only once the head is there). */
        switch (m[0]) {
        case 0: /* FramebufferUpdate: the frame's last message */
            *update = pos;
            return TRUE;
        case 1: /* SetColourMapEntries: u16 count at 4, 6 bytes a colour */
            head = 6;
            body = left >= head ? 6 * (gsize)bench_get_be16(m + 4) : 0;
            break;
        case 2: /* Bell */
            head = 1;
            body = 0;
            break;
        case 3: /* ServerCutText: u32 length at 4, then the text */
            head = 8;
            body = left >= head ? bench_get_be32(m + 4) : 0;
            break;
        default:
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "unknown server message %u", m[0]);
            return FALSE;
        }
        if (head > left || body > left - head)
            break;
        pos += head + body;
    }
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "the frame ends inside a message");
    return FALSE;
}

gboolean
bench_pixel_format_parse(const guint8 *msg, gsize len, BenchPixelFormat *f)
{
    if (!msg || len != 20 || msg[0] != 0)
        return FALSE;
    f->bits_per_pixel = msg[4];
    f->depth = msg[5];
    f->big_endian = msg[6] != 0;
    f->true_colour = msg[7] != 0;
    f->red_max = bench_get_be16(msg + 8);
    f->green_max = bench_get_be16(msg + 10);
    f->blue_max = bench_get_be16(msg + 12);
    f->red_shift = msg[14];
    f->green_shift = msg[15];
    f->blue_shift = msg[16];
    return TRUE;
}

GArray *
bench_encodings_parse(const guint8 *msg, gsize len)
{
    GArray *list;
    gsize count, i;

    if (!msg || len < 4 || msg[0] != 2)
        return NULL;
    count = bench_get_be16(msg + 2);
    if (len != 4 + 4 * count)
        return NULL;
    list = g_array_sized_new(FALSE, FALSE, sizeof(gint32), (guint)count);
    for (i = 0; i < count; i++) {
        gint32 e = (gint32)bench_get_be32(msg + 4 + 4 * i);
        g_array_append_val(list, e);
    }
    return list;
}
