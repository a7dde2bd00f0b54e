/*
 * gtk-vnc tests: the ZRLE decoder
 *
 * Hand-made tiles in every subencoding, hostile tiles and zlib blocks,
 * large random images in every subencoding and pixel format, and (with
 * -m perf) the decoder's speed against zlib's inflate alone.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "decode-utils.h"
#include "rle-tile-encoder.h"

/* A 3x2 rectangle at (1, 1) in a 5x4 framebuffer: one partial tile. */
#define RECT 5, 4, 1, 1, 3, 2
#define Z VNC_TEST_ZLIB

#define ROW20(c) "." c c c c c c c c c c c c c c c c c c c c ".\n"
#define ROW64(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
    c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static const VncTestDecodeCase cases[] = {
    { "solid", vnc_decode_zrle, RECT,
      "u8:1 c:R", Z,
      ".....\n" ".RRR.\n" ".RRR.\n" ".....\n" },
    { "raw", vnc_decode_zrle, RECT,
      "u8:0 c:R c:G c:B c:C c:M c:Y", Z,
      ".....\n" ".RGB.\n" ".CMY.\n" ".....\n" },
    { "packed-2", vnc_decode_zrle, RECT,
      /* one bit an index, rows padded to a byte */
      "u8:2 c:R c:G u8:0xa0 u8:0x40", Z,
      ".....\n" ".GRG.\n" ".RGR.\n" ".....\n" },
    { "packed-3", vnc_decode_zrle, RECT,
      "u8:3 c:R c:G c:B u8:0x18 u8:0x90", Z,
      ".....\n" ".RGB.\n" ".BGR.\n" ".....\n" },
    { "packed-5", vnc_decode_zrle, RECT,
      "u8:5 c:R c:G c:B c:C c:M u8:0x01 u8:0x20 u8:0x34 u8:0x00", Z,
      ".....\n" ".RGB.\n" ".CMR.\n" ".....\n" },
    { "packed-16", vnc_decode_zrle, RECT,
      "u8:16 c:R c:G c:B c:C c:M c:Y c:W c:K c:O c:. c:R*6"
      " u8:0xf9 u8:0x80 u8:0x70 u8:0xe0", Z,
      ".....\n" ".R.O.\n" ".KRR.\n" ".....\n" },
    { "plain-rle", vnc_decode_zrle, RECT,
      /* the first run carries on into the second row */
      "u8:128 c:R u8:3 c:G u8:1", Z,
      ".....\n" ".RRR.\n" ".RGG.\n" ".....\n" },
    { "palette-rle", vnc_decode_zrle, RECT,
      "u8:130 c:R c:B u8:0x80 u8:2 u8:1 u8:0x81 u8:1", Z,
      ".....\n" ".RRR.\n" ".BBB.\n" ".....\n" },
    { "palette-rle-127", vnc_decode_zrle, RECT,
      "u8:255 c:K*126 c:W u8:126 u8:0xfe u8:4", Z,
      ".....\n" ".WWW.\n" ".WWW.\n" ".....\n" },
    { "long-run", vnc_decode_zrle, 22, 16, 1, 1, 20, 14,
      /* 280 = 1 + 255 + 24 */
      "u8:128 c:Y u8:255 u8:24", Z,
      "......................\n"
      ROW20("Y") ROW20("Y") ROW20("Y") ROW20("Y") ROW20("Y") ROW20("Y")
      ROW20("Y") ROW20("Y") ROW20("Y") ROW20("Y") ROW20("Y") ROW20("Y")
      ROW20("Y") ROW20("Y")
      "......................\n" },
    { "two-tiles", vnc_decode_zrle, 68, 3, 1, 1, 66, 1,
      "u8:1 c:R u8:128 c:G u8:0 c:B u8:0", Z,
      "." ROW64(".") "...\n"
      "." ROW64("R") "GB.\n"
      "." ROW64(".") "...\n" },
    { "empty-rectangle", vnc_decode_zrle, 4, 4, 1, 1, 0, 0,
      "", Z,
      "....\n" "....\n" "....\n" "....\n" },

    { "unused-17", vnc_decode_zrle, RECT,
      "u8:17", Z, NULL, VNC_ERROR_PROTOCOL },
    { "unused-100", vnc_decode_zrle, RECT,
      "u8:100", Z, NULL, VNC_ERROR_PROTOCOL },
    { "unused-127", vnc_decode_zrle, RECT,
      "u8:127 u8:0 u8:0", Z, NULL, VNC_ERROR_PROTOCOL },
    { "unused-129", vnc_decode_zrle, RECT,
      "u8:129 u8:0", Z, NULL, VNC_ERROR_PROTOCOL },
    { "packed-index", vnc_decode_zrle, RECT,
      /* index 3 of a palette of 3 */
      "u8:3 c:R c:G c:B u8:0x1c u8:0x00", Z, NULL, VNC_ERROR_PROTOCOL },
    { "palette-rle-index", vnc_decode_zrle, RECT,
      "u8:130 c:R c:G u8:0x02", Z, NULL, VNC_ERROR_PROTOCOL },
    { "palette-rle-run-index", vnc_decode_zrle, RECT,
      "u8:130 c:R c:G u8:0xff u8:0", Z, NULL, VNC_ERROR_PROTOCOL },
    { "plain-run-too-long", vnc_decode_zrle, RECT,
      "u8:128 c:R u8:6", Z, NULL, VNC_ERROR_PROTOCOL },
    { "palette-run-too-long", vnc_decode_zrle, RECT,
      "u8:130 c:R c:G u8:0x80 u8:6", Z, NULL, VNC_ERROR_PROTOCOL },
    { "run-spills-over", vnc_decode_zrle, RECT,
      "u8:128 c:R u8:3 c:G u8:2", Z, NULL, VNC_ERROR_PROTOCOL },
    { "run-of-255s", vnc_decode_zrle, RECT,
      "u8:128 c:R u8:255*200", Z, NULL, VNC_ERROR_PROTOCOL },
    { "tile-short", vnc_decode_zrle, RECT,
      "u8:0 c:R c:G", Z, NULL, VNC_ERROR_PROTOCOL },
    { "palette-short", vnc_decode_zrle, RECT,
      "u8:16 c:R", Z, NULL, VNC_ERROR_PROTOCOL },
    { "tile-extra", vnc_decode_zrle, RECT,
      "u8:1 c:R u8:1", Z, NULL, VNC_ERROR_PROTOCOL },
    { "second-tile-missing", vnc_decode_zrle, 68, 3, 1, 1, 66, 1,
      "u8:1 c:R", Z, NULL, VNC_ERROR_PROTOCOL },
    { "length-4g", vnc_decode_zrle, RECT,
      "u32:0xffffffff", 0, NULL, VNC_ERROR_LIMIT },
    { "length-too-long", vnc_decode_zrle, RECT,
      "u32:100000", 0, NULL, VNC_ERROR_LIMIT },
    { "not-zlib", vnc_decode_zrle, RECT,
      "u32:4 x:deadbeef", 0, NULL, VNC_ERROR_PROTOCOL },
    { "empty-zlib", vnc_decode_zrle, RECT,
      "u32:0", 0, NULL, VNC_ERROR_PROTOCOL },
    { "data-missing", vnc_decode_zrle, RECT,
      "u32:50 x:7801", 0, NULL, VNC_ERROR_CLOSED },
};

/* The tiles of @image (@w x @h), in turn in each subencoding they fit,
 * before compression. */
static void
put_zrle_tiles(GByteArray *plain, const VncPixelFormat *fmt,
               const guint32 *image, guint w, guint h, guint *kind_counter)
{
    guint32 *tile = g_new(guint32, 64 * 64);
    VncTestPalette previous = { { 0 }, 0 };

    for (guint ty = 0; ty < h; ty += 64) {
        for (guint tx = 0; tx < w; tx += 64) {
            guint tw = MIN(64, w - tx), th = MIN(64, h - ty);
            VncTestTileKind kind;

            for (guint y = 0; y < th; y++)
                memcpy(tile + y * tw, image + (gsize)(ty + y) * w + tx,
                       tw * sizeof(guint32));
            do {
                kind = (*kind_counter)++ % VNC_TEST_TILE_PACKED_REUSE;
            } while (!vnc_test_tile_kind_fits(kind, tile, (gsize)tw * th,
                                              &previous));
            vnc_test_put_tile(plain, fmt, tile, tw, th, kind, &previous);
        }
    }
    g_free(tile);
}

/* ... as one ZRLE rectangle on the running @zs. */
static void
put_zrle_rect(GByteArray *buf, z_stream *zs, const VncPixelFormat *fmt,
              const guint32 *image, guint w, guint h, guint *kind_counter)
{
    GByteArray *plain = g_byte_array_new();
    GByteArray *z = g_byte_array_new();

    put_zrle_tiles(plain, fmt, image, w, h, kind_counter);
    vnc_test_deflate(zs, plain->data, plain->len, z);
    vnc_test_put_u32(buf, z->len);
    vnc_test_put_bytes(buf, z->data, z->len);
    g_byte_array_unref(plain);
    g_byte_array_unref(z);
}

static void
assert_image_at(VncTestDecoder *t, const guint32 *image, guint x0, guint y0,
                guint w, guint h, guint32 background)
{
    for (guint y = 0; y < t->height; y++) {
        for (guint x = 0; x < t->width; x++) {
            guint32 want = background;

            if (x >= x0 && x < x0 + w && y >= y0 && y < y0 + h)
                want = image[(gsize)(y - y0) * w + (x - x0)];
            if (vnc_test_decoder_get_pixel(t, x, y) != want)
                g_error("pixel (%u, %u): expected %08x, got %08x", x, y,
                        want, vnc_test_decoder_get_pixel(t, x, y));
        }
    }
}

/* Random images of several sizes (partial tiles on both edges), all
 * subencodings, two rectangles on one zlib stream. */
static void
test_zrle_random(gconstpointer data)
{
    guint format_index = GPOINTER_TO_UINT(data);
    static const guint sizes[][2] = { { 150, 70 }, { 64, 64 }, { 1, 200 },
                                      { 129, 1 }, { 65, 65 } };
    VncPixelFormat fmt;
    GRand *rand = g_rand_new_with_seed(1234 + format_index);
    guint kind_counter = 0;

    vnc_test_format_nth(format_index, &fmt, NULL);
    for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
        guint w = sizes[s][0], h = sizes[s][1];
        guint32 *one = vnc_test_tiled_image(rand, &fmt, w, h, 64);
        guint32 *two = vnc_test_tiled_image(rand, &fmt, w, h, 64);
        VncTestDecoder *t = vnc_test_decoder_new(&fmt, w + 7, h + 5, 0);
        GByteArray *b1 = g_byte_array_new(), *b2 = g_byte_array_new();
        z_stream zs = { 0 };
        GError *err = NULL;

        g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
        put_zrle_rect(b1, &zs, &fmt, one, w, h, &kind_counter);
        put_zrle_rect(b2, &zs, &fmt, two, w, h, &kind_counter);
        deflateEnd(&zs);

        vnc_test_decoder_set_input(t, b1->data, b1->len);
        g_assert_true(vnc_test_decoder_run(t, vnc_decode_zrle, 3, 2, w, h,
                                           &err));
        g_assert_no_error(err);
        vnc_test_decoder_assert_consumed(t);
        assert_image_at(t, one, 3, 2, w, h, 0);

        vnc_test_decoder_set_input(t, b2->data, b2->len);
        g_assert_true(vnc_test_decoder_run(t, vnc_decode_zrle, 3, 2, w, h,
                                           &err));
        g_assert_no_error(err);
        vnc_test_decoder_assert_consumed(t);
        assert_image_at(t, two, 3, 2, w, h, 0);

        vnc_test_decoder_free(t);
        g_byte_array_unref(b1);
        g_byte_array_unref(b2);
        g_free(one);
        g_free(two);
    }
    g_rand_free(rand);
}

/* Every prefix of a two-tile rectangle fails without harm. */
static void
test_zrle_truncated_big(void)
{
    VncPixelFormat fmt;
    GRand *rand = g_rand_new_with_seed(7);
    guint32 *image;
    GByteArray *buf = g_byte_array_new();
    z_stream zs = { 0 };
    guint kind_counter = 3;

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    image = vnc_test_tiled_image(rand, &fmt, 70, 10, 64);
    g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
    put_zrle_rect(buf, &zs, &fmt, image, 70, 10, &kind_counter);
    deflateEnd(&zs);
    vnc_test_decoder_assert_truncations(&fmt, 72, 12, 0, vnc_decode_zrle,
                                        1, 1, 70, 10, buf->data, buf->len);
    g_byte_array_unref(buf);
    g_free(image);
    g_rand_free(rand);
}

/* Mutated tile data never writes outside the rectangle: two rows of
 * tiles of every subencoding, partial ones at the edges. */
static void
test_zrle_mutations(gconstpointer data)
{
    guint format_index = GPOINTER_TO_UINT(data);
    VncPixelFormat fmt;
    GRand *rand = g_rand_new_with_seed(77);
    guint32 *image;
    GByteArray *plain = g_byte_array_new();
    guint counter = 0;

    vnc_test_format_nth(format_index, &fmt, NULL);
    image = vnc_test_tiled_image(rand, &fmt, 140, 70, 64);
    put_zrle_tiles(plain, &fmt, image, 140, 70, &counter);
    vnc_test_decoder_assert_mutations(&fmt, 142, 72, vnc_decode_zrle,
                                      1, 1, 140, 70, plain->data, plain->len,
                                      TRUE, 300, 6 + format_index);
    g_byte_array_unref(plain);
    g_free(image);
    g_rand_free(rand);
}

static void
test_zrle_bad_bpp(void)
{
    vnc_test_assert_rejects_bpp(vnc_decode_zrle);
}

/*
 * Speed: decoding a desktop-like 1920x1080 picture against inflating
 * the same compressed bytes into a buffer with zlib alone. Reported,
 * not asserted (timings vary with the machine): run with -m perf.
 */
static guint32 *
desktop_image(const VncPixelFormat *fmt, guint w, guint h)
{
    guint32 *image = g_new(guint32, (gsize)w * h);
    GRand *rand = g_rand_new_with_seed(99);

    for (guint y = 0; y < h; y++) {
        for (guint x = 0; x < w; x++) {
            guint32 p;

            if (y < 30)                         /* a title bar */
                p = vnc_test_rgb(fmt, 40, 60, 90);
            else if (x < 300)                   /* a side panel, text */
                p = ((x / 3 + y / 5) % 7 == 0 && (y % 18) < 12) ?
                    vnc_test_rgb(fmt, 0, 0, 0) : vnc_test_rgb(fmt, 230, 230, 230);
            else if (x > 1200 && y > 400 && y < 900)   /* a photo */
                p = vnc_test_rgb(fmt, (x * 3 + g_rand_int_range(rand, 0, 2)),
                                 (y * 5 + g_rand_int_range(rand, 0, 2)),
                                 ((x + y) + g_rand_int_range(rand, 0, 2)));
            else if ((x / 40 + y / 40) % 2)     /* window contents */
                p = vnc_test_rgb(fmt, 250, 250, 250);
            else
                p = vnc_test_rgb(fmt, 200, 210, 220);
            image[(gsize)y * w + x] = p;
        }
    }
    g_rand_free(rand);
    return image;
}

/* CPU time of this thread: timings on a loaded machine stay usable. */
static gdouble
cpu_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A tile in the subencoding that is smallest for it, as servers pick. */
static void
put_best_tile(GByteArray *plain, const VncPixelFormat *fmt,
              const guint32 *tile, guint tw, guint th)
{
    static const VncTestTileKind kinds[] = {
        VNC_TEST_TILE_SOLID, VNC_TEST_TILE_PACKED, VNC_TEST_TILE_PALETTE_RLE,
        VNC_TEST_TILE_PLAIN_RLE, VNC_TEST_TILE_RAW,
    };
    VncTestPalette previous = { { 0 }, 0 };
    GByteArray *best = NULL;

    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
        GByteArray *b;

        if (!vnc_test_tile_kind_fits(kinds[k], tile, (gsize)tw * th, &previous))
            continue;
        b = g_byte_array_new();
        vnc_test_put_tile(b, fmt, tile, tw, th, kinds[k], &previous);
        if (!best || b->len < best->len) {
            if (best)
                g_byte_array_unref(best);
            best = b;
        } else {
            g_byte_array_unref(b);
        }
    }
    vnc_test_put_bytes(plain, best->data, best->len);
    g_byte_array_unref(best);
}

static void
test_zrle_speed(void)
{
    const guint w = 1920, h = 1080, rounds = 20;
    VncPixelFormat fmt;
    guint32 *image;
    GByteArray *plain = g_byte_array_new();
    GByteArray *z = g_byte_array_new();
    GByteArray *wire = g_byte_array_new();
    guint32 *tile = g_new(guint32, 64 * 64);
    guint8 *out;
    z_stream zs = { 0 };
    gdouble inflate_time = G_MAXDOUBLE, decode_time = G_MAXDOUBLE;
    VncTestDecoder *t;

    if (!g_test_perf()) {
        g_test_skip("a timing, not a check: run with -m perf");
        goto out;
    }

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    image = desktop_image(&fmt, w, h);
    for (guint ty = 0; ty < h; ty += 64) {
        for (guint tx = 0; tx < w; tx += 64) {
            guint tw = MIN(64, w - tx), th = MIN(64, h - ty);

            for (guint y = 0; y < th; y++)
                memcpy(tile + y * tw, image + (gsize)(ty + y) * w + tx,
                       tw * sizeof(guint32));
            put_best_tile(plain, &fmt, tile, tw, th);
        }
    }
    g_assert_cmpint(deflateInit(&zs, 6), ==, Z_OK);
    vnc_test_deflate(&zs, plain->data, plain->len, z);
    deflateEnd(&zs);
    vnc_test_put_u32(wire, z->len);
    vnc_test_put_bytes(wire, z->data, z->len);

    out = g_malloc(plain->len);
    t = vnc_test_decoder_new(&fmt, w, h, 0);
    for (guint r = 0; r < rounds; r++) {
        z_stream is = { 0 };
        GError *err = NULL;
        gdouble start, e;

        /* zlib alone: the same bytes into one buffer */
        start = cpu_seconds();
        g_assert_cmpint(inflateInit(&is), ==, Z_OK);
        is.next_in = z->data;
        is.avail_in = z->len;
        is.next_out = out;
        is.avail_out = plain->len;
        g_assert_cmpint(inflate(&is, Z_SYNC_FLUSH), ==, Z_OK);
        g_assert_cmpuint(is.avail_out, ==, 0);
        inflateEnd(&is);
        e = cpu_seconds() - start;
        inflate_time = MIN(inflate_time, e);

        /* the decoder, into the framebuffer (fresh zlib stream) */
        vnc_decoder_state_free(t->state);
        t->state = t->ctx.state = vnc_decoder_state_new();
        vnc_test_decoder_set_input(t, wire->data, wire->len);
        start = cpu_seconds();
        g_assert_true(vnc_test_decoder_run(t, vnc_decode_zrle, 0, 0, w, h,
                                           &err));
        e = cpu_seconds() - start;
        g_assert_no_error(err);
        decode_time = MIN(decode_time, e);
    }
    assert_image_at(t, image, 0, 0, w, h, 0);
    g_test_minimized_result(decode_time / inflate_time,
                            "ZRLE %ux%u: %u compressed bytes, %u inflated; "
                            "inflate alone %.2f ms, decoder %.2f ms, "
                            "ratio %.2f", w, h, z->len, plain->len,
                            inflate_time * 1000, decode_time * 1000,
                            decode_time / inflate_time);
    vnc_test_decoder_free(t);
    g_free(out);
    g_free(image);

 out:
    g_free(tile);
    g_byte_array_unref(plain);
    g_byte_array_unref(z);
    g_byte_array_unref(wire);
}

/*
 * Speed on a real session: the ZRLE recordings of shared/streams (if
 * present: $VNC_TEST_STREAMS or ../shared/streams beside the source
 * tree), every rectangle decoded straight from the recorded bytes, against
 * zlib inflating the same payloads into a small buffer. -m perf only.
 */
typedef struct {
    const guint8 *p, *end;
} Walk;

static gboolean
walk_take(Walk *w, gsize n, const guint8 **out)
{
    if ((gsize)(w->end - w->p) < n)
        return FALSE;
    *out = w->p;
    w->p += n;
    return TRUE;
}

static guint32
be32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static void
recording_speed(const char *file)
{
    gchar *argv[] = { (gchar *)"xz", (gchar *)"-dc", (gchar *)file, NULL };
    gchar *data = NULL;
    gsize len;
    gint status;
    GError *err = NULL;
    Walk w;
    const guint8 *p = NULL;
    guint32 header_len, n_frames;
    GByteArray *updates = g_byte_array_new();
    GPtrArray *payloads = g_ptr_array_new();
    GArray *payload_lens = g_array_new(FALSE, FALSE, sizeof(gsize));
    VncPixelFormat fmt;
    gdouble decode_best = G_MAXDOUBLE, inflate_best = G_MAXDOUBLE;
    guint64 pixels = 0, inflated = 0, compressed = 0;
    guint8 *scratch = g_malloc(64 * 1024);
    guint16 width, height;
    gchar *json;
    gchar *wpos, *hpos;

    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH |
                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                      &data, NULL, &status, &err) || status != 0) {
        g_test_skip("cannot run xz -dc on the recording");
        g_clear_error(&err);
        g_free(data);
        goto out;
    }
    /* The output is binary; its own framing says how long it is. */
    len = 0;
    g_assert_cmpmem(data, 8, "RFBREC01", 8);
    header_len = be32((const guint8 *)data + 8);
    json = g_strndup(data + 12, header_len);
    wpos = strstr(json, "\"width\"");
    hpos = strstr(json, "\"height\"");
    g_assert_nonnull(wpos);
    g_assert_nonnull(hpos);
    width = atoi(strchr(wpos, ':') + 1);
    height = atoi(strchr(hpos, ':') + 1);
    g_free(json);
    n_frames = be32((const guint8 *)data + 12 + header_len);
    w.p = (const guint8 *)data + 16 + header_len;
    /* frames follow; their total is what is left of the output */
    for (guint32 f = 0; f < n_frames; f++) {
        const guint8 *l = NULL, *frame = NULL;

        w.end = w.p + 4;
        g_assert_true(walk_take(&w, 4, &l));
        w.end = w.p + be32(l);
        g_assert_true(walk_take(&w, be32(l), &frame));
        g_byte_array_append(updates, frame, be32(l));
        len += be32(l);
    }

    /* First walk: the ZRLE payloads, for zlib alone. Frames hold only
     * updates here (the recordings of ZRLE have no other messages). */
    w.p = updates->data;
    w.end = updates->data + updates->len;
    while (w.p < w.end) {
        guint16 n_rects;

        g_assert_true(walk_take(&w, 4, &p));
        g_assert_cmpuint(p[0], ==, 0);
        n_rects = (p[2] << 8) | p[3];
        for (guint r = 0; r < n_rects; r++) {
            gint32 enc;
            const guint8 *hdr = NULL, *z = NULL;

            g_assert_true(walk_take(&w, 12, &hdr));
            enc = (gint32)be32(hdr + 8);
            if (enc == -223)
                continue;
            g_assert_cmpint(enc, ==, 16);
            pixels += (guint64)((hdr[4] << 8) | hdr[5]) * ((hdr[6] << 8) | hdr[7]);
            g_assert_true(walk_take(&w, 4, &p));
            g_assert_true(walk_take(&w, be32(p), &z));
            g_ptr_array_add(payloads, (gpointer)z);
            {
                gsize zl = be32(p);
                g_array_append_val(payload_lens, zl);
                compressed += zl;
            }
        }
    }

    vnc_test_format_init(&fmt, 32, G_LITTLE_ENDIAN);
    guint runs = g_getenv("VNC_TEST_RUNS") ? atoi(g_getenv("VNC_TEST_RUNS")) : 3;

    for (guint run = 0; run < runs; run++) {
        /* room for any size the session changes to */
        VncTestDecoder *t = vnc_test_decoder_new(&fmt, MAX(width, 2048),
                                                 MAX(height, 2048), 0);
        z_stream zs = { 0 };
        gdouble start;

        /* zlib alone */
        start = cpu_seconds();
        g_assert_cmpint(inflateInit(&zs), ==, Z_OK);
        inflated = 0;
        for (guint i = 0; i < payloads->len; i++) {
            zs.next_in = payloads->pdata[i];
            zs.avail_in = g_array_index(payload_lens, gsize, i);
            do {
                zs.next_out = scratch;
                zs.avail_out = 64 * 1024;
                g_assert_cmpint(inflate(&zs, Z_SYNC_FLUSH), >=, 0);
                inflated += 64 * 1024 - zs.avail_out;
            } while (zs.avail_in > 0 || zs.avail_out == 0);
        }
        inflateEnd(&zs);
        inflate_best = MIN(inflate_best, cpu_seconds() - start);

        /* the decoders, rectangle by rectangle from one memory stream */
        vnc_test_decoder_set_input(t, updates->data, updates->len);
        start = cpu_seconds();
        for (gsize left = updates->len; left > 0;) {
            guint8 msg[4];
            guint16 n_rects;

            g_assert_true(vnc_stream_read(t->stream, msg, 4, &err));
            n_rects = (msg[2] << 8) | msg[3];
            left -= 4;
            for (guint r = 0; r < n_rects; r++) {
                guint8 hdr[12];
                const VncDecoder *dec;

                g_assert_true(vnc_stream_read(t->stream, hdr, 12, &err));
                /* DesktopSize: nothing follows */
                if ((gint32)be32(hdr + 8) == -223)
                    continue;
                dec = vnc_decoder_find((gint32)be32(hdr + 8));
                g_assert_nonnull(dec);
                if (!dec->decode(&t->ctx, (hdr[0] << 8) | hdr[1],
                                 (hdr[2] << 8) | hdr[3],
                                 (hdr[4] << 8) | hdr[5],
                                 (hdr[6] << 8) | hdr[7], &err))
                    g_error("decoding failed: %s", err->message);
            }
            left = vnc_stream_buffered(t->stream);
            if (left == 0) {
                guint8 probe;

                /* the memory stream may hold more than it buffered */
                if (vnc_stream_read_u8(t->stream, &probe, NULL))
                    g_error("the stream was not read to its end");
            }
        }
        decode_best = MIN(decode_best, cpu_seconds() - start);
        vnc_test_decoder_free(t);
    }

    g_test_minimized_result(decode_best / inflate_best,
                            "%s: %u ZRLE rectangles, %.1f Mpixels, %"
                            G_GUINT64_FORMAT " bytes compressed, %"
                            G_GUINT64_FORMAT " inflated; inflate alone "
                            "%.1f ms, decoders %.1f ms (%.0f Mpixel/s), "
                            "ratio %.2f", file, payloads->len, pixels / 1e6,
                            compressed, inflated, inflate_best * 1000,
                            decode_best * 1000, pixels / 1e6 / decode_best,
                            decode_best / inflate_best);
    g_free(data);
 out:
    g_free(scratch);
    g_byte_array_unref(updates);
    g_ptr_array_unref(payloads);
    g_array_unref(payload_lens);
}

static void
test_zrle_recording(gconstpointer data)
{
    const char *name = data;
    const char *dir = g_getenv("VNC_TEST_STREAMS");
    gchar *path;

    if (!g_test_perf()) {
        g_test_skip("a timing, not a check: run with -m perf");
        return;
    }
    if (dir)
        path = g_build_filename(dir, name, NULL);
    else
        path = g_build_filename(g_getenv("TOP_SRCDIR") ?
                                g_getenv("TOP_SRCDIR") : "..",
                                "..", "shared", "streams", name, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        g_test_skip("no recording (set VNC_TEST_STREAMS)");
    else
        recording_speed(path);
    g_free(path);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    vnc_test_cases_add("decode/zrle", cases, G_N_ELEMENTS(cases));
    for (guint f = 0; f < VNC_TEST_N_FORMATS; f++) {
        VncPixelFormat fmt;
        const char *name;
        gchar *path;

        vnc_test_format_nth(f, &fmt, &name);
        path = g_strdup_printf("/decode/zrle/random/%s", name);
        g_test_add_data_func(path, GUINT_TO_POINTER(f), test_zrle_random);
        g_free(path);
    }
    g_test_add_data_func("/decode/zrle/mutations/8", GUINT_TO_POINTER(0),
                         test_zrle_mutations);
    g_test_add_data_func("/decode/zrle/mutations/32le", GUINT_TO_POINTER(3),
                         test_zrle_mutations);
    g_test_add_data_func("/decode/zrle/mutations/32be-high",
                         GUINT_TO_POINTER(6), test_zrle_mutations);
    g_test_add_func("/decode/zrle/truncated-big", test_zrle_truncated_big);
    g_test_add_func("/decode/zrle/bad-bpp", test_zrle_bad_bpp);
    g_test_add_func("/decode/zrle/speed", test_zrle_speed);
    g_test_add_data_func("/decode/zrle/recording/desktop",
                         "desktop-zrle.rfbrec.xz", test_zrle_recording);
    g_test_add_data_func("/decode/zrle/recording/qemu",
                         "qemu-zrle.rfbrec.xz", test_zrle_recording);

    return g_test_run();
}
