#!/usr/bin/env python3
# GObject Introspection of both libraries, from the build tree. Prints TAP.
#
#   test-introspection.py SRCDIR BUILDDIR
#
# - The .gir files: namespace, version, prefixes and shared library are
#   those of gtk-vnc 1.x (so that code written for it runs against these),
#   and every symbol the linker version scripts export is in them.
# - Through PyGObject: GVnc loads from the build tree; boxed types, out
#   parameters and arrays marshal as annotated; a VncConnection does a
#   whole handshake (VNC authentication) with a small server written
#   here, over a socketpair, with its signals delivered to Python.
# - GtkVnc: the typelib loads; for the GTK 3 build, PyGObject imports it
#   and the widget's annotated arrays work. (GTK+ 2 has no PyGObject
#   support, so there only the typelib is read.)
#
# Environment (from tests/docs.am): GVNC_WITH_GTK, GTK_VNC_API_VERSION,
# PACKAGE_VERSION.

import os
import socket
import struct
import sys
import threading
import traceback
import warnings
import xml.etree.ElementTree as ET

SRCDIR, BUILDDIR = sys.argv[1], sys.argv[2]
WITH_GTK = os.environ.get('GVNC_WITH_GTK', 'no') == 'yes'
GTK_API = os.environ.get('GTK_VNC_API_VERSION', '')
CORE = '{http://www.gtk.org/introspection/core/1.0}'
C = '{http://www.gtk.org/introspection/c/1.0}'
GLIB = '{http://www.gtk.org/introspection/glib/1.0}'

tests = []


def test(func):
    tests.append(func)
    return func


def exported(script):
    """The symbols in the global: block of a linker version script."""
    symbols, inside = [], False
    with open(os.path.join(SRCDIR, 'src', script)) as f:
        for line in f:
            line = line.strip()
            if line == 'global:':
                inside = True
            elif line == 'local:':
                inside = False
            elif inside and line.endswith(';'):
                symbols.append(line[:-1])
    return symbols


def check_gir(gir, namespace, version, library, script):
    root = ET.parse(os.path.join(BUILDDIR, 'src', gir)).getroot()
    ns = root.find(CORE + 'namespace')
    assert ns.get('name') == namespace, ns.get('name')
    assert ns.get('version') == version, ns.get('version')
    assert ns.get('shared-library') == library, ns.get('shared-library')
    assert ns.get(C + 'identifier-prefixes') == 'Vnc'
    assert ns.get(C + 'symbol-prefixes') == 'vnc'
    named = set()
    for element in ns.iter():
        for attribute in (C + 'identifier', GLIB + 'get-type'):
            if element.get(attribute):
                named.add(element.get(attribute))
    missing = [s for s in exported(script) if s not in named]
    assert not missing, 'not in %s: %s' % (gir, ' '.join(missing))


@test
def gir_gvnc():
    """GVnc-1.0.gir: gtk-vnc 1.x's namespace, holding every exported symbol"""
    check_gir('GVnc-1.0.gir', 'GVnc', '1.0', 'libgvnc-1.0.so.0',
              'libgvnc_sym.version')


@test
def gir_gtkvnc():
    """GtkVnc .gir: gtk-vnc 1.x's namespace, holding every exported symbol"""
    if not WITH_GTK:
        return 'SKIP the widget library is not built'
    check_gir('GtkVnc-%s.gir' % GTK_API, 'GtkVnc', GTK_API,
              'libgtk-vnc-%s.so.0' % GTK_API, 'libgtk-vnc_sym.version')


# A failure to import is reported by the tests that need GVnc, after
# the plan, instead of as a crash.
try:
    import gi
    import gi._gi
    gi.require_version('GLib', '2.0')
    gi.require_version('GVnc', '1.0')
    from gi.repository import GLib, GVnc
    import_error = None
except Exception as e:
    import_error = e


def need_gvnc():
    if import_error is not None:
        raise import_error


@test
def typelib_from_build_tree():
    """GVnc is loaded from the build tree"""
    need_gvnc()
    path = gi.Repository.get_default().get_typelib_path('GVnc')
    expected = os.path.realpath(os.path.join(BUILDDIR, 'src'))
    assert os.path.realpath(os.path.dirname(path)) == expected, path


@test
def versions():
    """GVnc.util_get_version_string() and util_check_version()"""
    need_gvnc()
    assert GVnc.util_get_version_string() == os.environ['PACKAGE_VERSION']
    assert GVnc.util_check_version(0, 0, 1)
    assert not GVnc.util_check_version(99, 0, 0)


@test
def boxed_types():
    """PixelFormat and ColorMap: fields, copies, (out) parameters"""
    need_gvnc()
    fmt = GVnc.PixelFormat.new()
    fmt.bits_per_pixel, fmt.depth, fmt.true_color_flag = 32, 24, 1
    fmt.red_max = fmt.green_max = fmt.blue_max = 255
    fmt.red_shift, fmt.green_shift, fmt.blue_shift = 16, 8, 0
    copy = fmt.copy()
    assert copy.depth == 24 and copy.red_shift == 16
    assert fmt.match(copy)
    copy.red_shift = 0
    assert not fmt.match(copy)

    colours = GVnc.ColorMap.new(16, 4)
    assert colours.offset == 16 and colours.size == 4
    assert colours.set(17, 100, 200, 300)
    assert not colours.set(20, 1, 2, 3)
    assert tuple(colours.lookup(17)) == (True, 100, 200, 300), colours.lookup(17)
    assert colours.lookup(15)[0] is False


def check_enums(namespace, module):
    """Every enumeration of @namespace can be used: PyGObject builds its
    class from the typelib's values, which must be the ones GType has."""
    bad = []
    for info in gi.Repository.get_default().get_infos(namespace):
        if isinstance(info, gi._gi.EnumInfo) and not info.is_flags():
            try:
                enum = getattr(module, info.get_name())
                for value in info.get_values():
                    enum(value.get_value())
            except Exception as e:
                bad.append('%s (%s)' % (info.get_name(), e))
    assert not bad, 'unusable: ' + ', '.join(bad)


@test
def gvnc_enums():
    """Every GVnc enumeration is usable from Python"""
    need_gvnc()
    check_enums('GVnc', GVnc)


@test
def connection_settings():
    """Connection: settings, properties and an (array length=n) argument"""
    need_gvnc()
    conn = GVnc.Connection.new()
    assert not conn.is_open() and not conn.is_initialized()
    assert conn.set_shared(True) and conn.get_shared()
    conn.props.tls_ca_file = '/nonexistent/ca.pem'
    assert conn.get_tls_ca_file() == '/nonexistent/ca.pem'
    assert conn.set_tls_ca_file(None) and conn.props.tls_ca_file is None
    assert conn.get_name() is None
    # Not initialized: refused, but the list must marshal as an array.
    assert not conn.set_encodings([GVnc.ConnectionEncoding.RAW,
                                   GVnc.ConnectionEncoding.ZRLE])


def fake_server(sock, events):
    """Enough RFB 3.8 to get a client through VNC authentication."""
    def read(n):
        data = b''
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError('the client closed the connection')
            data += chunk
        return data
    try:
        sock.sendall(b'RFB 003.008\n')
        events['version'] = read(12)
        sock.sendall(bytes([1, 2]))                    # one type: VNC auth
        events['chosen'] = read(1)[0]
        sock.sendall(bytes(range(16)))                 # the challenge
        events['response'] = read(16)
        sock.sendall(struct.pack('>I', 0))             # accepted
        events['shared'] = read(1)[0]
        name = b'gi test'
        sock.sendall(struct.pack('>HHBBBBHHHBBBxxxI', 64, 48, 32, 24, 0, 1,
                                 255, 255, 255, 16, 8, 0, len(name)) + name)
        while sock.recv(4096):
            pass
    except Exception as e:
        events['server_error'] = repr(e)
    finally:
        sock.close()


@test
def connection_handshake():
    """Connection: a handshake with signals and GValueArray arguments"""
    need_gvnc()
    server, client = socket.socketpair()
    events = {}
    thread = threading.Thread(target=fake_server, args=(server, events))
    thread.start()

    loop = GLib.MainLoop()
    conn = GVnc.Connection.new()
    seen = []

    # GValueArray.get_nth() is deprecated in GLib, but it is how Python
    # reads these signals' arguments (virt-manager does the same).
    def values(array):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            return [array.get_nth(i) for i in range(array.n_values)]

    def on_choose_type(conn, types):
        seen.append(('types', values(types)))

    def on_credential(conn, creds):
        wanted = values(creds)
        seen.append(('credentials', wanted))
        for kind in wanted:
            conn.set_credential(kind, 'secret')

    def on_initialized(conn):
        seen.append(('initialized', conn.get_width(), conn.get_height(),
                     conn.get_name(), conn.get_pixel_format().depth))
        conn.shutdown()

    def on_error(conn, message):
        seen.append(('error', message))

    timed_out = []

    def on_timeout():
        timed_out.append(True)
        conn.shutdown()
        return GLib.SOURCE_REMOVE

    conn.connect('vnc-auth-choose-type', on_choose_type)
    conn.connect('vnc-auth-credential', on_credential)
    conn.connect('vnc-initialized', on_initialized)
    conn.connect('vnc-error', on_error)
    conn.connect('vnc-disconnected', lambda conn: loop.quit())
    conn.set_shared(True)
    # The connection takes the descriptor over.
    assert conn.open_fd_with_hostname(client.detach(), 'localhost')
    # Not a timing assertion: only a bound on a hang.
    timeout = GLib.timeout_add_seconds(60, on_timeout)
    loop.run()
    if not timed_out:
        GLib.source_remove(timeout)
    thread.join()

    assert not timed_out, 'no vnc-disconnected within a minute: %r' % seen

    assert 'server_error' not in events or 'closed' in events['server_error'], events
    assert events.get('version') == b'RFB 003.008\n', events
    assert events.get('chosen') == 2 and len(events.get('response', b'')) == 16, events
    assert events.get('shared') == 1, events
    assert seen == [('types', [GVnc.ConnectionAuth.VNC]),
                    ('credentials', [GVnc.ConnectionCredential.PASSWORD]),
                    ('initialized', 64, 48, 'gi test', 24)], seen
    assert not conn.is_open()


@test
def gtkvnc_typelib():
    """GtkVnc typelib: Display's methods and its keyvals array"""
    need_gvnc()
    if not WITH_GTK:
        return 'SKIP the widget library is not built'
    repo = gi.Repository.get_default()
    repo.require('GtkVnc', GTK_API, 0)
    display = repo.find_by_name('GtkVnc', 'Display')
    methods = {m.get_name(): m for m in display.get_methods()}
    for name in ('open_host', 'open_fd', 'set_credential', 'send_keys',
                 'get_pixbuf', 'set_grab_keys', 'get_connection'):
        assert name in methods, name
    keyvals = methods['send_keys'].get_arguments()[0]
    assert keyvals.get_name() == 'keyvals'
    assert keyvals.get_type().get_array_length() == 1, 'keyvals is not an array'


@test
def gtkvnc_python():
    """GtkVnc through PyGObject (GTK 3): GrabSequence, enumerations"""
    need_gvnc()
    if not WITH_GTK:
        return 'SKIP the widget library is not built'
    if GTK_API != '2.0':
        return 'SKIP PyGObject does not support GTK+ 2'
    gi.require_version('Gdk', '3.0')
    gi.require_version('GtkVnc', '2.0')
    from gi.repository import Gdk, GtkVnc
    seq = GtkVnc.GrabSequence.new([Gdk.KEY_Control_L, Gdk.KEY_Alt_L])
    assert seq.nkeysyms == 2
    assert seq.get_nth(1) == Gdk.KEY_Alt_L
    assert seq.as_string() == 'Control_L+Alt_L', seq.as_string()
    again = GtkVnc.GrabSequence.new_from_string('Control_L+Alt_L')
    assert list(again.keysyms) == [Gdk.KEY_Control_L, Gdk.KEY_Alt_L]
    check_enums('GtkVnc', GtkVnc)


@test
def python_example():
    """The reference manual's Python example compiles"""
    path = os.path.join(SRCDIR, 'docs', 'reference', 'gtk-vnc', 'embed-example.py')
    with open(path) as f:
        compile(f.read(), path, 'exec')


def main():
    print('1..%d' % len(tests))
    failed = 0
    for number, func in enumerate(tests, 1):
        try:
            outcome = func()
        except Exception:
            failed += 1
            print('not ok %d - %s' % (number, func.__doc__))
            for line in traceback.format_exc().splitlines():
                print('# ' + line)
            continue
        if isinstance(outcome, str) and outcome.startswith('SKIP'):
            print('ok %d - %s # %s' % (number, func.__doc__, outcome))
        else:
            print('ok %d - %s' % (number, func.__doc__))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
