/*
 * gtk-vnc: zlib inflation of compressed blocks read from the stream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "vncinflate-priv.h"
#include "vncerror-priv.h"

/* zlib counts in uInt; larger requests are split. */
#define VNC_INFLATE_MAX_STEP (1u << 30)

void
vnc_inflate_init(VncInflate *inf)
{
    memset(inf, 0, sizeof(*inf));
}

void
vnc_inflate_reset(VncInflate *inf)
{
    /* Deferred to the next block, where zlib is set up anyway. */
    inf->ended = TRUE;
}

void
vnc_inflate_free(VncInflate *inf)
{
    if (inf->inited)
        inflateEnd(&inf->zs);
    memset(inf, 0, sizeof(*inf));
}

VncInflate *
vnc_inflate_new(void)
{
    VncInflate *inf = g_new(VncInflate, 1);

    vnc_inflate_init(inf);
    return inf;
}

void
vnc_inflate_destroy(gpointer inf)
{
    if (!inf)
        return;
    vnc_inflate_free(inf);
    g_free(inf);
}

/* Whatever state zlib is in after a failure, the next block (there is
 * none on this connection, normally: errors end it) starts afresh. */
static gboolean
vnc_inflate_fail(VncInflate *inf)
{
    inf->ended = TRUE;
    inf->stream = NULL;
    inf->remaining = 0;
    inf->zs.next_in = NULL;
    inf->zs.avail_in = 0;
    return FALSE;
}

static gboolean
vnc_inflate_zlib_error(VncInflate *inf, int ret, const char *what,
                       GError **err)
{
    if (ret == Z_MEM_ERROR) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "Out of memory while inflating the server's %s data.",
                    what);
    } else {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server's %s data is not valid zlib data (%s).",
                    what, inf->zs.msg ? inf->zs.msg : zError(ret));
    }
    return vnc_inflate_fail(inf);
}

/* RFB's zlib streams last as long as the connection and never reach
 * their end, where the Adler-32 of everything inflated would be checked:
 * computing it is wasted work, a third of zlib's time on some streams.
 * (A server that does end a stream loses nothing but that check.) */
static void
vnc_inflate_skip_checksum(VncInflate *inf)
{
#if ZLIB_VERNUM >= 0x1290
    inflateValidate(&inf->zs, 0);
#else
    (void)inf;
#endif
}

gboolean
vnc_inflate_begin(VncInflate *inf, VncStream *stream,
                  guint64 compressed_len, guint64 max_compressed,
                  const char *what, GError **err)
{
    if (compressed_len > max_compressed) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                    "The server announced %" G_GUINT64_FORMAT " bytes of "
                    "compressed %s data, more than the %" G_GUINT64_FORMAT
                    " that the rectangle could need.",
                    compressed_len, what, max_compressed);
        return FALSE;
    }

    if (!inf->inited) {
        int ret;

        memset(&inf->zs, 0, sizeof(inf->zs));
        ret = inflateInit(&inf->zs);
        if (ret != Z_OK) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_LIMIT,
                        "Cannot set up zlib for the server's %s data (%s).",
                        what, zError(ret));
            return FALSE;
        }
        inf->inited = TRUE;
        inf->ended = FALSE;
        vnc_inflate_skip_checksum(inf);
    } else if (inf->ended) {
        inflateReset(&inf->zs);
        vnc_inflate_skip_checksum(inf);
        inf->ended = FALSE;
    }

    inf->stream = stream;
    inf->remaining = compressed_len;
    inf->drained = TRUE;
    inf->zs.next_in = NULL;
    inf->zs.avail_in = 0;
    return TRUE;
}

/* coroutine context: hands zlib the next piece of the block: what the
 * stream holds already, or failing that whatever the next read brings,
 * so that inflation overlaps with the bytes' arrival. */
static gboolean
vnc_inflate_feed(VncInflate *inf, GError **err)
{
    gsize chunk = MIN(inf->remaining, (guint64)VNC_STREAM_INPLACE_MAX);
    gsize buffered = vnc_stream_buffered(inf->stream);
    const guint8 *data;

    chunk = MIN(chunk, buffered > 0 ? buffered : 1);
    data = vnc_stream_read_inplace(inf->stream, chunk, err);
    if (!data)
        return vnc_inflate_fail(inf);

    inf->zs.next_in = (Bytef *)data;
    inf->zs.avail_in = chunk;
    inf->remaining -= chunk;
    return TRUE;
}

gboolean
vnc_inflate_pull_some(VncInflate *inf, guint8 *out, gsize len, gsize *got,
                      const char *what, GError **err)
{
    *got = 0;
    if (len == 0)
        return TRUE;

    for (;;) {
        gsize step;
        int ret;

        if (inf->ended)
            return TRUE;
        if (inf->zs.avail_in == 0 && inf->remaining > 0) {
            if (!vnc_inflate_feed(inf, err))
                return FALSE;
        }

        step = MIN(len, (gsize)VNC_INFLATE_MAX_STEP);
        inf->zs.next_out = out;
        inf->zs.avail_out = step;
        ret = inflate(&inf->zs, Z_SYNC_FLUSH);
        *got = step - inf->zs.avail_out;
        inf->drained = inf->zs.avail_out > 0;

        switch (ret) {
        case Z_OK:
            break;
        case Z_STREAM_END:
            inf->ended = TRUE;
            break;
        case Z_BUF_ERROR:
            /* No progress: zlib wants input it has not had yet. */
            if (inf->zs.avail_in == 0)
                break;
            return vnc_inflate_zlib_error(inf, ret, what, err);
        default:
            return vnc_inflate_zlib_error(inf, ret, what, err);
        }

        if (*got > 0)
            return TRUE;
        if (inf->zs.avail_in == 0 && inf->remaining == 0)
            return TRUE;
    }
}

/* Fills @out[0..@len) and may write up to @slack bytes past it (room the
 * caller has, which lets zlib's fast loop run to the end); *@produced
 * says how much came. Running out of data before @len is an error. */
static gboolean
vnc_inflate_fill(VncInflate *inf, guint8 *out, gsize len, gsize slack,
                 gsize *produced, const char *what, GError **err)
{
    *produced = 0;
    while (*produced < len) {
        gsize got;

        if (!vnc_inflate_pull_some(inf, out + *produced, len + slack - *produced,
                                   &got, what, err))
            return FALSE;
        if (got == 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server's compressed %s data ended %"
                        G_GSIZE_FORMAT " bytes short of what the "
                        "rectangle needs.", what, len - *produced);
            return vnc_inflate_fail(inf);
        }
        *produced += got;
    }
    return TRUE;
}

gboolean
vnc_inflate_pull(VncInflate *inf, guint8 *out, gsize len,
                 const char *what, GError **err)
{
    gsize produced;

    return vnc_inflate_fill(inf, out, len, 0, &produced, what, err);
}

gboolean
vnc_inflate_pull_last(VncInflate *inf, guint8 *out, gsize len,
                      const char *what, GError **err)
{
    gsize produced;

    if (!vnc_inflate_fill(inf, out, len, VNC_INFLATE_SLACK, &produced, what, err))
        return FALSE;
    if (produced > len) {
        g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                    "The server's compressed %s data holds more than "
                    "the rectangle needs.", what);
        return vnc_inflate_fail(inf);
    }
    return TRUE;
}

gboolean
vnc_inflate_end(VncInflate *inf, const char *what, GError **err)
{
    guint8 probe;

    /* Whatever compressed bytes remain must inflate to nothing: a sync
     * flush marker does, pixels do not. They are fed to zlib rather than
     * skipped so that its dictionary stays in step with the server's. */
    for (;;) {
        int ret;

        /* Everything fed, and zlib stopped for want of input rather than
         * of room: nothing is held back, no need to ask (the common case,
         * and one inflate() call less per rectangle). */
        if (inf->zs.avail_in == 0 && inf->remaining == 0 &&
            inf->drained && !inf->ended)
            break;

        if (inf->zs.avail_in == 0) {
            if (inf->remaining == 0 && inf->ended)
                break;
            if (inf->remaining > 0) {
                if (!vnc_inflate_feed(inf, err))
                    return FALSE;
            }
        }
        if (inf->ended) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server sent more %s data after the end of "
                        "its zlib stream.", what);
            return vnc_inflate_fail(inf);
        }

        /* With no input left this also catches output zlib holds back
         * because the last pull's buffer was full. */
        inf->zs.next_out = &probe;
        inf->zs.avail_out = 1;
        ret = inflate(&inf->zs, Z_SYNC_FLUSH);
        inf->drained = inf->zs.avail_out > 0;
        if (inf->zs.avail_out == 0) {
            g_set_error(err, VNC_ERROR, VNC_ERROR_PROTOCOL,
                        "The server's compressed %s data holds more than "
                        "the rectangle needs.", what);
            return vnc_inflate_fail(inf);
        }
        if (ret == Z_STREAM_END) {
            inf->ended = TRUE;
        } else if (ret == Z_BUF_ERROR || ret == Z_OK) {
            if (inf->zs.avail_in == 0 && inf->remaining == 0)
                break;
            if (ret == Z_BUF_ERROR && inf->zs.avail_in > 0)
                return vnc_inflate_zlib_error(inf, ret, what, err);
        } else {
            return vnc_inflate_zlib_error(inf, ret, what, err);
        }
    }

    inf->stream = NULL;
    inf->zs.next_in = NULL;
    inf->zs.avail_in = 0;
    inf->zs.next_out = NULL;
    inf->zs.avail_out = 0;
    return TRUE;
}

gboolean
vnc_inflate_read(VncInflate *inf, VncStream *stream,
                 guint64 compressed_len, guint64 max_compressed,
                 guint8 *out, gsize out_len,
                 const char *what, GError **err)
{
    return vnc_inflate_begin(inf, stream, compressed_len, max_compressed,
                             what, err) &&
        vnc_inflate_pull(inf, out, out_len, what, err) &&
        vnc_inflate_end(inf, what, err);
}
