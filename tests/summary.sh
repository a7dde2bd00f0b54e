#!/bin/sh
# Prints the closing line of a test run, "N passed, N failed, N skipped",
# from the totals automake's harness wrote to test-suite.log. Exits
# non-zero when anything failed or errored, or when no test ran at all.
log=${1:-test-suite.log}
if [ ! -f "$log" ]; then
    echo "summary: $log not found: the test suite did not run" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
count() { sed -n "s/^# $1: *\([0-9]*\)$/\1/p" "$log" | head -n 1; }
pass=$(count PASS); fail=$(count FAIL); skip=$(count SKIP)
xfail=$(count XFAIL); xpass=$(count XPASS); err=$(count ERROR)
failed=$(( ${fail:-0} + ${err:-0} + ${xpass:-0} ))
passed=$(( ${pass:-0} + ${xfail:-0} ))
echo "${passed} passed, ${failed} failed, ${skip:-0} skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
