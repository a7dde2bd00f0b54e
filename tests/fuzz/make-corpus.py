#!/usr/bin/env python3
# gtk-vnc: writes the seed corpus of the fuzz target (tests/fuzz/corpus/)
#
#   make-corpus.py [--streams DIR] [OUTDIR]
#
# Each seed is one input of fuzz-server-messages.c: a 6-byte header
# (server pixel format index, local format index, desktop width and
# height) and the server messages that follow ServerInit. There is a
# valid example of every encoding, pseudo-encoding and server message the
# library knows, in several pixel formats where the decoder's paths
# differ (3-byte compact pixels from either end of a 32-bit pixel, 16 bpp
# in both byte orders, colour maps, depth 32). The encoders here are
# written for the seeds only: small, plain and deterministic (a fixed
# random seed), so that the files come out the same every time.
#
# With --streams (default: shared/streams beside the source tree, if it
# is there) a few small updates of the recorded sessions are added too,
# always from the start of a session, since the zlib-based encodings
# carry their state from one update to the next.
#
# Python 3 standard library only (zlib, lzma, struct).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import json
import lzma
import os
import random
import struct
import sys
import zlib

MAX_SEED = 64 * 1024

# --- Pixel formats: the same table, in the same order, as server_formats[]
# in fuzz-server-messages.c.


class Format:
    def __init__(self, bpp, depth, big, true_colour, maxes=(0, 0, 0), shifts=(0, 0, 0)):
        self.bpp = bpp
        self.depth = depth
        self.big = big
        self.true_colour = true_colour
        self.maxes = maxes
        self.shifts = shifts

    @property
    def nbytes(self):
        return self.bpp // 8

    def wire(self):
        return struct.pack('>BBBBHHHBBBxxx', self.bpp, self.depth, int(self.big),
                           int(self.true_colour), *self.maxes, *self.shifts)

    def value(self, rgb):
        """The pixel value of an (r, g, b) colour, or of a colour map index
        when @rgb is an int."""
        if not self.true_colour:
            return rgb if isinstance(rgb, int) else (rgb[0] ^ rgb[1] ^ rgb[2])
        v = 0
        for c, m, s in zip(rgb, self.maxes, self.shifts):
            v |= (c * m // 255) << s
        return v

    def pixel(self, rgb):
        return self.value(rgb).to_bytes(self.nbytes, 'big' if self.big else 'little')

    def cpixel_layout(self):
        """(size, pad_offset) of a ZRLE/TRLE CPIXEL, as RFC 6143 7.7.5."""
        if self.true_colour and self.bpp == 32 and self.depth <= 24:
            mask = 0
            for m, s in zip(self.maxes, self.shifts):
                mask |= m << s
            low = mask < (1 << 24)
            high = (mask & 0xff) == 0 and mask < (1 << 32)
            if low or high:
                return 3, (3 if low != self.big else 0)
        return self.nbytes, None

    def cpixel(self, rgb):
        size, pad = self.cpixel_layout()
        p = self.pixel(rgb)
        if size == 3:
            return p[:3] if pad == 3 else p[1:]
        return p

    def tight_rgb24(self):
        return (self.bpp == 32 and self.depth == 24 and self.true_colour and
                self.maxes == (255, 255, 255))

    def tpixel(self, rgb):
        if self.tight_rgb24():
            if isinstance(rgb, int):
                rgb = (rgb, rgb, rgb)
            return bytes(rgb)
        return self.pixel(rgb)


FORMATS = [
    Format(32, 24, False, True, (255, 255, 255), (16, 8, 0)),
    Format(32, 24, True, True, (255, 255, 255), (16, 8, 0)),
    Format(32, 24, False, True, (255, 255, 255), (0, 8, 16)),
    Format(32, 24, True, True, (255, 255, 255), (24, 16, 8)),
    Format(32, 24, False, True, (255, 255, 255), (8, 16, 24)),
    Format(32, 32, False, True, (255, 255, 255), (16, 8, 0)),
    Format(32, 30, True, True, (1023, 1023, 1023), (20, 10, 0)),
    Format(32, 16, False, True, (31, 63, 31), (11, 5, 0)),
    Format(16, 16, False, True, (31, 63, 31), (11, 5, 0)),
    Format(16, 16, True, True, (31, 63, 31), (11, 5, 0)),
    Format(16, 15, False, True, (31, 31, 31), (10, 5, 0)),
    Format(16, 12, True, True, (15, 15, 15), (8, 4, 0)),
    Format(8, 8, False, True, (7, 7, 3), (0, 3, 6)),
    Format(8, 6, False, True, (3, 3, 3), (4, 2, 0)),
    Format(8, 3, False, True, (1, 1, 1), (2, 1, 0)),
    Format(8, 8, False, False),
    Format(16, 16, False, False),
    Format(16, 16, True, False),
]
F_RGB888 = 0
F_RGB888_BE = 1
F_HIGH_BE = 3
F_HIGH_LE = 4
F_DEPTH32 = 5
F_DEPTH30 = 6
F_565_IN_32 = 7
F_565_LE = 8
F_565_BE = 9
F_555 = 10
F_444_BE = 11
F_BGR233 = 12
F_MAP8 = 15
F_MAP16_BE = 17

# Local (framebuffer) formats, local_formats[] of the target: 0 is the
# server's own when true colour.
L_SAME, L_RGB888, L_565, L_BGR_BE, L_BGR233, L_555_BE, L_RGB888_BE, L_30 = range(8)

# --- Encodings and messages.

ENC = {
    'raw': 0, 'copyrect': 1, 'rre': 2, 'corre': 4, 'hextile': 5, 'zlib': 6,
    'tight': 7, 'trle': 15, 'zrle': 16, 'zywrle': 17, 'tightpng': -260,
    'desktopsize': -223, 'lastrect': -224, 'richcursor': -239, 'xcursor': -240,
    'pointerchange': -257, 'extkeyevent': -258, 'audio': -259, 'ledstate': -261,
    'desktopname': -307, 'extdesktopsize': -308, 'xvp': -309, 'fence': -312,
    'continuousupdates': -313, 'alphacursor': -314, 'wmvi': 0x574D5669,
    'extclipboard': -0x3F5E1A32,  # 0xC0A1E5CE as a signed 32-bit number
}


def u8(v):
    return struct.pack('>B', v)


def u16(v):
    return struct.pack('>H', v)


def u32(v):
    return struct.pack('>I', v & 0xffffffff)


def s32(v):
    return struct.pack('>i', v)


def header(fmt_index, w, h, local=L_SAME):
    return bytes([fmt_index, local]) + u16(w) + u16(h)


def rect(x, y, w, h, enc, body=b''):
    if isinstance(enc, str):
        enc = ENC[enc]
    return u16(x) + u16(y) + u16(w) + u16(h) + s32(enc) + body


def update(rects, count=None):
    """A FramebufferUpdate; @count overrides the number (65535 with LastRect)."""
    return u8(0) + b'\0' + u16(len(rects) if count is None else count) + b''.join(rects)


def colour_map(first, colours):
    out = u8(1) + b'\0' + u16(first) + u16(len(colours))
    for r, g, b in colours:
        out += u16(r * 257) + u16(g * 257) + u16(b * 257)
    return out


def default_colour_map(n=256):
    return [((i * 37) & 255, (i * 91) & 255, (i * 173) & 255) for i in range(n)]


class Image:
    """Deterministic pictures: a few colours in blocks, so that palettes,
    runs and solid tiles all occur."""

    def __init__(self, fmt, seed=1, n_colours=6):
        self.fmt = fmt
        self.rng = random.Random(seed)
        if fmt.true_colour:
            self.colours = [tuple(self.rng.randrange(256) for _ in range(3))
                            for _ in range(n_colours)]
        else:
            self.colours = [self.rng.randrange(1, 256) for _ in range(n_colours)]

    def colour(self, x, y):
        return self.colours[((x // 5) + (y // 3) * 3 + (x * y) // 97) % len(self.colours)]

    def random_colour(self):
        return self.rng.choice(self.colours)

    def raw(self, x0, y0, w, h):
        return b''.join(self.fmt.pixel(self.colour(x, y))
                        for y in range(y0, y0 + h) for x in range(x0, x0 + w))


# Raw, CopyRect, RRE, CoRRE.

def enc_raw(img, x, y, w, h):
    return rect(x, y, w, h, 'raw', img.raw(x, y, w, h))


def enc_copyrect(x, y, w, h, sx, sy):
    return rect(x, y, w, h, 'copyrect', u16(sx) + u16(sy))


def enc_rre(img, x, y, w, h, compact=False, n=12):
    fmt = img.fmt
    subs = b''
    for _ in range(n):
        sx, sy = img.rng.randrange(w), img.rng.randrange(h)
        sw, sh = img.rng.randrange(1, w - sx + 1), img.rng.randrange(1, h - sy + 1)
        if compact:
            sw, sh = min(sw, 255), min(sh, 255)
            geo = bytes([min(sx, 255), min(sy, 255), sw, sh])
        else:
            geo = u16(sx) + u16(sy) + u16(sw) + u16(sh)
        subs += fmt.pixel(img.random_colour()) + geo
    body = u32(n) + fmt.pixel(img.random_colour()) + subs
    return rect(x, y, w, h, 'corre' if compact else 'rre', body)


# Hextile.

def enc_hextile(img, x, y, w, h):
    fmt = img.fmt
    body = b''
    kinds = ['raw', 'bg', 'fg-subrects', 'coloured-subrects', 'same', 'bg-fg']
    t = 0
    for ty in range(y, y + h, 16):
        for tx in range(x, x + w, 16):
            tw, th = min(16, x + w - tx), min(16, y + h - ty)
            kind = kinds[t % len(kinds)] if t else 'bg'
            t += 1
            if kind == 'raw':
                body += u8(1) + img.raw(tx, ty, tw, th)
            elif kind == 'bg':
                body += u8(2) + fmt.pixel(img.random_colour())
            elif kind == 'same':
                body += u8(0)   # background as the tile before
            elif kind == 'bg-fg':
                # Foreground without subrectangles: allowed, changes state.
                body += u8(2 | 4) + fmt.pixel(img.random_colour()) + \
                    fmt.pixel(img.random_colour())
            else:
                coloured = kind == 'coloured-subrects'
                n = img.rng.randrange(1, 8)
                flags = 2 | 8 | (16 if coloured else 4)
                tile = u8(flags) + fmt.pixel(img.random_colour())
                if not coloured:
                    tile += fmt.pixel(img.random_colour())
                tile += u8(n)
                for _ in range(n):
                    sx, sy = img.rng.randrange(tw), img.rng.randrange(th)
                    sw, sh = img.rng.randrange(1, tw - sx + 1), img.rng.randrange(1, th - sy + 1)
                    if coloured:
                        tile += fmt.pixel(img.random_colour())
                    tile += bytes([(sx << 4) | sy, ((sw - 1) << 4) | (sh - 1)])
                body += tile
    return rect(x, y, w, h, 'hextile', body)


# Zlib: one stream for the session.

class Deflater:
    # Level 0 makes stored blocks: the data is there as it is, so that the
    # fuzzer's byte changes inside it still inflate (stored blocks carry
    # no checksum) and reach the decoder behind the inflater.
    def __init__(self, level=6):
        self.z = zlib.compressobj(level)

    def chunk(self, data):
        return self.z.compress(data) + self.z.flush(zlib.Z_SYNC_FLUSH)


def enc_zlib(img, deflater, x, y, w, h):
    data = deflater.chunk(img.raw(x, y, w, h))
    return rect(x, y, w, h, 'zlib', u32(len(data)) + data)


# TRLE and ZRLE tiles.

def rle_length(n):
    out = b''
    n -= 1
    while n >= 255:
        out += b'\xff'
        n -= 255
    return out + u8(n)


def rle_tiles(img, x, y, w, h, tile_size, trle, zywrle=False):
    """Tiles in every subencoding, cycling; the content is made up to fit
    the subencoding (it need not be the image). In ZYWRLE a raw tile
    holds an inner tile of wavelet coefficients, itself in any ZRLE
    subencoding."""
    fmt, rng = img.fmt, img.rng
    inner = 0
    cycle = ['raw', 'solid', 'packed2', 'packed4', 'packed16', 'rle', 'palette-rle',
             'palette-rle-127']
    if trle:
        cycle += ['reuse', 'reuse-rle']
    out = b''
    palette = None
    t = 0
    for ty in range(y, y + h, tile_size):
        for tx in range(x, x + w, tile_size):
            tw, th = min(tile_size, x + w - tx), min(tile_size, y + h - ty)
            n = tw * th
            kind = cycle[t % len(cycle)]
            t += 1
            if kind.startswith('reuse') and palette is None:
                kind = 'solid'
            if kind == 'raw' and zywrle and fmt.bpp > 8:
                # The coefficients' tile: raw, solid, packed palette or
                # RLE in turn (any values are coefficients).
                kind = ['raw', 'solid', 'packed4', 'rle'][inner % 4]
                inner += 1
                out += u8(0)
            if kind == 'raw':
                out += u8(0) + b''.join(fmt.cpixel(img.colour(tx + i % tw, ty + i // tw))
                                        for i in range(n))
                palette = None
            elif kind == 'solid':
                out += u8(1) + fmt.cpixel(img.random_colour())
                palette = None
            elif kind.startswith('packed'):
                size = int(kind[6:])
                size = min(size, max(2, n))
                palette = [img.random_colour() for _ in range(size)]
                out += u8(size) + b''.join(fmt.cpixel(c) for c in palette)
                out += packed_indices(rng, size, tw, th)
            elif kind == 'rle':
                out += u8(128) + rle_runs(rng, n, lambda c: fmt.cpixel(c), img)
                palette = None
            elif kind in ('palette-rle', 'palette-rle-127'):
                size = 127 if kind.endswith('127') else 5
                palette = [img.random_colour() for _ in range(size)]
                out += u8(128 + size) + b''.join(fmt.cpixel(c) for c in palette)
                out += palette_runs(rng, n, size)
            elif kind == 'reuse':
                # TRLE 127: the last tile's palette, packed indices.
                size = len(palette)
                if size > 16:
                    out += u8(129) + palette_runs(rng, n, size)
                else:
                    out += u8(127) + packed_indices(rng, size, tw, th)
            elif kind == 'reuse-rle':
                out += u8(129) + palette_runs(rng, n, len(palette))
    return out


def packed_indices(rng, size, tw, th):
    bits = 1 if size <= 2 else 2 if size <= 4 else 4
    out = b''
    for _ in range(th):
        acc, nbits, row = 0, 0, b''
        for _ in range(tw):
            acc = (acc << bits) | rng.randrange(size)
            nbits += bits
            if nbits == 8:
                row += u8(acc)
                acc, nbits = 0, 0
        if nbits:
            row += u8(acc << (8 - nbits))
        out += row
    return out


def rle_runs(rng, n, cpixel, img):
    out = b''
    left = n
    while left:
        run = min(left, rng.choice([1, 2, 7, 300, 256]))
        out += cpixel(img.random_colour()) + rle_length(run)
        left -= run
    return out


def palette_runs(rng, n, size):
    out = b''
    left = n
    while left:
        run = min(left, rng.choice([1, 1, 3, 256, 600]))
        i = rng.randrange(size)
        if run == 1:
            out += u8(i)
        else:
            out += u8(128 | i) + rle_length(run)
        left -= run
    return out


def enc_trle(img, x, y, w, h):
    return rect(x, y, w, h, 'trle', rle_tiles(img, x, y, w, h, 16, True))


def enc_zrle(img, deflater, x, y, w, h, name='zrle'):
    data = deflater.chunk(rle_tiles(img, x, y, w, h, 64, False, zywrle=name == 'zywrle'))
    return rect(x, y, w, h, name, u32(len(data)) + data)


# Tight.

def compact_length(n):
    out = u8(n & 0x7f | (0x80 if n > 0x7f else 0))
    if n > 0x7f:
        out += u8((n >> 7) & 0x7f | (0x80 if n > 0x3fff else 0))
        if n > 0x3fff:
            out += u8(n >> 14)
    return out


class TightStreams:
    def __init__(self, level=6):
        self.level = level
        self.streams = [zlib.compressobj(level) for _ in range(4)]

    def reset(self, i):
        self.streams[i] = zlib.compressobj(self.level)

    def basic_data(self, i, data):
        if len(data) < 12:
            return data
        z = self.streams[i]
        comp = z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)
        return compact_length(len(comp)) + comp


def tight_fill(img, x, y, w, h, name='tight'):
    return rect(x, y, w, h, name, u8(0x80) + img.fmt.tpixel(img.random_colour()))


def tight_copy(img, ts, x, y, w, h, stream=0, explicit_filter=False, reset=0, name='tight'):
    fmt = img.fmt
    data = b''.join(fmt.tpixel(img.colour(xx, yy))
                    for yy in range(y, y + h) for xx in range(x, x + w))
    for i in range(4):
        if reset & (1 << i):
            ts.reset(i)
    ctl = reset | (stream << 4) | (0x40 if explicit_filter else 0)
    body = u8(ctl) + (u8(0) if explicit_filter else b'') + ts.basic_data(stream, data)
    return rect(x, y, w, h, name, body)


def tight_palette(img, ts, x, y, w, h, n_colours, stream=1, name='tight'):
    fmt, rng = img.fmt, img.rng
    palette = [img.random_colour() for _ in range(n_colours)]
    if n_colours == 2:
        data = b''
        for _ in range(h):
            acc, nbits, row = 0, 0, b''
            for _ in range(w):
                acc = (acc << 1) | rng.randrange(2)
                nbits += 1
                if nbits == 8:
                    row += u8(acc)
                    acc, nbits = 0, 0
            if nbits:
                row += u8(acc << (8 - nbits))
            data += row
    else:
        data = bytes(rng.randrange(n_colours) for _ in range(w * h))
    body = u8((stream << 4) | 0x40) + u8(1) + u8(n_colours - 1) + \
        b''.join(fmt.tpixel(c) for c in palette) + ts.basic_data(stream, data)
    return rect(x, y, w, h, name, body)


def tight_gradient(img, ts, x, y, w, h, stream=2, name='tight'):
    # Any residuals decode; these predict the image's colours roughly.
    fmt, rng = img.fmt, img.rng
    size = 3 if fmt.tight_rgb24() else fmt.nbytes
    data = bytes(rng.choice([0, 0, 0, 1, 255, rng.randrange(256)]) for _ in range(w * h * size))
    body = u8((stream << 4) | 0x40) + u8(2) + ts.basic_data(stream, data)
    return rect(x, y, w, h, name, body)


def tight_nozlib(img, x, y, w, h):
    # Basic compression without zlib (LibVNCServer at level 0): 0xA0,
    # data after a compact length when 12 bytes or more.
    fmt = img.fmt
    data = b''.join(fmt.tpixel(img.colour(xx, yy))
                    for yy in range(y, y + h) for xx in range(x, x + w))
    body = u8(0xA0) + (compact_length(len(data)) if len(data) >= 12 else b'') + data
    return rect(x, y, w, h, 'tight', body)


def tight_jpeg(img, x, y, w, h, name='tight'):
    jpeg = make_jpeg(img, x, y, w, h)
    return rect(x, y, w, h, name, u8(0x90) + compact_length(len(jpeg)) + jpeg)


def tight_png(img, x, y, w, h, palette=False):
    png = make_png(img, x, y, w, h, palette)
    return rect(x, y, w, h, 'tightpng', u8(0xA0) + compact_length(len(png)) + png)


# A baseline JPEG of flat 8x8 blocks (DC coefficients only), enough for a
# valid image that libjpeg decodes. YCbCr, no subsampling, a flat
# quantisation table of 8, so that a DC value is the block's level - 128.

def huffman_codes(bits, values):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALUES = list(range(12))
AC_BITS = [0, 1] + [0] * 14          # one symbol: EOB (0x00), code '00'
AC_VALUES = [0x00]


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xff:
                    self.out.append(0)
                self.acc, self.n = 0, 0

    def finish(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)
        return bytes(self.out)


def make_jpeg(img, x0, y0, w, h):
    def rgb(x, y):
        c = img.colour(x0 + x, y0 + y)
        return c if isinstance(c, tuple) else (c, c, c)

    def segment(marker, payload):
        return b'\xff' + u8(marker) + u16(len(payload) + 2) + payload

    dc = huffman_codes(DC_BITS, DC_VALUES)
    ac = huffman_codes(AC_BITS, AC_VALUES)
    bw = BitWriter()
    prev = [0, 0, 0]
    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            r, g, b = rgb(min(bx, w - 1), min(by, h - 1))
            ycc = (0.299 * r + 0.587 * g + 0.114 * b,
                   -0.1687 * r - 0.3313 * g + 0.5 * b + 128,
                   0.5 * r - 0.4187 * g - 0.0813 * b + 128)
            for c in range(3):
                level = max(-128, min(127, int(round(ycc[c])) - 128))
                diff = level - prev[c]
                prev[c] = level
                cat = abs(diff).bit_length()
                code, length = dc[cat]
                bw.put(code, length)
                if cat:
                    bw.put(diff if diff > 0 else diff + (1 << cat) - 1, cat)
                code, length = ac[0x00]
                bw.put(code, length)
    scan = bw.finish()

    out = b'\xff\xd8'
    out += segment(0xdb, u8(0) + bytes([8] * 64))
    out += segment(0xc0, u8(8) + u16(h) + u16(w) + u8(3) +
                   b''.join(u8(i + 1) + u8(0x11) + u8(0) for i in range(3)))
    out += segment(0xc4, u8(0x00) + bytes(DC_BITS) + bytes(DC_VALUES))
    out += segment(0xc4, u8(0x10) + bytes(AC_BITS) + bytes(AC_VALUES))
    out += segment(0xda, u8(3) + b''.join(u8(i + 1) + u8(0x00) for i in range(3)) +
                   b'\x00\x3f\x00')
    return out + scan + b'\xff\xd9'


def make_png(img, x0, y0, w, h, palette=False):
    def chunk(kind, data):
        return u32(len(data)) + kind + data + u32(zlib.crc32(kind + data))

    def rgb(c):
        return c if isinstance(c, tuple) else (c, c, c)

    rows = b''
    if palette:
        colours = [rgb(c) for c in img.colours]
        for y in range(h):
            rows += b'\0' + bytes(img.colours.index(img.colour(x0 + x, y0 + y))
                                  for x in range(w))
        ihdr = u32(w) + u32(h) + bytes([8, 3, 0, 0, 0])
        extra = chunk(b'PLTE', b''.join(bytes(c) for c in colours))
    else:
        for y in range(h):
            rows += b'\0' + b''.join(bytes(rgb(img.colour(x0 + x, y0 + y))) for x in range(w))
        ihdr = u32(w) + u32(h) + bytes([8, 2, 0, 0, 0])
        extra = b''
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + extra +
            chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))


# Pseudo-encodings.

def rich_cursor(img, hx, hy, w, h):
    mask = b''.join(bytes([0xf0 | (y & 0x0f)] * ((w + 7) // 8)) for y in range(h))
    return rect(hx, hy, w, h, 'richcursor', img.raw(0, 0, w, h) + mask)


def x_cursor(hx, hy, w, h):
    if w == 0 or h == 0:
        return rect(hx, hy, w, h, 'xcursor')  # no colours either
    row = (w + 7) // 8
    bitmap = bytes((0xaa if y % 2 else 0x55) for y in range(h) for _ in range(row))
    mask = bytes(0xff for _ in range(h * row))
    return rect(hx, hy, w, h, 'xcursor', bytes([255, 0, 0, 0, 0, 255]) + bitmap + mask)


def alpha_cursor(hx, hy, w, h, encoding='raw'):
    # BGRA little-endian premultiplied: a gradient of alpha.
    px = bytearray()
    for y in range(h):
        for x in range(w):
            a = (x * 255) // max(1, w - 1)
            px += bytes([a * y // max(1, h), a // 2, a, a])
    if encoding == 'raw':
        data = bytes(px)
    else:  # rre: a background and two subrectangles
        data = u32(2) + bytes(px[:4]) + bytes([0, 0, 255, 255]) + u16(0) + u16(0) + \
            u16(w // 2) + u16(h // 2) + bytes([255, 0, 0, 255]) + u16(w // 2) + \
            u16(h // 2) + u16(w - w // 2) + u16(h - h // 2)
    return rect(hx, hy, w, h, 'alphacursor', s32(ENC[encoding]) + data)


def ext_desktop_size(w, h, screens, reason=0, status=0):
    body = u8(len(screens)) + b'\0\0\0'
    for sid, sx, sy, sw, sh, flags in screens:
        body += u32(sid) + u16(sx) + u16(sy) + u16(sw) + u16(sh) + u32(flags)
    return rect(reason, status, w, h, 'extdesktopsize', body)


# Other server messages.

def bell():
    return u8(2)


def cut_text(text):
    return u8(3) + b'\0\0\0' + u32(len(text)) + text


def ext_clipboard(flags, payload):
    return u8(3) + b'\0\0\0' + s32(-(4 + len(payload))) + u32(flags) + payload


CB_TEXT, CB_CAPS, CB_REQUEST, CB_PEEK, CB_NOTIFY, CB_PROVIDE = \
    1, 1 << 24, 1 << 25, 1 << 26, 1 << 27, 1 << 28


def clipboard_provide(text, level=6, extra_formats=0):
    data = text + b'\0'
    payload = u32(len(data)) + data
    for i in range(1, 16):
        if extra_formats & (1 << i):
            payload += u32(5) + b'other'
    return ext_clipboard(CB_PROVIDE | CB_TEXT | extra_formats,
                         zlib.compress(payload, level))


def fence(flags, payload):
    return u8(248) + b'\0\0\0' + u32(flags) + u8(len(payload)) + payload


def xvp(code, version=1):
    return u8(250) + b'\0' + u8(version) + u8(code)


def qemu_audio(op, data=None):
    out = u8(255) + u8(1) + u16(op)
    if data is not None:
        out += u32(len(data)) + data
    return out


def end_of_continuous_updates():
    return u8(150)


# --- The seeds.

def seeds():
    out = {}
    W, H = 100, 80

    def add(name, fmt_index, msgs, w=W, h=H, local=L_SAME):
        out[name] = header(fmt_index, w, h, local) + b''.join(msgs)

    def map_first(fmt_index):
        return [colour_map(0, default_colour_map())] if not FORMATS[fmt_index].true_colour else []

    # Raw and CopyRect.
    for fi, local in ((F_RGB888, L_SAME), (F_565_BE, L_RGB888), (F_BGR233, L_565),
                      (F_MAP8, L_RGB888), (F_DEPTH30, L_BGR_BE), (F_HIGH_LE, L_BGR233),
                      (F_555, L_555_BE), (F_444_BE, L_RGB888_BE), (F_MAP16_BE, L_30)):
        img = Image(FORMATS[fi], seed=fi)
        add('raw-f%02d' % fi, fi, map_first(fi) + [update([
            enc_raw(img, 0, 0, 20, 10), enc_raw(img, 50, 40, 33, 17)])], local=local)
    img = Image(FORMATS[F_RGB888])
    add('copyrect', F_RGB888, [update([
        enc_raw(img, 0, 0, 30, 20),
        enc_copyrect(10, 10, 30, 20, 0, 0),    # overlapping, down-right
        enc_copyrect(0, 0, 30, 20, 5, 3),      # overlapping, up-left
        enc_copyrect(60, 50, 40, 30, 0, 0)])])

    # RRE, CoRRE.
    for fi in (F_RGB888, F_565_LE, F_MAP8):
        img = Image(FORMATS[fi], seed=10 + fi)
        add('rre-f%02d' % fi, fi, map_first(fi) + [update([
            enc_rre(img, 5, 5, 60, 50), enc_rre(img, 0, 60, 100, 20, n=0)])])
    img = Image(FORMATS[F_RGB888_BE], seed=3)
    add('corre', F_RGB888_BE, [update([enc_rre(img, 10, 10, 80, 60, compact=True)])])

    # Hextile: partial tiles on both edges.
    for fi in (F_RGB888, F_565_BE, F_MAP8, F_DEPTH32):
        img = Image(FORMATS[fi], seed=20 + fi)
        add('hextile-f%02d' % fi, fi, map_first(fi) + [update([
            enc_hextile(img, 3, 2, 90, 70)])])

    # Zlib: two rectangles on one stream.
    for fi in (F_RGB888, F_444_BE):
        img = Image(FORMATS[fi], seed=30 + fi)
        d = Deflater()
        add('zlib-f%02d' % fi, fi, [update([
            enc_zlib(img, d, 0, 0, 50, 40), enc_zlib(img, d, 40, 30, 60, 50)])])

    # TRLE, ZRLE, ZYWRLE: compact pixels from the low and the high end,
    # full pixels at depth 32, 16 bpp, colour maps.
    for fi in (F_RGB888, F_HIGH_BE, F_HIGH_LE, F_565_IN_32, F_DEPTH32, F_565_LE,
               F_MAP8):
        img = Image(FORMATS[fi], seed=40 + fi)
        add('trle-f%02d' % fi, fi, map_first(fi) + [update([
            enc_trle(img, 2, 3, 90, 70)])])
    for fi in (F_RGB888, F_HIGH_BE, F_555, F_MAP16_BE, F_DEPTH30):
        img = Image(FORMATS[fi], seed=50 + fi)
        d = Deflater()
        add('zrle-f%02d' % fi, fi, (map_first(fi) if fi != F_MAP16_BE else
                                    [colour_map(0, default_colour_map(300))]) + [
            update([enc_zrle(img, d, 0, 0, 100, 80)]),
            update([enc_zrle(img, d, 30, 20, 70, 60)])])
    for fi in (F_RGB888, F_565_LE):
        img = Image(FORMATS[fi], seed=60 + fi)
        d = Deflater()
        add('zywrle-f%02d' % fi, fi, [update([
            enc_zrle(img, d, 0, 0, 64, 64, name='zywrle'),
            enc_zrle(img, d, 64, 0, 36, 80, name='zrle')])])

    # The same through stored (uncompressed) zlib blocks, which the
    # fuzzer can change without breaking the zlib stream.
    for fi in (F_RGB888, F_565_BE, F_MAP8):
        img = Image(FORMATS[fi], seed=140 + fi)
        d = Deflater(level=0)
        add('zrle-stored-f%02d' % fi, fi, map_first(fi) + [
            update([enc_zrle(img, d, 0, 0, 100, 80)])])
    for fi in (F_RGB888, F_565_LE, F_555):
        img = Image(FORMATS[fi], seed=150 + fi)
        d = Deflater(level=0)
        add('zywrle-stored-f%02d' % fi, fi, [update([
            enc_zrle(img, d, 0, 0, 100, 80, name='zywrle')])])
    img = Image(FORMATS[F_565_LE], seed=160)
    d = Deflater(level=0)
    add('zlib-stored', F_565_LE, [update([enc_zlib(img, d, 3, 3, 40, 30)])])

    # Tight: every mode, zlib streams reset and reused, on rgb24 (3-byte
    # TPIXELs) and on formats with full pixels; once more with stored
    # zlib blocks.
    for fi, level in ((F_RGB888, 6), (F_RGB888_BE, 6), (F_565_LE, 6), (F_DEPTH32, 6),
                      (F_MAP8, 6), (F_RGB888, 0), (F_565_BE, 0), (F_MAP8, 0)):
        img = Image(FORMATS[fi], seed=70 + fi)
        ts = TightStreams(level)
        rects = [
            tight_fill(img, 0, 0, 100, 80),
            tight_copy(img, ts, 0, 0, 40, 30, stream=0),
            tight_copy(img, ts, 50, 0, 3, 1, stream=0),                 # < 12 bytes
            tight_copy(img, ts, 40, 30, 20, 20, stream=0, explicit_filter=True),
            tight_palette(img, ts, 0, 40, 37, 20, 2, stream=1),
            tight_palette(img, ts, 40, 50, 30, 30, 7, stream=1),
            tight_copy(img, ts, 70, 50, 30, 30, stream=1, reset=0x2),  # reset stream 1
            tight_nozlib(img, 60, 0, 20, 10),
            tight_nozlib(img, 80, 0, 2, 1),
        ]
        if FORMATS[fi].true_colour and FORMATS[fi].bpp >= 16:
            rects.append(tight_gradient(img, ts, 0, 60, 50, 20, stream=2))
        add('tight-%sf%02d' % ('stored-' if level == 0 else '', fi), fi,
            map_first(fi) + [update(rects)])
    img = Image(FORMATS[F_RGB888], seed=80)
    add('tight-jpeg', F_RGB888, [update([
        tight_jpeg(img, 0, 0, 64, 48), tight_jpeg(img, 64, 48, 36, 32)])])
    img = Image(FORMATS[F_565_BE], seed=81)
    add('tight-jpeg-f%02d' % F_565_BE, F_565_BE, [update([
        tight_jpeg(img, 3, 5, 45, 21)])], local=L_RGB888)
    img = Image(FORMATS[F_HIGH_BE], seed=82)
    add('tight-jpeg-f%02d' % F_HIGH_BE, F_HIGH_BE, [update([
        tight_jpeg(img, 0, 0, 17, 9)])], local=L_BGR_BE)

    # Tight-PNG as QEMU sends it: PNG, fill, JPEG, and basic.
    img = Image(FORMATS[F_RGB888], seed=90)
    ts = TightStreams()
    add('tightpng', F_RGB888, [update([
        tight_png(img, 0, 0, 40, 30), tight_png(img, 40, 0, 33, 20, palette=True),
        tight_fill(img, 0, 30, 100, 50, name='tightpng'),
        tight_jpeg(img, 10, 40, 24, 16, name='tightpng'),
        tight_copy(img, ts, 50, 50, 20, 20, name='tightpng')])])
    img = Image(FORMATS[F_565_LE], seed=91)
    add('tightpng-f%02d' % F_565_LE, F_565_LE, [update([
        tight_png(img, 5, 5, 30, 30)])], local=L_RGB888)

    # Cursors.
    img = Image(FORMATS[F_RGB888], seed=100)
    add('cursor-rich', F_RGB888, [update([rich_cursor(img, 3, 4, 17, 12),
                                          rich_cursor(img, 0, 0, 0, 0)])])
    img = Image(FORMATS[F_MAP8], seed=101)
    add('cursor-rich-f%02d' % F_MAP8, F_MAP8, [colour_map(0, default_colour_map()),
                                               update([rich_cursor(img, 1, 1, 9, 9)])])
    add('cursor-x', F_565_LE, [update([x_cursor(5, 5, 13, 10), x_cursor(0, 0, 0, 0)])])
    add('cursor-alpha', F_RGB888, [update([alpha_cursor(2, 2, 16, 16),
                                           alpha_cursor(0, 0, 12, 9, encoding='rre')])])

    # Desktop size, extended desktop size (a change from the server, an
    # answer to ours, a refusal), name, WMVi, LastRect and the rest.
    img = Image(FORMATS[F_RGB888], seed=110)
    # The lazy embedder (local format byte, bit 3) keeps its first
    # framebuffer through a resize and a pixel format change.
    add('lazy-embedder', F_RGB888, [update([
        rect(0, 0, 60, 40, 'desktopsize'), enc_raw(img, 50, 30, 10, 10),
        rect(0, 0, 100, 80, 'wmvi', FORMATS[F_565_LE].wire()),
        enc_raw(Image(FORMATS[F_565_LE], seed=112), 0, 0, 8, 8)])], local=L_SAME | 8)
    add('desktop-size', F_RGB888, [update([
        rect(0, 0, 120, 90, 'desktopsize'), enc_raw(img, 100, 80, 20, 10)])])
    add('ext-desktop-size', F_RGB888, [update([
        ext_desktop_size(160, 100, [(1, 0, 0, 80, 100, 0), (2, 80, 0, 80, 100, 0)]),
        ext_desktop_size(160, 100, [(1, 0, 0, 160, 100, 0)], reason=1, status=0),
        ext_desktop_size(0, 0, [], reason=1, status=3),
        ext_desktop_size(64, 48, [(7, 0, 0, 64, 48, 0)], reason=2)])])
    add('desktop-name', F_RGB888, [update([
        rect(0, 0, 0, 0, 'desktopname', u32(len('Bureau ☺'.encode())) + 'Bureau ☺'.encode()),
        rect(0, 0, 0, 0, 'desktopname', u32(5) + b'caf\xe9!')])])
    img16 = Image(FORMATS[F_565_LE], seed=111)
    add('wmvi', F_RGB888, [update([
        rect(0, 0, 100, 80, 'wmvi', FORMATS[F_565_LE].wire()),
        enc_raw(img16, 0, 0, 10, 10)]),
        update([rect(0, 0, 90, 70, 'wmvi', FORMATS[F_MAP8].wire())]),
        colour_map(0, default_colour_map(16))])
    add('last-rect', F_RGB888, [update([
        enc_raw(img, 0, 0, 4, 4), rect(0, 0, 0, 0, 'lastrect')], count=65535),
        update([rect(0, 0, 0, 0, 'lastrect')], count=65535)])
    add('pseudo-misc', F_RGB888, [update([
        rect(0, 0, 0, 0, 'ledstate', u8(5)),
        rect(1, 0, 0, 0, 'pointerchange'),
        rect(0, 0, 0, 0, 'pointerchange'),
        rect(0, 0, 0, 0, 'extkeyevent'),
        rect(0, 0, 0, 0, 'audio'),
        rect(0, 0, 0, 0, 'ledstate', u8(2))])])

    # Server messages.
    add('colour-map', F_MAP8, [
        colour_map(0, default_colour_map()), colour_map(250, default_colour_map(5)),
        update([enc_raw(Image(FORMATS[F_MAP8], seed=120), 0, 0, 16, 16)]),
        colour_map(10, default_colour_map(3))])
    add('colour-map-f%02d' % F_MAP16_BE, F_MAP16_BE, [
        colour_map(1000, default_colour_map(20)),
        update([enc_raw(Image(FORMATS[F_MAP16_BE], seed=121), 0, 0, 8, 8)])])
    add('bell-cut-text', F_RGB888, [bell(), cut_text(b'hello\nw\xf6rld'), bell(),
                                    cut_text(b'')])
    add('ext-clipboard', F_RGB888, [
        ext_clipboard(CB_CAPS | CB_TEXT | CB_REQUEST | CB_PEEK | CB_NOTIFY | CB_PROVIDE |
                      (1 << 2), u32(1024) + u32(0)),
        clipboard_provide('snö\r\nman ☃'.encode()),
        ext_clipboard(CB_NOTIFY | CB_TEXT, b''),
        ext_clipboard(CB_PEEK, b''),
        ext_clipboard(CB_REQUEST | CB_TEXT, b''),
        cut_text(b'plain as well')])
    add('ext-clipboard-stored', F_RGB888, [
        ext_clipboard(CB_CAPS | CB_TEXT | CB_PROVIDE | CB_NOTIFY | CB_REQUEST, u32(4096)),
        clipboard_provide(b'line\r\nbreaks\rand\nmore\r\n\xc3\xa9\xff\xfe bad utf-8',
                          level=0, extra_formats=(1 << 1) | (1 << 3))])
    add('fence', F_RGB888, [fence(0x80000000 | 7, b'abc'), fence(3, b''),
                            fence(0x80000000, bytes(range(64)))])
    add('xvp', F_RGB888, [xvp(2), xvp(1), xvp(9)])
    add('qemu-audio', F_RGB888, [qemu_audio(1), qemu_audio(2, bytes(range(200))),
                                 qemu_audio(0), qemu_audio(2, b'late')])
    img = Image(FORMATS[F_RGB888], seed=130)
    add('continuous-updates', F_RGB888, [
        end_of_continuous_updates(), update([enc_raw(img, 0, 0, 8, 8)]),
        fence(0x80000000 | 4, b'\x01'),
        update([rect(0, 0, 110, 85, 'desktopsize')]),
        end_of_continuous_updates(), update([enc_raw(img, 5, 5, 8, 8)])])
    return out


def recorded_seeds(streams):
    """Updates from the start of recorded sessions, below MAX_SEED bytes."""
    out = {}
    picks = [
        ('qemu-zrle', 6), ('qemu-tight', 6), ('qemu-zlib', 6), ('qemu-hextile', 4),
        ('scroll-tight', 1),
    ]
    for name, n_frames in picks:
        path = os.path.join(streams, name + '.rfbrec.xz')
        if not os.path.exists(path):
            print('make-corpus: %s not found, skipped' % path, file=sys.stderr)
            continue
        data = lzma.open(path).read()
        if data[:8] != b'RFBREC01':
            raise SystemExit('%s: not an rfbrec file' % path)
        (hlen,) = struct.unpack('>I', data[8:12])
        info = json.loads(data[12:12 + hlen])
        pos = 12 + hlen
        (count,) = struct.unpack('>I', data[pos:pos + 4])
        pos += 4
        if bytes.fromhex(info['server_pixel_format']) != FORMATS[F_RGB888].wire()[:16]:
            raise SystemExit('%s: not the 32 bpp depth 24 format' % path)
        seed = header(F_RGB888, info['width'], info['height'])
        for _ in range(min(n_frames, count)):
            (length,) = struct.unpack('>I', data[pos:pos + 4])
            frame = data[pos + 4:pos + 4 + length]
            pos += 4 + length
            if len(seed) + len(frame) > MAX_SEED:
                break
            seed += frame
        out['recorded-' + name] = seed
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--streams',
                        default=os.path.join(here, '..', '..', '..', 'shared', 'streams'))
    parser.add_argument('outdir', nargs='?', default=os.path.join(here, 'corpus'))
    args = parser.parse_args()

    all_seeds = seeds()
    all_seeds.update(recorded_seeds(args.streams))
    os.makedirs(args.outdir, exist_ok=True)
    for name, data in sorted(all_seeds.items()):
        if len(data) > MAX_SEED:
            raise SystemExit('seed %s is %d bytes, more than %d' % (name, len(data), MAX_SEED))
        with open(os.path.join(args.outdir, name), 'wb') as f:
            f.write(data)
    print('make-corpus: %d seeds in %s' % (len(all_seeds), args.outdir))


if __name__ == '__main__':
    main()
