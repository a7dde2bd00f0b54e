/*
 * gtk-vnc tests: running one decoder over hand-made bytes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>
#include <zlib.h>

#include "decode-utils.h"
#include "vncbaseframebuffer.h"

void
vnc_test_format_init(VncPixelFormat *fmt, guint bpp, guint byte_order)
{
    memset(fmt, 0, sizeof(*fmt));
    fmt->bits_per_pixel = bpp;
    fmt->byte_order = byte_order;
    fmt->true_color_flag = 1;
    switch (bpp) {
    case 8:
        fmt->depth = 8;
        fmt->red_max = 7;
        fmt->green_max = 7;
        fmt->blue_max = 3;
        fmt->red_shift = 0;
        fmt->green_shift = 3;
        fmt->blue_shift = 6;
        break;
    case 16:
        fmt->depth = 16;
        fmt->red_max = 31;
        fmt->green_max = 63;
        fmt->blue_max = 31;
        fmt->red_shift = 11;
        fmt->green_shift = 5;
        fmt->blue_shift = 0;
        break;
    case 32:
        fmt->depth = 24;
        fmt->red_max = 255;
        fmt->green_max = 255;
        fmt->blue_max = 255;
        fmt->red_shift = 16;
        fmt->green_shift = 8;
        fmt->blue_shift = 0;
        break;
    default:
        g_assert_not_reached();
    }
}

void
vnc_test_format_init_high(VncPixelFormat *fmt, guint byte_order)
{
    vnc_test_format_init(fmt, 32, byte_order);
    fmt->red_shift = 24;
    fmt->green_shift = 16;
    fmt->blue_shift = 8;
}

static guint
vnc_test_bytes_per_pixel(const VncPixelFormat *format)
{
    return format->bits_per_pixel / 8;
}

static void
vnc_test_store_pixel(const VncPixelFormat *format, guint8 *p, guint32 pixel)
{
    guint n = vnc_test_bytes_per_pixel(format);

    for (guint i = 0; i < n; i++) {
        guint shift = format->byte_order == G_BIG_ENDIAN ?
            8 * (n - 1 - i) : 8 * i;
        p[i] = (pixel >> shift) & 0xff;
    }
}

static guint32
vnc_test_load_pixel(const VncPixelFormat *format, const guint8 *p)
{
    guint n = vnc_test_bytes_per_pixel(format);
    guint32 pixel = 0;

    for (guint i = 0; i < n; i++) {
        guint shift = format->byte_order == G_BIG_ENDIAN ?
            8 * (n - 1 - i) : 8 * i;
        pixel |= (guint32)p[i] << shift;
    }
    return pixel;
}

guint32
vnc_test_rgb(const VncPixelFormat *format,
             guint8 red, guint8 green, guint8 blue)
{
    return ((guint32)(red * format->red_max / 255) << format->red_shift) |
        ((guint32)(green * format->green_max / 255) << format->green_shift) |
        ((guint32)(blue * format->blue_max / 255) << format->blue_shift);
}

VncTestDecoder *
vnc_test_decoder_new(const VncPixelFormat *format,
                     guint16 width, guint16 height, guint32 background)
{
    VncTestDecoder *t = g_new0(VncTestDecoder, 1);

    t->format = *format;
    t->width = width;
    t->height = height;
    t->rowstride = width * vnc_test_bytes_per_pixel(format);
    t->buffer = g_malloc0((gsize)t->rowstride * height);
    for (guint y = 0; y < height; y++) {
        for (guint x = 0; x < width; x++) {
            vnc_test_store_pixel(format,
                                 t->buffer + y * t->rowstride +
                                 x * vnc_test_bytes_per_pixel(format),
                                 background);
        }
    }
    t->fb = VNC_FRAMEBUFFER(vnc_base_framebuffer_new(t->buffer, width, height,
                                                     t->rowstride,
                                                     &t->format, &t->format));
    t->state = vnc_decoder_state_new();
    t->ctx.fb = t->fb;
    t->ctx.remote = &t->format;
    t->ctx.state = t->state;
    return t;
}

void
vnc_test_decoder_free(VncTestDecoder *t)
{
    if (!t)
        return;
    if (t->stream)
        vnc_stream_free(t->stream);
    vnc_decoder_state_free(t->state);
    g_object_unref(t->fb);
    g_free(t->buffer);
    g_free(t);
}

void
vnc_test_decoder_set_input(VncTestDecoder *t, const guint8 *data, gsize len)
{
    if (t->stream)
        vnc_stream_free(t->stream);
    t->stream = vnc_stream_new_memory(data, len);
    t->ctx.stream = t->stream;
}

gboolean
vnc_test_decoder_run(VncTestDecoder *t, VncDecodeFunc decode,
                     guint16 x, guint16 y, guint16 w, guint16 h,
                     GError **err)
{
    g_assert_nonnull(t->stream);
    g_assert_cmpuint((guint)x + w, <=, t->width);
    g_assert_cmpuint((guint)y + h, <=, t->height);
    return decode(&t->ctx, x, y, w, h, err);
}

void
vnc_test_decoder_assert_consumed(VncTestDecoder *t)
{
    GError *err = NULL;
    guint8 extra;

    g_assert_false(vnc_stream_read_u8(t->stream, &extra, &err));
    g_assert_error(err, VNC_ERROR, VNC_ERROR_CLOSED);
    g_error_free(err);
}

guint32
vnc_test_decoder_get_pixel(VncTestDecoder *t, guint16 x, guint16 y)
{
    g_assert_cmpuint(x, <, t->width);
    g_assert_cmpuint(y, <, t->height);
    return vnc_test_load_pixel(&t->format,
                               t->buffer + y * t->rowstride +
                               x * vnc_test_bytes_per_pixel(&t->format));
}

static char
vnc_test_legend_letter(const VncTestLegend *legend, guint32 pixel)
{
    for (const VncTestLegend *l = legend; l->letter; l++) {
        if (l->pixel == pixel)
            return l->letter;
    }
    return '?';
}

static gboolean
vnc_test_legend_pixel(const VncTestLegend *legend, char letter,
                      guint32 *pixel)
{
    for (const VncTestLegend *l = legend; l->letter; l++) {
        if (l->letter == letter) {
            *pixel = l->pixel;
            return TRUE;
        }
    }
    return FALSE;
}

static void
vnc_test_print_actual(VncTestDecoder *t, const VncTestLegend *legend)
{
    for (guint y = 0; y < t->height; y++) {
        GString *row = g_string_new(NULL);

        for (guint x = 0; x < t->width; x++) {
            guint32 pixel = vnc_test_decoder_get_pixel(t, x, y);
            char letter = vnc_test_legend_letter(legend, pixel);

            if (letter == '?')
                g_string_append_printf(row, "[%08x]", pixel);
            else
                g_string_append_c(row, letter);
        }
        g_test_message("actual   %2u: %s", y, row->str);
        g_string_free(row, TRUE);
    }
}

void
vnc_test_decoder_assert_image(VncTestDecoder *t, const char *image,
                              const VncTestLegend *legend)
{
    gchar **rows = g_strsplit(image, "\n", -1);
    guint n_rows = 0;
    gboolean ok = TRUE;

    for (guint i = 0; rows[i]; i++) {
        GString *row = g_string_new(NULL);

        for (const char *c = rows[i]; *c; c++) {
            if (*c != ' ')
                g_string_append_c(row, *c);
        }
        if (row->len == 0) {
            g_string_free(row, TRUE);
            continue;
        }
        g_assert_cmpuint(n_rows, <, t->height);
        g_assert_cmpuint(row->len, ==, t->width);
        for (guint x = 0; x < t->width; x++) {
            guint32 want;

            if (!vnc_test_legend_pixel(legend, row->str[x], &want))
                g_error("letter '%c' is not in the legend", row->str[x]);
            if (vnc_test_decoder_get_pixel(t, x, n_rows) != want) {
                if (ok)
                    g_test_message("first difference at (%u, %u): "
                                   "expected %08x, got %08x", x, n_rows,
                                   want, vnc_test_decoder_get_pixel(t, x, n_rows));
                ok = FALSE;
            }
        }
        g_test_message("expected %2u: %s", n_rows, row->str);
        n_rows++;
        g_string_free(row, TRUE);
    }
    g_strfreev(rows);
    g_assert_cmpuint(n_rows, ==, t->height);
    if (!ok)
        vnc_test_print_actual(t, legend);
    g_assert_true(ok);
}

void
vnc_test_decoder_assert_pixels(VncTestDecoder *t, const guint32 *expected)
{
    for (guint y = 0; y < t->height; y++) {
        for (guint x = 0; x < t->width; x++) {
            guint32 got = vnc_test_decoder_get_pixel(t, x, y);

            if (got != expected[y * t->width + x]) {
                g_test_message("pixel (%u, %u): expected %08x, got %08x",
                               x, y, expected[y * t->width + x], got);
                g_assert_cmphex(got, ==, expected[y * t->width + x]);
            }
        }
    }
}

void
vnc_test_decoder_assert_truncations(const VncPixelFormat *format,
                                    guint16 fb_width, guint16 fb_height,
                                    guint32 background,
                                    VncDecodeFunc decode,
                                    guint16 x, guint16 y,
                                    guint16 w, guint16 h,
                                    const guint8 *data, gsize len)
{
    for (gsize cut = 0; cut < len; cut++) {
        VncTestDecoder *t = vnc_test_decoder_new(format, fb_width, fb_height,
                                                 background);
        GError *err = NULL;

        vnc_test_decoder_set_input(t, data, cut);
        if (vnc_test_decoder_run(t, decode, x, y, w, h, &err))
            g_error("decoding %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                    " bytes succeeded", cut, len);
        g_assert_nonnull(err);
        g_assert_true(err->domain == VNC_ERROR);
        g_clear_error(&err);

        for (guint py = 0; py < fb_height; py++) {
            for (guint px = 0; px < fb_width; px++) {
                if (px >= x && px < (guint)x + w &&
                    py >= y && py < (guint)y + h)
                    continue;
                g_assert_cmphex(vnc_test_decoder_get_pixel(t, px, py), ==,
                                background);
            }
        }
        vnc_test_decoder_free(t);
    }
}

void
vnc_test_put_u8(GByteArray *buf, guint8 value)
{
    g_byte_array_append(buf, &value, 1);
}

void
vnc_test_put_u16(GByteArray *buf, guint16 value)
{
    guint8 b[2] = { value >> 8, value & 0xff };

    g_byte_array_append(buf, b, 2);
}

void
vnc_test_put_u32(GByteArray *buf, guint32 value)
{
    guint8 b[4] = { value >> 24, (value >> 16) & 0xff,
                    (value >> 8) & 0xff, value & 0xff };

    g_byte_array_append(buf, b, 4);
}

void
vnc_test_put_bytes(GByteArray *buf, const void *data, gsize len)
{
    g_byte_array_append(buf, data, len);
}

void
vnc_test_put_pixel(GByteArray *buf, const VncPixelFormat *format,
                   guint32 pixel)
{
    guint8 b[4];

    vnc_test_store_pixel(format, b, pixel);
    g_byte_array_append(buf, b, vnc_test_bytes_per_pixel(format));
}

gsize
vnc_test_deflate(void *zsp, const guint8 *data, gsize len, GByteArray *out)
{
    z_stream *zs = zsp;
    gsize before = out->len;
    guint8 chunk[4096];

    zs->next_in = (Bytef *)data;
    zs->avail_in = len;
    do {
        int ret;

        zs->next_out = chunk;
        zs->avail_out = sizeof(chunk);
        ret = deflate(zs, Z_SYNC_FLUSH);
        g_assert_true(ret == Z_OK || ret == Z_BUF_ERROR);
        g_byte_array_append(out, chunk, sizeof(chunk) - zs->avail_out);
    } while (zs->avail_out == 0);
    g_assert_cmpuint(zs->avail_in, ==, 0);
    return out->len - before;
}
