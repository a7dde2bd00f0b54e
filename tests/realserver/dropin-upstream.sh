#!/bin/bash
# Drop-in: Debian's own gvnccapture (package gvncviewer, built against
# upstream gtk-vnc 1.3.1's libgvnc-1.0.so.0) run with LD_LIBRARY_PATH
# pointing at our libgvnc-1.0.so.0 captures exactly the server's screen,
# from Xvnc and from QEMU. The dynamic linker's own log (LD_DEBUG=libs)
# shows that our library, not the system's, was the one loaded.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"

: "${UPSTREAM_GVNCCAPTURE:=/usr/bin/gvnccapture}"
OUR_LIBDIR=$TOP_BUILDDIR/src/.libs
OUR_LIB=$OUR_LIBDIR/libgvnc-1.0.so.0

tap_plan 6
[ -x "$UPSTREAM_GVNCCAPTURE" ] ||
    tap_skip_rest "not installed: $UPSTREAM_GVNCCAPTURE (Debian package gvncviewer)"
[ -e "$OUR_LIB" ] || tap_skip_rest "no shared library was built ($OUR_LIB)"
require_tools "${QEMU:-qemu-system-x86_64}" mkfifo truncate timeout ldd xsetroot xlogo xeyes xwininfo xdpyinfo display

# upstream_capture NAME TARGET: the upstream tool on our library, into
# $WORK/NAME.png, with the dynamic linker's log in $WORK/NAME.log. It
# has no timeout of its own.
upstream_capture() {
    local name=$1 status
    rm -f "$WORK/$name.png"
    LD_LIBRARY_PATH=$OUR_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} LD_DEBUG=libs \
        timeout "$CAPTURE_TIMEOUT" "$UPSTREAM_GVNCCAPTURE" --quiet "$2" "$WORK/$name.png" \
        </dev/null >"$WORK/$name.log" 2>&1
    status=$?
    [ "$status" -eq 0 ] && return 0
    diag "$UPSTREAM_GVNCCAPTURE $2 exited with $status:" \
        "$(grep -v '^ *[0-9]*:' "$WORK/$name.log" | tail -n 20)"
    return 1
}

# loaded_ours NAME: the linker initialised our library for that run and
# never the system's.
loaded_ours() {
    local log=$WORK/$1.log
    if ! grep -q "calling init: $OUR_LIB\$" "$log"; then
        diag "our $OUR_LIB was not loaded; the linker says:" \
            "$(grep 'libgvnc' "$log" | grep -v 'trying file' | head -n 10)"
        return 1
    fi
    if grep 'calling init: ' "$log" | grep -v "$OUR_LIB" | grep -q 'libgvnc'; then
        diag "another libgvnc was loaded too:" "$(grep 'calling init: .*libgvnc' "$log")"
        return 1
    fi
}

# The upstream tool must use the library at all (not a static copy).
links_libgvnc() {
    LD_LIBRARY_PATH=$OUR_LIBDIR ldd "$UPSTREAM_GVNCCAPTURE" >"$WORK/ldd.log" 2>&1
    grep -q "libgvnc-1.0.so.0 => $OUR_LIB" "$WORK/ldd.log" && return 0
    diag "ldd does not resolve libgvnc-1.0.so.0 to $OUR_LIB:" "$(cat "$WORK/ldd.log")"
    return 1
}
tap_check "$UPSTREAM_GVNCCAPTURE resolves libgvnc-1.0.so.0 to ours" links_libgvnc

# ---- Xvnc --------------------------------------------------------------------

start_xvnc -SecurityTypes None || bail_out "cannot start Xvnc"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"

tap_check "Xvnc: the upstream tool on our library captures the screen exactly" \
    eval 'upstream_capture xvnc "127.0.0.1:$XVNC_DISPLAY" && same_as_truth_by exact xvnc'
tap_check "Xvnc: the library loaded was ours" loaded_ours xvnc
stop_pid "$XVNC_PID"
XVNC_PID=

# ---- QEMU --------------------------------------------------------------------

start_qemu || bail_out "cannot start QEMU"
qemu_take_truth || bail_out "cannot take the ground truth"
tap_check "QEMU, firmware text: the upstream tool on our library captures the screendump" \
    eval 'upstream_capture qemu-text "127.0.0.1:$QEMU_DISPLAY" && same_as_truth_by mask qemu-text'
tap_check "QEMU: the library loaded was ours" loaded_ours qemu-text

make_boot_disk "$WORK/disk.img" || bail_out "cannot write the boot disk"
start_qemu -drive file="$WORK/disk.img",format=raw,if=ide || bail_out "cannot start QEMU"
qemu_take_truth || bail_out "cannot take the ground truth"
tap_check "QEMU, 256-colour picture: the upstream tool on our library captures the screendump" \
    eval 'upstream_capture qemu-picture "127.0.0.1:$QEMU_DISPLAY" && same_as_truth_by exact qemu-picture'
