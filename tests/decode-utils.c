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

/* Whether new test decoders let the decoder write into the framebuffer's
 * memory (ctx->direct), as the connection does when the formats match,
 * or make it go through the VncFramebuffer calls. The table-driven cases
 * run both ways. */
static gboolean vnc_test_direct = TRUE;

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
    if (vnc_test_direct) {
        t->ctx.direct = t->buffer;
        t->ctx.direct_stride = t->rowstride;
    }
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
    guint32 v = vnc_test_load_pixel(&t->format,
                                    t->buffer + y * t->rowstride +
                                    x * vnc_test_bytes_per_pixel(&t->format));

    /* Only the colour: the framebuffer sets the spare bits of converted
     * pixels (an opaque alpha byte) but copies them from identical formats. */
    if (t->format.true_color_flag && vnc_test_bytes_per_pixel(&t->format) == 4)
        v &= ((guint32)t->format.red_max << t->format.red_shift) |
            ((guint32)t->format.green_max << t->format.green_shift) |
            ((guint32)t->format.blue_max << t->format.blue_shift);
    return v;
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
        g_test_message("actual   %3u: %s", y, row->str);
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
        n_rows++;
        g_string_free(row, TRUE);
    }
    g_assert_cmpuint(n_rows, ==, t->height);
    if (!ok) {
        for (guint i = 0; rows[i]; i++) {
            if (*g_strstrip(rows[i]))
                g_test_message("expected    : %s", rows[i]);
        }
        vnc_test_print_actual(t, legend);
    }
    g_strfreev(rows);
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

static const struct {
    char letter;
    guint8 red, green, blue;
} vnc_test_colors[VNC_TEST_N_COLORS] = {
    { '.', 128, 128, 128 },
    { 'K', 0, 0, 0 },
    { 'W', 255, 255, 255 },
    { 'R', 255, 0, 0 },
    { 'G', 0, 255, 0 },
    { 'B', 0, 0, 255 },
    { 'C', 0, 255, 255 },
    { 'M', 255, 0, 255 },
    { 'Y', 255, 255, 0 },
    { 'O', 255, 128, 0 },
};

guint32
vnc_test_color(const VncPixelFormat *format, char letter)
{
    for (guint i = 0; i < VNC_TEST_N_COLORS; i++) {
        if (vnc_test_colors[i].letter == letter)
            return vnc_test_rgb(format, vnc_test_colors[i].red,
                                vnc_test_colors[i].green,
                                vnc_test_colors[i].blue);
    }
    g_error("no test colour '%c'", letter);
    return 0;
}

void
vnc_test_legend_init(VncTestLegend *legend, const VncPixelFormat *format)
{
    for (guint i = 0; i < VNC_TEST_N_COLORS; i++) {
        legend[i].letter = vnc_test_colors[i].letter;
        legend[i].pixel = vnc_test_color(format, vnc_test_colors[i].letter);
    }
    legend[VNC_TEST_N_COLORS].letter = 0;
    legend[VNC_TEST_N_COLORS].pixel = 0;
}

void
vnc_test_put_cpixel(GByteArray *buf, const VncPixelFormat *format,
                    guint32 pixel)
{
    guint64 used = ((guint64)format->red_max << format->red_shift) |
        ((guint64)format->green_max << format->green_shift) |
        ((guint64)format->blue_max << format->blue_shift);
    gboolean compact = format->true_color_flag &&
        format->bits_per_pixel == 32 && format->depth <= 24;
    gboolean big = format->byte_order == G_BIG_ENDIAN;
    guint8 b[3];

    if (compact && used < (1u << 24)) {
        /* the least significant three bytes, in the pixel's order */
        b[0] = big ? pixel >> 16 : pixel;
        b[1] = pixel >> 8;
        b[2] = big ? pixel : pixel >> 16;
    } else if (compact && (used & 0xff) == 0) {
        /* the most significant three */
        b[0] = big ? pixel >> 24 : pixel >> 8;
        b[1] = pixel >> 16;
        b[2] = big ? pixel >> 8 : pixel >> 24;
    } else {
        vnc_test_put_pixel(buf, format, pixel);
        return;
    }
    g_byte_array_append(buf, b, 3);
}

void
vnc_test_put_script(GByteArray *buf, const VncPixelFormat *format,
                    const char *script)
{
    gchar **tokens = g_strsplit_set(script, " \n\t", -1);

    for (guint i = 0; tokens[i]; i++) {
        gchar *token = tokens[i];
        gchar *star;
        guint64 repeat = 1;

        if (!*token)
            continue;
        star = strchr(token, '*');
        if (star) {
            *star = '\0';
            repeat = g_ascii_strtoull(star + 1, NULL, 10);
        }
        for (guint64 n = 0; n < repeat; n++) {
            if (g_str_has_prefix(token, "p:")) {
                vnc_test_put_pixel(buf, format,
                                   vnc_test_color(format, token[2]));
            } else if (g_str_has_prefix(token, "v:")) {
                vnc_test_put_pixel(buf, format,
                                   g_ascii_strtoull(token + 2, NULL, 16));
            } else if (g_str_has_prefix(token, "cv:")) {
                vnc_test_put_cpixel(buf, format,
                                    g_ascii_strtoull(token + 3, NULL, 16));
            } else if (g_str_has_prefix(token, "c:")) {
                vnc_test_put_cpixel(buf, format,
                                    vnc_test_color(format, token[2]));
            } else if (g_str_has_prefix(token, "u8:")) {
                vnc_test_put_u8(buf, g_ascii_strtoull(token + 3, NULL, 0));
            } else if (g_str_has_prefix(token, "u16:")) {
                vnc_test_put_u16(buf, g_ascii_strtoull(token + 4, NULL, 0));
            } else if (g_str_has_prefix(token, "u32:")) {
                vnc_test_put_u32(buf, g_ascii_strtoull(token + 4, NULL, 0));
            } else if (g_str_has_prefix(token, "x:")) {
                const char *h = token + 2;

                g_assert_cmpuint(strlen(h) % 2, ==, 0);
                for (; *h; h += 2) {
                    vnc_test_put_u8(buf, (g_ascii_xdigit_value(h[0]) << 4) |
                                    g_ascii_xdigit_value(h[1]));
                }
            } else {
                g_error("bad script token '%s'", token);
            }
        }
    }
    g_strfreev(tokens);
}

void
vnc_test_format_nth(guint n, VncPixelFormat *format, const char **name)
{
    static const char *names[VNC_TEST_N_FORMATS] = {
        "8", "16le", "16be", "32le", "32be", "32le-high", "32be-high",
    };

    switch (n) {
    case 0:
        vnc_test_format_init(format, 8, G_LITTLE_ENDIAN);
        break;
    case 1:
        vnc_test_format_init(format, 16, G_LITTLE_ENDIAN);
        break;
    case 2:
        vnc_test_format_init(format, 16, G_BIG_ENDIAN);
        break;
    case 3:
        vnc_test_format_init(format, 32, G_LITTLE_ENDIAN);
        break;
    case 4:
        vnc_test_format_init(format, 32, G_BIG_ENDIAN);
        break;
    case 5:
        vnc_test_format_init_high(format, G_LITTLE_ENDIAN);
        break;
    default:
        vnc_test_format_init_high(format, G_BIG_ENDIAN);
        break;
    }
    if (name)
        *name = names[MIN(n, VNC_TEST_N_FORMATS - 1)];
}

GByteArray *
vnc_test_case_payload(const VncTestDecodeCase *c, const VncPixelFormat *format)
{
    GByteArray *buf = g_byte_array_new();

    if (c->flags & VNC_TEST_ZLIB) {
        GByteArray *plain = g_byte_array_new();
        GByteArray *z = g_byte_array_new();
        z_stream zs = { 0 };

        g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
        vnc_test_put_script(plain, format, c->script);
        vnc_test_deflate(&zs, plain->data, plain->len, z);
        deflateEnd(&zs);
        vnc_test_put_u32(buf, z->len);
        vnc_test_put_bytes(buf, z->data, z->len);
        g_byte_array_unref(plain);
        g_byte_array_unref(z);
    } else {
        vnc_test_put_script(buf, format, c->script);
    }
    return buf;
}

static void
vnc_test_assert_outside_untouched(VncTestDecoder *t, const VncTestDecodeCase *c)
{
    guint32 bg = vnc_test_color(&t->format, '.');

    for (guint py = 0; py < t->height; py++) {
        for (guint px = 0; px < t->width; px++) {
            if (px >= c->x && px < (guint)c->x + c->width &&
                py >= c->y && py < (guint)c->y + c->height)
                continue;
            if (vnc_test_decoder_get_pixel(t, px, py) != bg)
                g_error("pixel (%u, %u) outside the rectangle changed", px, py);
        }
    }
}

void
vnc_test_case_run(const VncTestDecodeCase *c, const VncPixelFormat *format)
{
    GByteArray *payload = vnc_test_case_payload(c, format);
    VncTestDecoder *t = vnc_test_decoder_new(format, c->fb_width, c->fb_height,
                                             vnc_test_color(format, '.'));
    VncTestLegend legend[VNC_TEST_N_COLORS + 1];
    GError *err = NULL;
    gboolean ok;

    g_test_message("payload of %u bytes", payload->len);
    vnc_test_legend_init(legend, format);
    vnc_test_decoder_set_input(t, payload->data, payload->len);
    ok = vnc_test_decoder_run(t, c->decode, c->x, c->y, c->width, c->height,
                              &err);

    if (c->image) {
        if (!ok)
            g_error("decoding failed: %s", err->message);
        vnc_test_decoder_assert_consumed(t);
        vnc_test_decoder_assert_image(t, c->image, legend);
        vnc_test_decoder_assert_truncations(format, c->fb_width, c->fb_height,
                                            vnc_test_color(format, '.'),
                                            c->decode, c->x, c->y,
                                            c->width, c->height,
                                            payload->data, payload->len);
    } else {
        g_assert_false(ok);
        g_assert_nonnull(err);
        g_test_message("error: %s", err->message);
        g_assert_error(err, VNC_ERROR, c->error);
        /* A sentence for a person: a capital and a full stop (the
         * stream's own end-of-data message is not the decoders'). */
        g_assert_true(g_ascii_isupper(err->message[0]));
        if (c->error != VNC_ERROR_CLOSED)
            g_assert_true(g_str_has_suffix(err->message, "."));
        vnc_test_assert_outside_untouched(t, c);
        g_error_free(err);
    }

    vnc_test_decoder_free(t);
    g_byte_array_unref(payload);
}

typedef struct {
    const VncTestDecodeCase *c;
    guint format;
    gboolean via_framebuffer;
} VncTestCaseRun;

static void
vnc_test_case_func(gconstpointer data)
{
    const VncTestCaseRun *run = data;
    VncPixelFormat format;

    vnc_test_format_nth(run->format, &format, NULL);
    vnc_test_direct = !run->via_framebuffer;
    vnc_test_case_run(run->c, &format);
    vnc_test_direct = TRUE;
}

void
vnc_test_cases_add(const char *prefix, const VncTestDecodeCase *cases,
                   gsize n_cases)
{
    for (gsize i = 0; i < n_cases; i++) {
        for (guint f = 0; f < VNC_TEST_N_FORMATS; f++) {
            VncPixelFormat format;
            const char *fname;
            VncTestCaseRun *run;
            gchar *path;

            vnc_test_format_nth(f, &format, &fname);
            if (cases[i].only_bpp && cases[i].only_bpp != format.bits_per_pixel)
                continue;
            /* Kept for the life of the test program. Each case twice:
             * writing into the framebuffer's memory, and through the
             * framebuffer's calls. */
            for (guint via = 0; via < 2; via++) {
                run = g_new(VncTestCaseRun, 1);
                run->c = &cases[i];
                run->format = f;
                run->via_framebuffer = via;
                path = g_strdup_printf("/%s/%s/%s%s", prefix, cases[i].name, fname,
                                       via ? "/via-framebuffer" : "");
                g_test_add_data_func_full(path, run, vnc_test_case_func, g_free);
                g_free(path);
            }
        }
    }
}

void
vnc_test_assert_rejects_bpp(VncDecodeFunc decode)
{
    static const guint8 junk[64] = { 0 };
    static const guint bad[] = { 24, 0, 64 };

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        VncPixelFormat fmt, remote;
        VncTestDecoder *t;
        GError *err = NULL;

        vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
        t = vnc_test_decoder_new(&fmt, 4, 4, 0x123456);
        remote = fmt;
        remote.bits_per_pixel = bad[i];
        t->ctx.remote = &remote;
        vnc_test_decoder_set_input(t, junk, sizeof(junk));
        g_assert_false(vnc_test_decoder_run(t, decode, 0, 0, 4, 4, &err));
        g_assert_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED);
        g_error_free(err);
        for (guint y = 0; y < 4; y++) {
            for (guint x = 0; x < 4; x++)
                g_assert_cmphex(vnc_test_decoder_get_pixel(t, x, y), ==,
                                0x123456);
        }
        vnc_test_decoder_free(t);
    }
}

void
vnc_test_decoder_assert_mutations(const VncPixelFormat *format,
                                  guint16 fb_width, guint16 fb_height,
                                  VncDecodeFunc decode,
                                  guint16 x, guint16 y, guint16 w, guint16 h,
                                  const guint8 *data, gsize len,
                                  gboolean zlib_wrap,
                                  guint n_runs, guint32 seed)
{
    GRand *rand = g_rand_new_with_seed(seed);
    /* a colour the images here hardly use */
    const guint32 bg = vnc_test_rgb(format, 0xa5, 0x5a, 0x3c);
    guint failures = 0;

    for (guint run = 0; run < n_runs; run++) {
        GByteArray *mutant = g_byte_array_new();
        GByteArray *wire;
        VncTestDecoder *t;
        GError *err = NULL;
        guint n_changes = g_rand_int_range(rand, 1, 5);

        g_byte_array_append(mutant, data, len);
        for (guint c = 0; c < n_changes && mutant->len > 0; c++) {
            guint pos = g_rand_int_range(rand, 0, mutant->len);

            switch (g_rand_int_range(rand, 0, 6)) {
            case 0:     /* drop a byte */
                g_byte_array_remove_index(mutant, pos);
                break;
            case 1: {   /* add one */
                guint8 b = g_rand_int_range(rand, 0, 256);

                g_byte_array_set_size(mutant, mutant->len + 1);
                memmove(mutant->data + pos + 1, mutant->data + pos,
                        mutant->len - 1 - pos);
                mutant->data[pos] = b;
                break;
            }
            case 2:     /* an extreme value */
                mutant->data[pos] = g_rand_boolean(rand) ? 0xff : 0x00;
                break;
            default:    /* any value */
                mutant->data[pos] = g_rand_int_range(rand, 0, 256);
                break;
            }
        }

        if (zlib_wrap) {
            z_stream zs = { 0 };
            GByteArray *z = g_byte_array_new();

            g_assert_cmpint(deflateInit(&zs, 1), ==, Z_OK);
            vnc_test_deflate(&zs, mutant->data, mutant->len, z);
            deflateEnd(&zs);
            wire = g_byte_array_new();
            vnc_test_put_u32(wire, z->len);
            vnc_test_put_bytes(wire, z->data, z->len);
            g_byte_array_unref(z);
        } else {
            wire = g_byte_array_ref(mutant);
        }

        t = vnc_test_decoder_new(format, fb_width, fb_height, bg);
        vnc_test_decoder_set_input(t, wire->data, wire->len);
        if (!vnc_test_decoder_run(t, decode, x, y, w, h, &err)) {
            g_assert_nonnull(err);
            g_assert_true(err->domain == VNC_ERROR);
            g_clear_error(&err);
            failures++;
        }
        for (guint py = 0; py < fb_height; py++) {
            for (guint px = 0; px < fb_width; px++) {
                if (px >= x && px < (guint)x + w && py >= y && py < (guint)y + h)
                    continue;
                if (vnc_test_decoder_get_pixel(t, px, py) != bg)
                    g_error("mutation %u: pixel (%u, %u) outside the "
                            "rectangle changed from %08x to %08x", run, px, py,
                            bg, vnc_test_decoder_get_pixel(t, px, py));
            }
        }
        vnc_test_decoder_free(t);
        g_byte_array_unref(wire);
        g_byte_array_unref(mutant);
    }
    g_test_message("%u of %u mutations refused", failures, n_runs);
    g_rand_free(rand);
}
