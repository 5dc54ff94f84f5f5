/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bindings: which address spaces execute which shadow.
 *
 * The unit is the mm: all threads of a process share one top-level page
 * table, so binding an mm switches every thread at once. A binding is tied
 * to a one-page, inaccessible "token" mapping of the shadow's file in the
 * bound mm. The token's VMA callbacks carry the binding through the mm's
 * life with no global hook: fork copies the token (open: the child is bound
 * before it first runs), the mm's teardown closes it (close: the top-level
 * entry is restored and every TLB flushed), and the token keeps the shadow's
 * file, and so the shadow and the module, alive. Exec is the one event with
 * a global hook (a kprobe on begin_new_exec, present only while shadows
 * exist): the new mm is bound again before the program runs (exec.c),
 * unless the exec changes credentials its binder could not ptrace.
 *
 * A binding of another process is owned by the tracer that made it: when
 * the tracer's fd table holds no descriptor of the shadow any more, the
 * file's flush undoes the binding and unmaps its token (owner.c), so that
 * killing the tracer does not leave the process bound.
 *
 * Files: bind.c (token VMA, binding the current mm), request.c (BIND and
 * UNBIND, of another process in its context), origin.c (where bindings
 * come from), owner.c (owners), exec.c (exec).
 */
#ifndef _SHADOWK_BIND_H
#define _SHADOWK_BIND_H

#include <linux/fs.h>
#include <linux/mm_types.h>

int shk_bind_mmap(struct file *file, struct vm_area_struct *vma);
int shk_bind(struct file *file, pid_t pid, u32 flags);
int shk_unbind(struct file *file, pid_t pid);
/* The shadow file's flush: a tracer's last descriptor closed (owner.c). */
int shk_bind_flush(struct file *file, fl_owner_t id);
/*
 * Coherence lost (any context): switch every process bound to a stale
 * shadow back to the pristine view, soon, from a work item (owner.c).
 */
void shk_unbind_stale(void);
/* At module exit: no switch is pending or running after this. */
void shk_unbind_stale_exit(void);

/* Caller holds shk_lock: the shadow @mm is bound to, or NULL. */
struct shk_shadow *shk_binding_shadow(struct mm_struct *mm);
bool shk_binding_live(struct mm_struct *mm);
/* Xen PV, at the start of exit_mmap(): @mm leaves its shadow (lazy.c). */
void shk_binding_exit_mmap(struct mm_struct *mm);

int shk_exec_hook_start(void);
void shk_exec_hook_stop(void);

#endif /* _SHADOWK_BIND_H */
