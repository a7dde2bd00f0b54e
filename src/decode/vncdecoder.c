/*
 * gtk-vnc: the table of decoders, and their shared state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "vncdecoder-priv.h"

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

const VncDecoder *
vnc_decoder_find(gint32 encoding)
{
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
        }
    }
    return target;
}
