#!/bin/bash
# Installs what is needed (Debian 12, as root), builds gtk-vnc and runs
# the whole test suite:
#   1. the default build (ucontext coroutines) with -Werror and the
#      reference manuals (gtk-doc, whose coverage a test checks): make
#      check, real-server tests included;
#   2. a build with gthread coroutines and the GTK 3 widget
#      (libgtk-vnc-2.0): make check without the real-server tests;
#   3. make distcheck (the tarball builds, passes make check and
#      installs cleanly).
# It ends with the line "N passed, N failed, N skipped", summed over the
# three runs, and exits non-zero if anything failed.
#
# Builds go to _build/ in the source tree. GVNC_NO_INSTALL=1 skips the
# package installation.

set -u -o pipefail
GVNC_TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$GVNC_TOP/tools/deps.sh"

JOBS=$(nproc 2>/dev/null || echo 2)
total_passed=0
total_failed=0
total_skipped=0
started=$(date +%s)

# note RUN SUMMARY-LINE: adds one run's "N passed, N failed, N skipped".
note() {
    local run=$1 line=$2 p f s
    read -r p f s <<<"$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' <<<"$line")"
    if [ -z "${p:-}" ]; then
        p=0 f=1 s=0
    fi
    echo "== $run: $p passed, $f failed, $s skipped ($(( $(date +%s) - started )) s so far)"
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
    total_skipped=$((total_skipped + s))
}

# A step that broke before any test could run counts as one failure.
broken() {
    echo "== $1: FAILED before its tests ran"
    total_failed=$((total_failed + 1))
}

finish() {
    echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
    [ "$total_failed" -eq 0 ] && [ "$total_passed" -gt 0 ]
    exit $?
}

# check_run RUN BUILDDIR [MAKE ARGUMENTS...]: make check, then its summary.
check_run() {
    local run=$1 dir=$2
    shift 2
    rm -f "$dir/tests/test-suite.log"
    if ! make -C "$dir" -j"$JOBS" check "$@"; then
        # The harness keeps the logs of the failed tests in test-suite.log.
        [ -f "$dir/tests/test-suite.log" ] && cat "$dir/tests/test-suite.log"
    fi
    note "$run" "$(sh "$GVNC_TOP/tests/summary.sh" "$dir/tests/test-suite.log")"
}

gvnc_install_deps || { broken "installing packages"; finish; }

# The real-server tests work in $TMPDIR; a folder of our own lets us
# check at the end that they left no server behind (and keeps unix
# socket paths short).
TMPDIR=$(mktemp -d /tmp/gvnc-ci.XXXXXX) || { broken "mktemp"; finish; }
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

echo "== build 1: ucontext coroutines, warnings are errors, reference manuals"
uctx=$GVNC_TOP/_build/ucontext
if gvnc_configure "$uctx" --enable-werror --enable-gtk-doc && make -C "$uctx" -j"$JOBS"; then
    check_run "make check (ucontext)" "$uctx"
else
    broken "build (ucontext)"
fi

echo "== build 2: gthread coroutines, GTK 3 widget, tests without real servers"
gthr=$GVNC_TOP/_build/gthread
if gvnc_configure "$gthr" --enable-werror --with-coroutine=gthread --with-gtk=3.0 &&
   make -C "$gthr" -j"$JOBS"; then
    check_run "make check (gthread, GTK 3, no real servers)" "$gthr" REALSERVER_TESTS=
else
    broken "build (gthread)"
fi

echo "== make distcheck"
if [ -f "$uctx/Makefile" ]; then
    make -C "$uctx" -j"$JOBS" distcheck 2>&1 | tee "$uctx/distcheck.log"
    status=$?
    # The harness prints its totals ("# PASS: N" ...) in the output, the
    # same lines summary.sh reads from test-suite.log.
    line=$(sh "$GVNC_TOP/tests/summary.sh" "$uctx/distcheck.log")
    if [ "$status" -ne 0 ]; then
        # A failure after the tests passed (install, dist) still fails.
        grep -q ' 0 failed' <<<"$line" && line="${line%% passed*} passed, 1 failed, ${line##*failed, }"
    fi
    note "make distcheck" "$line"
else
    broken "make distcheck"
fi

# The real-server tests stop their servers themselves; make sure.
# (A scan of /proc: pgrep is not on every fresh machine.)
leftover=
for proc in /proc/[0-9]*; do
    if { tr '\0' ' ' <"$proc/cmdline"; } 2>/dev/null | grep -qF "$TMPDIR/"; then
        leftover="$leftover ${proc#/proc/}"
    fi
done
if [ -n "$leftover" ]; then
    echo "== servers left running by the tests (stopping them): $leftover"
    kill $leftover 2>/dev/null
    broken "servers left running"
fi

echo "== done in $(( $(date +%s) - started )) s"
finish
