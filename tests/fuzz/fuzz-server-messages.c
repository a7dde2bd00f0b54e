/*
 * gtk-vnc fuzzing: arbitrary server bytes after ServerInit, through the
 * real connection
 *
 * Each input is one session of fuzz-session.c (the server and the
 * embedder, what counts as a finding). The server sends a fixed handshake
 * (RFB 003.008, security None, SecurityResult OK), a ServerInit whose
 * pixel format and desktop size come from the first bytes of the input,
 * then the rest of the input as it is, and then shuts down its write
 * side, so that every session ends: the client sees the end of the
 * stream, or stops earlier at a protocol error. (fuzz-handshake.c fuzzes
 * the handshake itself.)
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
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <glib.h>

#include "fuzz-session.h"
#include "fuzz-target.h"

#define FUZZ_HEADER_LENGTH 6

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

GByteArray *
fuzz_server_messages_input(const guint8 *data, gsize size, FuzzSessionConfig *config)
{
    if (size < FUZZ_HEADER_LENGTH)
        return NULL;

    const FuzzFormat *server_format =
        &server_formats[data[0] % G_N_ELEMENTS(server_formats)];
    guint local_index = data[1] & 7;
    guint16 width = (data[2] << 8) | data[3];
    guint16 height = (data[4] << 8) | data[5];

    memset(config, 0, sizeof(*config));
    config->local_is_remote = local_index == 0;
    config->lazy = (data[1] & 8) != 0;
    fuzz_format_to_pixel_format(&local_formats[local_index], &config->local);

    GByteArray *out = g_byte_array_new();
    build_handshake(out, server_format, width, height);
    g_byte_array_append(out, data + FUZZ_HEADER_LENGTH, size - FUZZ_HEADER_LENGTH);
    return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzSessionConfig config;
    GByteArray *out = fuzz_server_messages_input(data, size, &config);

    if (!out)
        return 0;
    fuzz_session_run(&config, out->data, out->len, size);
    g_byte_array_unref(out);
    return 0;
}
