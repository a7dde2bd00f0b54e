/*
 * gtk-vnc: the largest values we accept from a server
 *
 * Every length, count and size that arrives from the network is checked
 * against one of these before it sizes an allocation or an index. They are
 * generous for real servers and small enough that a hostile one cannot make
 * us allocate unbounded memory.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_LIMITS_PRIV_H
#define VNC_LIMITS_PRIV_H

/* Desktops: 16384 on a side covers 8K and multi-monitor walls, but a
 * 16384x16384 desktop would be a 1 GiB framebuffer, which a hostile
 * server could make the widget allocate with a dozen bytes. The area
 * limit keeps the widget's cairo surface (always 4 bytes a pixel) at
 * 256 MiB at most: an 8K desktop (7680x4320) is 33 Mi pixels, three 4K
 * monitors side by side 25 Mi, 16384x4096 exactly the limit. Anything
 * beyond is refused with a limit error before any allocation (ServerInit,
 * DesktopSize, ExtendedDesktopSize, WMVi; test-protocol-limits). */
#define VNC_MAX_DESKTOP_DIMENSION 16384
#define VNC_MAX_DESKTOP_PIXELS    (64u * 1024u * 1024u)

/* Strings: failure reasons and desktop names are for people to read. */
#define VNC_MAX_REASON_LENGTH     (64u * 1024u)
#define VNC_MAX_NAME_LENGTH       (64u * 1024u)

/* Clipboard text, in either direction. */
#define VNC_MAX_CUT_TEXT_LENGTH   (32u * 1024u * 1024u)

/* Cursors larger than this are not cursors. */
#define VNC_MAX_CURSOR_DIMENSION  1024

/* Extended clipboard: a whole message, compressed, may exceed the text it
 * carries by deflate's worst case (an eighth is far more than that). The
 * most text we let the server send without our asking for it. */
#define VNC_MAX_EXT_CLIPBOARD_MESSAGE \
    (VNC_MAX_CUT_TEXT_LENGTH + VNC_MAX_CUT_TEXT_LENGTH / 8 + 4096u)
#define VNC_MAX_CLIPBOARD_UNSOLICITED (1024u * 1024u)

/* Fence payloads: the spec's own limit. */
#define VNC_MAX_FENCE_LENGTH      64

/* QEMU audio: one data message. QEMU sends a few KiB at a time; a second
 * of 8-channel 32-bit 192 kHz audio is about 6 MiB. */
#define VNC_MAX_AUDIO_CHUNK       (8u * 1024u * 1024u)

/* Outgoing bytes queued while the server is not reading: past this the
 * connection is considered dead rather than buffering without bound. */
#define VNC_MAX_PENDING_OUTPUT    (64u * 1024u * 1024u)

/* SASL (auth/vncauth-sasl.c). A mechanism list names a handful of
 * mechanisms of at most 20 characters each; the step data limit is
 * QEMU's own for what it sends and accepts. */
#define VNC_MAX_SASL_MECHLIST_LENGTH 4096u
#define VNC_MAX_SASL_DATA_LENGTH     (1024u * 1024u)

/* Apple Remote Desktop's Diffie-Hellman: the length in bytes of the
 * prime and of each public value. macOS sends 128 (1024 bits); anything
 * shorter can be broken by whoever records the session, and anything past
 * 8192 bits only costs us time. */
#define VNC_MIN_ARD_KEY_LENGTH 128u
#define VNC_MAX_ARD_KEY_LENGTH 1024u

#endif /* VNC_LIMITS_PRIV_H */
