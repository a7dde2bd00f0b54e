/*
 * gtk-vnc tests: building and parsing RFB messages byte by byte
 *
 * The protocol tests describe what a server sends and what a client must
 * answer as exact byte sequences. These helpers append the fields of each
 * RFB message (big-endian, as on the wire) to a GByteArray, so a test
 * reads like the spec: a version, a security list, a ServerInit, an
 * update with its rectangles. They are written from RFC 6143 and do not
 * use the library's own encoders, so a test checks the library against an
 * independent reading of the protocol.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef TEST_UTILS_H
#define TEST_UTILS_H

#include <glib.h>

#include "vncpixelformat.h"

G_BEGIN_DECLS

/* Client-to-server message types (RFC 6143 7.5). */
enum {
    TEST_CLIENT_SET_PIXEL_FORMAT = 0,
    TEST_CLIENT_SET_ENCODINGS = 2,
    TEST_CLIENT_UPDATE_REQUEST = 3,
    TEST_CLIENT_KEY_EVENT = 4,
    TEST_CLIENT_POINTER_EVENT = 5,
    TEST_CLIENT_CUT_TEXT = 6,
};

/* Server-to-client message types (RFC 6143 7.6). */
enum {
    TEST_SERVER_UPDATE = 0,
    TEST_SERVER_COLOUR_MAP = 1,
    TEST_SERVER_BELL = 2,
    TEST_SERVER_CUT_TEXT = 3,
};

/* Encodings used by the tests. */
enum {
    TEST_ENCODING_RAW = 0,
    TEST_ENCODING_COPY_RECT = 1,
    TEST_ENCODING_DESKTOP_SIZE = -223,
    TEST_ENCODING_LAST_RECT = -224,
};

/* Fields, big-endian. */
void test_put_u8(GByteArray *msg, guint8 value);
void test_put_u16(GByteArray *msg, guint16 value);
void test_put_u32(GByteArray *msg, guint32 value);
void test_put_s32(GByteArray *msg, gint32 value);
void test_put_bytes(GByteArray *msg, const void *data, gsize len);
void test_put_zeros(GByteArray *msg, gsize len);
/* A u32 length followed by that many bytes (reasons, names, cut text). */
void test_put_string(GByteArray *msg, const char *text);
/* The 16-byte PIXEL_FORMAT structure (RFC 6143 7.4). */
void test_put_pixel_format(GByteArray *msg, const VncPixelFormat *fmt);

/* Server to client: the handshake. */
void test_msg_version(GByteArray *msg, const char *version);  /* "003.008" */
void test_msg_security_types(GByteArray *msg, guint n_types, const guint8 *types);
void test_msg_security_failure(GByteArray *msg, const char *reason);  /* 3.7+: count 0 */
void test_msg_security_result(GByteArray *msg, guint32 result, const char *reason);
void test_msg_server_init(GByteArray *msg, guint16 width, guint16 height,
                          const VncPixelFormat *fmt, const char *name);

/* Server to client: the message loop. */
void test_msg_update(GByteArray *msg, guint16 n_rects);
void test_msg_rect(GByteArray *msg, guint16 x, guint16 y, guint16 width, guint16 height,
                   gint32 encoding);
void test_msg_copy_rect(GByteArray *msg, guint16 x, guint16 y, guint16 width,
                        guint16 height, guint16 src_x, guint16 src_y);
/* @rgb holds @count triples of 16-bit red, green, blue. */
void test_msg_colour_map(GByteArray *msg, guint16 first, guint16 count,
                         const guint16 *rgb);
void test_msg_bell(GByteArray *msg);
void test_msg_server_cut_text(GByteArray *msg, const void *latin1, gsize len);

/* Client to server: the bytes a correct client sends. */
void test_msg_client_version(GByteArray *msg, const char *version);
void test_msg_set_pixel_format(GByteArray *msg, const VncPixelFormat *fmt);
void test_msg_set_encodings(GByteArray *msg, guint n_encodings, const gint32 *encodings);
void test_msg_update_request(GByteArray *msg, gboolean incremental,
                             guint16 x, guint16 y, guint16 width, guint16 height);
void test_msg_key_event(GByteArray *msg, gboolean down, guint32 keysym);
void test_msg_pointer_event(GByteArray *msg, guint8 buttons, guint16 x, guint16 y);
void test_msg_client_cut_text(GByteArray *msg, const void *latin1, gsize len);

/*
 * The length of the client message that starts @data: its full length
 * once enough of it is there to tell, 0 if more bytes are needed to know,
 * -1 if the type is not one a client may send.
 */
gssize test_client_message_length(const guint8 *data, gsize len);
const char *test_client_message_name(guint8 type);

/* The answer to a VNC authentication challenge that a correct client
 * computes for @password (DES from nettle, independent of the library). */
void test_vnc_auth_response(const char *password, const guint8 challenge[16],
                            guint8 response[16]);

/* The usual formats: 32 bpp little-endian true colour, 0x00RRGGBB. */
void test_pixel_format_rgb888(VncPixelFormat *fmt);
/* 16 bpp big-endian true colour, RGB565. */
void test_pixel_format_rgb565_be(VncPixelFormat *fmt);
/* 8 bpp with a colour map. */
void test_pixel_format_colour_map8(VncPixelFormat *fmt);

/* "12 34 ab ..." for failure messages; at most @max bytes, then "...". */
char *test_hex(const guint8 *data, gsize len, gsize max);

G_END_DECLS

#endif /* TEST_UTILS_H */
