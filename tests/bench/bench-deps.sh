#!/bin/sh
# What `make bench` needs beyond the build's own dependencies: xz for the
# recordings, libvncclient (headers and library) for one baseline and
# upstream gtk-vnc's libgvnc-1.0 for the other. Installs what is missing
# from Debian when run as root; otherwise says what to install.
set -u

missing=""
command -v xz >/dev/null 2>&1 || missing="$missing xz-utils"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
[ -f /usr/include/rfb/rfbclient.h ] || missing="$missing libvncserver-dev"
multiarch=$(${CC:-cc} -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
[ -e "/usr/lib/$multiarch/libgvnc-1.0.so.0" ] || missing="$missing libgvnc-1.0-0"

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "bench: missing Debian packages:$missing (install them as root)" >&2
    exit 1
fi
echo "bench: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null ||
    { apt-get update -q >/dev/null &&
      apt-get install -y -q --no-install-recommends $missing >/dev/null; } ||
    { echo "bench: could not install$missing" >&2; exit 1; }
