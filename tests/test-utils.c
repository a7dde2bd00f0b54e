/*
 * gtk-vnc tests: building and parsing RFB messages byte by byte
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <nettle/des.h>

#include "test-utils.h"

void
test_put_u8(GByteArray *msg, guint8 value)
{
    g_byte_array_append(msg, &value, 1);
}

void
test_put_u16(GByteArray *msg, guint16 value)
{
    guint8 b[2] = { value >> 8, value & 0xff };
    g_byte_array_append(msg, b, sizeof(b));
}

void
test_put_u32(GByteArray *msg, guint32 value)
{
    guint8 b[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };
    g_byte_array_append(msg, b, sizeof(b));
}

void
test_put_s32(GByteArray *msg, gint32 value)
{
    test_put_u32(msg, (guint32)value);
}

void
test_put_bytes(GByteArray *msg, const void *data, gsize len)
{
    g_byte_array_append(msg, data, len);
}

void
test_put_zeros(GByteArray *msg, gsize len)
{
    gsize old = msg->len;

    g_byte_array_set_size(msg, old + len);
    memset(msg->data + old, 0, len);
}

void
test_put_string(GByteArray *msg, const char *text)
{
    gsize len = strlen(text);

    test_put_u32(msg, len);
    test_put_bytes(msg, text, len);
}

void
test_put_pixel_format(GByteArray *msg, const VncPixelFormat *fmt)
{
    test_put_u8(msg, fmt->bits_per_pixel);
    test_put_u8(msg, fmt->depth);
    test_put_u8(msg, fmt->byte_order == G_BIG_ENDIAN ? 1 : 0);
    test_put_u8(msg, fmt->true_color_flag);
    test_put_u16(msg, fmt->red_max);
    test_put_u16(msg, fmt->green_max);
    test_put_u16(msg, fmt->blue_max);
    test_put_u8(msg, fmt->red_shift);
    test_put_u8(msg, fmt->green_shift);
    test_put_u8(msg, fmt->blue_shift);
    test_put_zeros(msg, 3);
}

void
test_msg_version(GByteArray *msg, const char *version)
{
    g_autofree char *line = g_strdup_printf("RFB %s\n", version);

    test_put_bytes(msg, line, strlen(line));
}

void
test_msg_security_types(GByteArray *msg, guint n_types, const guint8 *types)
{
    test_put_u8(msg, n_types);
    test_put_bytes(msg, types, n_types);
}

void
test_msg_security_failure(GByteArray *msg, const char *reason)
{
    test_put_u8(msg, 0);
    test_put_string(msg, reason);
}

void
test_msg_security_result(GByteArray *msg, guint32 result, const char *reason)
{
    test_put_u32(msg, result);
    if (reason)
        test_put_string(msg, reason);
}

void
test_msg_server_init(GByteArray *msg, guint16 width, guint16 height,
                     const VncPixelFormat *fmt, const char *name)
{
    test_put_u16(msg, width);
    test_put_u16(msg, height);
    test_put_pixel_format(msg, fmt);
    test_put_string(msg, name);
}

void
test_msg_update(GByteArray *msg, guint16 n_rects)
{
    test_put_u8(msg, TEST_SERVER_UPDATE);
    test_put_u8(msg, 0);
    test_put_u16(msg, n_rects);
}

void
test_msg_rect(GByteArray *msg, guint16 x, guint16 y, guint16 width, guint16 height,
              gint32 encoding)
{
    test_put_u16(msg, x);
    test_put_u16(msg, y);
    test_put_u16(msg, width);
    test_put_u16(msg, height);
    test_put_s32(msg, encoding);
}

void
test_msg_copy_rect(GByteArray *msg, guint16 x, guint16 y, guint16 width,
                   guint16 height, guint16 src_x, guint16 src_y)
{
    test_msg_rect(msg, x, y, width, height, TEST_ENCODING_COPY_RECT);
    test_put_u16(msg, src_x);
    test_put_u16(msg, src_y);
}

void
test_msg_colour_map(GByteArray *msg, guint16 first, guint16 count, const guint16 *rgb)
{
    test_put_u8(msg, TEST_SERVER_COLOUR_MAP);
    test_put_u8(msg, 0);
    test_put_u16(msg, first);
    test_put_u16(msg, count);
    for (guint i = 0; i < count * 3u; i++)
        test_put_u16(msg, rgb[i]);
}

void
test_msg_bell(GByteArray *msg)
{
    test_put_u8(msg, TEST_SERVER_BELL);
}

void
test_msg_server_cut_text(GByteArray *msg, const void *latin1, gsize len)
{
    test_put_u8(msg, TEST_SERVER_CUT_TEXT);
    test_put_zeros(msg, 3);
    test_put_u32(msg, len);
    test_put_bytes(msg, latin1, len);
}

void
test_msg_client_version(GByteArray *msg, const char *version)
{
    test_msg_version(msg, version);
}

void
test_msg_set_pixel_format(GByteArray *msg, const VncPixelFormat *fmt)
{
    test_put_u8(msg, TEST_CLIENT_SET_PIXEL_FORMAT);
    test_put_zeros(msg, 3);
    test_put_pixel_format(msg, fmt);
}

void
test_msg_set_encodings(GByteArray *msg, guint n_encodings, const gint32 *encodings)
{
    test_put_u8(msg, TEST_CLIENT_SET_ENCODINGS);
    test_put_u8(msg, 0);
    test_put_u16(msg, n_encodings);
    for (guint i = 0; i < n_encodings; i++)
        test_put_s32(msg, encodings[i]);
}

void
test_msg_update_request(GByteArray *msg, gboolean incremental,
                        guint16 x, guint16 y, guint16 width, guint16 height)
{
    test_put_u8(msg, TEST_CLIENT_UPDATE_REQUEST);
    test_put_u8(msg, incremental ? 1 : 0);
    test_put_u16(msg, x);
    test_put_u16(msg, y);
    test_put_u16(msg, width);
    test_put_u16(msg, height);
}

void
test_msg_key_event(GByteArray *msg, gboolean down, guint32 keysym)
{
    test_put_u8(msg, TEST_CLIENT_KEY_EVENT);
    test_put_u8(msg, down ? 1 : 0);
    test_put_zeros(msg, 2);
    test_put_u32(msg, keysym);
}

void
test_msg_pointer_event(GByteArray *msg, guint8 buttons, guint16 x, guint16 y)
{
    test_put_u8(msg, TEST_CLIENT_POINTER_EVENT);
    test_put_u8(msg, buttons);
    test_put_u16(msg, x);
    test_put_u16(msg, y);
}

void
test_msg_client_cut_text(GByteArray *msg, const void *latin1, gsize len)
{
    test_put_u8(msg, TEST_CLIENT_CUT_TEXT);
    test_put_zeros(msg, 3);
    test_put_u32(msg, len);
    test_put_bytes(msg, latin1, len);
}

static guint16
get_u16(const guint8 *p)
{
    return (p[0] << 8) | p[1];
}

static guint32
get_u32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

gssize
test_client_message_length(const guint8 *data, gsize len)
{
    if (len < 1)
        return 0;

    switch (data[0]) {
    case TEST_CLIENT_SET_PIXEL_FORMAT:
        return 20;
    case TEST_CLIENT_SET_ENCODINGS:
        return len < 4 ? 0 : 4 + 4 * (gssize)get_u16(data + 2);
    case TEST_CLIENT_UPDATE_REQUEST:
        return 10;
    case TEST_CLIENT_KEY_EVENT:
        return 8;
    case TEST_CLIENT_POINTER_EVENT:
        return 6;
    case TEST_CLIENT_CUT_TEXT:
        /* Extended clipboard sends a negative length; take its size. */
        if (len < 8)
            return 0;
        if (get_u32(data + 4) & 0x80000000u)
            return 8 + (gssize)(-(gint32)get_u32(data + 4));
        return 8 + (gssize)get_u32(data + 4);
    case 150: /* EnableContinuousUpdates */
        return 10;
    case 248: /* Fence */
        return len < 9 ? 0 : 9 + data[8];
    case 250: /* xvp */
        return 4;
    case 251: /* SetDesktopSize */
        return len < 8 ? 0 : 8 + 16 * (gssize)data[6];
    case 255: /* QEMU: extended key event, audio */
        if (len < 2)
            return 0;
        if (data[1] == 0)
            return 12;
        if (data[1] == 1) {
            if (len < 4)
                return 0;
            return get_u16(data + 2) == 2 ? 10 : 4;
        }
        return -1;
    default:
        return -1;
    }
}

const char *
test_client_message_name(guint8 type)
{
    switch (type) {
    case TEST_CLIENT_SET_PIXEL_FORMAT: return "SetPixelFormat";
    case TEST_CLIENT_SET_ENCODINGS: return "SetEncodings";
    case TEST_CLIENT_UPDATE_REQUEST: return "FramebufferUpdateRequest";
    case TEST_CLIENT_KEY_EVENT: return "KeyEvent";
    case TEST_CLIENT_POINTER_EVENT: return "PointerEvent";
    case TEST_CLIENT_CUT_TEXT: return "ClientCutText";
    case 150: return "EnableContinuousUpdates";
    case 248: return "Fence";
    case 250: return "xvp";
    case 251: return "SetDesktopSize";
    case 255: return "QEMU";
    default: return "unknown";
    }
}

/* RFB's DES key has each byte's bits in the opposite order from the
 * standard's (a quirk of the original implementation). */
static guint8
mirror_bits(guint8 b)
{
    guint8 r = 0;

    for (int i = 0; i < 8; i++)
        if (b & (1 << i))
            r |= 0x80 >> i;
    return r;
}

void
test_vnc_auth_response(const char *password, const guint8 challenge[16],
                       guint8 response[16])
{
    struct des_ctx ctx;
    guint8 key[8] = { 0 };
    gsize len = strlen(password);

    for (gsize i = 0; i < 8 && i < len; i++)
        key[i] = mirror_bits(password[i]);
    /* Weak keys (an empty password) are still valid keys here; nettle
     * sets the schedule up either way and only reports the weakness. */
    des_set_key(&ctx, key);
    des_encrypt(&ctx, 16, response, challenge);
}

void
test_pixel_format_rgb888(VncPixelFormat *fmt)
{
    *fmt = (VncPixelFormat) {
        .bits_per_pixel = 32, .depth = 24, .byte_order = G_LITTLE_ENDIAN,
        .true_color_flag = 1,
        .red_max = 255, .green_max = 255, .blue_max = 255,
        .red_shift = 16, .green_shift = 8, .blue_shift = 0,
    };
}

void
test_pixel_format_rgb565_be(VncPixelFormat *fmt)
{
    *fmt = (VncPixelFormat) {
        .bits_per_pixel = 16, .depth = 16, .byte_order = G_BIG_ENDIAN,
        .true_color_flag = 1,
        .red_max = 31, .green_max = 63, .blue_max = 31,
        .red_shift = 11, .green_shift = 5, .blue_shift = 0,
    };
}

void
test_pixel_format_colour_map8(VncPixelFormat *fmt)
{
    *fmt = (VncPixelFormat) {
        .bits_per_pixel = 8, .depth = 8, .byte_order = G_LITTLE_ENDIAN,
        .true_color_flag = 0,
    };
}

char *
test_hex(const guint8 *data, gsize len, gsize max)
{
    GString *s = g_string_new(NULL);

    for (gsize i = 0; i < len && i < max; i++)
        g_string_append_printf(s, "%s%02x", i ? " " : "", data[i]);
    if (len > max)
        g_string_append_printf(s, " ... (%" G_GSIZE_FORMAT " bytes)", len);
    if (len == 0)
        g_string_append(s, "(nothing)");
    return g_string_free(s, FALSE);
}
