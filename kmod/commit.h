/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Committing a change to a view that CPUs may be executing.
 *
 * A shadow's text or page tables, and the top-level entry of a bound mm, are
 * changed "live" only through shk_commit(..., live = true): the change runs
 * while every online CPU is parked in stop_machine with interrupts off, and
 * every CPU flushes its whole TLB (global entries and all PCIDs) and
 * serialises its instruction stream before it runs anything else. Before the
 * change is made every CPU leaves its view for init_mm, so that an NMI taken
 * on a parked CPU runs the pristine text, never a view being rewritten. So
 * no CPU, nor an NMI on one, can execute a half-written instruction, see a
 * mix of old and new translations, or keep a stale one. Tasks that were
 * not running are at a preemption point: in user mode or just after a
 * call, which the patch rules (patch.c) keep on an instruction boundary of
 * both views; under full preemption at any instruction, where a shadow
 * holds single-instruction patches only (shadow.h), whose edges are
 * boundaries of both views.
 *
 * Locking: shk_text_lock() takes cpus_read_lock() and then text_mutex, the
 * order the kernel's jump-label code uses; text_mutex also serialises us
 * against every writer of kernel text, so the pristine bytes we read and the
 * copies we make cannot change under us.
 */
#ifndef _SHADOWK_COMMIT_H
#define _SHADOWK_COMMIT_H

#include <linux/types.h>

typedef void (*shk_commit_fn)(void *arg);

void shk_text_lock(void);
void shk_text_unlock(void);

/* Caller holds shk_text_lock(). live = false: no CPU can run the view yet. */
int shk_commit(shk_commit_fn fn, void *arg, bool live);
/*
 * Caller holds shk_text_lock(). A change to the view of current's mm alone,
 * without stopping the machine; false (nothing done) unless no other CPU
 * can be running that view.
 */
bool shk_commit_current_mm(shk_commit_fn fn, void *arg);
/* At module exit: what the commit tests registered. */
void shk_commit_exit(void);

#endif /* _SHADOWK_COMMIT_H */
