/*
 * gtk-vnc: the table of decoders, and their shared state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <sys/mman.h>
#include <unistd.h>

#include "vncdecoder-priv.h"

/* Linux 5.14; older kernels refuse it with EINVAL, which is harmless. */
#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23
#endif

static const VncDecoder decoders[] = {
    { 0, "raw", vnc_decode_raw },
    { 1, "copyrect", vnc_decode_copyrect },
    { 2, "rre", vnc_decode_rre },
    { 4, "corre", vnc_decode_corre },
    { 5, "hextile", vnc_decode_hextile },
    { 6, "zlib", vnc_decode_zlib },
    { 7, "tight", vnc_decode_tight },
    { 15, "trle", vnc_decode_trle },
    { 16, "zrle", vnc_decode_zrle },
    { 17, "zywrle", vnc_decode_zywrle },
    { -260, "tightpng", vnc_decode_tight_png },
};

/* Encoding numbers below this (all but Tight-PNG's) are found through
 * an index, made from the table above the first time it is needed. */
#define VNC_DECODER_SMALL 18

const VncDecoder *
vnc_decoder_find(gint32 encoding)
{
    /* Asked for every rectangle, so no walk of the table for the
     * common encodings. */
    static const VncDecoder *small[VNC_DECODER_SMALL];
    static gsize small_ready;

    if (g_once_init_enter(&small_ready)) {
        for (gsize i = 0; i < G_N_ELEMENTS(decoders); i++) {
            if (decoders[i].encoding >= 0 && decoders[i].encoding < VNC_DECODER_SMALL)
                small[decoders[i].encoding] = &decoders[i];
        }
        g_once_init_leave(&small_ready, 1);
    }
    if (encoding >= 0 && encoding < VNC_DECODER_SMALL)
        return small[encoding];
    for (gsize i = 0; i < G_N_ELEMENTS(decoders); i++) {
        if (decoders[i].encoding == encoding)
            return &decoders[i];
    }
    return NULL;
}

const VncDecoder *
vnc_decoder_list(gsize *n_decoders)
{
    *n_decoders = G_N_ELEMENTS(decoders);
    return decoders;
}

VncDecoderState *
vnc_decoder_state_new(void)
{
    return g_new0(VncDecoderState, 1);
}

void
vnc_decoder_state_free(VncDecoderState *state)
{
    if (!state)
        return;
    g_clear_object(&state->target.fb);
    for (guint i = 0; i < VNC_DECODER_N_SLOTS; i++) {
        if (state->data[i] && state->free[i])
            state->free[i](state->data[i]);
    }
    g_free(state);
}

/* A new framebuffer's memory is usually untouched: the kernel gives it a
 * page at a time, on the first write to each, and the first full update
 * then pays a fault per 4 KiB (7 ms for a 1920x1080 screen here). Asking
 * for all pages at once costs a third less, and leaves the content as it
 * is. Whole pages inside the buffer only: the memory is not ours. */
static void
vnc_decoder_prefault(guint8 *buffer, gsize len)
{
#if defined(MADV_POPULATE_WRITE)
    /* Once per framebuffer: not worth caching (coroutines may run in
     * threads of their own). */
    long page_size = sysconf(_SC_PAGESIZE);
    gsize page = page_size > 0 ? (gsize)page_size : 0;
    guintptr start, end;

    if (page == 0 || (page & (page - 1)) != 0)
        return;
    start = ((guintptr)buffer + page - 1) & ~(guintptr)(page - 1);
    end = ((guintptr)buffer + len) & ~(guintptr)(page - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#endif
}

const VncDecodeTarget *
vnc_decoder_state_target(VncDecoderState *state, VncFramebuffer *fb)
{
    VncDecodeTarget *target = &state->target;

    if (G_LIKELY(target->fb == fb))
        return target;

    g_clear_object(&target->fb);
    *target = (VncDecodeTarget){ 0 };
    if (fb == NULL)
        return target;

    target->fb = g_object_ref(fb);
    target->width = vnc_framebuffer_get_width(fb);
    target->height = vnc_framebuffer_get_height(fb);
    const VncPixelFormat *remote = vnc_framebuffer_get_remote_format(fb);
    target->remote_bits_per_pixel = remote ? remote->bits_per_pixel : 0;
    if (vnc_framebuffer_perfect_format_match(fb)) {
        int stride = vnc_framebuffer_get_rowstride(fb);
        guint8 *buffer = vnc_framebuffer_get_buffer(fb);

        if (buffer != NULL && stride > 0) {
            target->direct = buffer;
            target->direct_stride = (gsize)stride;

            const VncPixelFormat *local = vnc_framebuffer_get_local_format(fb);
            /* The last row may end the buffer without the padding of
             * a full stride. */
            if (target->height > 0 && local != NULL)
                vnc_decoder_prefault(buffer, (gsize)stride * (target->height - 1) +
                                     (gsize)target->width * (local->bits_per_pixel / 8));
        }
    }
    return target;
}
