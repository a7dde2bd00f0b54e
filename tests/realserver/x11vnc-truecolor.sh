#!/bin/bash
# gvnccapture against x11vnc (LibVNCServer 0.9.14's encoders) on an
# 800x600 Xvfb at depth 24: every lossless encoding gives the display's
# screen pixel for pixel, in 32 bpp and in the server's native format;
# ZYWRLE, which is lossy, comes close by PSNR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"

# LibVNCServer sends all of these (and CopyRect, only for moves).
X11VNC_ENCODINGS="raw rre corre hextile zlib zrle tight"

# ZYWRLE: LibVNCServer derives the wavelet depth from the JPEG quality
# level (three steps below 3, two below 6, otherwise one, and one when
# the client announces none), and unlike QEMU it sends ZYWRLE without a
# quality level too.
#
# Measured on put_content's screen with x11vnc 0.9.16 (Debian 12):
# 37.3 dB with no quality level (one step), 28.8 dB at quality 3 (two
# steps) and 27.5 dB at quality 0 (three steps). The pictures are the
# same bits run after run, and bit-identical to what LibVNCServer's own
# client, libvncclient 0.9.14, decodes from the same server in the same
# pixel format. A decoder with the horizontal and vertical detail bands
# swapped measured 23.1, 20.5 and 19.0 dB; one that runs the wrong
# number of steps, about 9 dB. The bounds, 3 dB under the measurements,
# catch those and leave room only for small changes in the content
# (fonts, X demo programs) from one system to another.
ZYWRLE_TESTS="none:34 -29:26 -32:24.5"

tap_plan $((2 * 7 + 3))
require_commands "${XVFB:-Xvfb}" "${X11VNC:-x11vnc}" xsetroot xlogo xeyes xwininfo xdpyinfo display awk

start_xvfb 800x600x24 || bail_out "cannot start Xvfb"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"
# x11vnc reads the whole screen when it starts: start it on the final one.
start_x11vnc || bail_out "cannot start x11vnc"

for encoding in $X11VNC_ENCODINGS; do
    tap_check "$encoding, 32 bpp: the capture equals the screen" \
        capture_in exact "$encoding" "rgb32-$encoding" --encodings="$encoding" \
        "127.0.0.1::$X11VNC_PORT"
    # The native format of a depth 24 Xvfb is 32 bpp too, but with the
    # server's shifts and without a SetPixelFormat.
    tap_check "$encoding, server's format: the capture equals the screen" \
        capture_in exact "$encoding" "native-$encoding" --native-format \
        --encodings="$encoding" "127.0.0.1::$X11VNC_PORT"
done

# zywrle_test QUALITY MIN: ZYWRLE at the JPEG quality level QUALITY
# (-32..-24, or "none"), sent as ZYWRLE, with a PSNR of MIN dB or more.
zywrle_test() {
    local name=zywrle-none offer=zywrle
    [ "$1" = none ] || { name=zywrle$((32 + $1)); offer="zywrle,$1"; }
    capture "$name" --debug --encodings="$offer" "127.0.0.1::$X11VNC_PORT" &&
        sent_in "$name" zywrle && psnr_at_least "$name" "$2"
}
for test in $ZYWRLE_TESTS; do
    quality=${test%:*}
    case $quality in
    none) what="no quality level" ;;
    *) what="quality $((32 + quality))" ;;
    esac
    tap_check "zywrle, $what: PSNR of at least ${test#*:} dB" \
        zywrle_test "$quality" "${test#*:}"
done
