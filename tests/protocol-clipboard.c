/*
 * gtk-vnc tests: Extended Clipboard messages for the fake server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "protocol-clipboard.h"

GByteArray *
proto_clip_msg(guint32 flags, const void *payload, gsize length)
{
    GByteArray *msg = g_byte_array_new();

    test_put_u8(msg, TEST_SERVER_CUT_TEXT);
    test_put_zeros(msg, 3);
    test_put_s32(msg, -(gint32)(length + 4));
    test_put_u32(msg, flags);
    test_put_bytes(msg, payload, length);
    return msg;
}

GByteArray *
proto_client_clip_msg(guint32 flags, const void *payload, gsize length)
{
    GByteArray *msg = proto_clip_msg(flags, payload, length);

    msg->data[0] = TEST_CLIENT_CUT_TEXT;
    return msg;
}

GByteArray *
proto_clip_server_caps(guint32 flags, guint32 text_max)
{
    GByteArray *payload = g_byte_array_new();

    if (flags & CLIP_TEXT)
        test_put_u32(payload, text_max);
    if (flags & CLIP_RTF)
        test_put_u32(payload, 1000);
    if (flags & CLIP_HTML)
        test_put_u32(payload, 2000);
    GByteArray *msg = proto_clip_msg(CLIP_CAPS | flags, payload->data, payload->len);
    g_byte_array_unref(payload);
    return msg;
}

void
proto_clip_expect_client_caps(ProtoFixture *f)
{
    guint8 size[4] = { 0x00, 0x10, 0x00, 0x00 };

    fake_server_expect_msg(f->server, "the client's clipboard caps",
                           proto_client_clip_msg(CLIP_ALL_ACTIONS | CLIP_TEXT, size, 4));
}
