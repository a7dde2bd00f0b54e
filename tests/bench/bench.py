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

import argparse
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


def run_client(server, client, stream, tmp, floor=False, fb_dump=None):
    """One replay; returns (measurements dict or None, reason). The floor
    client draws nothing: it must have received every frame's bytes. A
    decoding client writes its final picture to @fb_dump."""
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
            + (['--fb-dump', fb_dump] if fb_dump else []),
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
    args = ap.parse_args()

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
    with tempfile.TemporaryDirectory(prefix='gvnc-bench-') as tmp:
        for source in sources:
            stream = Stream(decompress(os.path.join(args.streams, source), args.cache))
            results = {kind: [] for kind, _ in clients}
            failed = {}
            if not ours_built:
                failed['ours'] = "this tree's libgvnc-1.0 does not build yet"
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
                                             fb_dump=dumps.get(kind))
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

            row = {'stream': stream.name, 'mpx': stream.pixels / 1e6, 'runs': runs}
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
    out += pictures_summary(rows, picture_notes)
    text = '\n'.join(out) + '\n'
    print(text)
    if args.output:
        with open(args.output, 'w') as f:
            f.write(text)
    if any(fatal for _, fatal in picture_notes):
        log('bench: FAILED: a final picture is not what it should be (see above)')
        return 1
    return 0


def pictures_summary(rows, said):
    """The lines after the tables on the final pictures: the loud ones
    first, then on how many streams ours drew exactly what libvncclient
    and upstream drew, with the lossy streams' figures."""
    out = ['- %s%s' % ('**FINAL PICTURE WRONG:** ' if fatal else '', sentence)
           for sentence, fatal in said]
    parts = []
    for base, label in (('libvncclient', 'libvncclient'), ('upstream', 'upstream gtk-vnc')):
        compared = [r for r in rows if base in r['picture']]
        same = [r for r in compared if r['picture'][base] == 'identical']
        text = 'identical to %s on %d of %d streams' % (label, len(same), len(compared))
        lossy = [r for r in rows if is_lossy(r['stream_obj'])]
        notes = []
        for r in lossy:
            verdict = r['picture'].get(base)
            if verdict == 'identical':
                notes.append('%s is lossy, JPEG: no pixel differs' % r['stream'])
            elif verdict == 'lossy':
                notes.append('%s is lossy, JPEG: %s' % (
                    r['stream'], describe_difference(r['lossy'][base])))
        missing = len(rows) - len(compared)
        if missing:
            notes.append('%d not compared, see the notes' % missing)
        if notes:
            text += ' (%s)' % '; '.join(notes)
        parts.append(text)
    out.append('Final pictures: %s.' % '; '.join(parts))
    return out


if __name__ == '__main__':
    sys.exit(main())
