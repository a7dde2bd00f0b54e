/*
 * gtk-vnc: the key combination that grabs and releases the keyboard and
 * pointer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_GRAB_SEQUENCE_H
#define VNC_GRAB_SEQUENCE_H

#include <glib.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define VNC_TYPE_GRAB_SEQUENCE (vnc_grab_sequence_get_type())

typedef struct _VncGrabSequence VncGrabSequence;

/* A plain struct (a boxed type), laid out as gtk-vnc 1.x's: callers read
 * the fields directly. */

/**
 * VncGrabSequence:
 * @nkeysyms: the number of keys
 * @keysyms: (array length=nkeysyms): the keys, as keysyms
 *
 * A combination of keys, all held at once.
 */
struct _VncGrabSequence {
    guint nkeysyms;
    guint *keysyms;
};

GType vnc_grab_sequence_get_type(void);

VncGrabSequence *vnc_grab_sequence_new(guint nkeysyms, guint *keysyms);
VncGrabSequence *vnc_grab_sequence_new_from_string(const gchar *str);
VncGrabSequence *vnc_grab_sequence_copy(VncGrabSequence *sequence);
void vnc_grab_sequence_free(VncGrabSequence *sequence);
gchar *vnc_grab_sequence_as_string(VncGrabSequence *sequence);

guint vnc_grab_sequence_get_nth(VncGrabSequence *sequence, guint n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VncGrabSequence, vnc_grab_sequence_free)

G_END_DECLS

#endif /* VNC_GRAB_SEQUENCE_H */
