#!/bin/bash
# A demonstration: installs what is needed (Debian 12, as root), builds
# gtk-vnc, starts a private TigerVNC Xvnc with a few windows on it,
# captures its screen with our gvnccapture and prints the PNG's path.
# When there is a display ($DISPLAY), it then opens our gvncviewer on
# that server; the demo ends when its window is closed.
#
#   bash tools/demo.sh [--keep] [--no-viewer] [OUTPUT.png]
#
# --keep leaves the server running (and says how to reach and stop it);
# otherwise it is stopped before the script ends. --no-viewer only
# captures, even with a display. GVNC_NO_INSTALL=1 skips the package
# installation.

set -u -o pipefail
GVNC_TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$GVNC_TOP/tools/deps.sh"

keep=0
viewer=1
output=
for arg in "$@"; do
    case $arg in
    --keep) keep=1 ;;
    --no-viewer) viewer=0 ;;
    -*) echo "usage: $0 [--keep] [--no-viewer] [OUTPUT.png]" >&2; exit 2 ;;
    *) output=$arg ;;
    esac
done
output=${output:-$GVNC_TOP/_build/demo.png}
case $output in /*) ;; *) output=$PWD/$output ;; esac

die() {
    echo "demo: $*" >&2
    exit 1
}

# The person's display, if any: the X clients below get the server's.
person_display=${DISPLAY:-}

gvnc_install_deps || die "cannot install the packages"

build=$GVNC_TOP/_build/ucontext
if [ ! -f "$build/Makefile" ]; then
    echo "configuring in $build"
    gvnc_configure "$build" || die "configure failed"
fi
echo "building"
make -C "$build" -j"$(nproc 2>/dev/null || echo 2)" >"$GVNC_TOP/_build/demo-build.log" 2>&1 || {
    tail -n 40 "$GVNC_TOP/_build/demo-build.log"
    die "the build failed (log: $GVNC_TOP/_build/demo-build.log)"
}

work=$(mktemp -d /tmp/gvnc-demo.XXXXXX) || die "mktemp failed"
pids=
server=
cleanup() {
    local pid
    if [ "$keep" = 1 ] && [ -n "$server" ]; then
        return
    fi
    for pid in $pids $server; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# A free display: no X lock, no socket, nothing on its VNC port.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for n in $(seq 10 99); do
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || port_in_use $((5900 + n)) ||
        break
done
echo "starting Xvnc :$n (VNC port $((5900 + n)), no password, 127.0.0.1 only)"
Xvnc ":$n" -localhost -interface 127.0.0.1 -geometry 800x600 -depth 24 \
    -SecurityTypes None >"$work/xvnc.log" 2>&1 &
server=$!
for i in $(seq 1 100); do
    xdpyinfo -display ":$n" >/dev/null 2>&1 && port_in_use $((5900 + n)) && break
    kill -0 "$server" 2>/dev/null || { cat "$work/xvnc.log"; die "Xvnc did not start"; }
    sleep 0.1
done

export DISPLAY=:$n
xsetroot -solid '#336699'
convert logo: -resize 40% "$work/logo.png"
for client in "xlogo -geometry 220x220+40+40" "xeyes -geometry 200x150+320+60" \
              "display -geometry +420+320 $work/logo.png"; do
    $client >>"$work/clients.log" 2>&1 &
    pids="$pids $!"
done
# Until the three windows are on the screen, and a moment to draw.
for name in xlogo xeyes "ImageMagick: logo.png"; do
    for i in $(seq 1 100); do
        xwininfo -name "$name" 2>/dev/null | grep -q IsViewable && break
        sleep 0.1
    done
done
sleep 0.5

echo "capturing with $build/viewer/gvnccapture"
"$build/viewer/gvnccapture" --timeout=30 "localhost:$n" "$output" ||
    die "the capture failed"
echo "$output"

if [ "$viewer" = 1 ] && [ -n "$person_display" ]; then
    if ! xdpyinfo -display "$person_display" >/dev/null 2>&1; then
        echo "cannot open the display $person_display: not starting the viewer"
    elif [ ! -x "$build/viewer/gvncviewer" ]; then
        echo "gvncviewer was not built (no GTK widget): not starting it"
    else
        echo "opening $build/viewer/gvncviewer on localhost:$n (close its window to end the demo)"
        DISPLAY=$person_display "$build/viewer/gvncviewer" "localhost:$n" ||
            echo "the viewer exited with status $?"
    fi
fi
if [ "$keep" = 1 ]; then
    echo "Xvnc :$n keeps running (pid $server): connect to localhost:$n, stop it with: kill $server"
fi
