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
    for (guint i = 0; i < VNC_DECODER_N_SLOTS; i++) {
        if (state->data[i] && state->free[i])
            state->free[i](state->data[i]);
    }
    g_free(state);
}
