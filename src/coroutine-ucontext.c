/*
 * gtk-vnc: coroutines on ucontext (makecontext/swapcontext)
 *
 * Each coroutine gets its own stack, mapped with mmap and guarded by an
 * inaccessible page at its low end so that an overflow faults at once
 * instead of silently corrupting the heap. Switching is swapcontext():
 * the caller's registers are saved in the coroutine's caller_context and
 * the coroutine's restored, and the other way round on yield.
 *
 * Coroutines may nest: a coroutine can enter another one, which then
 * yields back to it. Each coroutine remembers which coroutine (or NULL for
 * plain thread context) entered it, so vnc_coroutine_self() is right again
 * after the inner one yields.
 *
 * Memory checkers must be told about the stacks: valgrind through its
 * stack registration client requests, AddressSanitizer through its fiber
 * switch annotations (see the ASan section below), so that both keep
 * checking the coroutine's own stack frames.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/mman.h>

#include "coroutine.h"

/* Valgrind must be told about stacks it did not see being created, or it
 * reports every switch as a wild stack-pointer change and loses track of
 * what is initialised. valgrind.h is a header-only client-request API, so
 * using it costs nothing when not running under valgrind. */
#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
#  define VNC_HAVE_VALGRIND 1
# endif
#endif

/* AddressSanitizer keeps "shadow" memory telling which stack bytes are
 * live locals and which are redzones around them, and it assumes the
 * stack pointer stays within the thread's stack. Without help, a switch
 * to a coroutine stack looks like a stack overflow to it (false reports on
 * the next exception unwinding or fake stack use), and its swapcontext()
 * interceptor wipes the shadow of the whole stack named in the target
 * context's uc_stack on every switch: the redzones of frames suspended
 * across a yield (a decoder waiting for bytes with a local array) would
 * be gone, and an overflow of such an array would go unseen. So:
 *
 *  - every switch is announced with __sanitizer_start_switch_fiber()
 *    (the stack we go to) and confirmed on arrival with
 *    __sanitizer_finish_switch_fiber() (which also tells the coroutine the
 *    bounds of the stack it came from, to announce the way back);
 *  - uc_stack is cleared once makecontext() has used it, so that the
 *    interceptor finds no stack to wipe; the stack's shadow is cleared by
 *    us instead, once before the first entry and when it is freed (a
 *    coroutine freed while suspended leaves poisoned redzones behind, and
 *    the next mapping at that address must not inherit them).
 *
 * GCC says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer). */
#if defined(__SANITIZE_ADDRESS__)
# define VNC_HAVE_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define VNC_HAVE_ASAN 1
# endif
#endif
#ifdef VNC_HAVE_ASAN
# include <sanitizer/asan_interface.h>
# include <sanitizer/common_interface_defs.h>
#endif

/* TLS handshakes, zlib inflate state on the stack, libjpeg and SASL
 * (GSSAPI in particular) are all hungry; the pages are only committed when
 * touched, so being generous costs address space, not memory. */
#define VNC_COROUTINE_DEFAULT_STACK (1024u * 1024u)
#define VNC_COROUTINE_MIN_STACK     (64u * 1024u)

struct _VncCoroutine {
    ucontext_t context;         /* the coroutine's registers while it is switched out */
    ucontext_t caller_context;  /* the enterer's registers while the coroutine runs */
    VncCoroutine *caller;       /* the coroutine that entered us, NULL for none */
    VncCoroutineFunc func;
    gpointer transfer;          /* the value passed on the current switch */

    guint8 *mapping;            /* guard page followed by the stack */
    gsize mapping_size;
    gsize guard_size;
#ifdef VNC_HAVE_VALGRIND
    unsigned int valgrind_stack_id;
#endif
#ifdef VNC_HAVE_ASAN
    void *asan_fake_stack;          /* ASan's fake frames of the coroutine while switched out */
    const void *asan_caller_bottom; /* the stack of whoever entered it last */
    size_t asan_caller_size;
#endif

    gboolean started;
    gboolean running;           /* entered and not yet yielded back */
    gboolean finished;
};

/* The coroutine running on this thread. Coroutines never move between
 * threads, but several threads may each drive their own. */
static __thread VncCoroutine *vnc_coroutine_current;

static gsize
vnc_coroutine_page_size(void)
{
    static gsize page_size;

    if (page_size == 0) {
        long size = sysconf(_SC_PAGESIZE);
        page_size = size > 0 ? (gsize)size : 4096;
    }
    return page_size;
}

static guint8 *
vnc_coroutine_stack_bottom(VncCoroutine *co)
{
    return co->mapping + co->guard_size;
}

static gsize
vnc_coroutine_stack_size(VncCoroutine *co)
{
    return co->mapping_size - co->guard_size;
}

/* The ASan announcements, each a no-op in other builds. Entering: from
 * the enterer's stack to @co's; *fake_stack keeps the enterer's fake
 * frames until it is back. */
static inline void
vnc_coroutine_asan_enter_start(VncCoroutine *co, void **fake_stack)
{
#ifdef VNC_HAVE_ASAN
    __sanitizer_start_switch_fiber(fake_stack, vnc_coroutine_stack_bottom(co),
                                   vnc_coroutine_stack_size(co));
#else
    (void)co;
    (void)fake_stack;
#endif
}

/* Back on the enterer's stack after @co yielded or finished. */
static inline void
vnc_coroutine_asan_enter_finish(void *fake_stack)
{
#ifdef VNC_HAVE_ASAN
    __sanitizer_finish_switch_fiber(fake_stack, NULL, NULL);
#else
    (void)fake_stack;
#endif
}

/* On @co's stack, just switched in: remembers where we came from. */
static inline void
vnc_coroutine_asan_arrived(VncCoroutine *co)
{
#ifdef VNC_HAVE_ASAN
    __sanitizer_finish_switch_fiber(co->asan_fake_stack, &co->asan_caller_bottom,
                                    &co->asan_caller_size);
#else
    (void)co;
#endif
}

/* Leaving @co's stack for its enterer's: a yield keeps the coroutine's
 * fake frames, the final switch of a finished coroutine lets ASan free
 * them (NULL). */
static inline void
vnc_coroutine_asan_leave(VncCoroutine *co, gboolean finished)
{
#ifdef VNC_HAVE_ASAN
    __sanitizer_start_switch_fiber(finished ? NULL : &co->asan_fake_stack,
                                   co->asan_caller_bottom, co->asan_caller_size);
#else
    (void)co;
    (void)finished;
#endif
}

/* Clears what ASan remembers about the stack's bytes (see above). */
static inline void
vnc_coroutine_asan_unpoison_stack(VncCoroutine *co)
{
#ifdef VNC_HAVE_ASAN
    ASAN_UNPOISON_MEMORY_REGION(vnc_coroutine_stack_bottom(co), vnc_coroutine_stack_size(co));
#else
    (void)co;
#endif
}

/* makecontext() only passes int arguments, and a pointer does not fit in
 * one on 64-bit systems, so it travels as two 32-bit halves. */
static void
vnc_coroutine_trampoline(unsigned int high, unsigned int low)
{
    uintptr_t address = ((uintptr_t)high << 16 << 16) | (uintptr_t)low;
    VncCoroutine *co = (VncCoroutine *)address;

    vnc_coroutine_asan_arrived(co);

    co->transfer = co->func(co->transfer);
    co->finished = TRUE;
    co->running = FALSE;

    /* Never returns: nothing ever switches back into a finished
     * coroutine. (Not relying on uc_link keeps the return path the same
     * as for a yield.) */
    vnc_coroutine_asan_leave(co, TRUE);
    swapcontext(&co->context, &co->caller_context);
    g_assert_not_reached();
}

VncCoroutine *
vnc_coroutine_new(VncCoroutineFunc func, gsize stack_size)
{
    VncCoroutine *co;
    gsize page = vnc_coroutine_page_size();
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
    void *mapping;

    g_return_val_if_fail(func != NULL, NULL);

    if (stack_size == 0)
        stack_size = VNC_COROUTINE_DEFAULT_STACK;
    if (stack_size < VNC_COROUTINE_MIN_STACK)
        stack_size = VNC_COROUTINE_MIN_STACK;
    stack_size = (stack_size + page - 1) & ~(page - 1);

    co = g_new0(VncCoroutine, 1);
    co->func = func;
    co->guard_size = page;
    co->mapping_size = stack_size + page;

#ifdef MAP_STACK
    flags |= MAP_STACK;
#endif
    mapping = mmap(NULL, co->mapping_size, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (mapping == MAP_FAILED)
        g_error("Cannot allocate a coroutine stack of %" G_GSIZE_FORMAT " bytes: %s",
                co->mapping_size, g_strerror(errno));
    co->mapping = mapping;
    /* Stacks grow down on every platform we build for: the guard goes
     * below the lowest usable address. Failing to protect it only loses
     * the overflow check, so it is not an error. */
    (void)mprotect(co->mapping, co->guard_size, PROT_NONE);

#ifdef VNC_HAVE_VALGRIND
    co->valgrind_stack_id =
        VALGRIND_STACK_REGISTER(vnc_coroutine_stack_bottom(co),
                                co->mapping + co->mapping_size);
#endif

    return co;
}

void
vnc_coroutine_free(VncCoroutine *co)
{
    if (co == NULL)
        return;

    /* Freeing a suspended coroutine would leak whatever its stack frames
     * own; freeing the running one would pull the stack from under us. */
    g_return_if_fail(!co->running);

#ifdef VNC_HAVE_VALGRIND
    VALGRIND_STACK_DEREGISTER(co->valgrind_stack_id);
#endif
    vnc_coroutine_asan_unpoison_stack(co);
    munmap(co->mapping, co->mapping_size);
    g_free(co);
}

static void
vnc_coroutine_start(VncCoroutine *co)
{
    uintptr_t address = (uintptr_t)co;

    if (getcontext(&co->context) < 0)
        g_error("getcontext failed: %s", g_strerror(errno));
    co->context.uc_stack.ss_sp = vnc_coroutine_stack_bottom(co);
    co->context.uc_stack.ss_size = vnc_coroutine_stack_size(co);
    co->context.uc_link = NULL;
    makecontext(&co->context, (void (*)(void))vnc_coroutine_trampoline, 2,
                (unsigned int)(address >> 16 >> 16),
                (unsigned int)(address & 0xffffffffu));
#ifdef VNC_HAVE_ASAN
    /* makecontext() has put the stack pointer in the registers; swapcontext()
     * never reads uc_stack, only ASan's interceptor does, to wipe the
     * shadow of that stack on every switch (see above). */
    co->context.uc_stack.ss_sp = NULL;
    co->context.uc_stack.ss_size = 0;
    vnc_coroutine_asan_unpoison_stack(co);
#endif
    co->started = TRUE;
}

gpointer
vnc_coroutine_enter(VncCoroutine *co, gpointer arg)
{
    void *fake_stack = NULL;

    g_return_val_if_fail(co != NULL, NULL);
    g_return_val_if_fail(!co->finished, NULL);
    g_return_val_if_fail(!co->running, NULL);

    if (!co->started)
        vnc_coroutine_start(co);

    co->caller = vnc_coroutine_current;
    co->transfer = arg;
    co->running = TRUE;
    vnc_coroutine_current = co;

    vnc_coroutine_asan_enter_start(co, &fake_stack);
    if (swapcontext(&co->caller_context, &co->context) < 0)
        g_error("swapcontext failed: %s", g_strerror(errno));
    vnc_coroutine_asan_enter_finish(fake_stack);

    /* Back here: @co yielded or finished. */
    vnc_coroutine_current = co->caller;
    co->caller = NULL;
    return co->transfer;
}

gpointer
vnc_coroutine_yield(gpointer arg)
{
    VncCoroutine *co = vnc_coroutine_current;

    g_return_val_if_fail(co != NULL, NULL);

    co->transfer = arg;
    co->running = FALSE;
    vnc_coroutine_asan_leave(co, FALSE);
    if (swapcontext(&co->context, &co->caller_context) < 0)
        g_error("swapcontext failed: %s", g_strerror(errno));
    vnc_coroutine_asan_arrived(co);

    /* Entered again; vnc_coroutine_enter() set everything up. */
    return co->transfer;
}

VncCoroutine *
vnc_coroutine_self(void)
{
    return vnc_coroutine_current;
}

gboolean
vnc_coroutine_is_finished(VncCoroutine *co)
{
    g_return_val_if_fail(co != NULL, FALSE);
    return co->finished;
}

const char *
vnc_coroutine_backend_name(void)
{
    return "ucontext";
}
