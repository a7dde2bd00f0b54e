/*
 * gtk-vnc: tests of the coroutine backend this build uses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <string.h>

#include "coroutine.h"

/* Built with AddressSanitizer (GCC's and clang's ways of saying so). */
#if defined(__SANITIZE_ADDRESS__)
# define TEST_HAVE_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define TEST_HAVE_ASAN 1
# endif
#endif

static void
test_backend_name(void)
{
    g_assert_cmpstr(vnc_coroutine_backend_name(), ==, VNC_COROUTINE_BACKEND);
}

/* Values that use the high half of a 64-bit pointer, to catch a backend
 * that squeezes pointers through an int. */
#define TRANSFER(n) GSIZE_TO_POINTER((gsize)(n) | ((gsize)(sizeof(gsize) > 4) << 16 << 16 << 8))

static gpointer
echo_func(gpointer arg)
{
    gsize total = GPOINTER_TO_SIZE(arg);
    gpointer next;

    g_assert_nonnull(vnc_coroutine_self());

    /* Hands back what it got plus one, until it is entered with 0. */
    for (;;) {
        next = vnc_coroutine_yield(GSIZE_TO_POINTER(GPOINTER_TO_SIZE(arg) + 1));
        if (next == NULL)
            break;
        total += GPOINTER_TO_SIZE(next);
        arg = next;
    }
    return GSIZE_TO_POINTER(total);
}

static void
test_enter_yield(void)
{
    VncCoroutine *co = vnc_coroutine_new(echo_func, 0);
    gpointer result;

    g_assert_false(vnc_coroutine_is_finished(co));

    result = vnc_coroutine_enter(co, TRANSFER(10));
    g_assert_cmpuint(GPOINTER_TO_SIZE(result), ==, GPOINTER_TO_SIZE(TRANSFER(10)) + 1);
    g_assert_false(vnc_coroutine_is_finished(co));

    result = vnc_coroutine_enter(co, TRANSFER(20));
    g_assert_cmpuint(GPOINTER_TO_SIZE(result), ==, GPOINTER_TO_SIZE(TRANSFER(20)) + 1);
    g_assert_false(vnc_coroutine_is_finished(co));

    result = vnc_coroutine_enter(co, NULL);
    g_assert_true(vnc_coroutine_is_finished(co));
    g_assert_cmpuint(GPOINTER_TO_SIZE(result), ==,
                     GPOINTER_TO_SIZE(TRANSFER(10)) + GPOINTER_TO_SIZE(TRANSFER(20)));

    vnc_coroutine_free(co);
}

static gpointer
return_at_once_func(gpointer arg)
{
    return arg;
}

static void
test_return_at_once(void)
{
    VncCoroutine *co = vnc_coroutine_new(return_at_once_func, 0);

    g_assert_true(vnc_coroutine_enter(co, TRANSFER(7)) == TRANSFER(7));
    g_assert_true(vnc_coroutine_is_finished(co));
    vnc_coroutine_free(co);
}

static void
test_never_entered(void)
{
    VncCoroutine *co = vnc_coroutine_new(return_at_once_func, 0);

    g_assert_false(vnc_coroutine_is_finished(co));
    vnc_coroutine_free(co);
    vnc_coroutine_free(NULL);
}

static gpointer
self_func(gpointer arg)
{
    VncCoroutine **slot = arg;

    g_assert_true(vnc_coroutine_self() == *slot);
    vnc_coroutine_yield(NULL);
    g_assert_true(vnc_coroutine_self() == *slot);
    return NULL;
}

static void
test_self(void)
{
    VncCoroutine *co;

    g_assert_null(vnc_coroutine_self());
    co = vnc_coroutine_new(self_func, 0);
    vnc_coroutine_enter(co, &co);
    g_assert_null(vnc_coroutine_self());
    vnc_coroutine_enter(co, NULL);
    g_assert_null(vnc_coroutine_self());
    g_assert_true(vnc_coroutine_is_finished(co));
    vnc_coroutine_free(co);
}

/* Nesting: the outer coroutine drives an inner one, and yields to the
 * main program in between. The log records who ran when. */
typedef struct {
    VncCoroutine *outer;
    VncCoroutine *inner;
    GString *log;
} Nest;

static gpointer
inner_func(gpointer arg)
{
    Nest *nest = arg;

    g_assert_true(vnc_coroutine_self() == nest->inner);
    g_string_append(nest->log, "i1 ");
    g_assert_true(vnc_coroutine_yield(TRANSFER(1)) == TRANSFER(2));
    g_assert_true(vnc_coroutine_self() == nest->inner);
    g_string_append(nest->log, "i2 ");
    return TRANSFER(3);
}

static gpointer
outer_func(gpointer arg)
{
    Nest *nest = arg;

    g_string_append(nest->log, "o1 ");
    nest->inner = vnc_coroutine_new(inner_func, 0);
    g_assert_true(vnc_coroutine_enter(nest->inner, nest) == TRANSFER(1));
    g_assert_true(vnc_coroutine_self() == nest->outer);
    g_assert_false(vnc_coroutine_is_finished(nest->inner));

    g_string_append(nest->log, "o2 ");
    g_assert_true(vnc_coroutine_yield(TRANSFER(4)) == TRANSFER(5));
    g_assert_true(vnc_coroutine_self() == nest->outer);

    g_string_append(nest->log, "o3 ");
    g_assert_true(vnc_coroutine_enter(nest->inner, TRANSFER(2)) == TRANSFER(3));
    g_assert_true(vnc_coroutine_is_finished(nest->inner));
    g_assert_true(vnc_coroutine_self() == nest->outer);
    vnc_coroutine_free(nest->inner);
    nest->inner = NULL;

    g_string_append(nest->log, "o4");
    return TRANSFER(6);
}

static void
test_nested(void)
{
    Nest nest = { NULL, NULL, g_string_new(NULL) };

    nest.outer = vnc_coroutine_new(outer_func, 0);
    g_assert_true(vnc_coroutine_enter(nest.outer, &nest) == TRANSFER(4));
    g_assert_null(vnc_coroutine_self());
    g_string_append(nest.log, "m ");
    g_assert_true(vnc_coroutine_enter(nest.outer, TRANSFER(5)) == TRANSFER(6));
    g_assert_true(vnc_coroutine_is_finished(nest.outer));
    g_assert_null(vnc_coroutine_self());

    g_assert_cmpstr(nest.log->str, ==, "o1 i1 o2 m o3 i2 o4");
    vnc_coroutine_free(nest.outer);
    g_string_free(nest.log, TRUE);
}

/* A chain: each coroutine enters the next one until the last, then
 * every level returns through its enterer. */
#define CHAIN_DEPTH 20

typedef struct {
    VncCoroutine *chain[CHAIN_DEPTH];
    int depth_seen;
} Chain;

static Chain *chain_state;

static gpointer
chain_func(gpointer arg)
{
    int level = GPOINTER_TO_INT(arg);
    gpointer result;

    g_assert_true(vnc_coroutine_self() == chain_state->chain[level]);
    if (level + 1 == CHAIN_DEPTH) {
        chain_state->depth_seen = level + 1;
        return GINT_TO_POINTER(level);
    }
    result = vnc_coroutine_enter(chain_state->chain[level + 1], GINT_TO_POINTER(level + 1));
    g_assert_true(vnc_coroutine_self() == chain_state->chain[level]);
    g_assert_true(vnc_coroutine_is_finished(chain_state->chain[level + 1]));
    return GINT_TO_POINTER(GPOINTER_TO_INT(result) + level);
}

static void
test_nested_chain(void)
{
    Chain chain = { { NULL }, 0 };
    int expected = 0;
    int i;

    chain_state = &chain;
    for (i = 0; i < CHAIN_DEPTH; i++) {
        chain.chain[i] = vnc_coroutine_new(chain_func, 0);
        expected += i;
    }
    g_assert_cmpint(GPOINTER_TO_INT(vnc_coroutine_enter(chain.chain[0], GINT_TO_POINTER(0))),
                    ==, expected);
    g_assert_cmpint(chain.depth_seen, ==, CHAIN_DEPTH);
    for (i = 0; i < CHAIN_DEPTH; i++) {
        g_assert_true(vnc_coroutine_is_finished(chain.chain[i]));
        vnc_coroutine_free(chain.chain[i]);
    }
    chain_state = NULL;
}

/* Many coroutines alive at once, each with its own state on its stack,
 * scheduled round robin. */
#define MANY 200
#define ROUNDS 25

static gpointer
counter_func(gpointer arg)
{
    int id = GPOINTER_TO_INT(arg);
    volatile int local[16];  /* lives on this coroutine's stack */
    int round;

    for (round = 0; round < ROUNDS; round++) {
        local[round % 16] = id * 1000 + round;
        vnc_coroutine_yield(GINT_TO_POINTER(local[round % 16]));
        g_assert_cmpint(local[round % 16], ==, id * 1000 + round);
    }
    return GINT_TO_POINTER(-id);
}

static void
test_many(void)
{
    VncCoroutine **cos = g_new0(VncCoroutine *, MANY);
    int round, i;

    for (i = 0; i < MANY; i++)
        cos[i] = vnc_coroutine_new(counter_func, 0);

    for (round = 0; round < ROUNDS; round++) {
        for (i = 0; i < MANY; i++) {
            gpointer arg = round == 0 ? GINT_TO_POINTER(i) : NULL;
            g_assert_cmpint(GPOINTER_TO_INT(vnc_coroutine_enter(cos[i], arg)), ==,
                            i * 1000 + round);
        }
    }
    for (i = 0; i < MANY; i++) {
        g_assert_false(vnc_coroutine_is_finished(cos[i]));
        g_assert_cmpint(GPOINTER_TO_INT(vnc_coroutine_enter(cos[i], NULL)), ==, -i);
        g_assert_true(vnc_coroutine_is_finished(cos[i]));
        vnc_coroutine_free(cos[i]);
    }
    g_free(cos);
}

/* The default stack must hold what TLS and zlib put on it: use a good
 * part of 256 KiB in nested frames. */
static guint
deep_recursion(guint depth)
{
    volatile guint8 frame[1024];
    guint sum;

    memset((void *)frame, depth & 0xff, sizeof(frame));
    if (depth == 0)
        return frame[0];
    sum = deep_recursion(depth - 1);
    return sum + frame[depth % sizeof(frame)];
}

static gpointer
deep_func(gpointer arg)
{
    guint depth = GPOINTER_TO_UINT(arg);

    return GUINT_TO_POINTER(deep_recursion(depth));
}

static void
test_deep_stack(void)
{
    VncCoroutine *co = vnc_coroutine_new(deep_func, 0);
    guint depth = 200, expected = 0, i;

    for (i = 0; i <= depth; i++)
        expected += i & 0xff;
    g_assert_cmpuint(GPOINTER_TO_UINT(vnc_coroutine_enter(co, GUINT_TO_POINTER(depth))), ==,
                     expected);
    vnc_coroutine_free(co);
}

static void
test_small_stack_size(void)
{
    /* Tiny sizes are rounded up to something usable. */
    VncCoroutine *co = vnc_coroutine_new(deep_func, 1);

    g_assert_cmpuint(GPOINTER_TO_UINT(vnc_coroutine_enter(co, GUINT_TO_POINTER(4))), ==,
                     0 + 1 + 2 + 3 + 4);
    vnc_coroutine_free(co);
}

/* A coroutine may be created and freed by another coroutine, and the
 * program may re-use the same thread for a new batch afterwards. */
static gpointer
spawner_func(gpointer arg)
{
    int i;

    for (i = 0; i < 10; i++) {
        VncCoroutine *co = vnc_coroutine_new(return_at_once_func, 0);
        g_assert_true(vnc_coroutine_enter(co, GINT_TO_POINTER(i + 1)) == GINT_TO_POINTER(i + 1));
        vnc_coroutine_free(co);
        vnc_coroutine_yield(GINT_TO_POINTER(i));
    }
    return NULL;
}

static void
test_spawner(void)
{
    VncCoroutine *co = vnc_coroutine_new(spawner_func, 0);
    int i;

    for (i = 0; i < 10; i++)
        g_assert_cmpint(GPOINTER_TO_INT(vnc_coroutine_enter(co, NULL)), ==, i);
    g_assert_null(vnc_coroutine_enter(co, NULL));
    g_assert_true(vnc_coroutine_is_finished(co));
    vnc_coroutine_free(co);
}

#ifdef TEST_HAVE_ASAN
/* AddressSanitizer must still see the redzones of a frame that was
 * suspended across a yield while other coroutines and the main program
 * ran: a decoder waiting for bytes with a local array is exactly that.
 * (Its swapcontext interceptor used to wipe them on every entry.) */
static gpointer
overflow_after_yield_func(gpointer arg)
{
    volatile char buffer[16];
    volatile char *p = buffer;  /* out of UBSan's sight: ASan's to catch */
    int index;

    buffer[0] = 1;
    index = GPOINTER_TO_INT(vnc_coroutine_yield(NULL));
    p[index] = 2;
    return GINT_TO_POINTER(buffer[0]);
}

static void
test_asan_suspended_frame_overflow(void)
{
    if (g_test_subprocess()) {
        VncCoroutine *co = vnc_coroutine_new(overflow_after_yield_func, 0);
        VncCoroutine *other = vnc_coroutine_new(deep_func, 0);

        vnc_coroutine_enter(co, NULL);
        /* Something else runs on another stack in between. */
        vnc_coroutine_enter(other, GUINT_TO_POINTER(8));
        vnc_coroutine_free(other);
        /* One past the end of the suspended frame's array. */
        vnc_coroutine_enter(co, GINT_TO_POINTER(16));
        vnc_coroutine_free(co);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*stack-buffer-overflow*");
}

/* The same frame used within its bounds is fine: no false report after
 * the switches. */
static void
test_asan_suspended_frame_in_bounds(void)
{
    VncCoroutine *co = vnc_coroutine_new(overflow_after_yield_func, 0);

    vnc_coroutine_enter(co, NULL);
    g_assert_cmpint(GPOINTER_TO_INT(vnc_coroutine_enter(co, GINT_TO_POINTER(15))), ==, 1);
    vnc_coroutine_free(co);
}
#endif

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/coroutine/backend-name", test_backend_name);
    g_test_add_func("/coroutine/enter-yield", test_enter_yield);
    g_test_add_func("/coroutine/return-at-once", test_return_at_once);
    g_test_add_func("/coroutine/never-entered", test_never_entered);
    g_test_add_func("/coroutine/self", test_self);
    g_test_add_func("/coroutine/nested", test_nested);
    g_test_add_func("/coroutine/nested-chain", test_nested_chain);
    g_test_add_func("/coroutine/many", test_many);
    g_test_add_func("/coroutine/deep-stack", test_deep_stack);
    g_test_add_func("/coroutine/small-stack-size", test_small_stack_size);
    g_test_add_func("/coroutine/spawner", test_spawner);
#ifdef TEST_HAVE_ASAN
    g_test_add_func("/coroutine/asan/suspended-frame-overflow",
                    test_asan_suspended_frame_overflow);
    g_test_add_func("/coroutine/asan/suspended-frame-in-bounds",
                    test_asan_suspended_frame_in_bounds);
#endif

    return g_test_run();
}
