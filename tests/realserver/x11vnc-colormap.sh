#!/bin/bash
# gvnccapture against x11vnc on an 8-bit PseudoColor Xvfb: the server's
# own format is 8 bits a pixel with a colour map, which it sends with
# SetColourMapEntries. Taken as it is (--native-format), every encoding
# gives the screen up to the rounding of the map's 16-bit intensities to
# 8 bits: no channel of any pixel more than 1 away.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-servers.sh"

X11VNC_ENCODINGS="raw rre corre hextile zlib zrle tight"

tap_plan $((1 + 7 + 1))
require_commands "${XVFB:-Xvfb}" "${X11VNC:-x11vnc}" xsetroot xlogo xeyes xwininfo xdpyinfo display

start_xvfb 800x600x8 || bail_out "cannot start Xvfb"
put_content || bail_out "cannot put the test content on the screen"
take_truth || bail_out "cannot take the ground truth"
start_x11vnc || bail_out "cannot start x11vnc"

# The format really is 8 bpp with a colour map, and the map arrived.
native_has_colour_map() {
    capture format --debug --native-format --encodings=raw "127.0.0.1::$X11VNC_PORT" ||
        return 1
    if grep -q '8 bpp depth 8 with a colour map' "$WORK/format.log" &&
       grep -q 'Colour map entries' "$WORK/format.log"; then
        return 0
    fi
    diag "no 8 bpp colour-map format, or no SetColourMapEntries:" \
        "$(grep -i 'bpp\|colour' "$WORK/format.log")"
    return 1
}
tap_check "x11vnc serves 8 bpp with a colour map and sends the map" native_has_colour_map

# capture_colour_map ENCODING: in the server's 8-bit colour-map format.
capture_colour_map() {
    capture "cmap-$1" --debug --native-format --encodings="$1" "127.0.0.1::$X11VNC_PORT" &&
        sent_in "cmap-$1" "$1" && within_bound "cmap-$1" 1
}
for encoding in $X11VNC_ENCODINGS; do
    tap_check "$encoding, 8 bpp colour map: equal up to rounding" \
        capture_colour_map "$encoding"
done

# For comparison, the server's own translation to 32 bpp true colour.
tap_check "zrle, 32 bpp asked for: the capture equals the screen" \
    capture_in exact zrle rgb32-zrle --encodings=zrle "127.0.0.1::$X11VNC_PORT"
