/*
 * gtk-vnc: hardware keycodes of the widget -> XT keycodes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * With the QEMU Extended Key Event the widget sends, besides the keysym,
 * the key's position as an XT keycode, so the guest's own layout decides
 * what the key means whatever the host's layout is. GDK gives us the
 * windowing system's hardware keycode; which table turns that into an XT
 * keycode depends on the display's keyboard driver, found out once per
 * display.
 */
#ifndef VNC_DISPLAY_KEYMAP_PRIV_H
#define VNC_DISPLAY_KEYMAP_PRIV_H

#include <gdk/gdk.h>

G_BEGIN_DECLS

/* Finds out which keycodes @display reports (X11: from its XKB keymap;
 * Wayland: evdev). Once per display; later calls do nothing. */
void vnc_display_keymap_init(GdkDisplay *display);

/* The RFB XT keycode (set 1 make code; 0x80 | code for e0-prefixed keys)
 * of a key event's hardware_keycode on @display; 0 when unknown, in which
 * case the key goes out as a keysym only. Calls vnc_display_keymap_init()
 * if nobody did. */
guint16 vnc_display_keymap_gdk2xtkbd(GdkDisplay *display, guint16 hardware_keycode);

/* The keysym to send for a key event: @keyval with the fixups that must
 * not depend on the host's layout (Shift+Tab as Tab, keypad keys as keypad
 * keysyms; see vnc_keymap_fixup_keyval()). The key is looked up on the
 * default display. */
guint vnc_display_keyval_from_keycode(guint16 hardware_keycode, guint keyval);

G_END_DECLS

#endif /* VNC_DISPLAY_KEYMAP_PRIV_H */
