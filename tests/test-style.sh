#!/bin/sh
# One indentation style everywhere: C sources and headers use spaces
# (4 per level), never tabs, and carry no trailing whitespace or CRLF.
# Prints TAP: one test per rule, listing the offending lines.
srcdir=${TOP_SRCDIR:-$(dirname "$0")/..}
cd "$srcdir" || exit 1

files=$(git ls-files '*.c' '*.h' '*.h.in' 2>/dev/null)
if [ -z "$files" ]; then
    files=$(find src tests viewer -name '*.[ch]' 2>/dev/null)
fi

echo "1..3"
n=0
check() {
    n=$((n + 1))
    description=$1
    pattern=$2
    hits=$(printf '%s\n' $files | xargs grep -nE "$pattern" 2>/dev/null | head -n 20)
    if [ -n "$hits" ]; then
        echo "not ok $n - $description"
        printf '%s\n' "$hits" | sed 's/^/# /'
    else
        echo "ok $n - $description"
    fi
}
tab=$(printf '\t')
cr=$(printf '\r')
check "no tabs in C sources" "$tab"
check "no trailing whitespace in C sources" "[ $tab]+\$"
check "no CRLF line endings in C sources" "$cr\$"
