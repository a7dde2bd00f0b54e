#!/bin/bash
# gvnccapture against x11vnc (LibVNCServer 0.9.14's encoders) on an
# 800x600 Xvfb in true colour:
#  - at depth 24, every lossless encoding gives the display's screen
#    pixel for pixel; ZYWRLE, which is lossy, comes close by PSNR;
#  - at depth 16, taking the server's own 16-bit 5-6-5 pixels
#    (--native-format), every encoding gives the screen up to the
#    rounding of 5/6-bit colour (see same_as_truth_565 in
#    lib-servers.sh), and ZYWRLE, whose coefficients then travel in the
#    5-6-5 fields, comes close by PSNR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"

# LibVNCServer sends all of these (and CopyRect, only for moves).
X11VNC_ENCODINGS="raw rre corre hextile zlib zrle tight"

# ZYWRLE: LibVNCServer derives the wavelet depth from the JPEG quality
# level (three steps below 3, two below 6, otherwise one, and one when
# the client announces none), and unlike QEMU it sends ZYWRLE without a
# quality level too.
#
# Measured on put_content's screen with x11vnc 0.9.16 (Debian 12), at
# 32 bpp: 37.3 dB with no quality level (one step), 28.8 dB at
# quality 3 (two steps), 27.5 dB at quality 0 (three steps); at 16 bpp:
# 36.2, 29.0 and 27.2 dB. The pictures are the same bits run after run,
# and identical (at 16 bpp: in every 5/6-bit value) to what
# LibVNCServer's own client, libvncclient 0.9.14, decodes from the same
# server in the same pixel format. A decoder with the horizontal and
# vertical detail bands swapped measured 23.1, 20.5 and 19.0 dB at
# 32 bpp; one that runs the wrong number of steps, about 9 dB. The
# bounds, 3 dB under the measurements, catch those and leave room only
# for small changes in the content (fonts, X demo programs) from one
# system to another.
ZYWRLE_TESTS_32="none:34 -29:26 -32:24.5"
ZYWRLE_TESTS_16="none:33 -29:26 -32:24"

tap_plan $((7 + 3 + 1 + 7 + 3))
require_commands "${XVFB:-Xvfb}" "${X11VNC:-x11vnc}" xsetroot xlogo xeyes xwininfo xdpyinfo display awk

# zywrle_tests BPP TESTS [OPTIONS...]: ZYWRLE at each QUALITY:MIN of
# TESTS (QUALITY -32..-24, or "none"), sent as ZYWRLE, with a PSNR of
# MIN dB or more.
zywrle_tests() {
    local bpp=$1 tests=$2 test quality what
    shift 2
    for test in $tests; do
        quality=${test%:*}
        case $quality in
        none) what="no quality level" ;;
        *) what="quality $((32 + quality))" ;;
        esac
        tap_check "$bpp bpp, zywrle, $what: PSNR of at least ${test#*:} dB" \
            zywrle_test "$bpp" "$quality" "${test#*:}" "$@"
    done
}
zywrle_test() {
    local bpp=$1 quality=$2 min=$3 name offer=zywrle
    shift 3
    name=zywrle$bpp-none
    [ "$quality" = none ] || { name=zywrle$bpp-q$((32 + quality)); offer="zywrle,$quality"; }
    capture "$name" --debug --encodings="$offer" "$@" "127.0.0.1::$X11VNC_PORT" &&
        sent_in "$name" zywrle && psnr_at_least "$name" "$min"
}

# ---- depth 24, 32 bpp ------------------------------------------------------

start_xvfb 800x600x24 || bail_out "cannot start Xvfb"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"
# x11vnc reads the whole screen when it starts: start it on the final one.
start_x11vnc || bail_out "cannot start x11vnc"

for encoding in $X11VNC_ENCODINGS; do
    tap_check "32 bpp, $encoding: the capture equals the screen" \
        capture_in exact "$encoding" "rgb32-$encoding" --encodings="$encoding" \
        "127.0.0.1::$X11VNC_PORT"
done
zywrle_tests 32 "$ZYWRLE_TESTS_32"

# ---- depth 16, the server's 16 bpp -------------------------------------------

stop_x11vnc_and_xvfb() {
    local pid
    for pid in $CHILD_PIDS; do
        stop_pid "$pid"
    done
    CHILD_PIDS=
    stop_pid "$XVNC_PID"
    XVNC_PID=
}
stop_x11vnc_and_xvfb
start_xvfb 800x600x16 || bail_out "cannot start Xvfb"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"
start_x11vnc || bail_out "cannot start x11vnc"

native_is_565() {
    capture format16 --debug --native-format --encodings=raw "127.0.0.1::$X11VNC_PORT" ||
        return 1
    grep -q '16 bpp depth 16' "$WORK/format16.log" && return 0
    diag "the server's pixel format is not 16 bpp depth 16:" \
        "$(grep -i 'bpp' "$WORK/format16.log")"
    return 1
}
tap_check "x11vnc on a depth 16 Xvfb serves 16 bpp depth 16" native_is_565

for encoding in $X11VNC_ENCODINGS; do
    tap_check "16 bpp, $encoding: equal up to 5/6-bit rounding" \
        capture_in 565 "$encoding" "native16-$encoding" --native-format \
        --encodings="$encoding" "127.0.0.1::$X11VNC_PORT"
done
zywrle_tests 16 "$ZYWRLE_TESTS_16" --native-format
