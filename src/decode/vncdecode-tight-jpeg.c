/*
 * gtk-vnc: JPEG rectangles of the Tight encodings, through libjpeg-turbo
 *
 * When the local framebuffer is 32 bpp with a whole byte per component,
 * libjpeg-turbo writes its rows straight into the framebuffer's memory in
 * that byte order (its JCS_EXT_* output colour spaces), with no copy.
 * Otherwise rows are decoded as 3-byte RGB a band at a time and handed
 * over with rgb24_blt.
 *
 * libjpeg reports errors through error_exit, which must not return; ours
 * longjmps back to vnc_tight_decode_jpeg(). That is safe inside the
 * coroutine because the jump never leaves it: the setjmp and everything
 * libjpeg calls run on the same coroutine stack.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "vncdecode-tight-priv.h"

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} VncTightJpegError;

static void
vnc_tight_jpeg_error_exit(j_common_ptr cinfo)
{
    VncTightJpegError *jerr = (VncTightJpegError *)cinfo->err;

    jerr->pub.format_message(cinfo, jerr->message);
    longjmp(jerr->jump, 1);
}

static void
vnc_tight_jpeg_emit_message(j_common_ptr cinfo, int level)
{
    /* Warnings (level -1) are all about corrupt data that libjpeg would
     * paper over, grey blocks in place of pixels; a VNC server's
     * encoder never produces them, so they end the rectangle too.
     * Trace messages (level >= 0) are ignored. */
    if (level < 0)
        vnc_tight_jpeg_error_exit(cinfo);
}

static void
vnc_tight_jpeg_output_message(j_common_ptr cinfo G_GNUC_UNUSED)
{
    /* Never print to stderr: errors reach the user as a GError. */
}

static J_COLOR_SPACE
vnc_tight_jpeg_color_space(VncTightLayout layout)
{
    /* The alpha variants write 0xff into the unused byte; the X ones
     * leave it undefined. */
    switch (layout) {
    case VNC_TIGHT_LAYOUT_RGBX: return JCS_EXT_RGBA;
    case VNC_TIGHT_LAYOUT_BGRX: return JCS_EXT_BGRA;
    case VNC_TIGHT_LAYOUT_XRGB: return JCS_EXT_ARGB;
    case VNC_TIGHT_LAYOUT_XBGR: return JCS_EXT_ABGR;
    case VNC_TIGHT_LAYOUT_NONE:
    default:
        return JCS_EXT_RGB;
    }
}

/* Reads scanlines until the output reaches row @end, storing row
 * @first_row at @first and each next one @stride bytes further. Errors
 * longjmp. */
static void
vnc_tight_jpeg_read_rows(struct jpeg_decompress_struct *cinfo,
                         guint8 *first, gsize stride,
                         guint first_row, guint end)
{
    while (cinfo->output_scanline < end) {
        JSAMPROW rows[16];
        guint start = cinfo->output_scanline;
        guint n = MIN(end - start, G_N_ELEMENTS(rows));

        for (guint i = 0; i < n; i++)
            rows[i] = first + (gsize)(start - first_row + i) * stride;
        /* From memory libjpeg never suspends; a short image is a
         * warning, and warnings are errors here. */
        if (jpeg_read_scanlines(cinfo, rows, n) == 0)
            ERREXIT(cinfo, JERR_INPUT_EMPTY);
    }
}

gboolean
vnc_tight_decode_jpeg(VncTightRect *rect, const guint8 *data, gsize len,
                      GError **err)
{
    VncFramebuffer *fb = rect->ctx->fb;
    struct jpeg_decompress_struct cinfo;
    VncTightJpegError jerr;
    VncTightLayout layout = vnc_tight_local_layout(fb);

    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = jpeg_std_error(&jerr.pub);
    jerr.pub.error_exit = vnc_tight_jpeg_error_exit;
    jerr.pub.emit_message = vnc_tight_jpeg_emit_message;
    jerr.pub.output_message = vnc_tight_jpeg_output_message;
    jerr.message[0] = '\0';

    if (setjmp(jerr.jump)) {
        jpeg_destroy_decompress(&cinfo);
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a corrupt JPEG image in a Tight "
                    "rectangle (%s).", jerr.message);
        return FALSE;
    }

    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, len);
    jpeg_read_header(&cinfo, TRUE);

    if (cinfo.image_width != rect->width || cinfo.image_height != rect->height) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server sent a %ux%u JPEG image for a %ux%u Tight "
                    "rectangle.", (guint)cinfo.image_width,
                    (guint)cinfo.image_height, rect->width, rect->height);
        jpeg_destroy_decompress(&cinfo);
        return FALSE;
    }
    /* A progressive image may hold any number of scans, each a pass over
     * the whole image; servers only ever send baseline JPEG. */
    if (cinfo.progressive_mode) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_UNSUPPORTED,
                    "The server sent a progressive JPEG image in a Tight "
                    "rectangle; only baseline JPEG is supported.");
        jpeg_destroy_decompress(&cinfo);
        return FALSE;
    }

    cinfo.out_color_space = vnc_tight_jpeg_color_space(layout);
    jpeg_start_decompress(&cinfo);

    if (layout != VNC_TIGHT_LAYOUT_NONE) {
        gsize stride = vnc_framebuffer_get_rowstride(fb);
        guint8 *first = vnc_framebuffer_get_buffer(fb) +
            (gsize)rect->y * stride + (gsize)rect->x * 4;

        vnc_tight_jpeg_read_rows(&cinfo, first, stride, 0, rect->height);
    } else {
        gsize row_len = (gsize)rect->width * 3;
        guint band_rows = CLAMP(VNC_TIGHT_BAND_BYTES / row_len, 1, rect->height);
        guint8 *band = vnc_tight_scratch(&rect->state->pixels,
                                         &rect->state->pixels_size,
                                         row_len * band_rows);

        while (cinfo.output_scanline < rect->height) {
            guint start = cinfo.output_scanline;
            guint n = MIN(band_rows, rect->height - start);

            vnc_tight_jpeg_read_rows(&cinfo, band, row_len, start, start + n);
            vnc_tight_blt_rgb24(rect, band, row_len, start, n);
        }
    }

    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return TRUE;
}
