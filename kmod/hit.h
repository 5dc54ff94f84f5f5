/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hit path: what runs when a patched site calls into the module.
 *
 * Rules for everything here, because it runs inside arbitrary kernel
 * functions, in any context including NMI:
 *  - no locks, no sleeping, no allocation; preemption is off throughout;
 *  - nothing traceable before the recursion guard (bpf_prog_active): a
 *    probed function called from here would come back here, and the guard
 *    is what stops that, as it does for the kernel's kprobe programs;
 *  - never schedule: a task must not be able to sleep in module text.
 */
#ifndef _SHADOWK_HIT_H
#define _SHADOWK_HIT_H

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>

#include "engine.h"
#include "symbols.h"
#include "uapi/shadowk.h"

/*
 * Whether current runs on page tables that are not its own: a kernel thread,
 * or a task without an mm (exiting after exit_mm(), a user-mode helper before
 * its exec). Such a task keeps whatever tables the CPU last loaded (lazy TLB),
 * so the view it runs says nothing about whose work it does: one switched in
 * after a traced task runs that task's shadow. It is nobody's, as a kernel
 * thread is (a union probe's, with -U).
 */
static __always_inline bool shk_on_borrowed_tables(void)
{
	return (current->flags & PF_KTHREAD) || !current->mm;
}

/* The context a preempt count describes: the current one, or one a trap interrupted. */
static __always_inline int shk_context_of(unsigned long pc)
{
	if (pc & NMI_MASK)
		return SHADOWK_CTX_NMI;
	if (pc & HARDIRQ_MASK)
		return SHADOWK_CTX_HARDIRQ;
	if (pc & SOFTIRQ_OFFSET)	/* serving a softirq, not just with them disabled */
		return SHADOWK_CTX_SOFTIRQ;
	if (shk_on_borrowed_tables())
		return SHADOWK_CTX_KTHREAD;
	return SHADOWK_CTX_PROCESS;
}

static __always_inline int shk_hit_context(void)
{
	return shk_context_of(preempt_count());
}

/* shk_hit_context() == SHADOWK_CTX_PROCESS, in one test of the preempt count. */
static __always_inline bool shk_in_process_context(void)
{
	return !(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)) &&
	       !shk_on_borrowed_tables();
}

/*
 * Run @p's program on @regs, as trace_call_bpf() runs kprobe programs.
 * Preemption is off, which is all the RCU protection the program needs:
 * since the RCU flavours were consolidated (4.20), a preempt-disabled region
 * is a read-side critical section that synchronize_rcu() and call_rcu(),
 * which free BPF programs, maps and their elements, wait for; and without
 * lockdep rcu_read_lock_held() is constant 1, so no helper can tell. So,
 * unlike trace_call_bpf(), no rcu_read_lock(): on these PREEMPT_RCU kernels
 * it and its unlock are two out-of-line calls per hit (bench/README.md,
 * "What a probe costs"). Sleepable programs, which need RCU tasks trace,
 * are refused at ATTACH.
 */
static __always_inline void shk_run_prog(struct shk_probe *p, struct pt_regs *regs, int ctx)
{
	struct bpf_trace_run_ctx run_ctx = { .bpf_cookie = ctx };
	struct bpf_run_ctx *old;

	if (unlikely(__this_cpu_inc_return(*shk_sym_bpf_prog_active) != 1)) {
		this_cpu_inc(p->cnt->recursion);
		goto out;
	}
	old = bpf_set_run_ctx(&run_ctx.run_ctx);
	bpf_prog_run(p->prog, regs);
	bpf_reset_run_ctx(old);
	if (ctx == SHADOWK_CTX_PROCESS)
		this_cpu_inc(p->cnt->hits);
	else
		this_cpu_inc(p->cnt->union_hits);
out:
	__this_cpu_dec(*shk_sym_bpf_prog_active);
}

/* Called by trampoline.S: run the probes at regs->ip; returns a call target to chain to, or 0. */
unsigned long shk_entry_hit(struct pt_regs *regs, unsigned long slot);

/* The int3 handler of offset probes: registered for the module's lifetime. */
int shk_int3_start(void);
void shk_int3_stop(void);

/* Hook the return of the function whose entry @regs describe, for return probe @p. */
void shk_hook_return(struct shk_probe *p, struct pt_regs *regs, int ctx);

/* The trampolines (trampoline.S), one per slot. */
extern const unsigned long shk_trampolines[SHADOWK_MAX_PROBED_SHADOWS];

/* Rethook callbacks and pools (hit.c). */
struct rethook *shk_rethook_alloc(struct shk_engine *e);
/* What one pool holds, all possible CPUs counted (charged as per-CPU bytes). */
unsigned long shk_rethook_percpu_bytes(void);

#endif /* _SHADOWK_HIT_H */
