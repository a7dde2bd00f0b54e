#!/bin/sh
# gtk-vnc: builds the fuzz target with clang, libFuzzer and the address
# and undefined-behaviour sanitizers, and fuzzes for a bounded time.
#
#   run-fuzz.sh TOP_SRCDIR BUILDDIR
#
# BUILDDIR gets a configure of its own (CC=clang, sanitizer flags); it is
# configured once and rebuilt incrementally. The seed corpus
# (tests/fuzz/corpus) is copied into BUILDDIR/tests/fuzz/work-corpus,
# which keeps what the fuzzer adds between runs (FUZZ_FRESH=1 starts it
# again from the seeds). Findings (crash-*, leak-*, timeout-*, oom-*) go
# to BUILDDIR/tests/fuzz/findings/; the script prints each one and fails.
#
# Environment: FUZZ_SECONDS (default 120), FUZZ_JOBS (default 1),
# FUZZ_ARGS (more libFuzzer options), FUZZ_FRESH.
#
# clang and libFuzzer are Debian's clang and libclang-rt-14-dev; the
# script installs them when it runs as root and they are missing.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 TOP_SRCDIR BUILDDIR" >&2
    exit 2
fi
top_srcdir=$(cd "$1" && pwd)
builddir=$2
seconds=${FUZZ_SECONDS:-120}
jobs=${FUZZ_JOBS:-1}
extra_args=${FUZZ_ARGS:-}
fuzzdir=$top_srcdir/tests/fuzz

CC=${FUZZ_CC:-clang}
SAN_CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fsanitize-coverage-ignorelist=$fuzzdir/coverage-ignorelist.txt"
# The gthread coroutines: AddressSanitizer knows thread stacks, but not
# the stacks ucontext coroutines switch to. On those it reports false
# stack overflows and, worse, its swapcontext interceptor clears the
# shadow of the whole coroutine stack whenever it is entered, so that an
# overflow of a local buffer in a frame that lived across a yield would
# go unseen. The decoders and the connection do not depend on the
# backend.
CONFIGURE_ARGS="--with-coroutine=gthread"

say() {
    echo "fuzz: $*"
}

# A program that libFuzzer links, to see whether clang and its runtime
# are there.
have_libfuzzer() {
    tmp=$(mktemp -d)
    cat >"$tmp/t.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
EOF
    if $CC -fsanitize=fuzzer,address,undefined "$tmp/t.c" -o "$tmp/t" >/dev/null 2>&1; then
        rm -rf "$tmp"
        return 0
    fi
    rm -rf "$tmp"
    return 1
}

if ! have_libfuzzer; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing clang and libclang-rt-14-dev"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            clang libclang-rt-14-dev >/dev/null
    fi
    if ! have_libfuzzer; then
        echo "fuzz: $CC cannot link a libFuzzer target with ASan and UBSan;" \
             "install clang and libclang-rt-14-dev (Debian)" >&2
        exit 1
    fi
fi

mkdir -p "$builddir"
builddir=$(cd "$builddir" && pwd)

# Configure once; again when configure itself or our flags changed.
stamp=$builddir/fuzz-configure.stamp
wanted="$CC $SAN_CFLAGS $CONFIGURE_ARGS"
if [ ! -f "$builddir/config.status" ] || [ ! -f "$stamp" ] ||
   [ "$top_srcdir/configure" -nt "$builddir/config.status" ] ||
   [ "$(cat "$stamp")" != "$wanted" ]; then
    say "configuring $builddir (CC=$CC, sanitizers, $CONFIGURE_ARGS)"
    rm -f "$stamp"
    # shellcheck disable=SC2086
    (cd "$builddir" && "$top_srcdir/configure" CC="$CC" CFLAGS="$SAN_CFLAGS" \
        $CONFIGURE_ARGS >configure.log 2>&1) || {
        cat "$builddir/configure.log" >&2
        exit 1
    }
    # Objects of another configuration must not be linked in.
    make -s -C "$builddir/src" clean >/dev/null 2>&1 || true
    make -s -C "$builddir/tests" clean >/dev/null 2>&1 || true
    echo "$wanted" >"$stamp"
fi

say "building the library and the target"
make -s -C "$builddir/src" vncconnectionenums.h vncconnectionenums.c >/dev/null
make -s -C "$builddir/src" libgvnc-internal.la >"$builddir/fuzz-build.log" 2>&1 || {
    cat "$builddir/fuzz-build.log" >&2
    exit 1
}
make -s -C "$builddir/tests" FUZZ_LDFLAGS=-fsanitize=fuzzer \
    fuzz/fuzz-server-messages >>"$builddir/fuzz-build.log" 2>&1 || {
    cat "$builddir/fuzz-build.log" >&2
    exit 1
}
target=$builddir/tests/fuzz/fuzz-server-messages

work=$builddir/tests/fuzz/work-corpus
findings=$builddir/tests/fuzz/findings
if [ "${FUZZ_FRESH:-0}" = 1 ]; then
    rm -rf "$work"
fi
mkdir -p "$work" "$findings"
cp "$fuzzdir"/corpus/* "$work"/
# Reproducers of fixed findings are good seeds too: the fuzzer starts
# where the bugs were.
if [ -d "$fuzzdir/regressions" ]; then
    for f in "$fuzzdir"/regressions/*; do
        case $f in *.md|*'*') continue ;; esac
        cp "$f" "$work"/
    done
fi
# Only new findings count.
rm -f "$findings"/crash-* "$findings"/leak-* "$findings"/timeout-* \
      "$findings"/oom-* "$findings"/slow-unit-*

# Leaks are findings; GLib's caches made once are still reachable.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

parallel=
if [ "$jobs" -gt 1 ]; then
    parallel="-fork=$jobs"
fi

say "fuzzing for $seconds s ($jobs job(s)), corpus $work"
log=$builddir/tests/fuzz/fuzz.log
status=0
# shellcheck disable=SC2086
"$target" $parallel \
    -max_total_time="$seconds" \
    -timeout=60 \
    -rss_limit_mb=4096 \
    -max_len=65536 \
    -dict="$fuzzdir/rfb.dict" \
    -artifact_prefix="$findings/" \
    -print_final_stats=1 \
    $extra_args \
    "$work" >"$log" 2>&1 || status=$?

# The lines people want: coverage (edges "cov", features "ft") at the
# start and at the end, speed, what was added.
grep -E '^INFO: Loaded .*counters|^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
    "$log" || true

found=0
for f in "$findings"/crash-* "$findings"/leak-* "$findings"/timeout-* "$findings"/oom-*; do
    [ -e "$f" ] || continue
    found=1
    echo "fuzz: FINDING: $f ($(wc -c <"$f") bytes); replay with:" >&2
    echo "  $target $f" >&2
    echo "  (or tests/fuzz/fuzz-standalone $f from a gcc build)" >&2
    od -A d -t x1 "$f" | head -n 16 >&2
done
if [ "$found" = 1 ] || [ "$status" != 0 ]; then
    echo "fuzz: the fuzzer stopped with status $status; its output:" >&2
    grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" | tail -n 80 >&2
    exit 1
fi
say "no findings ($log)"
