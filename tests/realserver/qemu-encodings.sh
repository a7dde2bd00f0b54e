#!/bin/bash
# gvnccapture against QEMU's VNC server (a guest console): every encoding
# QEMU sends gives the picture of the monitor's screendump, pixel for
# pixel; ZYWRLE, which is lossy, comes close enough by PSNR.
#
# Two guests, one after the other:
#  - no disk: the screen is the firmware's text, 720x400, ending in
#    "No bootable device." with a blinking cursor, which is masked in
#    both pictures (QEMU_CURSOR_BLOCK in lib-servers.sh);
#  - a disk whose boot sector draws a 256-colour picture (see
#    make_boot_disk): tiles with many colours, which the text screen
#    lacks, make QEMU use Tight's gradient and basic modes, ZRLE's raw
#    tiles and ZYWRLE's wavelet (on the text screen every tile has a
#    palette, so ZYWRLE sends it losslessly).
# Both run with lossy=on, which lets QEMU send ZYWRLE; without a JPEG
# quality level from the client it must still send everything else
# losslessly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"

# The encodings QEMU sends losslessly (no CopyRect, RRE or CoRRE).
QEMU_ENCODINGS="raw hextile zlib zrle tight tightpng"

# ZYWRLE's depth follows the JPEG quality level the client announces
# (QEMU sends ZYWRLE only with one below 9): levels 0-2 give 3 wavelet
# steps, 3-5 two, 6-8 one.
#
# Measured on the picture with Debian's QEMU 7.2: 22.8 dB at quality 0,
# 27.7 dB at 3, 57.5 dB at 6; the pictures are the same bits run after
# run, and bit-identical to what libvncclient 0.9.14 decodes from the
# same server. A decoder that runs the wrong number of wavelet steps (as
# ours did while the connection did not tell it the quality level)
# measured 8.8 dB; one with two detail bands swapped loses 8 to 14 dB
# (measured against x11vnc, x11vnc-truecolor.sh). The bounds leave room
# only for another QEMU build's rounding.
ZYWRLE_TESTS="-32:20 -29:25 -26:50"

tap_plan $((6 + 6 + 3))
require_commands "${QEMU:-qemu-system-x86_64}" mkfifo truncate awk
QEMU_VNC_OPTIONS=",lossy=on"

# ---- the firmware's text ----------------------------------------------------

start_qemu || bail_out "cannot start QEMU"
qemu_take_truth || bail_out "cannot take the ground truth"

for encoding in $QEMU_ENCODINGS; do
    tap_check "text screen, $encoding: the capture equals the screendump" \
        capture_in mask "$encoding" "text-$encoding" --encodings="$encoding" \
        "127.0.0.1:$QEMU_DISPLAY"
done

# ---- a picture in 256 colours ------------------------------------------------

make_boot_disk "$WORK/disk.img" || bail_out "cannot write the boot disk"
start_qemu -drive file="$WORK/disk.img",format=raw,if=ide || bail_out "cannot start QEMU"
qemu_take_truth || bail_out "cannot take the ground truth"

for encoding in $QEMU_ENCODINGS; do
    tap_check "picture, $encoding: the capture equals the screendump" \
        capture_in exact "$encoding" "picture-$encoding" --encodings="$encoding" \
        "127.0.0.1:$QEMU_DISPLAY"
done

# zywrle_test QUALITY MIN: ZYWRLE at the JPEG quality level QUALITY
# (-32..-24): sent as ZYWRLE, with a PSNR of at least MIN dB.
zywrle_test() {
    local name=picture-zywrle$((32 + $1))
    capture "$name" --debug --encodings="zywrle,$1" "127.0.0.1:$QEMU_DISPLAY" &&
        sent_in "$name" zywrle && psnr_at_least "$name" "$2"
}
for test in $ZYWRLE_TESTS; do
    quality=${test%:*}
    tap_check "picture, zywrle at quality $((32 + quality)): PSNR of at least ${test#*:} dB" \
        zywrle_test "$quality" "${test#*:}"
done
