#!/bin/sh
# Regenerates the build system; then runs ./configure unless NOCONFIGURE is set.
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
(cd "$srcdir" && autoreconf --force --install --verbose)
if [ -z "$NOCONFIGURE" ]; then
    exec "$srcdir/configure" "$@"
fi
