// SPDX-License-Identifier: GPL-2.0
/*
 * The union fallback, as the paper's union shadow kernel: work that is done
 * for nobody in particular (hard and soft interrupts, NMIs, kernel threads)
 * sees every union probe of every shadow.
 *
 * Such work can run on any CPU, on whichever view that CPU last loaded, so a
 * patch in one shadow cannot reach it. The pristine kernel gets the hook
 * instead, through ftrace (the kernel's own patching path): one ftrace_ops
 * whose filter is the set of union sites. Its callback returns at once in
 * process context, so every process pays, while a union probe exists on a
 * function, an ftrace call and that test each time it calls the function
 * (bench/README.md measures it). In a shadow whose own patch replaced the
 * ftrace call, hit.c chains to this hook, so the counting is the same there.
 *
 * The table (site -> union probes of all engines) is rebuilt under shk_lock
 * and published with RCU before the filter grows, and after it shrinks,
 * so the callback finds either the probes of a site or nothing.
 */
#include "common.h"
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "hit.h"
#include "engine.h"
#include "shadow.h"
#include "union.h"

static struct shk_sitetab __rcu *shk_union_tab;
static unsigned long *shk_union_sites;	/* the filter now, sorted */
static unsigned int shk_union_nr;
static bool shk_union_registered;

/*
 * The hook. ftrace calls it through its args-only caller (ftrace_caller:
 * the argument registers, bp, ip and sp), not the SAVE_REGS one: every
 * process that calls a union site pays the call, and the args-only caller
 * is about half the instructions (bench/README.md, "What a probe costs").
 * shk_union_entry (trampoline.S) runs first and stores the registers that
 * caller leaves out; what else kprobe programs read is filled in here,
 * on the rare path that runs programs. Both leave a frame from the
 * SAVE_REGS caller (cs set: another ftrace user at the site wanted regs)
 * as it is: that caller restores its registers from it.
 */
#ifndef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
#error "the union hook needs ftrace_regs from the args-only caller (x86-64 has them since 5.11)"
#endif
void shk_union_entry(unsigned long ip, unsigned long parent_ip, struct ftrace_ops *op,
		     struct ftrace_regs *fregs);
void shk_union_func(unsigned long ip, unsigned long parent_ip, struct ftrace_ops *op,
		    struct ftrace_regs *fregs);

static __always_inline struct pt_regs *shk_union_pt_regs(struct ftrace_regs *fregs)
{
#ifdef arch_ftrace_regs	/* 6.13, and Debian's 6.12 */
	return &arch_ftrace_regs(fregs)->regs;
#else
	return &fregs->regs;
#endif
}

/* Outside process context: run the union probes at @ip. */
static noinline void notrace shk_union_run(unsigned long ip, unsigned long parent_ip,
					   struct ftrace_regs *fregs)
{
	struct pt_regs *regs;
	struct shk_sitetab *t;
	struct shk_probe **pp;
	u32 i, n = 0;
	int bit, ctx;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;
	preempt_disable_notrace();
	t = rcu_dereference_sched(shk_union_tab);
	pp = t ? shk_sitetab_find(t, ip, &n) : NULL;
	if (n) {
		/* ftrace's regs->ip is the call's return address (and where it goes back to). */
		unsigned long ret_ip;
		bool args_only;

		regs = shk_union_pt_regs(fregs);
		ret_ip = regs->ip;
		args_only = !regs->cs;
		if (args_only) {	/* the rest: shk_union_entry stored the registers */
			regs->cs = __KERNEL_CS;
			regs->ss = __KERNEL_DS;
			regs->flags = arch_local_save_flags();	/* now, which is right but for arithmetic */
		}
		ctx = shk_hit_context();
		regs->ip = ip;
		for (i = 0; i < n; i++) {
			if (pp[i]->kind == SHADOWK_PROBE_ENTRY)
				shk_run_prog(pp[i], regs, ctx);
			else
				shk_hook_return(pp[i], regs, ctx);
		}
		regs->ip = ret_ip;
		/* Another args-only user after us must still see no regs (ftrace_get_regs()). */
		if (args_only)
			regs->cs = 0;
	}
	preempt_enable_notrace();
	ftrace_test_recursion_unlock(bit);
}
NOKPROBE_SYMBOL(shk_union_run);

/* What every process calling a union site runs: one test, in process context. */
void notrace __no_stack_protector shk_union_func(unsigned long ip, unsigned long parent_ip,
						 struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	if (likely(shk_in_process_context()))
		return;
	shk_union_run(ip, parent_ip, fregs);
}
NOKPROBE_SYMBOL(shk_union_func);

static struct ftrace_ops shk_union_ops = {
	.func = shk_union_entry,
};

static int shk_probe_site_cmp(const void *a, const void *b)
{
	unsigned long x = (*(struct shk_probe * const *)a)->site->addr;
	unsigned long y = (*(struct shk_probe * const *)b)->site->addr;

	return x < y ? -1 : x > y;
}

/* Sites in sorted @a that are not in sorted @b, into @out. */
static unsigned int shk_sites_minus(unsigned long *a, unsigned int na, unsigned long *b,
				    unsigned int nb, unsigned long *out)
{
	unsigned int i = 0, j = 0, n = 0;

	for (; i < na; i++) {
		while (j < nb && b[j] < a[i])
			j++;
		if (j == nb || b[j] != a[i])
			out[n++] = a[i];
	}
	return n;
}

/*
 * For tests only: make the next filter change fail, as ftrace fails when
 * it is out of memory, to check that the hook is then never left
 * registered with an empty filter.
 */
static bool test_fail_union_filter;
module_param(test_fail_union_filter, bool, 0600);
MODULE_PARM_DESC(test_fail_union_filter, "fail the next union filter change (for tests)");

static int shk_union_add_filter(unsigned long *ips, unsigned int n)
{
	int ret = -ENOMEM;

	if (!test_fail_union_filter)
		ret = ftrace_set_filter_ips(&shk_union_ops, ips, n, 0, 0);
	test_fail_union_filter = false;
	if (ret)
		pr_err("union probes: ftrace refused %u sites (%d); they fire only in their processes\n",
		       n, ret);
	return ret;
}

/* Keeps, in place, the sites of sorted @a that are also in sorted @b; returns how many. */
static unsigned int shk_sites_keep(unsigned long *a, unsigned int na, unsigned long *b,
				   unsigned int nb)
{
	unsigned int i = 0, j = 0, n = 0;

	for (; i < na; i++) {
		while (j < nb && b[j] < a[i])
			j++;
		if (j < nb && b[j] == a[i])
			a[n++] = a[i];
	}
	return n;
}

void shk_union_update(void)
{
	unsigned long *sites = NULL, *diff = NULL;
	struct shk_probe **probes = NULL;
	unsigned int slot, n = 0, nr_sites = 0, i, k;
	struct shk_sitetab *t;
	struct shk_probe *p;
	int ret;

	lockdep_assert_held(&shk_lock);
	for (slot = 0; slot < SHADOWK_MAX_PROBED_SHADOWS; slot++)
		if (shk_slot_engine(slot))
			n += shk_slot_engine(slot)->nr_union;
	probes = kvmalloc_array(max(n, 1u), sizeof(*probes), GFP_KERNEL);
	sites = kvmalloc_array(max(n, 1u), sizeof(*sites), GFP_KERNEL);
	diff = kvmalloc_array(max(n + shk_union_nr, 1u), sizeof(*diff), GFP_KERNEL);
	if (!probes || !sites || !diff)
		goto err;
	n = 0;
	for (slot = 0; slot < SHADOWK_MAX_PROBED_SHADOWS; slot++) {
		struct shk_engine *e = shk_slot_engine(slot);

		if (!e)
			continue;
		list_for_each_entry(p, &e->probes, node)
			if (p->flags & SHADOWK_PROBE_UNION)
				probes[n++] = p;
	}
	sort(probes, n, sizeof(*probes), shk_probe_site_cmp, NULL);
	for (i = 0; i < n; i++)
		if (!i || probes[i]->site->addr != probes[i - 1]->site->addr)
			sites[nr_sites++] = probes[i]->site->addr;
	t = shk_sitetab_build(probes, n);
	if (!t)
		goto err;

	/*
	 * The new table first: a site still in the filter but no longer in the
	 * table finds nothing, and a new site is in the table before ftrace
	 * calls for it.
	 */
	shk_sitetab_publish(&shk_union_tab, t);
	k = shk_sites_minus(sites, nr_sites, shk_union_sites, shk_union_nr, diff);
	if (k && shk_union_add_filter(diff, k)) {
		/*
		 * ftrace changes the filter all or nothing: it still holds the
		 * old sites only. Once the stale ones go below, it holds the
		 * old sites that are still wanted: that is the filter now.
		 */
		nr_sites = shk_sites_keep(sites, nr_sites, shk_union_sites, shk_union_nr);
	}
	/* An ftrace_ops with an empty filter traces every function: never registered so. */
	if (nr_sites && !shk_union_registered) {
		ret = register_ftrace_function(&shk_union_ops);
		if (ret)
			pr_err("union probes: cannot register the ftrace hook (%d)\n", ret);
		shk_union_registered = !ret;
	}
	if (!nr_sites && shk_union_registered) {
		unregister_ftrace_function(&shk_union_ops);
		shk_union_registered = false;
	}
	/* (Not ftrace_free_filter(): that is for ops about to be freed.) */
	k = shk_sites_minus(shk_union_sites, shk_union_nr, sites, nr_sites, diff);
	if (k)
		ftrace_set_filter_ips(&shk_union_ops, diff, k, 1, 0);
	kvfree(shk_union_sites);
	shk_union_sites = sites;
	shk_union_nr = nr_sites;
	kvfree(probes);
	kvfree(diff);
	return;
err:
	/* Probes may be freed after this: nothing may lead to them any more. */
	shk_sitetab_publish(&shk_union_tab, NULL);
	pr_err("union probes: out of memory; union probes fire only in their processes now\n");
	kvfree(probes);
	kvfree(sites);
	kvfree(diff);
}
