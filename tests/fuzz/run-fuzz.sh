#!/bin/sh
# gtk-vnc: builds the fuzz targets with clang, libFuzzer and the address
# and undefined-behaviour sanitizers, and fuzzes each for a bounded time.
#
#   run-fuzz.sh TOP_SRCDIR BUILDDIR
#
# BUILDDIR gets a configure of its own (CC=clang, sanitizer flags); it is
# configured once and rebuilt incrementally. Each target's seed corpus
# (tests/fuzz/corpus, tests/fuzz/corpus-handshake) and kept reproducers
# are copied into its work corpus (BUILDDIR/tests/fuzz/work-corpus,
# work-corpus-handshake), which keeps what the fuzzer adds between runs
# (FUZZ_FRESH=1 starts again from the seeds). Findings
# (TARGET-crash-*, -leak-*, -timeout-*, -oom-*) go to
# BUILDDIR/tests/fuzz/findings/; the script prints each one and fails.
#
# Environment: FUZZ_SECONDS (default 120, for each target), FUZZ_TARGETS
# (default "fuzz-server-messages fuzz-handshake"), FUZZ_JOBS (default 1),
# FUZZ_ARGS (more libFuzzer options), FUZZ_FRESH, FUZZ_COROUTINE
# (ucontext, the default, or gthread).
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
# The coroutine backend: ucontext, the default of real builds, which
# tells AddressSanitizer about its stack switches
# (src/coroutine-ucontext.c); FUZZ_COROUTINE=gthread fuzzes with a thread
# per coroutine instead (ASan knows thread stacks by itself).
coroutine=${FUZZ_COROUTINE:-ucontext}
CONFIGURE_ARGS="--with-coroutine=$coroutine"

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

targets=${FUZZ_TARGETS:-fuzz-server-messages fuzz-handshake}

say "building the library and the targets ($targets)"
make -s -C "$builddir/src" vncconnectionenums.h vncconnectionenums.c >/dev/null
make -s -C "$builddir/src" libgvnc-internal.la >"$builddir/fuzz-build.log" 2>&1 || {
    cat "$builddir/fuzz-build.log" >&2
    exit 1
}
for target in $targets; do
    make -s -C "$builddir/tests" FUZZ_LDFLAGS=-fsanitize=fuzzer \
        "fuzz/$target" >>"$builddir/fuzz-build.log" 2>&1 || {
        cat "$builddir/fuzz-build.log" >&2
        exit 1
    }
done

# Leaks are findings; GLib's caches made once are still reachable, and
# lsan.supp names the one system library that leaks by itself.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$fuzzdir/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

parallel=
if [ "$jobs" -gt 1 ]; then
    parallel="-fork=$jobs"
fi

findings=$builddir/tests/fuzz/findings
mkdir -p "$findings"
# Only new findings count.
rm -f "$findings"/*crash-* "$findings"/*leak-* "$findings"/*timeout-* \
      "$findings"/*oom-* "$findings"/*slow-unit-*

failed=0
for target in $targets; do
    # Each target's seeds, kept reproducers, dictionary and work corpus.
    case $target in
    fuzz-server-messages)
        seeds=$fuzzdir/corpus
        regressions=$fuzzdir/regressions
        dicts="$fuzzdir/rfb.dict"
        work=$builddir/tests/fuzz/work-corpus
        ;;
    fuzz-handshake)
        seeds=$fuzzdir/corpus-handshake
        regressions=$fuzzdir/regressions/handshake
        dicts="$fuzzdir/handshake.dict $fuzzdir/rfb.dict"
        work=$builddir/tests/fuzz/work-corpus-handshake
        ;;
    *)
        echo "fuzz: unknown target $target" >&2
        exit 2
        ;;
    esac
    bin=$builddir/tests/fuzz/$target

    if [ "${FUZZ_FRESH:-0}" = 1 ]; then
        rm -rf "$work"
    fi
    mkdir -p "$work"
    # Reproducers of fixed findings are good seeds too: the fuzzer starts
    # where the bugs were. Only files: directories hold other targets'.
    for dir in "$seeds" "$regressions"; do
        [ -d "$dir" ] || continue
        for f in "$dir"/*; do
            case $f in *.md) continue ;; esac
            [ -f "$f" ] || continue
            cp "$f" "$work"/
        done
    done
    # libFuzzer takes one dictionary.
    dict=$builddir/tests/fuzz/$target.dict
    cat $dicts >"$dict"

    say "$target: fuzzing for $seconds s ($jobs job(s)), corpus $work"
    log=$builddir/tests/fuzz/$target.log
    status=0
    # shellcheck disable=SC2086
    "$bin" $parallel \
        -max_total_time="$seconds" \
        -timeout=60 \
        -rss_limit_mb=4096 \
        -max_len=65536 \
        -dict="$dict" \
        -artifact_prefix="$findings/$target-" \
        -print_final_stats=1 \
        $extra_args \
        "$work" >"$log" 2>&1 || status=$?

    # The lines people want: coverage (edges "cov", features "ft") at the
    # start and at the end, speed, what was added.
    grep -E '^INFO: Loaded .*counters|^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
        "$log" || true

    found=0
    for f in "$findings/$target"-crash-* "$findings/$target"-leak-* \
             "$findings/$target"-timeout-* "$findings/$target"-oom-*; do
        [ -e "$f" ] || continue
        found=1
        echo "fuzz: FINDING: $f ($(wc -c <"$f") bytes); replay with:" >&2
        echo "  $bin $f" >&2
        echo "  (or tests/fuzz/$(echo "$target" | sed 's/^fuzz-server-messages$/fuzz-standalone/; s/^fuzz-handshake$/fuzz-standalone-handshake/') $f from a gcc build)" >&2
        od -A d -t x1 "$f" | head -n 16 >&2
    done
    if [ "$found" = 1 ] || [ "$status" != 0 ]; then
        echo "fuzz: $target: the fuzzer stopped with status $status; its output:" >&2
        grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" | tail -n 80 >&2
        failed=1
        continue
    fi
    say "$target: no findings ($log)"
done
exit $failed
