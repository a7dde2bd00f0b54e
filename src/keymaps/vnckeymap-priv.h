/*
 * gtk-vnc: keyboard translation tables (GLib only)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The part of the widget's keyboard handling that needs no display: which
 * keycode set a keyboard uses, keycode -> XT keycode through the tables
 * generated from keymaps.csv, and keysym fixups. The GDK side lives in
 * vncdisplaykeymap.c; everything here can be tested without a display.
 */
#ifndef VNC_KEYMAP_PRIV_H
#define VNC_KEYMAP_PRIV_H

#include <glib.h>

G_BEGIN_DECLS

/* The hardware keycodes a windowing system reports depend on its keyboard
 * driver. */
typedef enum {
    /* No table: key events carry keysyms only. */
    VNC_KEYMAP_KEYCODES_UNKNOWN,
    /* Linux KEY_ code + 8: Xorg's evdev and libinput drivers, Xwayland,
     * Xvfb and Xvnc with the "evdev" rules, GDK's Wayland backend. */
    VNC_KEYMAP_KEYCODES_EVDEV,
    /* The XFree86 "kbd" driver: XT scan codes, with the extended keys
     * moved around (xkb's "xfree86" keycodes). */
    VNC_KEYMAP_KEYCODES_XFREE86,
} VncKeymapKeycodes;

const char *vnc_keymap_keycodes_name(VncKeymapKeycodes keycodes);

/* From the name of the xkb keycodes component, such as
 * "evdev+aliases(qwerty)" or, as X servers report it,
 * "evdev_aliases(qwerty)"; UNKNOWN for names we have no table for. */
VncKeymapKeycodes vnc_keymap_keycodes_from_xkb_name(const char *name);

/* From the xkb names of the keys: key_names[keycode] is the name of that
 * keycode (at most 4 characters, as in the keymap's "<AC01>" without the
 * brackets) or NULL. A table is chosen only if the keys that every PC
 * keyboard has (Escape, the letters, the cursor block, right Ctrl/Alt)
 * sit where that table expects them. For keymaps whose keycodes component
 * has a name we do not know. */
VncKeymapKeycodes vnc_keymap_keycodes_from_key_names(const char *const *key_names,
                                                     gsize n_key_names);

/* The RFB XT keycode of the QEMU Extended Key Event for a hardware
 * keycode: the set 1 make code, 0x80 | code for e0-prefixed keys; 0 when
 * the key is unknown (the caller then sends the keysym alone). */
guint16 vnc_keymap_to_xtkbd(VncKeymapKeycodes keycodes, guint keycode);

/* The keysym to send for a key, from the one the host's layout produced
 * and the key's XT keycode (0 if unknown), with the fixups that must not
 * depend on the host's layout:
 *  - ISO_Left_Tab becomes Tab: RFB viewers send a shifted Tab (rfbproto,
 *    KeyEvent);
 *  - a keypad key that produced the plain keysym of its label ("1", "End",
 *    "+", Return...) sends the keypad keysym (KP_1, KP_End, KP_Add,
 *    KP_Enter...), which keeps NumLock's meaning; servers such as QEMU
 *    tell the keypad from the main keys, and keep their NumLock in step,
 *    by these keysyms. */
guint vnc_keymap_fixup_keyval(guint16 xtkbd, guint keyval);

G_END_DECLS

#endif /* VNC_KEYMAP_PRIV_H */
