#!/bin/sh
# The man pages: they format without warnings, and they describe every
# option the tools accept (compared with the tools' --help-all). Prints
# TAP; a tool that is not built (gvncviewer needs the widget) or a
# missing groff says SKIP.
srcdir=${TOP_SRCDIR:-$(dirname "$0")/..}
builddir=${TOP_BUILDDIR:-..}

echo "1..4"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for line in "$@"; do echo "# $line"; done; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# The long options of a program's --help-all, leaving out GLib's help
# options and GTK's own (those the man pages describe by reference).
long_options() {
    "$1" --help-all 2>/dev/null | awk '
        /^[^ ]/ { section = $0; next }
        section ~ /^Help Options/ || section ~ /^GTK\+? Options/ { next }
        /^  *-/ {
            # "-u, --username=NAME   Description": the names come first.
            for (i = 1; i <= NF && $i ~ /^-/; i++) {
                if ($i ~ /^--[a-z]/) {
                    sub(/[=,].*/, "", $i)
                    print $i
                }
            }
        }'
}

for tool in gvnccapture gvncviewer; do
    page=$srcdir/docs/$tool.1
    if ! command -v groff >/dev/null 2>&1; then
        skip "$tool.1 formats without warnings" "groff is not installed"
    else
        warnings=$(LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$page" 2>&1)
        if [ -n "$warnings" ]; then
            not_ok "$tool.1 formats without warnings" "$warnings"
        else
            ok "$tool.1 formats without warnings"
        fi
    fi

    program=$builddir/viewer/$tool
    if [ ! -x "$program" ]; then
        skip "$tool.1 describes every option of $tool" "$tool is not built"
        continue
    fi
    options=$(long_options "$program")
    if [ -z "$options" ]; then
        not_ok "$tool.1 describes every option of $tool" "$tool --help-all listed no options"
        continue
    fi
    # In roff a hyphen is written \-.
    text=$(sed 's/\\-/-/g' "$page")
    missing=
    for option in $options; do
        printf '%s\n' "$text" | grep -qE -e "$option([^a-z0-9-]|\$)" || missing="$missing $option"
    done
    if [ -n "$missing" ]; then
        not_ok "$tool.1 describes every option of $tool" "not in the man page:$missing"
    else
        ok "$tool.1 describes every option of $tool"
    fi
done
