#!/bin/bash
# gvnccapture against TigerVNC's Xvnc at depth 16 (5-6-5 true colour):
# every encoding Xvnc sends gives the server's screen up to the rounding
# of 5- and 6-bit colour, both when the server sends its own 16-bit
# pixels (--native-format: the library decodes 16 bpp and converts) and
# when it converts to the 32 bpp the tool asks for by default.
#
# "Up to rounding" is checked exactly: both pictures reduced to the top
# 5, 6 and 5 bits of red, green and blue must be identical (see
# normalise in lib-servers.sh); a pixel off by one 5-bit step fails.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"

# Xvnc sends these encodings (RFB always allows raw besides). A first
# full update never uses CopyRect: "copyrect" offers it with raw.
XVNC_ENCODINGS="raw copyrect rre hextile zrle tight"

tap_plan $((1 + 2 * 6 + 1))
require_tools xsetroot xlogo xeyes xwininfo xdpyinfo display awk

# The later -depth wins over start_xvnc's -depth 24.
start_xvnc -SecurityTypes None -depth 16 || bail_out "cannot start Xvnc"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"

# The server's own format really is 16 bits a pixel, 5-6-5.
native_is_565() {
    capture format --debug --native-format --encodings=raw "127.0.0.1:$XVNC_DISPLAY" ||
        return 1
    grep -q '16 bpp depth 16' "$WORK/format.log" && return 0
    diag "the server's pixel format is not 16 bpp depth 16:" \
        "$(grep -i 'bpp' "$WORK/format.log")"
    return 1
}
tap_check "Xvnc -depth 16 serves 16 bpp depth 16" native_is_565

for encoding in $XVNC_ENCODINGS; do
    case $encoding in
    copyrect) offer=copyrect,raw; expect=raw ;;
    *) offer=$encoding; expect=$encoding ;;
    esac
    tap_check "$encoding, 16 bpp from the server: equal up to 5/6-bit rounding" \
        capture_in 565 "$expect" "native-$encoding" --native-format \
        --encodings="$offer" "127.0.0.1:$XVNC_DISPLAY"
    tap_check "$encoding, 32 bpp asked for: equal up to 5/6-bit rounding" \
        capture_in 565 "$expect" "rgb32-$encoding" \
        --encodings="$offer" "127.0.0.1:$XVNC_DISPLAY"
done

# Tight's JPEG at 16 bpp: Xvnc encodes from its 16-bit screen, the
# decoder writes 16-bit pixels. Measured 43.2 dB; the bound is the one
# for depth 24 at the same quality (xvnc-jpeg.sh). The picture must
# differ from the lossless one: a server that ignored the quality level
# would pass unseen otherwise.
jpeg16() {
    capture native-jpeg8 --debug --native-format --encodings=tight,-24 \
        "127.0.0.1:$XVNC_DISPLAY" && sent_in native-jpeg8 tight &&
        differs_from native-jpeg8 native-raw && psnr_at_least native-jpeg8 30
}
tap_check "tight with JPEG quality 8, 16 bpp from the server: PSNR of at least 30 dB" jpeg16
