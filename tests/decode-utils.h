/*
 * gtk-vnc tests: running one decoder over hand-made bytes
 *
 * A test builds the payload of a rectangle with the put helpers, runs a
 * decoder on it over a memory stream into a framebuffer whose local and
 * remote formats are the same, and compares the framebuffer with the
 * expected image, drawn as text with one letter per pixel.
 *
 * The framebuffer is larger than the rectangles under test and starts
 * filled with a background colour, so writes outside the rectangle show
 * up as wrong pixels.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_TEST_DECODE_UTILS_H
#define VNC_TEST_DECODE_UTILS_H

#include <glib.h>

#include "vncdecoder-priv.h"

G_BEGIN_DECLS

/* Pixel formats that tests use, true colour throughout:
 *  8 bpp: depth 8, red 0-7 << 0, green 0-7 << 3, blue 0-3 << 6
 * 16 bpp: depth 16, 5-6-5 with red at 11
 * 32 bpp: depth 24, 8-8-8 with red at 16 (colours in the low 3 bytes)
 * @byte_order is G_LITTLE_ENDIAN or G_BIG_ENDIAN. */
void vnc_test_format_init(VncPixelFormat *fmt, guint bpp, guint byte_order);

/* 32 bpp, depth 24 with red at 24, green at 16, blue at 8: the colours in
 * the high 3 bytes (the other compact-pixel case of ZRLE and TRLE). */
void vnc_test_format_init_high(VncPixelFormat *fmt, guint byte_order);

typedef struct {
    VncPixelFormat format;
    guint16 width, height;
    int rowstride;
    guint8 *buffer;
    VncFramebuffer *fb;
    VncStream *stream;
    VncDecoderState *state;
    VncDecodeContext ctx;
} VncTestDecoder;

/* A framebuffer of @width x @height in @format, every pixel @background,
 * with fresh decoder state and no input yet. */
VncTestDecoder *vnc_test_decoder_new(const VncPixelFormat *format,
                                     guint16 width, guint16 height,
                                     guint32 background);
void vnc_test_decoder_free(VncTestDecoder *t);

/* Replaces the input with a copy of @data (the decoder state is kept, as
 * on a connection where rectangles follow one another). */
void vnc_test_decoder_set_input(VncTestDecoder *t, const guint8 *data,
                                gsize len);

/* Runs @decode once over the current input. */
gboolean vnc_test_decoder_run(VncTestDecoder *t, VncDecodeFunc decode,
                              guint16 x, guint16 y, guint16 w, guint16 h,
                              GError **err);

/* Asserts that the decoder read exactly the input: the next read fails
 * with VNC_ERROR_CLOSED. */
void vnc_test_decoder_assert_consumed(VncTestDecoder *t);

guint32 vnc_test_decoder_get_pixel(VncTestDecoder *t, guint16 x, guint16 y);

/* Compares the whole framebuffer with @image: one row per line,
 * separated by '\n' (spaces ignored), one letter per pixel looked up in
 * @legend: pairs of a letter and a pixel value, ended by a 0 letter.
 * On a mismatch prints both images and fails. */
typedef struct {
    char letter;
    guint32 pixel;
} VncTestLegend;

void vnc_test_decoder_assert_image(VncTestDecoder *t, const char *image,
                                   const VncTestLegend *legend);

/* Compares the whole framebuffer with an array of width*height pixel
 * values, row after row. */
void vnc_test_decoder_assert_pixels(VncTestDecoder *t,
                                    const guint32 *expected);

/* Feeds every proper prefix of @data (lengths 0 to len-1) to @decode on
 * a fresh framebuffer (@fb_width x @fb_height, @background) and fresh
 * state, and asserts each fails with an error, without touching a pixel
 * outside the rectangle. */
void vnc_test_decoder_assert_truncations(const VncPixelFormat *format,
                                         guint16 fb_width, guint16 fb_height,
                                         guint32 background,
                                         VncDecodeFunc decode,
                                         guint16 x, guint16 y,
                                         guint16 w, guint16 h,
                                         const guint8 *data, gsize len);

/* Byte builders, big-endian as RFB sends integers. */
void vnc_test_put_u8(GByteArray *buf, guint8 value);
void vnc_test_put_u16(GByteArray *buf, guint16 value);
void vnc_test_put_u32(GByteArray *buf, guint32 value);
void vnc_test_put_bytes(GByteArray *buf, const void *data, gsize len);
/* One pixel in @format's size and byte order. */
void vnc_test_put_pixel(GByteArray *buf, const VncPixelFormat *format,
                        guint32 pixel);

/* A pixel from red, green, blue in 0-255, scaled to @format. */
guint32 vnc_test_rgb(const VncPixelFormat *format,
                     guint8 red, guint8 green, guint8 blue);

/* The colours tests draw with, one letter each: '.' grey (the usual
 * background), 'K' black, 'W' white, 'R' red, 'G' green, 'B' blue,
 * 'C' cyan, 'M' magenta, 'Y' yellow, 'O' orange. All are distinct in
 * every format of vnc_test_format_init(). */
#define VNC_TEST_N_COLORS 10
guint32 vnc_test_color(const VncPixelFormat *format, char letter);

/* Fills @legend (VNC_TEST_N_COLORS + 1 entries, the last the end
 * marker) with those colours in @format, for assert_image. */
void vnc_test_legend_init(VncTestLegend *legend,
                          const VncPixelFormat *format);

/* One CPIXEL (ZRLE, TRLE): three bytes when RFC 6143 7.7.6 says so
 * (the least significant three when the colours fit there, else the
 * most significant three), else a whole pixel. Written from the spec's
 * words, independently of the decoders' own reading of it. */
void vnc_test_put_cpixel(GByteArray *buf, const VncPixelFormat *format,
                         guint32 pixel);

/* Appends the bytes a script describes. Tokens, separated by spaces or
 * newlines, each optionally followed by "*N" to repeat it N times:
 *   p:X      a pixel of colour letter X
 *   c:X      a CPIXEL of colour letter X
 *   v:HEX    a pixel of value HEX;  cv:HEX  a CPIXEL of value HEX
 *   u8:N  u16:N  u32:N   an integer (decimal or 0x hex), big-endian
 *   x:HHHH   raw bytes in hex
 * so an RRE payload reads "u32:1 p:. p:R u16:0 u16:0 u16:2 u16:1". */
void vnc_test_put_script(GByteArray *buf, const VncPixelFormat *format,
                         const char *script);

/*
 * A table of cases: each runs once per pixel format (8 bpp; 16 bpp in
 * both byte orders; 32 bpp in both byte orders, with the colours in the
 * low three bytes and in the high three), on a framebuffer filled with
 * '.', with the payload its script describes.
 *
 * A good case lists the framebuffer afterwards; every proper prefix of
 * its payload must then fail cleanly too. A hostile case names the
 * error code; it must fail with it, with a message that is a sentence,
 * and leave every pixel outside the rectangle alone.
 */
typedef struct {
    const char *name;
    VncDecodeFunc decode;
    guint16 fb_width, fb_height;
    guint16 x, y, width, height;
    const char *script;
    /* VNC_TEST_ZLIB: the script's bytes are deflated (fresh stream) and
     * sent as a u32 length and the compressed bytes. */
    guint flags;
    const char *image;     /* NULL for a hostile case */
    gint error;            /* a VncErrorCode, for a hostile case */
    guint only_bpp;        /* 0: every format; else just this size */
} VncTestDecodeCase;

#define VNC_TEST_ZLIB (1u << 0)

/* The formats cases run in, and their names for test paths. */
#define VNC_TEST_N_FORMATS 7
void vnc_test_format_nth(guint n, VncPixelFormat *format, const char **name);

/* Builds a case's payload in @format. */
GByteArray *vnc_test_case_payload(const VncTestDecodeCase *c,
                                  const VncPixelFormat *format);

/* Runs one case in one format. */
void vnc_test_case_run(const VncTestDecodeCase *c,
                       const VncPixelFormat *format);

/* Adds /@prefix/<case>/<format> for every case and format. */
void vnc_test_cases_add(const char *prefix, const VncTestDecodeCase *cases,
                        gsize n_cases);

/* Runs @decode over @n_runs mutations of @data (a few bytes changed,
 * bytes dropped or added, seeded by @seed), each on a fresh framebuffer
 * and state: whether it succeeds or fails, it must not crash (run under
 * valgrind) and must leave every pixel outside the rectangle alone. With
 * @zlib_wrap the mutated bytes are then deflated and length-prefixed, so
 * that the mutations reach the tile parser rather than zlib. */
void vnc_test_decoder_assert_mutations(const VncPixelFormat *format,
                                       guint16 fb_width, guint16 fb_height,
                                       VncDecodeFunc decode,
                                       guint16 x, guint16 y,
                                       guint16 w, guint16 h,
                                       const guint8 *data, gsize len,
                                       gboolean zlib_wrap,
                                       guint n_runs, guint32 seed);

/* Asserts @decode refuses remote formats of 24 and 0 bits per pixel
 * with VNC_ERROR_UNSUPPORTED, writing nothing. */
void vnc_test_assert_rejects_bpp(VncDecodeFunc decode);

/* zlib-compresses @data with a sync flush on the running @zs (which the
 * caller set up with deflateInit), appending the compressed bytes to
 * @out; returns their number. Lets tests make the length-prefixed blocks
 * of Zlib, ZRLE and Tight, and chain rectangles on one zlib stream. */
gsize vnc_test_deflate(void *zs, const guint8 *data, gsize len,
                       GByteArray *out);

G_END_DECLS

#endif /* VNC_TEST_DECODE_UTILS_H */
