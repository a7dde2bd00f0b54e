/*
 * gtk-vnc: the Tight encoding (7) and QEMU's Tight-PNG (-260)
 *
 * A Tight rectangle starts with a compression-control byte. Its low four
 * bits ask the client to reset zlib streams 0 to 3 before anything else;
 * its high four bits say what follows:
 *
 *   0x0-0x7  basic compression: bits 4-5 pick the zlib stream, bit 6 says
 *            a filter id byte follows (otherwise the copy filter)
 *   0x8      fill: one TPIXEL for the whole rectangle
 *   0x9      JPEG: a compact length, then a JPEG image
 *   0xA      Tight-PNG: PNG, a compact length, then a PNG image
 *   0xA, 0xE Tight: basic compression without zlib (bit 6 again says a
 *            filter id follows). LibVNCServer and TurboVNC send this at
 *            compression level 0: the filtered data comes as it is,
 *            after a compact length when it is 12 bytes or more.
 *
 * Tight-PNG, as QEMU sends it, uses PNG where Tight would use basic
 * compression, but not always: to 8 bpp clients QEMU sends basic
 * full-colour rectangles, and with its lossy option basic gradient ones,
 * so both encodings accept basic compression. Only Tight-PNG accepts PNG.
 *
 * A TPIXEL is a pixel of the agreed format, except that a 32 bpp depth 24
 * true-colour format with 8 bits per component sends only its red, green
 * and blue bytes, in that order.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncdecode-tight-priv.h"
#include "vncdecode-pixel-priv.h"

/* Scratch buffers larger than this (JPEG and PNG data, a whole
 * interlaced PNG image) are not kept between rectangles; bands always
 * fit. */
#define VNC_TIGHT_KEEP_BYTES (1024u * 1024u)

#define VNC_TIGHT_CTL_FILL 0x8
#define VNC_TIGHT_CTL_JPEG 0x9
#define VNC_TIGHT_CTL_PNG  0xA
#define VNC_TIGHT_CTL_NO_ZLIB 0xA   /* the same value, in Tight */
#define VNC_TIGHT_CTL_FILTER 0x4

static void
vnc_tight_state_free(gpointer data)
{
    VncTightState *state = data;

    for (guint i = 0; i < VNC_TIGHT_N_STREAMS; i++)
        vnc_inflate_free(&state->zlib[i]);
    g_free(state->wire);
    g_free(state->pixels);
    g_free(state->prev);
    g_free(state->data);
    g_free(state);
}

static VncTightState *
vnc_tight_state_get(VncDecoderState *decoder_state)
{
    VncTightState *state = decoder_state->data[VNC_DECODER_SLOT_TIGHT];

    if (!state) {
        state = g_new0(VncTightState, 1);
        for (guint i = 0; i < VNC_TIGHT_N_STREAMS; i++)
            vnc_inflate_init(&state->zlib[i]);
        decoder_state->data[VNC_DECODER_SLOT_TIGHT] = state;
        decoder_state->free[VNC_DECODER_SLOT_TIGHT] = vnc_tight_state_free;
    }
    return state;
}

guint8 *
vnc_tight_scratch(guint8 **buf, gsize *buf_size, gsize size)
{
    if (*buf_size < size) {
        g_free(*buf);
        *buf = g_malloc(size);
        *buf_size = size;
    }
    return *buf;
}

/* coroutine context */
gboolean
vnc_tight_read_compact_length(VncStream *stream, guint32 *len, GError **err)
{
    guint8 byte;
    guint32 value;

    /* Seven bits per byte, low bits first, the top bit saying another
     * byte follows; the third byte gives all eight of its bits. */
    if (!vnc_stream_read_u8(stream, &byte, err))
        return FALSE;
    value = byte & 0x7f;
    if (byte & 0x80) {
        if (!vnc_stream_read_u8(stream, &byte, err))
            return FALSE;
        value |= (guint32)(byte & 0x7f) << 7;
        if (byte & 0x80) {
            if (!vnc_stream_read_u8(stream, &byte, err))
                return FALSE;
            value |= (guint32)byte << 14;
        }
    }
    *len = value;
    return TRUE;
}

VncTightLayout
vnc_tight_local_layout(VncFramebuffer *fb)
{
    const VncPixelFormat *fmt = vnc_framebuffer_get_local_format(fb);
    guint index[3];
    const guint shifts[3] = { fmt ? fmt->red_shift : 0,
                              fmt ? fmt->green_shift : 0,
                              fmt ? fmt->blue_shift : 0 };

    if (!fmt || fmt->bits_per_pixel != 32 || !fmt->true_color_flag ||
        fmt->red_max != 255 || fmt->green_max != 255 || fmt->blue_max != 255)
        return VNC_TIGHT_LAYOUT_NONE;
    if (!vnc_framebuffer_get_buffer(fb) || vnc_framebuffer_get_rowstride(fb) <= 0)
        return VNC_TIGHT_LAYOUT_NONE;

    /* Which byte of the pixel in memory holds each component. */
    for (guint c = 0; c < 3; c++) {
        if (shifts[c] % 8 != 0 || shifts[c] > 24)
            return VNC_TIGHT_LAYOUT_NONE;
        index[c] = fmt->byte_order == G_BIG_ENDIAN ?
            3 - shifts[c] / 8 : shifts[c] / 8;
    }

    if (index[0] == 0 && index[1] == 1 && index[2] == 2)
        return VNC_TIGHT_LAYOUT_RGBX;
    if (index[0] == 2 && index[1] == 1 && index[2] == 0)
        return VNC_TIGHT_LAYOUT_BGRX;
    if (index[0] == 1 && index[1] == 2 && index[2] == 3)
        return VNC_TIGHT_LAYOUT_XRGB;
    if (index[0] == 3 && index[1] == 2 && index[2] == 1)
        return VNC_TIGHT_LAYOUT_XBGR;
    return VNC_TIGHT_LAYOUT_NONE;
}

void
vnc_tight_blt_rgb24(VncTightRect *rect, guint8 *rows, gsize rowstride,
                    guint16 first_row, guint16 n_rows)
{
    vnc_framebuffer_rgb24_blt(rect->ctx->fb, rows, (int)rowstride,
                              rect->x, rect->y + first_row,
                              rect->width, n_rows);
}

static gboolean
vnc_tight_is_rgb24(const VncPixelFormat *fmt)
{
    return fmt->bits_per_pixel == 32 && fmt->depth == 24 &&
        fmt->true_color_flag &&
        fmt->red_max == 255 && fmt->green_max == 255 && fmt->blue_max == 255;
}

static guint32
vnc_tight_shift_left(guint32 value, guint shift)
{
    return shift < 32 ? value << shift : 0;
}

void
vnc_tight_rgb_to_remote(const VncPixelFormat *fmt, const guint8 *rgb,
                        guint8 *pixel)
{
    guint32 value;

    /* The format nearly every client asks for (little-endian, red at
     * 16, blue at 0): the three bytes in the other order. This runs for
     * every palette colour and fill, a few times per small rectangle. */
    if (fmt->byte_order == G_LITTLE_ENDIAN && fmt->red_shift == 16 &&
        fmt->green_shift == 8 && fmt->blue_shift == 0) {
        pixel[0] = rgb[2];
        pixel[1] = rgb[1];
        pixel[2] = rgb[0];
        pixel[3] = 0;
        return;
    }

    value =
        vnc_tight_shift_left(rgb[0], fmt->red_shift) |
        vnc_tight_shift_left(rgb[1], fmt->green_shift) |
        vnc_tight_shift_left(rgb[2], fmt->blue_shift);

    if (fmt->byte_order == G_BIG_ENDIAN) {
        pixel[0] = value >> 24;
        pixel[1] = value >> 16;
        pixel[2] = value >> 8;
        pixel[3] = value;
    } else {
        pixel[0] = value;
        pixel[1] = value >> 8;
        pixel[2] = value >> 16;
        pixel[3] = value >> 24;
    }
}

/* coroutine context */
static gboolean
vnc_tight_fill(VncTightRect *rect, GError **err)
{
    const guint8 *tpixel;
    guint8 pixel[4] = { 0 };

    tpixel = vnc_stream_read_inplace(rect->ctx->stream, rect->tpixel_size, err);
    if (!tpixel)
        return FALSE;
    if (rect->rgb24)
        vnc_tight_rgb_to_remote(rect->ctx->remote, tpixel, pixel);
    else
        memcpy(pixel, tpixel, rect->tpixel_size);

    if (rect->width == 0 || rect->height == 0)
        return TRUE;
    if (rect->ctx->direct) {
        VncDecodeContext *ctx = rect->ctx;
        guint bpp = vnc_decode_bytes_per_pixel(ctx->remote);

        vnc_pixel_fill_rect(vnc_decode_direct_pixel(ctx, rect->x, rect->y, bpp),
                            ctx->direct_stride, pixel, rect->width, rect->height, bpp);
        return TRUE;
    }
    vnc_framebuffer_fill(rect->ctx->fb, pixel, rect->x, rect->y,
                         rect->width, rect->height);
    return TRUE;
}

/* Filters a band of rows received from the wire and hands it to the
 * framebuffer. */
static gboolean
vnc_tight_put_rows(VncTightRect *rect, VncTightFilter *filter,
                   const guint8 *wire, guint16 first_row, guint16 n_rows,
                   GError **err)
{
    guint8 *pixels;

    /* Pixels of the remote format go straight into the framebuffer's
     * memory when it keeps them as they are; only 3-byte colours still
     * need the framebuffer's conversion. */
    if (rect->ctx->direct && !filter->pixels_rgb24) {
        VncDecodeContext *ctx = rect->ctx;

        return vnc_tight_filter_apply(rect, filter, wire,
                                      vnc_decode_direct_pixel(ctx, rect->x,
                                                              rect->y + first_row,
                                                              filter->pixel_size),
                                      ctx->direct_stride, first_row, n_rows, err);
    }

    if (filter->id == VNC_TIGHT_FILTER_COPY) {
        /* The rows are pixels already; the blt only reads them. */
        pixels = (guint8 *)wire;
    } else {
        pixels = vnc_tight_scratch(&rect->state->pixels,
                                   &rect->state->pixels_size,
                                   filter->pixel_row * n_rows);
        if (!vnc_tight_filter_apply(rect, filter, wire, pixels, filter->pixel_row,
                                    first_row, n_rows, err))
            return FALSE;
    }

    if (filter->pixels_rgb24)
        vnc_tight_blt_rgb24(rect, pixels, filter->pixel_row, first_row, n_rows);
    else
        vnc_framebuffer_blt(rect->ctx->fb, pixels, (int)filter->pixel_row,
                            rect->x, rect->y + first_row,
                            rect->width, n_rows);
    return TRUE;
}

/* coroutine context: filtered data sent without zlib, a band at a time
 * (one row can be larger than the stream's in-place limit). */
static gboolean
vnc_tight_basic_uncompressed(VncTightRect *rect, VncTightFilter *filter,
                             guint64 raw_len, gsize band_rows, GError **err)
{
    guint32 len;
    guint8 *wire;

    if (!vnc_tight_read_compact_length(rect->ctx->stream, &len, err))
        return FALSE;
    if (len != raw_len) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server announced %u bytes of uncompressed Tight data "
                    "for a rectangle that needs %" G_GUINT64_FORMAT ".",
                    len, raw_len);
        return FALSE;
    }

    wire = vnc_tight_scratch(&rect->state->wire, &rect->state->wire_size,
                             filter->wire_row * band_rows);
    for (guint row = 0; row < rect->height; row += band_rows) {
        guint16 n_rows = MIN(band_rows, (gsize)(rect->height - row));

        if (!vnc_stream_read(rect->ctx->stream, wire,
                             filter->wire_row * n_rows, err) ||
            !vnc_tight_put_rows(rect, filter, wire, row, n_rows, err))
            return FALSE;
    }
    return TRUE;
}

/* coroutine context */
static gboolean
vnc_tight_basic(VncTightRect *rect, guint stream_id, gboolean has_filter_id,
                gboolean zlib, GError **err)
{
    VncStream *stream = rect->ctx->stream;
    VncTightFilter filter;
    guint8 filter_id = VNC_TIGHT_FILTER_COPY;
    guint64 raw_len;
    gsize band_rows;
    guint32 compressed_len;
    VncInflate *inf;
    guint8 *wire;

    if (has_filter_id &&
        !vnc_stream_read_u8(stream, &filter_id, err))
        return FALSE;
    if (!vnc_tight_filter_init(rect, &filter, filter_id, err))
        return FALSE;

    raw_len = (guint64)filter.wire_row * rect->height;
    if (raw_len == 0)
        return TRUE;
    if (raw_len < VNC_TIGHT_MIN_TO_COMPRESS) {
        /* Too short to be worth compressing: sent as it is. */
        const guint8 *data = vnc_stream_read_inplace(stream, raw_len, err);

        if (!data)
            return FALSE;
        return vnc_tight_put_rows(rect, &filter, data, 0, rect->height, err);
    }

    band_rows = VNC_TIGHT_BAND_BYTES / MAX(filter.wire_row, filter.pixel_row);
    band_rows = CLAMP(band_rows, 1, rect->height);
    if (!zlib)
        return vnc_tight_basic_uncompressed(rect, &filter, raw_len, band_rows,
                                            err);

    if (!vnc_tight_read_compact_length(stream, &compressed_len, err))
        return FALSE;

    inf = &rect->state->zlib[stream_id];
    if (!vnc_inflate_begin(inf, stream, compressed_len,
                           VNC_INFLATE_MAX_COMPRESSED(raw_len), "Tight", err))
        return FALSE;

    wire = vnc_tight_scratch(&rect->state->wire, &rect->state->wire_size,
                             filter.wire_row * band_rows + VNC_INFLATE_SLACK);

    for (guint row = 0; row < rect->height; row += band_rows) {
        guint16 n_rows = MIN(band_rows, (gsize)(rect->height - row));
        gboolean last = row + n_rows == rect->height;

        if (!(last ? vnc_inflate_pull_last : vnc_inflate_pull)(inf, wire,
                                                               filter.wire_row * n_rows,
                                                               "Tight", err))
            return FALSE;
        if (!vnc_tight_put_rows(rect, &filter, wire, row, n_rows, err)) {
            /* The block is abandoned half read; the connection ends. */
            vnc_inflate_reset(inf);
            return FALSE;
        }
    }

    return vnc_inflate_end(inf, "Tight", err);
}

/* coroutine context: a JPEG or PNG image. */
static gboolean
vnc_tight_image(VncTightRect *rect, gboolean png, GError **err)
{
    VncTightState *state = rect->state;
    guint32 len;
    guint8 *data;

    if (!vnc_tight_read_compact_length(rect->ctx->stream, &len, err))
        return FALSE;
    if (len == 0) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent an empty %s image in a Tight rectangle.",
                    png ? "PNG" : "JPEG");
        return FALSE;
    }

    data = vnc_tight_scratch(&state->data, &state->data_size, len);
    if (!vnc_stream_read(rect->ctx->stream, data, len, err))
        return FALSE;

    if (png)
        return vnc_tight_decode_png(rect, data, len, err);
    return vnc_tight_decode_jpeg(rect, data, len, err);
}

static void
vnc_tight_trim(guint8 **buf, gsize *buf_size)
{
    if (*buf_size > VNC_TIGHT_KEEP_BYTES) {
        g_clear_pointer(buf, g_free);
        *buf_size = 0;
    }
}

/* coroutine context */
static gboolean
vnc_tight_decode_rect(VncDecodeContext *ctx, guint16 x, guint16 y,
                      guint16 width, guint16 height, gboolean tight_png,
                      GError **err)
{
    const char *name = tight_png ? "Tight-PNG" : "Tight";
    VncTightRect rect = {
        .ctx = ctx,
        .state = vnc_tight_state_get(ctx->state),
        .x = x,
        .y = y,
        .width = width,
        .height = height,
        .rgb24 = vnc_tight_is_rgb24(ctx->remote),
    };
    guint8 control;
    guint type;

    rect.tpixel_size = rect.rgb24 ? 3 : vnc_decode_bytes_per_pixel(ctx->remote);

    if (!vnc_stream_read_u8(ctx->stream, &control, err))
        return FALSE;

    if (control & 0x0f) {
        for (guint i = 0; i < VNC_TIGHT_N_STREAMS; i++) {
            if (control & (1u << i))
                vnc_inflate_reset(&rect.state->zlib[i]);
        }
    }

    /* An empty rectangle still carries its control byte, a fill its
     * pixel and basic compression its filter; but no image can have no
     * pixels. */
    type = control >> 4;
    if (type == VNC_TIGHT_CTL_FILL)
        return vnc_tight_fill(&rect, err);
    if (type == VNC_TIGHT_CTL_JPEG) {
        if (width == 0 || height == 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server sent a JPEG image for an empty %s "
                        "rectangle.", name);
            return FALSE;
        }
        return vnc_tight_image(&rect, FALSE, err);
    }
    if (type == VNC_TIGHT_CTL_PNG && tight_png) {
        if (width == 0 || height == 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server sent a PNG image for an empty %s "
                        "rectangle.", name);
            return FALSE;
        }
        return vnc_tight_image(&rect, TRUE, err);
    }
    if (type < VNC_TIGHT_CTL_FILL)
        return vnc_tight_basic(&rect, type & 0x3, (type & 0x4) != 0, TRUE, err);
    if ((type == VNC_TIGHT_CTL_NO_ZLIB ||
         type == (VNC_TIGHT_CTL_NO_ZLIB | VNC_TIGHT_CTL_FILTER)) && !tight_png)
        return vnc_tight_basic(&rect, 0, (type & VNC_TIGHT_CTL_FILTER) != 0,
                               FALSE, err);

    g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                "The server sent a %s rectangle with the unknown compression "
                "control byte 0x%02x.", name, control);
    return FALSE;
}

/* coroutine context */
static gboolean
vnc_tight_decode_any(VncDecodeContext *ctx, guint16 x, guint16 y,
                     guint16 width, guint16 height, gboolean tight_png,
                     GError **err)
{
    gboolean ok = vnc_tight_decode_rect(ctx, x, y, width, height, tight_png,
                                        err);
    VncTightState *state = ctx->state->data[VNC_DECODER_SLOT_TIGHT];

    vnc_tight_trim(&state->wire, &state->wire_size);
    vnc_tight_trim(&state->pixels, &state->pixels_size);
    vnc_tight_trim(&state->prev, &state->prev_size);
    vnc_tight_trim(&state->data, &state->data_size);
    return ok;
}

/* coroutine context */
gboolean
vnc_decode_tight(VncDecodeContext *ctx, guint16 x, guint16 y,
                 guint16 width, guint16 height, GError **err)
{
    return vnc_tight_decode_any(ctx, x, y, width, height, FALSE, err);
}

/* coroutine context */
gboolean
vnc_decode_tight_png(VncDecodeContext *ctx, guint16 x, guint16 y,
                     guint16 width, guint16 height, GError **err)
{
    return vnc_tight_decode_any(ctx, x, y, width, height, TRUE, err);
}
