/*
 * gtk-vnc: coroutines on threads
 *
 * Each coroutine runs in a GThread of its own, and a baton decides who
 * runs: the thread that entered the coroutine sleeps until the coroutine
 * yields or finishes, and the coroutine's thread sleeps while it is
 * switched out. Exactly one of them runs at any time, so code on either
 * side sees the other's writes (each hand-over goes through the mutex) and
 * needs no locks of its own, just as with the ucontext backend.
 *
 * Slower than ucontext (every switch is two thread wake-ups) but portable,
 * and debuggers show each coroutine as a thread with an ordinary stack.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <config.h>

#include "coroutine.h"

struct _VncCoroutine {
    VncCoroutineFunc func;
    GThread *thread;        /* created on the first enter */

    /* The baton. coroutine_turn is TRUE while the coroutine may run and
     * FALSE while its enterer may; both sides wait on the one condition
     * for their turn. */
    GMutex lock;
    GCond turn_changed;
    gboolean coroutine_turn;

    gpointer transfer;      /* the value passed on the current switch */
    gboolean running;       /* entered and not yet yielded back */
    gboolean finished;
};

/* Set once in each coroutine's thread: the thread is that coroutine for
 * its whole life. Every other thread is outside any coroutine. */
static GPrivate vnc_coroutine_current;

VncCoroutine *
vnc_coroutine_new(VncCoroutineFunc func, gsize stack_size)
{
    VncCoroutine *co;

    g_return_val_if_fail(func != NULL, NULL);

    /* GThread picks the stack size (the system default, several MiB of
     * address space), so @stack_size is only a hint we do not need. */
    co = g_new0(VncCoroutine, 1);
    co->func = func;
    g_mutex_init(&co->lock);
    g_cond_init(&co->turn_changed);
    return co;
}

void
vnc_coroutine_free(VncCoroutine *co)
{
    if (co == NULL)
        return;

    /* A suspended coroutine's thread would wait for the baton forever and
     * could not be joined. */
    g_return_if_fail(co->thread == NULL || co->finished);

    if (co->thread != NULL)
        g_thread_join(co->thread);
    g_cond_clear(&co->turn_changed);
    g_mutex_clear(&co->lock);
    g_free(co);
}

/* Hands the baton over and sleeps until it comes back. Called with the
 * lock held. */
static void
vnc_coroutine_pass(VncCoroutine *co, gboolean to_coroutine)
{
    co->coroutine_turn = to_coroutine;
    g_cond_broadcast(&co->turn_changed);
    while (co->coroutine_turn == to_coroutine)
        g_cond_wait(&co->turn_changed, &co->lock);
}

static gpointer
vnc_coroutine_thread(gpointer data)
{
    VncCoroutine *co = data;
    gpointer arg;
    gpointer result;

    g_private_set(&vnc_coroutine_current, co);

    /* The first enter made the thread with the baton already ours. */
    g_mutex_lock(&co->lock);
    while (!co->coroutine_turn)
        g_cond_wait(&co->turn_changed, &co->lock);
    arg = co->transfer;
    g_mutex_unlock(&co->lock);

    result = co->func(arg);

    g_mutex_lock(&co->lock);
    co->transfer = result;
    co->finished = TRUE;
    co->running = FALSE;
    co->coroutine_turn = FALSE;
    g_cond_broadcast(&co->turn_changed);
    g_mutex_unlock(&co->lock);
    return NULL;
}

gpointer
vnc_coroutine_enter(VncCoroutine *co, gpointer arg)
{
    gpointer result;

    g_return_val_if_fail(co != NULL, NULL);
    g_return_val_if_fail(!co->finished, NULL);
    g_return_val_if_fail(!co->running, NULL);

    g_mutex_lock(&co->lock);
    co->transfer = arg;
    co->running = TRUE;
    if (co->thread == NULL) {
        co->coroutine_turn = TRUE;
        co->thread = g_thread_new("vnc-coroutine", vnc_coroutine_thread, co);
        while (co->coroutine_turn)
            g_cond_wait(&co->turn_changed, &co->lock);
    } else {
        vnc_coroutine_pass(co, TRUE);
    }
    result = co->transfer;
    g_mutex_unlock(&co->lock);
    return result;
}

gpointer
vnc_coroutine_yield(gpointer arg)
{
    VncCoroutine *co = g_private_get(&vnc_coroutine_current);
    gpointer result;

    g_return_val_if_fail(co != NULL, NULL);

    g_mutex_lock(&co->lock);
    co->transfer = arg;
    co->running = FALSE;
    vnc_coroutine_pass(co, FALSE);
    result = co->transfer;
    g_mutex_unlock(&co->lock);
    return result;
}

VncCoroutine *
vnc_coroutine_self(void)
{
    return g_private_get(&vnc_coroutine_current);
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
    return "gthread";
}
