// SPDX-License-Identifier: GPL-2.0
/*
 * Checking and preparing probes, detaching them, their counters, and the
 * engine's teardown (the rules are in engine.h and
 * uapi/shadowk.h). Everything here runs under shk_lock; programs are
 * looked up and references taken before it, and dropped after an RCU grace
 * period once no table or patch leads to them.
 */
#include "common.h"
#include <linux/bpf.h>
#include <linux/kallsyms.h>
#include <linux/percpu.h>
#include <linux/security.h>
#include <linux/version.h>
#include <linux/slab.h>

#include "counters.h"
#include "engine.h"
#include "hit.h"
#include "patch.h"
#include "probe.h"
#include "probe_prep.h"
#include "shadow.h"
#include "siteguard.h"
#include "text.h"
#include "union.h"
#include "xol.h"

/* --- attach --- */

/* ENTRY, RETURN: the function's ftrace site. */
static int shk_entry_site(struct shadowk_probe *r, unsigned long *site)
{
	unsigned long size, off;

	if (!shk_text_contains(r->addr, 1) ||
	    !shk_sym_kallsyms_lookup_size_offset(r->addr, &size, &off) || off)
		return shk_probe_refuse(r, -ERANGE, "not the start of a core-text function");
	*site = shk_sym_ftrace_location(r->addr);
	if (!*site || *site < r->addr || *site >= r->addr + size)
		return shk_probe_refuse(r, -ENOENT, "the function has no ftrace site (notrace, or always inlined): probe a caller");
	return 0;
}

/*
 * OFFSET: an instruction boundary. At the function's ftrace site it is the
 * entry probe's site (no int3: kprobes do the same); elsewhere an int3,
 * with @xol saying how to run the instruction it covers. The other rules
 * (blacklist, code the kernel rewrites, BUG and fixup sites) are the
 * patch rules, checked when the int3 is applied.
 */
static int shk_offset_site(struct shadowk_probe *r, unsigned long *site, struct shk_xol **xol)
{
	unsigned long fend;
	const char *reason;
	int ret;

	if (r->flags & SHADOWK_PROBE_UNION)
		return shk_probe_refuse(r, -EOPNOTSUPP, "the union fallback is for entry and return probes only");
	/* An int3 on any instruction is what a kprobe is: the kernel's policy for kprobes applies. */
	if (security_locked_down(LOCKDOWN_KPROBES))
		return shk_probe_refuse(r, -EPERM, "the kernel is locked down (confidentiality): offset probes are kprobes");
	if (!shk_text_contains(r->addr, 1))
		return shk_probe_refuse(r, -ERANGE, "not in core kernel text");
	ret = shk_patch_boundary(r->addr, &fend, &reason);
	if (ret)
		return shk_probe_refuse(r, ret, reason);
	*site = r->addr;
	if (shk_sym_ftrace_location_range(r->addr, r->addr) == r->addr)
		return 0;
	*xol = kmalloc(sizeof(**xol), GFP_KERNEL);
	if (!*xol)
		return -ENOMEM;
	ret = shk_xol_prepare(r->addr, *xol, &reason);
	if (ret) {
		kfree(*xol);
		*xol = NULL;
		return shk_probe_refuse(r, ret, reason);
	}
	return 0;
}

/*
 * Programs are run as the kernel runs a kprobe program attached through
 * perf: not sleepable, with a pt_regs context and the kprobe run context
 * (__perf_event_set_bpf_prog). A KPROBE program loaded for another attach
 * type (kprobe.multi and its relatives read their cookie and ip from
 * another run context), one that may sleep, or one that calls
 * bpf_override_return (the module never changes the probed code's flow
 * for a program) was verified for something else.
 */
static const char *shk_prog_unfit(const struct bpf_prog *prog)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	bool sleepable = prog->sleepable;
#else
	bool sleepable = prog->aux->sleepable;
#endif

	if (prog->expected_attach_type)
		return "the program was loaded for another attach type (e.g. kprobe.multi): load it with expected_attach_type 0";
	if (sleepable)
		return "the program is sleepable: probes run with preemption off";
	if (prog->kprobe_override)
		return "the program calls bpf_override_return, which probes do not support";
	return NULL;
}

/* Checks that need no lock: the request itself, the site, the program. */
struct shk_probe *shk_probe_prepare(struct shadowk_probe *r)
{
	struct shk_xol *xol = NULL;
	struct bpf_prog *prog;
	const char *reason;
	struct shk_probe *p;
	unsigned long site;
	int ret;
	s64 dist;

	if (r->__reserved || (r->flags & ~SHADOWK_PROBE_UNION))
		return ERR_PTR(shk_probe_refuse(r, -EINVAL, "unknown flags or reserved field set"));
	if (r->kind == SHADOWK_PROBE_ENTRY || r->kind == SHADOWK_PROBE_RETURN)
		ret = shk_entry_site(r, &site);
	else if (r->kind == SHADOWK_PROBE_OFFSET)
		ret = shk_offset_site(r, &site, &xol);
	else
		ret = shk_probe_refuse(r, -EINVAL, "unknown probe kind");
	if (ret)
		return ERR_PTR(ret);
	/* rel32 to every trampoline: they lie within a few KiB of the first; keep a wide margin. */
	dist = (s64)shk_trampolines[0] - (s64)site;
	if (!xol && (dist < S32_MIN / 2 || dist > S32_MAX / 2)) {
		ret = shk_probe_refuse(r, -ERANGE, "the module is out of call range of this function");
		goto err_xol;
	}

	prog = bpf_prog_get_type_dev(r->prog_fd, BPF_PROG_TYPE_KPROBE, false);
	if (IS_ERR(prog)) {
		ret = shk_probe_refuse(r, PTR_ERR(prog),
			PTR_ERR(prog) == -EINVAL ? "prog_fd is not a BPF_PROG_TYPE_KPROBE program"
						 : "prog_fd is not an open file descriptor");
		goto err_xol;
	}
	reason = shk_prog_unfit(prog);
	if (reason) {
		ret = shk_probe_refuse(r, -EINVAL, reason);
		goto err_prog;
	}
	ret = -ENOMEM;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		goto err_prog;
	/* Its counters come when it is charged, under shk_lock (attach.c). */
	p->addr = r->addr;
	p->kind = r->kind;
	p->flags = r->flags;
	p->prog = prog;
	p->site_addr = site;
	p->xol = xol;
	return p;

err_prog:
	bpf_prog_put(prog);
err_xol:
	kfree(xol);
	return ERR_PTR(ret);
}

/* --- detach --- */

int shk_probe_detach(struct shk_shadow *sh, const u64 *ids, u32 n)
{
	struct shk_probe **probes;
	unsigned long *unpatch;
	struct shk_engine *e;
	unsigned int i, nr_unpatch = 0;
	bool unions = false;
	int ret = 0;

	probes = kvcalloc(n, sizeof(*probes), GFP_KERNEL);
	unpatch = kvcalloc(n, sizeof(*unpatch), GFP_KERNEL);
	if (!probes || !unpatch) {
		ret = -ENOMEM;
		goto out_free;
	}

	mutex_lock(&shk_lock);
	e = sh->engine;
	for (i = 0; i < n; i++) {
		probes[i] = e ? xa_load(&e->ids, ids[i]) : NULL;
		if (!probes[i] || probes[i]->error) {
			pr_notice_ratelimited("detach refused: probe %llu is not attached to shadow %llu\n",
					      ids[i], sh->id);
			ret = -ENOENT;
			break;
		}
		probes[i]->error = -ENOENT;	/* marks duplicates in @ids */
	}
	if (ret) {
		while (i--)
			probes[i]->error = 0;
		goto out_unlock;
	}

	for (i = 0; i < n; i++) {
		struct shk_probe *p = probes[i];
		struct shk_site *s = p->site;

		list_del(&p->site_node);
		if (list_empty(&s->probes))
			unpatch[nr_unpatch++] = s->addr;
		xa_erase(&e->ids, p->id);
		list_del(&p->node);
		e->nr_probes--;
		if (p->flags & SHADOWK_PROBE_UNION) {
			e->nr_union--;
			unions = true;
		}
	}
	/* No table leads to them from here; then the patches go. */
	shk_engine_publish(e);	/* on failure it publishes none: safe too */
	if (unions)
		shk_union_update();
	if (nr_unpatch && !shk_shadow_unpatch_batch(sh, unpatch, nr_unpatch)) {
		for (i = 0; i < nr_unpatch; i++)
			shk_site_del(e, shk_site_find(e, unpatch[i]));
	}
	/* If that failed, the emptied sites stay patched (calling into nothing) and are reused. */
	synchronize_rcu();
	for (i = 0; i < n; i++)
		shk_probe_free(probes[i]);
	shk_siteguard_update();
out_unlock:
	mutex_unlock(&shk_lock);
out_free:
	kvfree(probes);
	kvfree(unpatch);
	return ret;
}

/* --- counters --- */

u32 shk_probe_stats(struct shk_shadow *sh, struct shadowk_probe_stats *out, u32 cap)
{
	struct shk_engine *e;
	struct shk_probe *p;
	u32 n = 0;
	int cpu;

	mutex_lock(&shk_lock);
	e = sh->engine;
	if (!e)
		goto out;
	list_for_each_entry(p, &e->probes, node) {
		struct shadowk_probe_stats *st = &out[n];

		if (n++ >= cap)
			continue;
		memset(st, 0, sizeof(*st));
		st->id = p->id;
		st->addr = p->addr;
		st->site = p->site->addr;
		st->kind = p->kind;
		st->flags = p->flags;
		for_each_possible_cpu(cpu) {
			struct shk_probe_cnt *c = per_cpu_ptr(p->cnt, cpu);

			st->hits += READ_ONCE(c->hits);
			st->union_hits += READ_ONCE(c->union_hits);
			st->skipped += READ_ONCE(c->skipped);
			st->recursion += READ_ONCE(c->recursion);
			st->missed += READ_ONCE(c->missed);
		}
	}
out:
	mutex_unlock(&shk_lock);
	return n;
}

/* --- teardown --- */

/* Caller holds shk_lock; the shadow is bound to no mm, so no CPU runs its view. */
static void shk_probe_engine_destroy(struct shk_shadow *sh)
{
	struct shk_engine *e = sh->engine;
	struct shk_probe *p, *tmp;
	struct rb_node *rb;

	if (!e)
		return;
	sh->engine = NULL;
	shk_engine_unslot(e);
	if (e->nr_union)
		shk_union_update();	/* the engine is out of shk_slot_engines: its probes go */
	/* Returns in flight stop finding the engine after this grace period. */
	if (e->rh) {
		shk_sym_rethook_free(e->rh);
		shk_uncharge(&sh->usage, SHK_RES_PERCPU, shk_rethook_percpu_bytes());
	}
	synchronize_rcu();
	list_for_each_entry_safe(p, tmp, &e->probes, node)
		shk_probe_free(p);
	while ((rb = rb_first(&e->sites)))
		shk_site_del(e, rb_entry(rb, struct shk_site, node));
	xa_destroy(&e->ids);
	shk_cnt_engine_put(e);
	kfree(e);
	shk_siteguard_update();
}

void shk_probe_release(struct shk_shadow *sh)
{
	mutex_lock(&shk_lock);
	shk_probe_engine_destroy(sh);
	mutex_unlock(&shk_lock);
}
