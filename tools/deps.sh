# Sourced by tools/test.sh and tools/demo.sh: the Debian 12 packages that
# building gtk-vnc and running all of its tests need, and their install.

# For the real-server tests: x11vnc (LibVNCServer's encoders) on Xvfb;
# gvncviewer for upstream gtk-vnc's own gvnccapture and gvncviewer, and
# virt-viewer for remote-viewer (the drop-in tests: upstream's programs
# running on our libraries);
# qemu-system-x86 brings, without recommends, only what it depends on
# (SeaBIOS, iPXE ROMs, its data files), not OVMF, the GUI or qemu-utils.
# SASL: saslpasswd2 (sasl2-bin) makes QEMU's sasldb; libsasl2-modules has
# the DIGEST-MD5 and SCRAM mechanisms (recommended only, so not pulled in).
# Docs: gtk-doc-tools for the reference manuals, groff-base to check the
# man pages; gobject-introspection and libgirepository1.0-dev build the
# introspection data, python3-gi loads it in the tests.
GVNC_PACKAGES="
    build-essential autoconf automake libtool pkg-config autoconf-archive
    gettext autopoint
    libglib2.0-dev libgnutls28-dev nettle-dev libgmp-dev libsasl2-dev zlib1g-dev
    libjpeg62-turbo-dev libpng-dev
    libgtk2.0-dev libgtk-3-dev
    valgrind xz-utils
    tigervnc-standalone-server tigervnc-tools xfonts-base
    x11-apps x11-utils x11-xserver-utils imagemagick
    gnutls-bin qemu-system-x86 sasl2-bin libsasl2-modules
    xvfb xdotool x11vnc gvncviewer virt-viewer
    gtk-doc-tools groff-base gobject-introspection libgirepository1.0-dev python3-gi
"

# Installs the packages that are missing (as root, with apt-get). Skips
# apt-get entirely when everything is there already, so that a machine
# set up once needs no network. GVNC_NO_INSTALL=1 skips it always.
gvnc_install_deps() {
    local pkg missing=
    [ "${GVNC_NO_INSTALL:-0}" = 1 ] && return 0
    for pkg in $GVNC_PACKAGES; do
        dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$' ||
            missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "missing packages:$missing (install them as root, or set GVNC_NO_INSTALL=1)" >&2
        return 1
    fi
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null &&
        apt-get install -y -q --no-install-recommends $missing >/dev/null
}

# gvnc_configure BUILDDIR [CONFIGURE OPTIONS...]: regenerates the build
# system when needed and configures an out-of-tree build in BUILDDIR.
gvnc_configure() {
    local dir=$1
    shift
    mkdir -p "$GVNC_TOP/_build" || return 1
    if [ ! -x "$GVNC_TOP/configure" ] || [ "$GVNC_TOP/configure.ac" -nt "$GVNC_TOP/configure" ]; then
        (cd "$GVNC_TOP" && NOCONFIGURE=1 ./autogen.sh) >"$GVNC_TOP/_build/autogen.log" 2>&1 || {
            cat "$GVNC_TOP/_build/autogen.log"
            return 1
        }
    fi
    mkdir -p "$dir" &&
        (cd "$dir" && "$GVNC_TOP/configure" "$@" >configure.out 2>&1) || {
            cat "$dir/configure.out"
            return 1
        }
}
