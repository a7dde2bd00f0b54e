#!/bin/sh
# Regenerates the build system; then runs ./configure unless NOCONFIGURE is set.
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
# autoreconf runs gtkdocize (gtk-doc-tools) for the reference manuals.
# Without it, a stub gtk-doc.make lets everything else build; the
# manuals then cannot be enabled.
if ! command -v gtkdocize >/dev/null 2>&1; then
    echo "autogen.sh: gtkdocize not found (gtk-doc-tools): no reference manuals" >&2
    printf '%s\n' '# Stub written by autogen.sh: gtk-doc-tools was not installed.' \
        'EXTRA_DIST =' 'CLEANFILES =' >"$srcdir/gtk-doc.make"
    rm -f "$srcdir/m4/gtk-doc.m4"
    GTKDOCIZE=true
    export GTKDOCIZE
fi
(cd "$srcdir" && autoreconf --force --install --verbose)
if [ -z "$NOCONFIGURE" ]; then
    exec "$srcdir/configure" "$@"
fi
