/*
 * gtk-vnc: zlib inflation of compressed blocks read from the stream
 *
 * Several encodings (Zlib, ZRLE, ZYWRLE, Tight) send a length followed by
 * that many bytes of zlib data. The zlib stream itself lives for the
 * whole connection (its dictionary carries over from one rectangle to the
 * next, and servers end each block with a sync flush, never with the end
 * of the stream), so one VncInflate is kept per stream in the decoder
 * state.
 *
 * A block is inflated with exact accounting: the caller says how many
 * compressed bytes the server announced and pulls exactly the output it
 * expects; vnc_inflate_end() then checks that the block held neither less
 * nor more. Nothing is allocated from the announced sizes: compressed
 * bytes are fed straight from the stream's input buffer in pieces, and
 * output goes to buffers the caller sized.
 *
 * While a block is open its compressed bytes are read from the stream
 * only through these functions; the caller must not read the stream
 * itself between vnc_inflate_begin() and vnc_inflate_end().
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_INFLATE_PRIV_H
#define VNC_INFLATE_PRIV_H

#include <glib.h>
#include <zlib.h>

#include "vncstream-priv.h"

G_BEGIN_DECLS

typedef struct {
    z_stream zs;
    gboolean inited;        /* inflateInit has run */
    gboolean ended;         /* the server ended the zlib stream itself */
    gboolean drained;       /* the last inflate() had output space left,
                             * so zlib holds no output back */
    VncStream *stream;      /* while a block is open */
    guint64 remaining;      /* compressed bytes of the block not yet fed */
} VncInflate;

/*
 * The most compressed bytes a block may announce when it inflates to at
 * most @raw_max bytes. Deflate never expands data by more than a few
 * bytes per 16 KiB stored block; an eighth plus 4 KiB leaves room for
 * any encoder's flushes and headers. A length beyond this is a hostile
 * or broken server, and is refused before anything is read.
 */
#define VNC_INFLATE_MAX_COMPRESSED(raw_max) \
    ((guint64)(raw_max) + (guint64)(raw_max) / 8 + 4096)

/* Prepares @inf; zlib itself is set up on first use. */
void vnc_inflate_init(VncInflate *inf);

/* Forgets the dictionary: the next block starts a new zlib stream (the
 * Tight encoding's reset bits). */
void vnc_inflate_reset(VncInflate *inf);

/* Releases zlib's memory; @inf may be initialised again afterwards. */
void vnc_inflate_free(VncInflate *inf);

/* A VncInflate on the heap, and its GDestroyNotify, for decoder state
 * slots. */
VncInflate *vnc_inflate_new(void);
void vnc_inflate_destroy(gpointer inf);

/*
 * Opens a block of @compressed_len bytes that follows on @stream.
 * Fails (VNC_ERROR_LIMIT) if @compressed_len exceeds @max_compressed,
 * which the caller computes from the most output the block may
 * legitimately hold (see VNC_INFLATE_MAX_COMPRESSED).
 */
gboolean vnc_inflate_begin(VncInflate *inf, VncStream *stream,
                           guint64 compressed_len, guint64 max_compressed,
                           const char *what, GError **err);

/* Room zlib's fast loop wants in its output: the longest match. */
#define VNC_INFLATE_SLACK 258u

/* coroutine context: the last @len bytes of the open block into @out,
 * which has room for VNC_INFLATE_SLACK bytes more. With that room zlib
 * runs its fast loop to the end of the data instead of finishing byte
 * by byte, and vnc_inflate_end() needs no extra call to see that nothing
 * more comes. Inflating to more than @len is an error, as it would be
 * at vnc_inflate_end(). */
gboolean vnc_inflate_pull_last(VncInflate *inf, guint8 *out, gsize len,
                               const char *what, GError **err);

/* coroutine context: inflates exactly @len bytes of the open block into
 * @out. Fails if the block's compressed bytes run out first, or on
 * corrupt data. */
gboolean vnc_inflate_pull(VncInflate *inf, guint8 *out, gsize len,
                          const char *what, GError **err);

/* coroutine context: inflates at least one and at most @len bytes of the
 * open block into @out and says how many in *@got; *@got is 0 only when
 * the block holds no more output. For decoders that parse as they go
 * (ZRLE) and cannot know the inflated size in advance. */
gboolean vnc_inflate_pull_some(VncInflate *inf, guint8 *out, gsize len,
                               gsize *got, const char *what, GError **err);

/* coroutine context: closes the block: feeds zlib the compressed bytes
 * that remain (a sync flush marker, normally) and fails if they hold any
 * output beyond what was pulled. */
gboolean vnc_inflate_end(VncInflate *inf, const char *what, GError **err);

/* coroutine context: begin, pull exactly @out_len bytes, end: a whole
 * block whose inflated size is known in advance (Zlib rows, Tight). */
gboolean vnc_inflate_read(VncInflate *inf, VncStream *stream,
                          guint64 compressed_len, guint64 max_compressed,
                          guint8 *out, gsize out_len,
                          const char *what, GError **err);

G_END_DECLS

#endif /* VNC_INFLATE_PRIV_H */
