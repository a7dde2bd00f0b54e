/*
 * gtk-vnc: the key combination that grabs and releases the keyboard and
 * pointer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:vncgrabsequence
 * @title: VncGrabSequence
 * @short_description: the keys that grab and release the input
 * @see_also: vnc_display_set_grab_keys()
 *
 * A #VncDisplay grabs the keyboard and pointer, or lets go of them,
 * when the person holds down all the keys of its grab sequence at once:
 * Control_L and Alt_L unless the application chose others. A sequence
 * can be made from key values or from their names ("Control_L+Alt_L"),
 * and written back as names for a settings file or a menu.
 */
#include <config.h>

#include <string.h>

#include <gdk/gdk.h>
#include <gdk/gdkkeysyms.h>

#include "vncgrabsequence.h"

G_DEFINE_BOXED_TYPE(VncGrabSequence, vnc_grab_sequence,
                    vnc_grab_sequence_copy, vnc_grab_sequence_free)

/**
 * vnc_grab_sequence_new:
 * @nkeysyms: how many keysyms @keysyms holds
 * @keysyms: (array length=nkeysyms): the keysyms (X11 key values, as
 *   the GDK_KEY_ constants name them) that must all be held at once
 *
 * Makes a grab sequence from key values; @keysyms is copied.
 *
 * Returns: (transfer full): a new sequence, freed with
 *   vnc_grab_sequence_free()
 */
VncGrabSequence *
vnc_grab_sequence_new(guint nkeysyms, guint *keysyms)
{
    VncGrabSequence *sequence = g_new0(VncGrabSequence, 1);

    sequence->nkeysyms = nkeysyms;
    /* g_memdup2 is newer than the GLib we support; the count is small
     * but still multiplied in gsize. */
    sequence->keysyms = g_new0(guint, MAX(nkeysyms, 1));
    if (nkeysyms && keysyms)
        memcpy(sequence->keysyms, keysyms, (gsize)nkeysyms * sizeof(guint));
    return sequence;
}

/**
 * vnc_grab_sequence_new_from_string:
 * @str: key names joined by '+', such as "Control_L+Alt_L"
 *
 * Makes a grab sequence from key names as gdk_keyval_from_name() knows
 * them. A name it does not know becomes the void keysym (0xffffff), so
 * that the sequence keeps its length and can never be completed by
 * accident. An empty string gives an empty sequence.
 *
 * Returns: (transfer full): a new sequence, freed with
 *   vnc_grab_sequence_free()
 */
VncGrabSequence *
vnc_grab_sequence_new_from_string(const gchar *str)
{
    g_return_val_if_fail(str != NULL, NULL);
    g_auto(GStrv) names = g_strsplit(str, "+", -1);
    guint n = g_strv_length(names);
    VncGrabSequence *sequence = vnc_grab_sequence_new(n, NULL);

    for (guint i = 0; i < n; i++) {
        guint keysym = gdk_keyval_from_name(names[i]);

        /* GTK+ 2 says 0 for a name it does not know, GTK 3 VoidSymbol;
         * 0 is also what keys without a keysym report, so VoidSymbol. */
        sequence->keysyms[i] = keysym ? keysym : GDK_KEY_VoidSymbol;
    }
    return sequence;
}

/**
 * vnc_grab_sequence_copy:
 * @sequence: the sequence to copy
 *
 * Copies a sequence with its keysyms.
 *
 * Returns: (transfer full): a new copy of @sequence, freed with
 *   vnc_grab_sequence_free()
 */
VncGrabSequence *
vnc_grab_sequence_copy(VncGrabSequence *sequence)
{
    g_return_val_if_fail(sequence != NULL, NULL);
    return vnc_grab_sequence_new(sequence->nkeysyms, sequence->keysyms);
}

/**
 * vnc_grab_sequence_free:
 * @sequence: (nullable): the sequence to free
 *
 * Frees @sequence and its keysyms.
 */
void
vnc_grab_sequence_free(VncGrabSequence *sequence)
{
    if (!sequence)
        return;
    g_free(sequence->keysyms);
    g_free(sequence);
}

/**
 * vnc_grab_sequence_as_string:
 * @sequence: the sequence
 *
 * The inverse of vnc_grab_sequence_new_from_string(): the key names
 * joined by '+'. A keysym without a name is written as its number in
 * hexadecimal.
 *
 * Returns: (transfer full): a new string, freed with g_free()
 */
gchar *
vnc_grab_sequence_as_string(VncGrabSequence *sequence)
{
    g_return_val_if_fail(sequence != NULL, NULL);
    GString *str = g_string_new(NULL);

    for (guint i = 0; i < sequence->nkeysyms; i++) {
        const gchar *name = gdk_keyval_name(sequence->keysyms[i]);

        if (i)
            g_string_append_c(str, '+');
        if (name)
            g_string_append(str, name);
        else
            g_string_append_printf(str, "0x%x", sequence->keysyms[i]);
    }
    return g_string_free(str, FALSE);
}

/**
 * vnc_grab_sequence_get_nth:
 * @sequence: the sequence
 * @n: the position of the key, from 0
 *
 * One key of the sequence.
 *
 * Returns: the keysym at position @n, or 0 when @n is past the end
 */
guint
vnc_grab_sequence_get_nth(VncGrabSequence *sequence, guint n)
{
    g_return_val_if_fail(sequence != NULL, 0);
    if (n >= sequence->nkeysyms)
        return 0;
    return sequence->keysyms[n];
}
