#!/bin/sh
# The keymap generator (src/keymaps/keymap-gen.awk): it turns the real
# data file and a small good one into tables, and refuses every kind of
# malformed row with the file and line, exit status 1 and no output.
# Prints TAP.
srcdir=${TOP_SRCDIR:-$(dirname "$0")/..}
AWK=${AWK:-awk}
gen="$srcdir/src/keymaps/keymap-gen.awk"
csv="$srcdir/src/keymaps/keymaps.csv"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keymap-gen.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

header="linux_name,linux_code,xt,evdev_name,xfree86_name,xfree86_code"

# A malformed file the generator must refuse: a name, the line it must
# name ("-" for faults of the whole file), then the rows after the header.
bad_cases() {
    cat <<'EOF'
no header|2|KEY_A,30,1e,AC01,AC01,38
wrong header|1|linux,code,xt,evdev,xfree86_name,xfree86_code
header only|-|HEADER
empty file|-|
five fields|2|KEY_A,30,1e,AC01,AC01
seven fields|2|KEY_A,30,1e,AC01,AC01,38,x
XT byte 80 and above|2|KEY_A,30,9e,AC01,AC01,38
XT byte 00|2|KEY_A,30,00,AC01,AC01,38
XT not hex|2|KEY_A,30,zz,AC01,AC01,38
XT three digits|2|KEY_A,30,01e,AC01,AC01,38
XT e1 prefix|2|KEY_PAUSE,119,e1 1d,PAUS,PAUS,110
XT e0 with a release code|2|KEY_UP,103,e0 c8,UP,UP,98
XT e0 alone|2|KEY_UP,103,e0,UP,UP,98
XT three bytes|2|KEY_SYSRQ,99,e0 2a e0 37,PRSC,PRSC,111
Linux code not decimal|2|KEY_A,0x1e,1e,AC01,AC01,38
Linux code 0|2|KEY_A,0,1e,AC01,AC01,38
Linux code past X keycodes|2|KEY_MICMUTE,248,1e,,,
Linux name without KEY_|2|A,30,1e,AC01,AC01,38
Linux name lowercase|2|KEY_a,30,1e,AC01,AC01,38
Linux name without code|2|KEY_A,,1e,AC01,AC01,38
Linux code without name|2|,30,1e,AC01,AC01,38
same Linux code twice|3|KEY_A,30,1e,AC01,AC01,38|KEY_B,30,30,AB05,AB05,56
same Linux name twice|3|KEY_A,30,1e,AC01,AC01,38|KEY_A,48,30,AB05,AB05,56
same xfree86 keycode twice|3|KEY_A,30,1e,AC01,AC01,38|KEY_B,48,30,AB05,AB05,38
xfree86 name without code|2|KEY_A,30,1e,AC01,AC01,
xfree86 code without name|2|KEY_A,30,1e,AC01,,38
xfree86 keycode below 8|2|KEY_A,30,1e,AC01,AC01,7
xfree86 keycode above 255|2|KEY_A,30,1e,AC01,AC01,256
xkb name too long|2|KEY_A,30,1e,AC01X,AC01,38
xkb name with brackets|2|KEY_A,30,1e,<AC01>,AC01,38
row naming no keycode|2|,,1e,,,
evdev name without Linux code|2|,,54,PRSC,SYRQ,92
EOF
}

count=$(bad_cases | wc -l)
echo "1..$((count + 4))"
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); echo "not ok $n - $1"
    shift
    for line in "$@"; do echo "# $line"; done
}

# The real data file.
if $AWK -f "$gen" "$csv" > "$tmp/out.h" 2> "$tmp/err" &&
   grep -q 'vnc_keymap_evdev_to_xtkbd\[256\]' "$tmp/out.h" &&
   grep -q 'vnc_keymap_xfree86_to_xtkbd\[256\]' "$tmp/out.h" &&
   [ ! -s "$tmp/err" ]; then
    ok "keymaps.csv generates both tables"
else
    not_ok "keymaps.csv generates both tables" "$(cat "$tmp/err")"
fi

# A small file with comments, blank lines, spaces around fields, CRLF line
# ends and the kinds of rows the real file has.
printf '%s\r\n' "# comment" "$header" "" "  # indented comment" \
    "KEY_A, 30, 1E, AC01, AC01, 38" \
    "KEY_UP,103,e0 48,UP,UP,98" \
    ",,54,,SYRQ,92" \
    "KEY_HIRAGANA,91,77,HIRA,," \
    "KEY_ZENKAKUHANKAKU,85,76,,K76,221" > "$tmp/good.csv"
if $AWK -f "$gen" "$tmp/good.csv" > "$tmp/good.h" 2> "$tmp/err"; then
    ok "a small good file is accepted"
else
    not_ok "a small good file is accepted" "$(cat "$tmp/err")"
fi

# Its tables: exactly the entries of the rows, in RFB encoding.
entries=$(grep -o '\[[0-9]*\] = 0x[0-9a-f]*' "$tmp/good.h" | tr '\n' ' ')
want="[38] = 0x1e [93] = 0x76 [99] = 0x77 [111] = 0xc8 [38] = 0x1e [92] = 0x54 [98] = 0xc8 [221] = 0x76 "
if [ "$entries" = "$want" ]; then
    ok "the small file's tables hold its rows"
else
    not_ok "the small file's tables hold its rows" "got:  $entries" "want: $want"
fi

# The output compiles as C (with GLib's guint16 spelled out).
if command -v "${CC:-cc}" > /dev/null 2>&1; then
    { echo "typedef unsigned short guint16;"; cat "$tmp/good.h";
      echo "int main(void) { return vnc_keymap_evdev_to_xtkbd[38] + vnc_keymap_xfree86_to_xtkbd[38] == 0x3c ? 0 : 1; }"; } \
        > "$tmp/good.c"
    if "${CC:-cc}" -Wall -Werror -o "$tmp/good" "$tmp/good.c" 2> "$tmp/err" && "$tmp/good"; then
        ok "the generated tables compile and hold the values"
    else
        not_ok "the generated tables compile and hold the values" "$(cat "$tmp/err")"
    fi
else
    n=$((n + 1)); echo "ok $n - # SKIP no C compiler to build the generated tables"
fi

# Malformed files.
bad_cases > "$tmp/cases"
while IFS='|' read -r name line rows; do
    if [ "$rows" = "HEADER" ]; then
        echo "$header" > "$tmp/bad.csv"
    elif [ -z "$rows" ]; then
        : > "$tmp/bad.csv"
    else
        case "$name" in
            "no header"|"wrong header") : > "$tmp/bad.csv" ;;
            *) echo "$header" > "$tmp/bad.csv" ;;
        esac
        if [ "$name" = "no header" ]; then
            echo "# a comment" >> "$tmp/bad.csv"
        fi
        echo "$rows" | tr '|' '\n' >> "$tmp/bad.csv"
    fi
    $AWK -f "$gen" "$tmp/bad.csv" > "$tmp/bad.h" 2> "$tmp/err"
    status=$?
    if [ "$line" = "-" ]; then where="bad.csv: "; else where="bad.csv:$line: "; fi
    if [ "$status" -ne 0 ] && [ ! -s "$tmp/bad.h" ] &&
       grep -q "$where" "$tmp/err"; then
        ok "refused: $name ($(sed "s|^$tmp/||" "$tmp/err"))"
    else
        not_ok "refused: $name" "exit status $status" "stderr: $(cat "$tmp/err")" \
            "stdout: $(head -c 200 "$tmp/bad.h")"
    fi
done < "$tmp/cases"
