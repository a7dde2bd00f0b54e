/*
 * gtk-vnc: coroutines, so that protocol code reads like blocking code
 *
 * A coroutine runs on its own stack. When it needs to wait (for the
 * socket, for a credential, for a signal to be emitted in the main
 * context) it yields back to whoever entered it, normally the GLib main
 * loop; an event source enters it again later. Only one coroutine runs at
 * a time and all of them run on behalf of the thread that drives the main
 * loop, so no locks are needed.
 *
 * Two backends implement this header: coroutine-ucontext.c (default) and
 * coroutine-gthread.c (one thread per coroutine, handed a baton).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VNC_COROUTINE_H
#define VNC_COROUTINE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VncCoroutine VncCoroutine;

/* Runs inside the coroutine; its return value is what the last
 * vnc_coroutine_enter() returns when the coroutine finishes. */
typedef gpointer (*VncCoroutineFunc)(gpointer arg);

/* A new coroutine that will run @func on a stack of @stack_size bytes
 * (0 picks a default large enough for TLS and zlib). It does not start
 * until the first vnc_coroutine_enter(). */
VncCoroutine *vnc_coroutine_new(VncCoroutineFunc func, gsize stack_size);

/* Frees a coroutine that has finished, or that was never entered. */
void vnc_coroutine_free(VncCoroutine *co);

/* Switches into @co, passing @arg (the argument of func on the first
 * entry, the return value of vnc_coroutine_yield() afterwards). Returns
 * when @co yields (with the value it yields) or finishes (with func's
 * return value). Must not be called from inside @co itself. */
gpointer vnc_coroutine_enter(VncCoroutine *co, gpointer arg);

/* coroutine context: switches back to whoever entered the current
 * coroutine, handing it @arg; returns the argument of the next enter. */
gpointer vnc_coroutine_yield(gpointer arg);

/* The coroutine running now, or NULL outside of any coroutine. */
VncCoroutine *vnc_coroutine_self(void);

/* Whether @co has returned from its function. */
gboolean vnc_coroutine_is_finished(VncCoroutine *co);

/* The backend this library was built with: "ucontext" or "gthread". */
const char *vnc_coroutine_backend_name(void);

G_END_DECLS

#endif /* VNC_COROUTINE_H */
