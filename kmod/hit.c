// SPDX-License-Identifier: GPL-2.0
/*
 * Probe hits: the C half of the trampolines, and return probes.
 *
 * A shadow's patched site is "call shk_tramp_N" (N: the shadow's slot). The
 * trampoline saves a struct pt_regs as the site saw it (ip = the site,
 * sp = pointing at the function's return address) and calls
 * shk_entry_hit(). Only process context runs programs here: hard and soft
 * interrupts, NMIs and kernel threads that happen to run on this view are
 * nobody's (see uapi/shadowk.h), and union probes see them through the
 * pristine kernel's ftrace hook (union.c) instead, which the trampoline
 * chains to: so every hit is counted once, whichever view the CPU runs.
 *
 * Chaining: if the pristine site is not a NOP but a call (ftrace enabled
 * there: a kprobe, a BPF fentry program, the function tracer, or our union
 * hook), the shadow's call replaced it. shk_entry_hit() returns that call's
 * target and the trampoline goes there as if the site had called it, so
 * those users see the traced process too.
 */
#include "common.h"
#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <linux/slab.h>

#include "hit.h"
#include "text.h"
#include "xol.h"

/* Where the pristine site would have gone, or 0 if it is a NOP (or changing). */
static __always_inline unsigned long shk_chain_target(unsigned long site)
{
	const u8 *p = shk_pristine(site);
	s32 rel;

	if (p[0] != 0xe8)	/* call rel32 */
		return 0;
	memcpy(&rel, p + 1, sizeof(rel));
	return site + MCOUNT_INSN_SIZE + rel;
}

/*
 * Called by trampoline.S, preemption in any state, interrupts in any state.
 * No stack protector: its canary load and check are 6 of the instructions
 * every hit pays, for a frame that holds no array, only the run context.
 */
unsigned long notrace __no_stack_protector shk_entry_hit(struct pt_regs *regs, unsigned long slot)
{
	unsigned long site = regs->ip;
	struct shk_sitetab *t;
	struct shk_probe **pp;
	u32 i, n = 0;

	preempt_disable_notrace();
	t = rcu_dereference_sched(shk_slot_tabs[slot]);
	pp = t ? shk_sitetab_find(t, site, &n) : NULL;
	if (unlikely(n && !shk_in_process_context())) {
		/* Union probes run from the chained ftrace hook instead. */
		for (i = 0; i < n; i++)
			if (!(pp[i]->flags & SHADOWK_PROBE_UNION))
				this_cpu_inc(pp[i]->cnt->skipped);
		n = 0;
	}
	for (i = 0; i < n; i++) {
		struct shk_probe *p = pp[i];

		if (p->kind == SHADOWK_PROBE_RETURN)
			shk_hook_return(p, regs, SHADOWK_CTX_PROCESS);
		else	/* ENTRY, or OFFSET at the ftrace site */
			shk_run_prog(p, regs, SHADOWK_CTX_PROCESS);
	}
	preempt_enable_notrace();
	return shk_chain_target(site);
}
NOKPROBE_SYMBOL(shk_entry_hit);

/* --- offset probes: the int3 handler --- */

/*
 * The context the int3 interrupted. A kernel-mode int3 is entered like an
 * NMI (irqentry_nmi_enter() adds NMI_OFFSET + HARDIRQ_OFFSET), since it can
 * hit anywhere: take that away to see what ran.
 */
static __always_inline int shk_trap_context(void)
{
	return shk_context_of(preempt_count() - (NMI_OFFSET + HARDIRQ_OFFSET));
}

/* The slot of the shadow whose view this CPU runs (its CR3 says), or -1. */
static __always_inline int shk_loaded_slot(void)
{
	pgd_t *pgd = __va(read_cr3_pa());
	unsigned long top = pgd_val(pgd[pgd_index(shk_text.start)]);
	int slot;

	for (slot = 0; slot < SHADOWK_MAX_PROBED_SHADOWS; slot++)
		if (READ_ONCE(shk_slot_top[slot]) == top)
			return slot;
	return -1;
}

/*
 * DIE_INT3, after kprobes and the kernel's text_poke_bp() handler have
 * declined it: so a kprobe at the same address, or a text write in
 * progress, wins. Ours if xol.c knows the address; then this view's probes
 * there run (in the traced process only: offset probes have no union
 * fallback) and the task goes on past the instruction.
 */
static int notrace shk_int3_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	struct die_args *args = data;
	struct pt_regs *regs = args->regs;
	struct shk_sitetab *t;
	struct shk_probe **pp = NULL;
	unsigned long addr;
	int xol, slot, ctx;
	u32 i, n = 0;

	if (val != DIE_INT3 || !regs || user_mode(regs))
		return NOTIFY_DONE;
	addr = regs->ip - INT3_INSN_SIZE;
	xol = shk_xol_find(addr);
	if (!xol)
		return NOTIFY_DONE;

	slot = shk_loaded_slot();
	t = slot >= 0 ? rcu_dereference_sched(shk_slot_tabs[slot]) : NULL;
	if (t)
		pp = shk_sitetab_find(t, addr, &n);
	ctx = shk_trap_context();
	regs->ip = addr;	/* programs see the probed instruction, not the trap's return */
	for (i = 0; i < n; i++) {
		if (ctx == SHADOWK_CTX_PROCESS)
			shk_run_prog(pp[i], regs, ctx);
		else
			this_cpu_inc(pp[i]->cnt->skipped);
	}
	shk_xol_resume(xol, regs);
	return NOTIFY_STOP;
}
NOKPROBE_SYMBOL(shk_int3_notify);

static struct notifier_block shk_int3_nb = {
	.notifier_call = shk_int3_notify,
};

int shk_int3_start(void)
{
	return register_die_notifier(&shk_int3_nb);
}

void shk_int3_stop(void)
{
	unregister_die_notifier(&shk_int3_nb);
}

/* --- return probes: the kernel's rethook, one pool per probed shadow --- */

struct shk_ret_node {
	struct rethook_node node;
	u64 id;				/* the probe, looked up again at return */
	unsigned long site;
	int ctx;
};

#define SHK_RET_NODES_PER_CPU	64

unsigned long shk_rethook_percpu_bytes(void)
{
	return sizeof(struct shk_ret_node) * SHK_RET_NODES_PER_CPU * num_possible_cpus();
}

static void notrace shk_ret_run(struct shk_ret_node *rn, struct shk_engine *e, struct pt_regs *regs)
{
	struct shk_probe *p = xa_load(&e->ids, rn->id);
	unsigned long ip = regs->ip;

	if (!p)
		return;		/* detached while the function ran */
	/* Programs find the function through regs->ip (compiler/README.md). */
	regs->ip = rn->site;
	shk_run_prog(p, regs, rn->ctx);
	regs->ip = ip;
}

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 7, 0)
static void notrace shk_ret_handler(struct rethook_node *node, void *data, struct pt_regs *regs)
{
	shk_ret_run(container_of(node, struct shk_ret_node, node), data, regs);
}

struct rethook *shk_rethook_alloc(struct shk_engine *e)
{
	unsigned int i, n = SHK_RET_NODES_PER_CPU * num_possible_cpus();
	struct rethook *rh = shk_sym_rethook_alloc(e, shk_ret_handler);

	if (!rh)
		return NULL;
	for (i = 0; i < n; i++) {
		struct shk_ret_node *rn = kzalloc(sizeof(*rn), GFP_KERNEL);

		if (!rn) {
			shk_sym_rethook_free(rh);	/* frees the nodes added so far */
			return NULL;
		}
		shk_sym_rethook_add_node(rh, &rn->node);
	}
	return rh;
}
#else
static void notrace shk_ret_handler(struct rethook_node *node, void *data,
				    unsigned long ret_addr, struct pt_regs *regs)
{
	shk_ret_run(container_of(node, struct shk_ret_node, node), data, regs);
}

struct rethook *shk_rethook_alloc(struct shk_engine *e)
{
	return shk_sym_rethook_alloc(e, shk_ret_handler, sizeof(struct shk_ret_node),
				     SHK_RET_NODES_PER_CPU * num_possible_cpus());
}
#endif
NOKPROBE_SYMBOL(shk_ret_handler);
NOKPROBE_SYMBOL(shk_ret_run);

void notrace shk_hook_return(struct shk_probe *p, struct pt_regs *regs, int ctx)
{
	struct rethook *rh = READ_ONCE(p->engine->rh);
	struct rethook_node *node = rh ? shk_sym_rethook_try_get(rh) : NULL;
	struct shk_ret_node *rn;

	if (!node) {
		this_cpu_inc(p->cnt->missed);
		return;
	}
	rn = container_of(node, struct shk_ret_node, node);
	rn->id = p->id;
	rn->site = regs->ip;
	rn->ctx = ctx;
	/* regs->sp points at the return address, as at an ftrace site. */
	shk_sym_rethook_hook(node, regs, true);
}
NOKPROBE_SYMBOL(shk_hook_return);
