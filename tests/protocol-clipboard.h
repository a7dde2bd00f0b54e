/*
 * gtk-vnc tests: Extended Clipboard messages for the fake server
 *
 * The extension rides on the cut-text messages with a negative length:
 * a 32-bit word of flags (formats in the low bits, one action in the
 * high ones), then the action's payload. These builders are shared by
 * the extension's own tests and by the limit tests.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PROTOCOL_CLIPBOARD_H
#define PROTOCOL_CLIPBOARD_H

#include "protocol-fixture.h"

G_BEGIN_DECLS

#define ENC_EXT_CLIPBOARD ((gint32)0xC0A1E5CE)

#define CLIP_TEXT 0x1u
#define CLIP_RTF 0x2u
#define CLIP_HTML 0x4u
#define CLIP_CAPS (1u << 24)
#define CLIP_REQUEST (1u << 25)
#define CLIP_PEEK (1u << 26)
#define CLIP_NOTIFY (1u << 27)
#define CLIP_PROVIDE (1u << 28)
#define CLIP_ALL_ACTIONS (CLIP_CAPS | CLIP_REQUEST | CLIP_PEEK | CLIP_NOTIFY | CLIP_PROVIDE)

/* A ServerCutText with a negative length: @flags, then @payload. */
GByteArray *proto_clip_msg(guint32 flags, const void *payload, gsize length);
/* The same from the client (ClientCutText). */
GByteArray *proto_client_clip_msg(guint32 flags, const void *payload, gsize length);
/* The server's caps: the formats of @flags (text with @text_max bytes
 * unasked, the others with sizes of their own) and its actions. */
GByteArray *proto_clip_server_caps(guint32 flags, guint32 text_max);
/* Expects our caps: text, every action, 1 MiB of text unasked. */
void proto_clip_expect_client_caps(ProtoFixture *f);

G_END_DECLS

#endif /* PROTOCOL_CLIPBOARD_H */
