#!/usr/bin/env python3
# gtk-vnc benchmark driver: `make bench` runs this after building the
# programs in tests/bench/.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# For every recorded session (shared/streams/*.rfbrec.xz, format in that
# folder's README) it starts bench-replay-server on 127.0.0.1, points one
# client at it, and reads the client's result line. Three clients take
# each stream, interleaved run by run so that a change in the machine's
# load hits all of them alike: the public-API client built against this
# tree's libgvnc-1.0 ("ours"), the same source built against upstream
# gtk-vnc 1.3.1, libvncclient, and bench-client-floor, which receives
# every byte and decodes nothing (the transport floor: what receiving
# the session over loopback TCP costs any client). bench-inflate times
# zlib alone on the streams that use it, round by round with the clients
# (so the machine's load falls on it too); inflate plus the transport
# floor is the least a ZRLE, Zlib or Tight decoder could need.
# bench-decode times our decoders of those encodings alone on exactly
# the rectangles bench-inflate inflates, in the same rounds: what the
# decoders add to zlib, apart from everything else a client does.
#
# How many runs: at least --runs per client and stream, then more rounds
# (all clients again, interleaved) until each of the three real clients
# has spent --min-cpu CPU seconds on the stream in all, at most
# MAX_RUNS. A QEMU stream is 5-20 ms of CPU, and the median of 3-5 such
# runs moved by 30% from one bench to the next on a busy 2-CPU machine;
# a quarter of a second of CPU in all makes the median repeatable. The
# floor client does not decide the count (a millisecond per run on most
# streams: it would always run MAX_RUNS rounds of the slow clients).
# Medians are shown, and the number of runs per stream.
#
# A run counts only if the server saw the client ask for an update after
# the last frame (exit status 0) and the client reported drawn rectangles
# covering exactly the recording's total_pixels (the floor client, which
# draws nothing: received exactly the bytes of the recording's frames).
# A client that stops early, typically with "unknown encoding" while our
# decoders are being written, is shown as "not yet" (ours) or "n/a" (a
# baseline) with the reason underneath, and the bench goes on.
#
# Counting the pixels drawn does not say the right ones were drawn, so
# every decoding client also prints a digest of its final picture (fb=,
# SHA-256 of the visible pixels masked to the bits the pixel format uses,
# taken after its clock stopped) and writes those pixels to a file. Every
# run of a client must give the same digest, and ours must equal
# libvncclient's (an independent decoder) and upstream's where upstream
# plays the stream. A difference is listed under the tables, with the
# number of differing pixels and the first one, and makes the driver
# exit non-zero once the tables are out; only on a lossy stream (Tight
# with JPEG, where two libjpeg builds may round differently) is it
# reported as figures instead.
#
# A final picture says nothing of a wrong pixel that a later update
# overwrote (the QEMU recordings all end on the same text screen), so
# before the timed runs an untimed pass replays every stream once more
# to each decoding client with --digest-log: the digest of the picture
# after every update, compared line by line between the clients (see
# exactness_runs() and judge_exactness()). Two replays run at a time
# there, which the timed runs never do. A difference between ours and
# another library is listed under the tables with the first update it
# appears after and makes the driver exit non-zero, except for the
# pixels of a lossy stream, which are only reported. --exact 0
# (BENCH_EXACT=0) skips the pass.

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ZLIB_ENCODINGS = {6, 7, 16}  # Zlib, Tight, ZRLE
CLIENT_TIMEOUT = 300
SERVER_SILENCE = 60
# Rounds go on until every real client has spent this much CPU time on a
# stream in all (--min-cpu, BENCH_MIN_CPU)...
MIN_CPU_SECONDS = 0.5
# ...but no more than this many rounds (the QEMU streams stop here; the
# whole bench then takes about two minutes on a 2-CPU EPYC).
MAX_RUNS = 40
# bench-inflate and bench-decode run in one process, without start-up
# costs: more passes are cheap.
MAX_TIMER_PASSES = 1000
# The client that decodes nothing: a transport floor, not a contender.
FLOOR = 'floor'


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def read_header(path):
    with open(path, 'rb') as f:
        head = f.read(12)
        if len(head) != 12 or head[:8] != b'RFBREC01':
            raise ValueError('%s: not a recording (no RFBREC01 magic)' % path)
        (hlen,) = struct.unpack('>I', head[8:12])
        return json.loads(f.read(hlen).decode('utf-8'))


def decompress(src, cache):
    """The .xz once into the cache; again only when the source is newer."""
    os.makedirs(cache, exist_ok=True)
    name = os.path.basename(src)[:-len('.xz')]
    dst = os.path.join(cache, name)
    if not os.path.exists(dst) or os.path.getmtime(dst) < os.path.getmtime(src):
        log('bench: decompressing %s' % os.path.basename(src))
        tmp = dst + '.part'
        with open(tmp, 'wb') as out:
            subprocess.run(['xz', '-dc', src], stdout=out, check=True)
        os.replace(tmp, dst)
    return dst


def parse_result(text):
    for line in text.splitlines():
        if line.startswith('result '):
            fields = {}
            for item in line.split()[1:]:
                key, _, value = item.partition('=')
                fields[key] = value
            return fields
    return None


class Stream:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-len('.rfbrec')]
        h = read_header(path)
        self.header = h
        self.width = int(h['width'])
        self.height = int(h['height'])
        self.desktop_name = h.get('name', 'replay')
        self.server_format = h['server_pixel_format']
        self.client_format = h['client_set_pixel_format']
        self.client_encodings = h['client_set_encodings']
        self.encodings = [int(e) for e in h.get('encodings', [])]
        self.pixels = int(h['total_pixels'])
        self.version = h.get('version', '3.8')
        self.frame_bytes = frame_bytes(path)


def frame_bytes(path):
    """The bytes of all frames: what the server sends after ServerInit."""
    total = 0
    with open(path, 'rb') as f:
        f.seek(8)
        (hlen,) = struct.unpack('>I', f.read(4))
        f.seek(hlen, os.SEEK_CUR)
        (count,) = struct.unpack('>I', f.read(4))
        for _ in range(count):
            (length,) = struct.unpack('>I', f.read(4))
            total += length
            f.seek(length, os.SEEK_CUR)
    return total


def run_client(server, client, stream, tmp, floor=False, fb_dump=None, extra=()):
    """One replay; returns (measurements dict or None, reason). The floor
    client draws nothing: it must have received every frame's bytes. A
    decoding client writes its final picture to @fb_dump. @extra: more
    arguments for the client. Replays that run at the same time need
    a @tmp folder each (the server's port file is there)."""
    port_file = os.path.join(tmp, 'port')
    if os.path.exists(port_file):
        os.unlink(port_file)
    version = str(stream.version)
    if version.startswith('RFB '):  # "RFB 003.008\n" style
        version = '3.%d' % int(version.strip()[-3:])
    srv = subprocess.Popen(
        [server, '--port-file', port_file,
         '--version', version,
         '--width', str(stream.width), '--height', str(stream.height),
         '--name', stream.desktop_name,
         '--server-format', stream.server_format,
         '--client-format', stream.client_format,
         '--client-encodings', stream.client_encodings,
         '--timeout', str(SERVER_SILENCE),
         stream.path],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not os.path.exists(port_file):
        if srv.poll() is not None or time.monotonic() > deadline:
            srv.kill()
            _, err = srv.communicate()
            return None, 'replay server did not start: %s' % err.strip()
        time.sleep(0.005)
    with open(port_file) as f:
        port = f.read().strip()

    try:
        cli = subprocess.run(
            [client, '--port', port,
             '--pixel-format', stream.client_format,
             '--encodings', stream.client_encodings,
             '--pixels', str(stream.pixels)]
            + (['--fb-dump', fb_dump] if fb_dump else []) + list(extra),
            capture_output=True, text=True, timeout=CLIENT_TIMEOUT)
        cli_out, cli_err, cli_rc = cli.stdout, cli.stderr, cli.returncode
    except subprocess.TimeoutExpired as e:
        cli_out, cli_err, cli_rc = e.stdout or '', 'timed out', -1
    try:
        _, srv_err = srv.communicate(timeout=SERVER_SILENCE + 10)
    except subprocess.TimeoutExpired:
        srv.kill()
        _, srv_err = srv.communicate()
    res = parse_result(cli_out or '')

    if floor:
        complete = res is not None and int(res.get('bytes', -1)) == stream.frame_bytes
    else:
        complete = res is not None and int(res.get('drawn', -1)) == stream.pixels
    if res and srv.returncode == 0 and cli_rc == 0 and complete:
        return res, None
    # Why it did not count: the client's first error says it best.
    reason = ''
    if res and res.get('error'):
        reason = res['error'].replace('_', ' ')
    if not reason:
        lines = [l.strip() for l in (srv_err or '').splitlines() + (cli_err or '').splitlines()
                 if l.strip()]
        reason = '; '.join(lines) if lines else 'client exit status %s' % cli_rc
    if res and srv.returncode == 0 and floor and not complete:
        reason = 'received %s of %d bytes%s' % (res.get('bytes'), stream.frame_bytes,
                                                ' (%s)' % reason if reason else '')
    elif res and srv.returncode == 0 and not complete:
        reason = 'drew %s of %d pixels%s' % (res.get('drawn'), stream.pixels,
                                              ' (%s)' % reason if reason else '')
    return None, reason


# Tight's JPEG quality levels (-32 to -23): a Tight stream recorded with
# one offered may hold JPEG rectangles, whose pixels two libjpeg builds
# need not decode alike (IDCT method, rounding).
TIGHT = 7
JPEG_QUALITY = range(-32, -22)


def is_lossy(stream):
    return TIGHT in stream.encodings and any(e in JPEG_QUALITY for e in stream.encodings)


def pixel_format_of(message_hex):
    """(bytes per pixel, byte order, [(max, shift)] for red, green, blue)
    of a SetPixelFormat message in hex (RFC 6143 7.5.1)."""
    m = bytes.fromhex(message_hex)
    bpp = m[4] // 8
    order = 'big' if m[6] else 'little'
    maxima = struct.unpack('>HHH', m[8:14])
    return bpp, order, list(zip(maxima, m[14:17]))


def final_pictures(results):
    """The distinct (digest, size) final pictures of a client's runs."""
    return sorted({(r.get('fb', 'none'), r.get('fb_size', '')) for r in results})


def compare_dumps(path_a, path_b, size_a, size_b, message_hex):
    """How two final pictures (the raw files the clients wrote) differ:
    a dict with the number of differing pixels, the largest difference
    in any one channel and the first differing pixel, or with 'why' when
    they cannot be compared pixel by pixel."""
    if size_a != size_b:
        return {'why': 'the sizes differ (%s and %s)' % (size_a, size_b)}
    try:
        width, height = (int(v) for v in size_a.split('x'))
        with open(path_a, 'rb') as f:
            a = f.read()
        with open(path_b, 'rb') as f:
            b = f.read()
    except (OSError, ValueError) as e:
        return {'why': 'no pixels to compare (%s)' % e}
    bpp, order, channels = pixel_format_of(message_hex)
    row = width * bpp
    if len(a) != row * height or len(b) != row * height:
        return {'why': 'a picture file is %d or %d bytes, not %d'
                % (len(a), len(b), row * height)}
    count = largest = 0
    first = None
    for y in range(height):
        ra, rb = a[y * row:(y + 1) * row], b[y * row:(y + 1) * row]
        if ra == rb:
            continue
        for x in range(width):
            pa = int.from_bytes(ra[x * bpp:(x + 1) * bpp], order)
            pb = int.from_bytes(rb[x * bpp:(x + 1) * bpp], order)
            if pa == pb:
                continue
            count += 1
            if first is None:
                first = (x, y, pa, pb)
            for cmax, shift in channels:
                d = abs(((pa >> shift) & cmax) - ((pb >> shift) & cmax))
                largest = max(largest, d)
    return {'pixels': count, 'of': width * height, 'largest': largest, 'first': first,
            'width': bpp * 2}


def describe_difference(diff):
    if 'why' in diff:
        return diff['why']
    text = '%d of %d pixels differ, by at most %d in a channel' % (
        diff['pixels'], diff['of'], diff['largest'])
    if diff['first']:
        x, y, pa, pb = diff['first']
        text += '; the first at (%d, %d): 0x%0*x against 0x%0*x' % (
            x, y, diff['width'], pa, diff['width'], pb)
    return text


def check_pictures(stream, results, failed, dumps):
    """Checks the final pictures of one stream's runs. Returns, for each
    of 'libvncclient' and 'upstream', how ours compares with it
    ('identical', 'lossy' with the figures in the second dict, 'differs';
    absent when there is nothing to compare), and what to say under the
    tables as (sentence, fatal) pairs: a fatal one makes the bench fail."""
    said = []
    pictures = {}
    for kind, runs in results.items():
        if kind == FLOOR or kind in failed or not runs:
            continue
        distinct = final_pictures(runs)
        if len(distinct) > 1:
            said.append(('%s: %s\'s final picture differs from run to run '
                         '(%d different pictures in %d runs)'
                         % (stream.name, kind, len(distinct), len(runs)), True))
        elif distinct[0][0] == 'none':
            said.append(('%s: %s reported no final picture' % (stream.name, kind), True))
        else:
            pictures[kind] = distinct[0]

    verdicts, figures = {}, {}
    if 'ours' not in pictures:
        return verdicts, figures, said
    lossy = is_lossy(stream)
    for base in ('libvncclient', 'upstream'):
        if base not in pictures:
            continue
        if pictures['ours'] == pictures[base]:
            verdicts[base] = 'identical'
            continue
        diff = compare_dumps(dumps['ours'], dumps[base], pictures['ours'][1],
                             pictures[base][1], stream.client_format)
        if lossy and 'why' not in diff:
            # Two JPEG decoders may round differently: the figures, in
            # the summary line, not a failure.
            verdicts[base], figures[base] = 'lossy', diff
            continue
        verdicts[base] = 'differs'
        said.append(('%s: our final picture differs from %s\'s: %s'
                     % (stream.name, base, describe_difference(diff)), True))
    return verdicts, figures, said

# The exactness pass: once per stream, untimed, every decoding client
# logs the digest of its picture after every update that drew a
# rectangle (--digest-log; the format is in bench-picture.h), and the
# logs are compared line by line. libvncclient knows where each update
# ends (FinishedFrameBufferUpdate) and which recorded frame it was; our
# library announces an update's rectangles together, so our client finds
# the ends itself, and the matching rectangle counts prove it found them
# all; upstream gtk-vnc announces each rectangle alone, so its client is
# told libvncclient's counts (--digest-at).
EXACT_CLIENTS = ('libvncclient', 'ours', 'upstream')
EXACT_WHOSE = {'ours': 'our', 'upstream': "upstream's", 'libvncclient': "libvncclient's"}
# Pairs compared, and whether a difference in the pair is ours to fix.
EXACT_PAIRS = (('ours', 'libvncclient', True), ('ours', 'upstream', True),
               ('upstream', 'libvncclient', False))


def read_digest_log(path):
    """A --digest-log as a list of dicts (update, frame, rects, picture,
    fb_size), or None when it is missing or a line is not one."""
    entries = []
    try:
        with open(path) as f:
            for number, line in enumerate(f, 1):
                fields = dict(item.partition('=')[::2] for item in line.split())
                if int(fields.get('update', 0)) != number or 'picture' not in fields:
                    return None
                fields['rects'] = int(fields['rects'])
                fields.setdefault('fb_size', '')
                entries.append(fields)
    except (OSError, ValueError, KeyError):
        return None
    return entries


# Arguments a client needs for its library. Every client must send one
# update request per update: libgvnc and libvncclient send it themselves,
# upstream gtk-vnc 1.3.1 leaves it to its client. A second request would
# let the replay server send the next frame before this one is drawn, a
# head start the others would not have.
CLIENT_ARGS = {'upstream': ('--request-updates',)}


def run_exact(server, kind, client, stream, tmp, extra=()):
    """One untimed replay with the digest log on: ({'result', 'log'},
    None) or (None, reason)."""
    work = os.path.join(tmp, 'exact-%s-%s' % (stream.name, kind))
    os.makedirs(work, exist_ok=True)
    log_path = os.path.join(work, 'digests')
    if os.path.exists(log_path):
        os.unlink(log_path)
    res, reason = run_client(server, client, stream, work,
                             extra=['--digest-log', log_path] + list(extra)
                             + list(CLIENT_ARGS.get(kind, ())))
    if res is None:
        return None, reason
    entries = read_digest_log(log_path)
    if entries is None:
        return None, 'its digest log is missing or malformed'
    return {'result': res, 'log': entries}, None


def compare_logs(a, b):
    """None when two digest logs are the same update by update; else
    where they part: 'first' (index of the first differing line),
    'count' (differing lines), 'kind' ('picture': same rectangles, other
    pixels; 'rects': the updates do not line up; 'length')."""
    def key(entry):
        return entry['rects'], entry['picture'], entry['fb_size']

    n = min(len(a), len(b))
    differ = [i for i in range(n) if key(a[i]) != key(b[i])]
    if not differ and len(a) == len(b):
        return None
    first = differ[0] if differ else n
    if first == n:
        kind = 'length'
    elif a[first]['rects'] != b[first]['rects']:
        kind = 'rects'
    else:
        kind = 'picture'
    return {'first': first, 'count': len(differ), 'kind': kind, 'lengths': (len(a), len(b))}


def exactness_runs(server, paths, streams, tmp):
    """Replays every stream once to each client of @paths (kind ->
    program) with the digest log, two replays at a time (nothing is
    timed). Returns {stream name: (runs, why)}: kind -> run_exact()'s
    dict, kind -> why there is none."""
    results = {stream.name: ({}, {}) for stream in streams}

    def one(stream, kinds):
        runs, why = results[stream.name]
        for kind in kinds:
            extra = []
            if kind == 'upstream':
                if 'libvncclient' not in runs:
                    why[kind] = "libvncclient's update ends are needed to read upstream's"
                    continue
                at = digest_at_path(tmp, stream)
                with open(at, 'w') as f:
                    f.write(''.join('%d\n' % e['rects'] for e in runs['libvncclient']['log']))
                extra = ['--digest-at', at]
            log('bench: %s: %s, pictures after every update (untimed)' % (stream.name, kind))
            run, reason = run_exact(server, kind, paths[kind], stream, tmp, extra)
            if run:
                runs[kind] = run
            else:
                why[kind] = reason

    # Upstream needs libvncclient's counts: the two go in one job. The
    # largest streams first, so that the two workers end together.
    jobs = []
    for stream in sorted(streams, key=lambda st: -st.pixels):
        jobs.append((stream, [k for k in ('libvncclient', 'upstream') if k in paths]))
        if 'ours' in paths:
            jobs.append((stream, ['ours']))
    workers = max(1, min(2, os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(one, *job) for job in jobs]:
            future.result()
    return results


def digest_at_path(tmp, stream):
    return os.path.join(tmp, 'digest-at-%s' % stream.name)


def judge_exactness(server, paths, stream, tmp, runs, why):
    """Compares the logs of one stream's exactness runs. Returns a dict:
    'updates' (lines compared), 'verdicts' ((a, b) -> None when
    identical, else compare_logs()'s dict, with 'detail', what the pixels
    say, for a picture that differs), 'why' (kind -> why it has no log)
    and 'said' ((sentence, fatal) pairs)."""
    said = []
    lossy = is_lossy(stream)
    for kind, run in runs.items():
        # The last update's picture is the final one: a log that ends
        # elsewhere missed updates or took pictures too early.
        res, entries = run['result'], run['log']
        if entries and (entries[-1]['picture'], entries[-1]['fb_size']) != \
                (res.get('picture'), res.get('fb_size', '')):
            said.append(('%s: %s\'s log of pictures after every update does not end on its '
                         'final picture' % (stream.name, kind), kind == 'ours'))

    verdicts = {}
    frames = runs['libvncclient']['log'] if 'libvncclient' in runs else None
    for a, b, ours in EXACT_PAIRS:
        if a not in runs or b not in runs:
            continue
        diff = compare_logs(runs[a]['log'], runs[b]['log'])
        verdicts[(a, b)] = diff
        if diff is None:
            continue
        i = diff['first']
        if diff['kind'] == 'picture':
            diff['detail'] = picture_difference(server, paths, stream, tmp, a, b, i + 1)
        where = 'update %d' % (i + 1)
        if frames and i < len(frames):
            where += ' (recording frame %s, %d rectangles drawn so far)' % (
                frames[i]['frame'], frames[i]['rects'])
        if diff['kind'] == 'picture':
            text = ('%s: %s picture differs from %s after %s, and after %d of the %d '
                    'updates in all: %s' % (stream.name, EXACT_WHOSE[a], EXACT_WHOSE[b], where,
                                            diff['count'], min(diff['lengths']),
                                            diff['detail']))
        elif diff['kind'] == 'rects':
            text = ('%s: %s updates and %s do not line up from %s: %d and %d rectangles '
                    'drawn so far' % (stream.name, EXACT_WHOSE[a], EXACT_WHOSE[b], where,
                                      runs[a]['log'][i]['rects'], runs[b]['log'][i]['rects']))
        else:
            text = ('%s: %s logged %d updates, %s %d (the first %d identical)'
                    % (stream.name, a, diff['lengths'][0], b, diff['lengths'][1], i))
        # A lossy stream's pictures may differ (two JPEG decoders); the
        # updates must still line up.
        said.append((text, ours and not (lossy and diff['kind'] == 'picture')))
    updates = max((len(r['log']) for r in runs.values()), default=0)
    if 'libvncclient' in runs:
        updates = len(runs['libvncclient']['log'])
    return {'updates': updates, 'verdicts': verdicts, 'why': why, 'said': said}


def picture_difference(server, paths, stream, tmp, a, b, update):
    """How the pictures of clients @a and @b differ after @update (its
    update= number): both replay the stream again and write that
    picture to a file."""
    dumps, sizes = {}, {}
    for kind in (a, b):
        dumps[kind] = os.path.join(tmp, 'update-%s-%s.raw' % (stream.name, kind))
        extra = ['--digest-dump-update', str(update), '--digest-dump', dumps[kind]]
        if kind == 'upstream':
            extra += ['--digest-at', digest_at_path(tmp, stream)]
        run, reason = run_exact(server, kind, paths[kind], stream, tmp, extra)
        if run is None or len(run['log']) < update:
            return 'the picture could not be written again (%s)' % (reason or 'short log')
        sizes[kind] = run['log'][update - 1]['fb_size']
    return describe_difference(compare_dumps(dumps[a], dumps[b], sizes[a], sizes[b],
                                             stream.client_format))


def run_timer(tool, stream, passes):
    """One part of decoding alone on the stream's rectangles (zlib:
    bench-inflate; our decoders: bench-decode): the median CPU seconds of
    @passes passes, measured in one process."""
    out = subprocess.run([tool, '--pixel-format', stream.client_format,
                          '--passes', str(passes), stream.path],
                         capture_output=True, text=True, timeout=CLIENT_TIMEOUT)
    res = parse_result(out.stdout)
    if out.returncode != 0 or not res:
        return None, (out.stderr.strip() or '%s failed' % os.path.basename(tool))
    return res, None


def timer_passes_per_round(tool, stream, min_cpu):
    """How many passes one round's measurement takes: enough for about a
    fortieth of min_cpu (the QEMU streams inflate in 1-2 ms, where single
    passes are mostly noise), at least one."""
    res, reason = run_timer(tool, stream, 1)
    if res is None:
        return None, reason
    cpu = max(float(res['cpu']), 1e-5)
    return max(1, min(MAX_TIMER_PASSES, int(min_cpu / MAX_RUNS / cpu) + 1)), None


class Timer:
    """bench-inflate or bench-decode on one stream: measured once per
    round, with as many passes as timer_passes_per_round() says, until
    it fails once."""

    def __init__(self, name, label, tool, stream, min_cpu, why_not=None):
        self.name = name    # in the notes under the tables
        self.label = label  # in the progress log
        self.tool = tool
        self.stream = stream
        self.results = []
        self.passes = None
        self.failed = why_not
        if not self.failed:
            self.passes, self.failed = timer_passes_per_round(tool, stream, min_cpu)

    def run_round(self, runs):
        if not self.passes or self.failed:
            return
        log('bench: %s: %s, run %d' % (self.stream.name, self.label, runs))
        res, self.failed = run_timer(self.tool, self.stream, self.passes)
        if res:
            self.results.append(res)

    def summary(self, notes, keys):
        """The median CPU seconds and the first run's @keys, or None
        (with the reason in @notes when it failed)."""
        if self.failed:
            notes.append('%s, %s: %s' % (self.stream.name, self.name, self.failed))
            return None
        if not self.results:
            return None
        summary = {'cpu': median_of(self.results, 'cpu')}
        for key in keys:
            summary[key] = int(self.results[0][key])
        return summary


def median_of(results, key):
    return statistics.median(float(r[key]) for r in results)


def fmt_ratio(ours, base):
    if ours is None or base is None or base <= 0:
        return None
    return '%.2f' % (ours / base)


def git_revision(srcdir):
    try:
        rev = subprocess.run(['git', '-C', srcdir, 'describe', '--always', '--dirty'],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        return rev or 'unknown'
    except OSError:
        return 'unknown'


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def main():
    ap = argparse.ArgumentParser(description='Replay recorded VNC sessions and time the clients.')
    ap.add_argument('--bindir', required=True, help='folder of the bench programs')
    ap.add_argument('--streams', required=True, help='folder of *.rfbrec.xz')
    ap.add_argument('--cache', required=True, help='folder for the decompressed recordings')
    ap.add_argument('--runs', type=int, default=3,
                    help='least runs per client and stream (3)')
    ap.add_argument('--min-cpu', type=float, default=MIN_CPU_SECONDS,
                    help='more runs, up to %d, until every client has spent this many CPU '
                    'seconds on the stream in all (%.2f)' % (MAX_RUNS, MIN_CPU_SECONDS))
    ap.add_argument('--only', default='', help='comma-separated stream names')
    ap.add_argument('--output', default='', help='also write the Markdown here')
    ap.add_argument('--exact', default='1',
                    help='0: skip the untimed pass that compares the pictures after every '
                    'update (1)')
    args = ap.parse_args()
    exact = args.exact.strip() not in ('0', 'no', 'false', '')

    server = os.path.join(args.bindir, 'bench-replay-server')
    inflate = os.path.join(args.bindir, 'bench-inflate')
    decode = os.path.join(args.bindir, 'bench-decode')
    clients = [
        ('ours', os.path.join(args.bindir, 'bench-client-gvnc')),
        ('upstream', os.path.join(args.bindir, 'bench-client-gvnc-upstream')),
        ('libvncclient', os.path.join(args.bindir, 'bench-client-vncclient')),
        (FLOOR, os.path.join(args.bindir, 'bench-client-floor')),
    ]
    for needed in (server, inflate, clients[1][1], clients[2][1], clients[3][1]):
        if not os.access(needed, os.X_OK):
            log('bench: %s is missing: run it through `make bench`' % needed)
            return 1
    ours_built = os.access(clients[0][1], os.X_OK)
    decode_built = os.access(decode, os.X_OK)

    if not os.path.isdir(args.streams):
        log('bench: no recordings at %s (set BENCH_STREAMS)' % args.streams)
        return 1
    only = {s.strip() for s in args.only.split(',') if s.strip()}
    sources = sorted(f for f in os.listdir(args.streams) if f.endswith('.rfbrec.xz'))
    if only:
        sources = [f for f in sources if f[:-len('.rfbrec.xz')] in only]
    if not sources:
        log('bench: no recordings to run')
        return 1

    srcdir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = os.getloadavg()
    rows = []
    notes = []
    picture_notes = []  # (sentence, fatal)
    exact_notes = []    # (sentence, fatal)
    exact_seconds = 0.0
    with tempfile.TemporaryDirectory(prefix='gvnc-bench-') as tmp:
        streams = [Stream(decompress(os.path.join(args.streams, source), args.cache))
                   for source in sources]
        # The exactness pass first, all streams, apart from the timed runs.
        if exact:
            exact_started = time.monotonic()
            paths = {kind: path for kind, path in clients
                     if kind in EXACT_CLIENTS and (kind != 'ours' or ours_built)}
            exact_runs = exactness_runs(server, paths, streams, tmp)
            exact_results = {}
            for stream in streams:
                exact_results[stream.name] = judge_exactness(
                    server, paths, stream, tmp, *exact_runs[stream.name])
                exact_notes += exact_results[stream.name]['said']
            exact_seconds = time.monotonic() - exact_started
            del exact_runs
        for stream in streams:
            results = {kind: [] for kind, _ in clients}
            failed = {}
            if not ours_built:
                failed['ours'] = "this tree's libgvnc-1.0 does not build yet"
            row = {'stream': stream.name,
                   'exact': exact_results[stream.name] if exact else None}
            least = max(args.runs, 1)
            most = max(least, MAX_RUNS)
            runs = 0
            # zlib alone and our decoders alone are measured round by
            # round with the clients, so that a change in the machine's
            # load falls on them too.
            timers = {}
            # Each decoding client's final picture, rewritten every run:
            # read only when two digests differ.
            dumps = {kind: os.path.join(tmp, 'final-%s.raw' % kind)
                     for kind, _ in clients if kind != FLOOR}
            if ZLIB_ENCODINGS & set(stream.encodings):
                timers['inflate'] = Timer('inflate', 'inflate alone', inflate, stream, args.min_cpu)
                timers['decode'] = Timer(
                    'decoders alone', 'decoders alone', decode, stream, args.min_cpu,
                    None if decode_built else "this tree's libgvnc does not build yet")
            while runs < most:
                # Enough when every real client that still runs has had
                # its runs and its CPU seconds (the floor never decides).
                if runs >= least and all(
                        sum(float(r['cpu']) for r in results[kind]) >= args.min_cpu
                        for kind, _ in clients if kind != FLOOR and kind not in failed):
                    break
                runs += 1
                for kind, path in clients:
                    if kind in failed:
                        continue
                    log('bench: %s: %s, run %d (at least %d, at most %d)'
                        % (stream.name, kind, runs, least, most))
                    res, reason = run_client(server, path, stream, tmp, floor=(kind == FLOOR),
                                             fb_dump=dumps.get(kind),
                                             extra=CLIENT_ARGS.get(kind, ()))
                    if res is None:
                        failed[kind] = reason
                        continue
                    # Never credit one library with another's numbers.
                    lib = res.get('lib', '')
                    if kind == 'ours' and '/src/.libs/' not in lib:
                        failed[kind] = 'ran against %s, not this tree' % lib
                        continue
                    if kind == 'upstream' and '/src/.libs/' in lib:
                        failed[kind] = 'ran against this tree (%s), not upstream' % lib
                        continue
                    results[kind].append(res)
                for timer in timers.values():
                    timer.run_round(runs)

            row.update({'mpx': stream.pixels / 1e6, 'runs': runs})
            for kind, _ in clients:
                if kind in failed or not results[kind]:
                    row[kind] = None
                    notes.append('%s, %s: %s' % (stream.name, kind, failed.get(kind, 'no result')))
                else:
                    row[kind] = {
                        'cpu': median_of(results[kind], 'cpu'),
                        'wall': median_of(results[kind], 'wall'),
                        'stalls': sum(int(r.get('stalls', 0)) for r in results[kind]),
                    }
                    row[kind]['mpxs'] = stream.pixels / 1e6 / row[kind]['wall'] \
                        if row[kind]['wall'] > 0 else 0
                    if row[kind]['stalls']:
                        notes.append('%s, %s: %d stalled update request(s) re-sent by the '
                                     'watchdog; wall time includes the waits'
                                     % (stream.name, kind, row[kind]['stalls']))
            row['stream_obj'] = stream
            row['picture'], row['lossy'], said = check_pictures(stream, results, failed, dumps)
            picture_notes += said
            for path in dumps.values():
                if os.path.exists(path):
                    os.unlink(path)
            row['inflate'] = row['decode'] = None
            if timers:
                row['inflate'] = timers['inflate'].summary(notes, ('in', 'out'))
                row['decode'] = timers['decode'].summary(notes, ('in',))
            rows.append(row)
    load_after = os.getloadavg()

    def cell(value, fallback):
        return value if value is not None else fallback

    out = []
    out.append('Recorded-session benchmark, %s, tree %s' % (
        started.strftime('%Y-%m-%d %H:%M UTC'), git_revision(srcdir)))
    out.append('')
    all_runs = sorted(r['runs'] for r in rows)
    runs_text = ('%d runs' % all_runs[0] if all_runs[0] == all_runs[-1]
                 else '%d to %d runs (per stream below)' % (all_runs[0], all_runs[-1]))
    out.append('Machine: %s, %d CPUs; load average %.2f before, %.2f after; median of %s, '
               'at least %d and until each client spent %.2f CPU s per stream (at most %d).'
               % (cpu_model(), os.cpu_count() or 0, load_before[0], load_after[0], runs_text,
                  max(args.runs, 1), args.min_cpu, max(args.runs, MAX_RUNS)))
    out.append('Ratios are CPU seconds, ours divided by the other: below 1.00 ours is cheaper. '
               'Inflate + transport: zlib alone plus a client that only receives the bytes.')
    out.append('')
    out.append('| stream | Mpx | ours Mpx/s | ours CPU s | vs upstream gtk-vnc | vs libvncclient '
               '| vs inflate alone | vs inflate + transport | decoders alone vs inflate |')
    out.append('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
    for r in rows:
        ours = r['ours']
        inf, floor = r['inflate'], r[FLOOR]
        if ours is None:
            mpxs = cpu = 'not yet' if ours_built else 'not built'
            ratios = ['—', '—', '—', '—']
        else:
            mpxs = '%.1f' % ours['mpxs']
            cpu = '%.3f' % ours['cpu']
            ratios = [
                cell(fmt_ratio(ours['cpu'], r['upstream'] and r['upstream']['cpu']), 'n/a'),
                cell(fmt_ratio(ours['cpu'], r['libvncclient'] and r['libvncclient']['cpu']), 'n/a'),
                cell(fmt_ratio(ours['cpu'], inf and inf['cpu']), '—'),
                cell(fmt_ratio(ours['cpu'], inf and floor and inf['cpu'] + floor['cpu']), '—'),
            ]
        dec = r['decode']
        ratios.append(cell(fmt_ratio(dec and dec['cpu'], inf and inf['cpu']), '—'))
        out.append('| %s | %.1f | %s | %s | %s |' % (
            r['stream'], r['mpx'], mpxs, cpu, ' | '.join(ratios)))
    out.append('')
    out.append('Baselines measured in the same run (Mpx/s from wall time, CPU s from getrusage; '
               'transport floor: receiving every byte, decoding none):')
    out.append('')
    out.append('| stream | runs | upstream Mpx/s | upstream CPU s | libvncclient Mpx/s '
               '| libvncclient CPU s | transport floor CPU s | inflate CPU s '
               '| decoders alone CPU s | zlib in → out MB |')
    out.append('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for r in rows:
        cols = ['%d' % r['runs']]
        for kind in ('upstream', 'libvncclient'):
            m = r[kind]
            cols += (['%.1f' % m['mpxs'], '%.3f' % m['cpu']] if m else ['n/a', 'n/a'])
        cols.append('%.4f' % r[FLOOR]['cpu'] if r[FLOOR] else 'n/a')
        inf, dec = r['inflate'], r['decode']
        cols.append('%.3f' % inf['cpu'] if inf else '—')
        cols.append('%.3f' % dec['cpu'] if dec else '—')
        cols.append('%.1f → %.1f' % (inf['in'] / 1e6, inf['out'] / 1e6) if inf else '—')
        out.append('| %s | %s |' % (r['stream'], ' | '.join(cols)))
    if notes:
        out.append('')
        out.append('Notes:')
        for n in notes:
            out.append('- %s' % n)
    out.append('')
    if exact:
        out += exact_table(rows)
        out.append('')
    out += pictures_summary(rows, picture_notes)
    out += exact_summary(rows, exact_notes, exact_seconds if exact else None)
    text = '\n'.join(out) + '\n'
    print(text)
    if args.output:
        with open(args.output, 'w') as f:
            f.write(text)
    failed_checks = False
    if any(fatal for _, fatal in picture_notes):
        log('bench: FAILED: a final picture is not what it should be (see above)')
        failed_checks = True
    if any(fatal for _, fatal in exact_notes):
        log('bench: FAILED: a picture after an update is not what it should be (see above)')
        failed_checks = True
    return 1 if failed_checks else 0


def with_notes(text, notes, missing, missing_note):
    """@text with its notes in brackets, and @missing_note (a format of
    the count) when @missing streams were not compared."""
    if missing:
        notes = notes + [missing_note % missing]
    return text + (' (%s)' % '; '.join(notes) if notes else '')


def pictures_summary(rows, said):
    """The lines after the tables on the final pictures: the loud ones
    first, then on how many streams ours drew exactly what libvncclient
    and upstream drew, with the lossy streams' figures."""
    out = ['- %s%s' % ('**FINAL PICTURE WRONG:** ' if fatal else '', sentence)
           for sentence, fatal in said]
    parts = []
    for base in ('libvncclient', 'upstream'):
        compared = [r for r in rows if base in r['picture']]
        same = [r for r in compared if r['picture'][base] == 'identical']
        text = 'identical to %s on %d of %d streams' % (EXACT_LABELS[base], len(same),
                                                        len(compared))
        lossy = [r for r in rows if is_lossy(r['stream_obj'])]
        notes = []
        for r in lossy:
            verdict = r['picture'].get(base)
            if verdict == 'identical':
                notes.append('%s is lossy, JPEG: no pixel differs' % r['stream'])
            elif verdict == 'lossy':
                notes.append('%s is lossy, JPEG: %s' % (
                    r['stream'], describe_difference(r['lossy'][base])))
        parts.append(with_notes(text, notes, len(rows) - len(compared),
                                '%d not compared, see the notes'))
    out.append('Final pictures: %s.' % '; '.join(parts))
    return out


EXACT_LABELS = {'ours': 'ours', 'upstream': 'upstream gtk-vnc', 'libvncclient': 'libvncclient'}


def exact_cell(result, a, b):
    if result is None or (a, b) not in result['verdicts']:
        return 'n/a'
    diff = result['verdicts'][(a, b)]
    if diff is None:
        return 'identical'
    i = diff['first'] + 1
    if diff['kind'] == 'picture':
        return 'differs from update %d (after %d of %d)' % (i, diff['count'],
                                                            min(diff['lengths']))
    if diff['kind'] == 'rects':
        return 'updates out of step from %d' % i
    return '%d and %d updates' % diff['lengths']


def exact_table(rows):
    """The untimed pass, stream by stream: the updates compared and,
    for each pair of clients, 'identical' or the first update after
    which the pictures differ."""
    out = ['Pictures after every update (untimed, one run per stream; updates that drew a '
           'rectangle, n/a: a client cannot play the stream):',
           '',
           '| stream | updates | ours = libvncclient | ours = upstream | '
           'upstream = libvncclient |',
           '|---|---:|---|---|---|']
    for r in rows:
        e = r['exact']
        cells = [exact_cell(e, a, b) for a, b, _ in EXACT_PAIRS]
        out.append('| %s | %s | %s |' % (r['stream'], e['updates'] if e else 'n/a',
                                         ' | '.join(cells)))
    return out


def exact_summary(rows, said, seconds):
    """The lines after the tables on the pictures after every update:
    the loud ones first, then on how many streams ours drew exactly what
    libvncclient and upstream drew after every update."""
    if seconds is None:
        return ['Pictures after every update: not compared (BENCH_EXACT=0).']
    out = ['- %s%s' % ('**PICTURE WRONG AFTER AN UPDATE:** ' if fatal else '', sentence)
           for sentence, fatal in said]
    # Why a client that played the stream in the timed runs has no log
    # (one that could not play it is in the notes already).
    for r in rows:
        for kind, reason in sorted((r['exact'] or {}).get('why', {}).items()):
            if r.get(kind) is not None:
                out.append('- %s: %s has no pictures after every update: %s'
                           % (r['stream'], kind, reason))
    parts = []
    for base in ('libvncclient', 'upstream'):
        compared = [r for r in rows if r['exact'] and ('ours', base) in r['exact']['verdicts']]
        same = [r for r in compared if r['exact']['verdicts'][('ours', base)] is None]
        updates = sum(r['exact']['updates'] for r in compared)
        text = 'identical to %s on %d of %d streams, %d updates compared' % (
            EXACT_LABELS[base], len(same), len(compared), updates)
        notes = []
        for r in compared:
            diff = r['exact']['verdicts'][('ours', base)]
            if is_lossy(r['stream_obj']):
                if diff is None:
                    notes.append('%s is lossy, JPEG: no pixel differs' % r['stream'])
                elif diff['kind'] == 'picture':
                    notes.append('%s is lossy, JPEG: after %d of %d updates the pictures '
                                 'differ' % (r['stream'], diff['count'], r['exact']['updates']))
        parts.append(with_notes(text, notes, len(rows) - len(compared), '%d not compared'))
    out.append('Pictures after every update: %s; the pass took %.0f s, untimed.'
               % ('; '.join(parts), seconds))
    return out


if __name__ == '__main__':
    sys.exit(main())
