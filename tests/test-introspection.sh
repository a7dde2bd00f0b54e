#!/bin/sh
# GObject Introspection: runs test-introspection.py with the typelibs
# and libraries of the build tree. Prints TAP; says SKIP when the
# introspection data is not built or no Python with PyGObject was found.
srcdir=${TOP_SRCDIR:-$(dirname "$0")/..}
builddir=${TOP_BUILDDIR:-..}

if [ "${GVNC_INTROSPECTION:-no}" != yes ]; then
    echo "1..0 # SKIP no introspection data (gobject-introspection missing, or --disable-introspection)"
    exit 0
fi
if [ -z "$PYTHON_GI" ]; then
    echo "1..0 # SKIP no python3 with PyGObject (Debian: python3-gi)"
    exit 0
fi

GI_TYPELIB_PATH=$builddir/src${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}
LD_LIBRARY_PATH=$builddir/src/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export GI_TYPELIB_PATH LD_LIBRARY_PATH
exec "$PYTHON_GI" "$srcdir/tests/test-introspection.py" "$srcdir" "$builddir"
