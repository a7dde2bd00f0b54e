/*
 * gtk-vnc tests: the table of decoders (src/decode/vncdecoder.c)
 *
 * vnc_decoder_find() answers every rectangle's encoding number: it must
 * give each listed decoder for its own number and nothing for any other,
 * however it looks them up.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <glib.h>

#include "vncdecoder-priv.h"

static void
test_each_decoder_found(void)
{
    gsize n = 0;
    const VncDecoder *list = vnc_decoder_list(&n);

    g_assert_cmpuint(n, >=, 11);
    for (gsize i = 0; i < n; i++)
        g_assert_true(vnc_decoder_find(list[i].encoding) == &list[i]);
}

static gboolean
listed(gint32 encoding)
{
    gsize n = 0;
    const VncDecoder *list = vnc_decoder_list(&n);

    for (gsize i = 0; i < n; i++) {
        if (list[i].encoding == encoding)
            return TRUE;
    }
    return FALSE;
}

/* Pseudo-encodings, unused numbers, and the extremes a server may send. */
static void
test_others_not_found(void)
{
    static const gint32 extremes[] = { G_MININT32, G_MININT32 + 1, -1, 1000, G_MAXINT32 };

    for (gint32 encoding = -400; encoding <= 400; encoding++) {
        if (!listed(encoding))
            g_assert_null(vnc_decoder_find(encoding));
    }
    for (gsize i = 0; i < G_N_ELEMENTS(extremes); i++)
        g_assert_null(vnc_decoder_find(extremes[i]));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/decoder-table/each-found", test_each_decoder_found);
    g_test_add_func("/decoder-table/others-not-found", test_others_not_found);
    return g_test_run();
}
