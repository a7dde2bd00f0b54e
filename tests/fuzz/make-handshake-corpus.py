#!/usr/bin/env python3
# gtk-vnc: writes the seed corpus of the handshake fuzz target
# (tests/fuzz/corpus-handshake/)
#
#   make-handshake-corpus.py [OUTDIR]
#
# Each seed is everything a server sends in one session, from its first
# byte (fuzz-handshake.c has no header): the version string, the security
# types or a refusal, the chosen type's exchange, SecurityResult,
# ServerInit and a few messages. There is one seed per protocol version
# (3.3, 3.7, 3.8 and the odd ones servers send), per refusal and failure
# path, and per security type the library speaks: None, VNC
# authentication (the challenge), VeNCrypt (version, sub-type list, Plain,
# TLS and x509 sub-types), TLS, SASL, Apple Remote Desktop and MS-Logon II
# (Diffie-Hellman parameters that pass the library's checks). The server
# in the fuzzer does not wait for the client, so whatever follows a TLS
# handshake or a SASL step can only be garbage: those seeds check that it
# ends cleanly.
#
# The files come out the same every time (fixed random seeds). Python 3
# standard library only.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import random
import struct
import sys


def u8(v):
    return struct.pack('>B', v)


def u16(v):
    return struct.pack('>H', v)


def u32(v):
    return struct.pack('>I', v)


def s32(v):
    return struct.pack('>i', v)


def string(text):
    data = text if isinstance(text, bytes) else text.encode('utf-8')
    return u32(len(data)) + data


def version(minor, major=3):
    return b'RFB %03d.%03d\n' % (major, minor)


# Security types and VeNCrypt sub-types (RFC 6143 and the RFB registry).
NONE, VNC, TLS, VENCRYPT, SASL, ARD, MSLOGON = 1, 2, 18, 19, 20, 30, 113
PLAIN, TLSNONE, TLSVNC, TLSPLAIN = 256, 257, 258, 259
X509NONE, X509VNC, X509PLAIN, X509SASL, TLSSASL = 260, 261, 262, 263, 264

OK = u32(0)

# The fuzzer's server waits here for the client (FUZZ_PAUSE_MARKER in
# fuzz-session.h); the marker itself is not sent.
PAUSE = b'\xffWAIT'


def types(*offered):
    return u8(len(offered)) + bytes(offered)


def failed(reason):
    return u32(1) + string(reason)


def pixel_format(bpp=32, depth=24, big=0, true_colour=1, maxes=(255, 255, 255),
                 shifts=(16, 8, 0)):
    return struct.pack('>BBBBHHHBBBxxx', bpp, depth, big, true_colour, *maxes, *shifts)


def server_init(w=16, h=8, fmt=None, name='handshake'):
    return u16(w) + u16(h) + (fmt or pixel_format()) + string(name)


def messages(w=16, h=8):
    """A small update (one raw 2x2 rectangle, 32 bpp), a bell, cut text."""
    raw = bytes(range(16))
    update = u8(0) + u8(0) + u16(1) + u16(0) + u16(0) + u16(2) + u16(2) + s32(0) + raw
    cut = u8(3) + b'\0\0\0' + string('copied')
    return update + u8(2) + cut


def is_probable_prime(n, rng):
    if n < 4:
        return n in (2, 3)
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for _ in range(24):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(bits, seed):
    rng = random.Random(seed)
    while True:
        n = rng.getrandbits(bits) | (1 << (bits - 1)) | 1
        if is_probable_prime(n, rng):
            return n


def ard(key_length=128):
    """ARD's Diffie-Hellman parameters: generator, key length, prime and
    the server's public value, then the SecurityResult."""
    p = prime(key_length * 8, 30)
    g = 2
    y = pow(g, random.Random(31).getrandbits(256), p)
    return (u16(g) + u16(key_length) + p.to_bytes(key_length, 'big') +
            y.to_bytes(key_length, 'big'))


def mslogon():
    """MS-Logon II: generator, modulus and the server's public value as
    u64s (the library reads each as two u32)."""
    p = prime(62, 113)
    g = 5
    y = pow(g, random.Random(114).getrandbits(48), p)
    return struct.pack('>QQQ', g, p, y)


def vencrypt(subtypes, chosen_tail=b''):
    return u8(0) + u8(2) + u8(0) + u8(len(subtypes)) + b''.join(u32(s) for s in subtypes) + \
        chosen_tail


def garbage(n, seed):
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(n))


def tls_client_hello_answer():
    """What a TLS server's first record looks like (a handshake record
    header and the start of a ServerHello), then garbage: the handshake
    must fail cleanly."""
    return b'\x16\x03\x03\x00\x31\x02\x00\x00\x2d\x03\x03' + garbage(64, 18)


def seeds():
    init = server_init() + messages()
    out = {}

    # Versions, with security None.
    out['v38-none'] = version(8) + types(NONE) + OK + init
    out['v37-none'] = version(7) + types(NONE) + init
    out['v33-none'] = version(3) + u32(NONE) + init
    out['v3889-apple'] = version(889) + types(NONE) + OK + init
    out['v41-realvnc'] = version(1, major=4) + types(NONE) + OK + init
    out['v35-ultravnc'] = version(5) + u32(NONE) + init
    out['version-garbage'] = b'RFB 00x.008\n' + types(NONE) + OK + init
    out['version-old'] = version(2) + u32(NONE) + init

    # Refusals and failures, with their reasons.
    out['v38-refused'] = version(8) + u8(0) + string('too many connections')
    out['v33-refused'] = version(3) + u32(0) + string('go away')
    out['v38-refused-latin1'] = version(8) + u8(0) + string(b'r\xe9fus\xe9')
    out['v38-unsupported-types'] = version(8) + types(5, 16, 22)
    out['v33-unsupported-type'] = version(3) + u32(16)
    out['v38-none-failed'] = version(8) + types(NONE) + failed('no')
    out['v37-none-not-offered'] = version(7) + types(VNC, NONE) + u32(1)

    # VNC authentication: the 16-byte challenge.
    challenge = bytes(range(16))
    out['v38-vnc'] = version(8) + types(VNC) + challenge + OK + init
    out['v37-vnc'] = version(7) + types(VNC, NONE) + challenge + OK + init
    out['v33-vnc'] = version(3) + u32(VNC) + challenge + OK + init
    out['v38-vnc-failed'] = version(8) + types(VNC) + challenge + failed('wrong password')
    out['v37-vnc-failed'] = version(7) + types(VNC) + challenge + u32(1)
    out['v33-vnc-too-many'] = version(3) + u32(VNC) + challenge + u32(2)

    # VeNCrypt: version 0.2, the sub-type list, then the sub-type's part.
    out['vencrypt-plain'] = version(8) + types(VENCRYPT) + vencrypt([PLAIN]) + OK + init
    out['vencrypt-plain-failed'] = (version(8) + types(VENCRYPT) + vencrypt([PLAIN]) +
                                    failed('who are you'))
    out['vencrypt-list'] = (version(8) + types(VENCRYPT) +
                            vencrypt([1000, X509SASL, TLSSASL, X509PLAIN, X509VNC, X509NONE,
                                      TLSPLAIN, TLSVNC, TLSNONE, PLAIN]) +
                            u8(1) + tls_client_hello_answer())
    out['vencrypt-tlsnone'] = (version(8) + types(VENCRYPT) + vencrypt([TLSNONE]) + u8(1) +
                               tls_client_hello_answer())
    out['vencrypt-tlsvnc-refused'] = (version(8) + types(VENCRYPT) + vencrypt([TLSVNC]) +
                                      u8(0))
    out['vencrypt-x509vnc'] = (version(8) + types(VENCRYPT) + vencrypt([X509VNC]) + u8(1) +
                               tls_client_hello_answer())
    out['vencrypt-old-version'] = version(8) + types(VENCRYPT) + u8(0) + u8(1)
    out['vencrypt-version-refused'] = version(8) + types(VENCRYPT) + u8(0) + u8(2) + u8(1)
    out['vencrypt-no-subtypes'] = version(8) + types(VENCRYPT) + u8(0) + u8(2) + u8(0) + u8(0)
    out['vencrypt-unknown-subtypes'] = (version(8) + types(VENCRYPT) +
                                        vencrypt([2, 3, 0xffffffff]))

    # TLS (18): anonymous TLS, then the security types again inside.
    out['tls'] = version(8) + types(TLS) + tls_client_hello_answer()
    out['v33-tls'] = version(3) + u32(TLS) + garbage(40, 33)

    # With pauses: the server waits for the client where a real one
    # would, so what follows the start of TLS reaches the TLS layer
    # (garbage, since the bytes cannot answer the ClientHello), and SASL
    # steps arrive after the client's.
    out['v38-vnc-paused'] = (version(8) + PAUSE + types(VNC) + PAUSE + challenge + PAUSE +
                             OK + PAUSE + init)
    out['vencrypt-plain-paused'] = (version(8) + PAUSE + types(VENCRYPT) + PAUSE +
                                    u8(0) + u8(2) + PAUSE + u8(0) + u8(1) + u32(PLAIN) + PAUSE +
                                    OK + PAUSE + init)
    out['vencrypt-tlsnone-paused'] = (version(8) + types(VENCRYPT) + vencrypt([TLSNONE]) +
                                      u8(1) + PAUSE + tls_client_hello_answer())
    out['vencrypt-tlsplain-paused'] = (version(8) + types(VENCRYPT) + vencrypt([TLSPLAIN]) +
                                       u8(1) + PAUSE + b'\x15\x03\x03\x00\x02\x02\x28')
    out['tls-paused'] = version(8) + types(TLS) + PAUSE + tls_client_hello_answer()
    # DIGEST-MD5 is the mechanism with a security layer (auth-conf) that
    # Cyrus SASL has without Kerberos; its first step is the server's.
    digest = ('realm="fuzz",nonce="OA6MG9tEQGm2hh",qop="auth-conf",charset=utf-8,'
              'cipher="rc4,3des",algorithm=md5-sess,maxbuf=65536')
    out['sasl-paused'] = (version(8) + types(SASL) + string('DIGEST-MD5 PLAIN') + PAUSE +
                          u32(0) + u8(1) + PAUSE + OK + init)
    out['sasl-step-paused'] = (version(8) + types(SASL) + string('DIGEST-MD5') + PAUSE +
                               string(digest) + u8(0) + PAUSE +
                               string('rspauth=ea40f60335c427b5527b84dbabcdfffd') + u8(1) +
                               PAUSE + OK + init)

    # SASL: the mechanism list, then a step (which cannot be right).
    out['sasl'] = (version(8) + types(SASL) + string('PLAIN CRAM-MD5 DIGEST-MD5') +
                   u32(0) + u8(1) + OK + init)
    out['sasl-huge-mechlist'] = version(8) + types(SASL) + u32(0x7fffffff)
    out['sasl-empty-mechlist'] = version(8) + types(SASL) + string('')

    # Apple Remote Desktop and MS-Logon II: Diffie-Hellman.
    out['ard'] = version(889) + types(ARD) + ard() + OK + init
    out['ard-failed'] = version(8) + types(ARD) + ard() + failed('bad user')
    out['ard-short-key'] = version(8) + types(ARD) + u16(2) + u16(8) + garbage(16, 8)
    out['mslogon'] = version(7) + types(MSLOGON) + mslogon() + OK + init
    out['mslogon-v38'] = version(8) + types(MSLOGON) + mslogon() + failed('denied')

    # ServerInit variants.
    pre = version(8) + types(NONE) + OK
    out['init-latin1-name'] = pre + server_init(name=b'd\xe9sktop\x00more') + messages()
    out['init-long-name'] = pre + server_init(name='n' * 3000) + messages()
    out['init-huge-name'] = pre + server_init()[:-len(string('handshake'))] + u32(0xfffffff0)
    out['init-colour-map'] = (pre + server_init(fmt=pixel_format(8, 8, 0, 0, (0, 0, 0),
                                                                   (0, 0, 0))) +
                              u8(1) + b'\0' + u16(0) + u16(2) + b'\xff' * 6 + b'\0' * 6 +
                              u8(2))
    out['init-16bpp-be'] = pre + server_init(fmt=pixel_format(16, 16, 1, 1, (31, 63, 31),
                                                              (11, 5, 0))) + u8(2)
    out['init-bad-format'] = pre + server_init(fmt=pixel_format(24, 24))
    out['init-empty-desktop'] = pre + server_init(w=0, h=0)
    out['init-huge-desktop'] = pre + server_init(w=65535, h=65535)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'corpus-handshake')
    os.makedirs(outdir, exist_ok=True)
    for name, data in sorted(seeds().items()):
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(data)
    print('%d seeds in %s' % (len(seeds()), outdir))


if __name__ == '__main__':
    main()
