/*
 * gtk-vnc: RFB's big-endian integers in byte buffers (not installed)
 *
 * Network data lies at any alignment, so these go a byte at a time (the
 * compiler turns them into a load or store and a byte swap).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_BYTES_PRIV_H
#define VNC_BYTES_PRIV_H

#include <glib.h>

static inline guint16
vnc_load_be16(const guint8 *p)
{
    return (guint16)((guint)p[0] << 8 | p[1]);
}

static inline guint32
vnc_load_be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static inline void
vnc_store_be32(guint8 *p, guint32 value)
{
    p[0] = value >> 24;
    p[1] = (value >> 16) & 0xff;
    p[2] = (value >> 8) & 0xff;
    p[3] = value & 0xff;
}

#endif /* VNC_BYTES_PRIV_H */
