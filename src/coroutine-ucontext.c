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

/* makecontext() only passes int arguments, and a pointer does not fit in
 * one on 64-bit systems, so it travels as two 32-bit halves. */
static void
vnc_coroutine_trampoline(unsigned int high, unsigned int low)
{
    uintptr_t address = ((uintptr_t)high << 16 << 16) | (uintptr_t)low;
    VncCoroutine *co = (VncCoroutine *)address;

    co->transfer = co->func(co->transfer);
    co->finished = TRUE;
    co->running = FALSE;

    /* Never returns: nothing ever switches back into a finished
     * coroutine. (Not relying on uc_link keeps the return path the same
     * as for a yield.) */
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
        VALGRIND_STACK_REGISTER(co->mapping + co->guard_size,
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
    munmap(co->mapping, co->mapping_size);
    g_free(co);
}

static void
vnc_coroutine_start(VncCoroutine *co)
{
    uintptr_t address = (uintptr_t)co;

    if (getcontext(&co->context) < 0)
        g_error("getcontext failed: %s", g_strerror(errno));
    co->context.uc_stack.ss_sp = co->mapping + co->guard_size;
    co->context.uc_stack.ss_size = co->mapping_size - co->guard_size;
    co->context.uc_link = NULL;
    makecontext(&co->context, (void (*)(void))vnc_coroutine_trampoline, 2,
                (unsigned int)(address >> 16 >> 16),
                (unsigned int)(address & 0xffffffffu));
    co->started = TRUE;
}

gpointer
vnc_coroutine_enter(VncCoroutine *co, gpointer arg)
{
    g_return_val_if_fail(co != NULL, NULL);
    g_return_val_if_fail(!co->finished, NULL);
    g_return_val_if_fail(!co->running, NULL);

    if (!co->started)
        vnc_coroutine_start(co);

    co->caller = vnc_coroutine_current;
    co->transfer = arg;
    co->running = TRUE;
    vnc_coroutine_current = co;

    if (swapcontext(&co->caller_context, &co->context) < 0)
        g_error("swapcontext failed: %s", g_strerror(errno));

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
    if (swapcontext(&co->context, &co->caller_context) < 0)
        g_error("swapcontext failed: %s", g_strerror(errno));

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
