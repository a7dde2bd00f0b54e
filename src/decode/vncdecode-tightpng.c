/*
 * gtk-vnc: PNG rectangles of the Tight-PNG encoding, through libpng
 *
 * QEMU's Tight-PNG sends a PNG image (control byte 0xA, a compact length,
 * the PNG file) wherever Tight would use basic compression. Its images
 * are RGB or palette based; any PNG is accepted as long as it is exactly
 * the rectangle's size, and is reduced to 8-bit RGB: palettes expanded,
 * grey turned to RGB, alpha and 16-bit precision dropped, no gamma
 * correction, so lossless images stay exact.
 *
 * As for JPEG, rows go straight into the framebuffer's memory when it is
 * 32 bpp with whole bytes per component (libpng's filler and BGR
 * transformations give any of the four byte orders); otherwise they are
 * decoded as RGB and handed over with rgb24_blt.
 *
 * libpng reports errors by calling our error function, which longjmps
 * back to the setjmp in vnc_tight_decode_png(), on the same coroutine
 * stack.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include <png.h>

#include "vncdecode-tight-priv.h"

typedef struct {
    const guint8 *data;
    gsize len;
    gsize pos;
    png_bytep *rows;        /* freed if libpng fails while they are in use */
    char message[256];
} VncTightPngSource;

static void
vnc_tight_png_read(png_structp png, png_bytep out, png_size_t len)
{
    VncTightPngSource *src = png_get_io_ptr(png);

    if (len > src->len - src->pos)
        png_error(png, "the image data ends early");
    memcpy(out, src->data + src->pos, len);
    src->pos += len;
}

static void
vnc_tight_png_error(png_structp png, png_const_charp message)
{
    VncTightPngSource *src = png_get_error_ptr(png);

    g_strlcpy(src->message, message, sizeof(src->message));
    png_longjmp(png, 1);
}

static void
vnc_tight_png_warning(png_structp png G_GNUC_UNUSED,
                      png_const_charp message G_GNUC_UNUSED)
{
    /* Warnings concern ancillary chunks, which are dropped; the pixels
     * are unaffected. Never print to stderr. */
}

/* Sets up libpng to turn any PNG into rows of @layout (RGB for
 * VNC_TIGHT_LAYOUT_NONE); returns the bytes per pixel. */
static guint
vnc_tight_png_transform(png_structp png, png_infop info, VncTightLayout layout)
{
    int color_type = png_get_color_type(png, info);
    int bit_depth = png_get_bit_depth(png, info);

    if (color_type == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(png);
    if (bit_depth == 16)
        png_set_strip_16(png);
    if (color_type == PNG_COLOR_TYPE_GRAY ||
        color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    /* Alpha from the image itself or from tRNS: the framebuffer has no
     * use for it. */
    png_set_strip_alpha(png);

    switch (layout) {
    case VNC_TIGHT_LAYOUT_RGBX:
        png_set_filler(png, 0xff, PNG_FILLER_AFTER);
        return 4;
    case VNC_TIGHT_LAYOUT_BGRX:
        png_set_bgr(png);
        png_set_filler(png, 0xff, PNG_FILLER_AFTER);
        return 4;
    case VNC_TIGHT_LAYOUT_XRGB:
        png_set_filler(png, 0xff, PNG_FILLER_BEFORE);
        return 4;
    case VNC_TIGHT_LAYOUT_XBGR:
        png_set_bgr(png);
        png_set_filler(png, 0xff, PNG_FILLER_BEFORE);
        return 4;
    case VNC_TIGHT_LAYOUT_NONE:
    default:
        return 3;
    }
}

gboolean
vnc_tight_decode_png(VncTightRect *rect, const guint8 *data, gsize len,
                     GError **err)
{
    VncFramebuffer *fb = rect->ctx->fb;
    VncTightLayout layout = vnc_tight_local_layout(fb);
    /* On the heap: it changes between setjmp and a longjmp, so as a
     * local its value after the jump would be unreliable. */
    g_autofree VncTightPngSource *src = g_new0(VncTightPngSource, 1);
    png_structp png;
    png_infop info;
    png_uint_32 width, height;
    guint pixel_size;
    gboolean interlaced;

    src->data = data;
    src->len = len;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, src,
                                 vnc_tight_png_error, vnc_tight_png_warning);
    if (!png) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "Cannot set up libpng to decode a Tight-PNG rectangle.");
        return FALSE;
    }
    info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "Cannot set up libpng to decode a Tight-PNG rectangle.");
        return FALSE;
    }

    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        g_free(src->rows);
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a corrupt PNG image in a Tight-PNG "
                    "rectangle (%s).", src->message);
        return FALSE;
    }

    png_set_read_fn(png, src, vnc_tight_png_read);
    /* No image may be larger than a rectangle can be; the exact size is
     * checked below, before libpng allocates anything for the rows. */
    png_set_user_limits(png, G_MAXUINT16, G_MAXUINT16);
    png_read_info(png, info);

    width = png_get_image_width(png, info);
    height = png_get_image_height(png, info);
    if (width != rect->width || height != rect->height) {
        png_destroy_read_struct(&png, &info, NULL);
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a %ux%u PNG image for a %ux%u Tight-PNG "
                    "rectangle.", (guint)width, (guint)height,
                    rect->width, rect->height);
        return FALSE;
    }

    pixel_size = vnc_tight_png_transform(png, info, layout);
    interlaced = png_set_interlace_handling(png) > 1;
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (gsize)width * pixel_size) {
        png_destroy_read_struct(&png, &info, NULL);
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "The server sent a Tight-PNG image in a form this client "
                    "cannot convert.");
        return FALSE;
    }

    if (layout != VNC_TIGHT_LAYOUT_NONE || interlaced) {
        /* The whole image at once: into the framebuffer, or for an
         * interlaced image that cannot go there into scratch memory
         * first (its passes revisit every row). */
        gsize stride;
        guint8 *first;

        if (layout != VNC_TIGHT_LAYOUT_NONE) {
            stride = vnc_framebuffer_get_rowstride(fb);
            first = vnc_framebuffer_get_buffer(fb) +
                (gsize)rect->y * stride + (gsize)rect->x * 4;
        } else {
            stride = (gsize)width * 3;
            first = vnc_tight_scratch(&rect->state->pixels,
                                      &rect->state->pixels_size,
                                      stride * height);
        }
        src->rows = g_new(png_bytep, height);
        for (guint row = 0; row < height; row++)
            src->rows[row] = first + row * stride;
        png_read_image(png, src->rows);
        g_clear_pointer(&src->rows, g_free);
        if (layout == VNC_TIGHT_LAYOUT_NONE)
            vnc_tight_blt_rgb24(rect, first, stride, 0, height);
    } else {
        gsize row_len = (gsize)width * 3;
        guint band_rows = CLAMP(VNC_TIGHT_BAND_BYTES / row_len, 1, height);
        guint8 *band = vnc_tight_scratch(&rect->state->pixels,
                                         &rect->state->pixels_size,
                                         row_len * band_rows);

        for (guint start = 0; start < height; start += band_rows) {
            guint n = MIN(band_rows, height - start);

            for (guint i = 0; i < n; i++)
                png_read_row(png, band + i * row_len, NULL);
            vnc_tight_blt_rgb24(rect, band, row_len, start, n);
        }
    }

    /* The chunks after the image, up to IEND, must be intact too. */
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    return TRUE;
}
