// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching and detaching probes (the rules are in probe.h and
 * uapi/shadowk.h). Everything here runs under shk_lock; programs are
 * looked up and references taken before it, and dropped after an RCU grace
 * period once no table or patch leads to them.
 */
#include <linux/bpf.h>
#include <linux/kallsyms.h>
#include <linux/percpu.h>
#include <linux/security.h>
#include <linux/version.h>
#include <linux/slab.h>

#include "hit.h"
#include "patch.h"
#include "probe.h"
#include "shadow.h"
#include "siteguard.h"
#include "text.h"
#include "union.h"
#include "xol.h"

struct shk_sitetab __rcu *shk_slot_tabs[SHADOWK_MAX_PROBED_SHADOWS];
unsigned long shk_slot_top[SHADOWK_MAX_PROBED_SHADOWS];
static struct shk_engine *shk_slot_engines[SHADOWK_MAX_PROBED_SHADOWS];

static int shk_probe_refuse(struct shadowk_probe *r, int err, const char *reason)
{
	pr_notice_ratelimited("shadowk: probe at %pS (%px) refused: %s\n",
			      (void *)(unsigned long)r->addr, (void *)(unsigned long)r->addr, reason);
	return err;
}

/* --- lookup tables --- */

/* @probes grouped by site (consecutive); builds the open-addressing table over them. */
struct shk_sitetab *shk_sitetab_build(struct shk_probe **probes, unsigned int n)
{
	unsigned int i, sites = 0, bits;
	struct shk_sitetab *t;

	for (i = 0; i < n; i++)
		sites += !i || probes[i]->site->addr != probes[i - 1]->site->addr;
	bits = max_t(unsigned int, 4, ilog2(max(sites, 1u)) + 2);	/* load factor <= 1/2 */

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->bits = bits;
	t->ents = kvcalloc(1u << bits, sizeof(*t->ents), GFP_KERNEL);
	t->probes = kvmalloc_array(max(n, 1u), sizeof(*t->probes), GFP_KERNEL);
	if (!t->ents || !t->probes) {
		shk_sitetab_free(t);
		return NULL;
	}
	memcpy(t->probes, probes, n * sizeof(*probes));
	for (i = 0; i < n; ) {
		unsigned long site = probes[i]->site->addr;
		unsigned int j = i, h = hash_long(site, bits);

		while (j < n && probes[j]->site->addr == site)
			j++;
		while (t->ents[h].site)
			h = (h + 1) & ((1u << bits) - 1);
		t->ents[h].site = site;
		t->ents[h].first = i;
		t->ents[h].n = j - i;
		i = j;
	}
	return t;
}

void shk_sitetab_free(struct shk_sitetab *t)
{
	if (!t)
		return;
	kvfree(t->ents);
	kvfree(t->probes);
	kfree(t);
}

static void shk_sitetab_free_rcu(struct rcu_head *head)
{
	shk_sitetab_free(container_of(head, struct shk_sitetab, rcu));
}

/* Replace a published table; the old one goes after a grace period. */
void shk_sitetab_publish(struct shk_sitetab __rcu **slot, struct shk_sitetab *t)
{
	struct shk_sitetab *old = rcu_dereference_protected(*slot, lockdep_is_held(&shk_lock));

	rcu_assign_pointer(*slot, t);
	if (old)
		call_rcu(&old->rcu, shk_sitetab_free_rcu);
}

/*
 * The engine's table: every probe on a site, site by site, in address order.
 * Without memory it publishes no table at all (the old one may lead to
 * probes about to be freed): the shadow's probes stop firing until the next
 * change succeeds.
 */
static int shk_engine_publish(struct shk_engine *e)
{
	struct shk_sitetab *t = NULL;
	struct shk_probe **probes;
	struct shk_probe *p;
	struct rb_node *rb;
	unsigned int n = 0;

	for (rb = rb_first(&e->sites); rb; rb = rb_next(rb))
		list_for_each_entry(p, &rb_entry(rb, struct shk_site, node)->probes, site_node)
			n++;
	probes = kvmalloc_array(max(n, 1u), sizeof(*probes), GFP_KERNEL);
	if (probes) {
		n = 0;
		for (rb = rb_first(&e->sites); rb; rb = rb_next(rb))
			list_for_each_entry(p, &rb_entry(rb, struct shk_site, node)->probes, site_node)
				probes[n++] = p;
		t = shk_sitetab_build(probes, n);
		kvfree(probes);
	}
	shk_sitetab_publish(&shk_slot_tabs[e->slot], t);
	if (!t) {
		pr_err("shadowk: shadow %llu: out of memory for its probe table; its probes do not fire until the next change\n",
		       e->sh->id);
		return -ENOMEM;
	}
	return 0;
}

/* --- engines and sites --- */

static struct shk_engine *shk_engine_get(struct shk_shadow *sh)
{
	struct shk_engine *e;
	int slot;

	if (sh->engine)
		return sh->engine;
	for (slot = 0; slot < SHADOWK_MAX_PROBED_SHADOWS; slot++)
		if (!shk_slot_engines[slot])
			break;
	if (slot == SHADOWK_MAX_PROBED_SHADOWS) {
		pr_notice_ratelimited("shadowk: shadow %llu cannot take probes: %d shadows have probes already\n",
				      sh->id, SHADOWK_MAX_PROBED_SHADOWS);
		return ERR_PTR(-ENOSPC);
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return ERR_PTR(-ENOMEM);
	e->sh = sh;
	e->slot = slot;
	INIT_LIST_HEAD(&e->probes);
	e->sites = RB_ROOT;
	xa_init(&e->ids);
	shk_slot_engines[slot] = e;
	WRITE_ONCE(shk_slot_top[slot], pgd_val(sh->pgt.top));
	sh->engine = e;
	return e;
}

static struct shk_site *shk_site_find(struct shk_engine *e, unsigned long addr)
{
	struct rb_node *n = e->sites.rb_node;

	while (n) {
		struct shk_site *s = rb_entry(n, struct shk_site, node);

		if (addr == s->addr)
			return s;
		n = addr < s->addr ? n->rb_left : n->rb_right;
	}
	return NULL;
}

/* A new site at @addr: a call to the shadow's trampoline, or with @xol (a handle) an int3. */
static struct shk_site *shk_site_add(struct shk_engine *e, unsigned long addr, int xol)
{
	struct rb_node **link = &e->sites.rb_node, *parent = NULL;
	struct shk_site *s = kzalloc(sizeof(*s), GFP_KERNEL);
	s32 rel = (s32)(shk_trampolines[e->slot] - (addr + MCOUNT_INSN_SIZE));

	if (!s)
		return NULL;
	s->addr = addr;
	INIT_LIST_HEAD(&s->probes);
	if (xol) {
		s->xol = xol;
		s->call[0] = INT3_INSN_OPCODE;
		s->len = INT3_INSN_SIZE;
	} else {
		s->call[0] = 0xe8;	/* call rel32 */
		memcpy(&s->call[1], &rel, sizeof(rel));
		s->len = MCOUNT_INSN_SIZE;
	}
	while (*link) {
		parent = *link;
		link = addr < rb_entry(parent, struct shk_site, node)->addr ?
		       &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&s->node, parent, link);
	rb_insert_color(&s->node, &e->sites);
	e->nr_sites++;
	return s;
}

/* Its patch is not (or no longer) in the shadow: an int3 site's slot may go. */
static void shk_site_del(struct shk_engine *e, struct shk_site *s)
{
	if (s->xol)
		shk_xol_put(s->xol);
	rb_erase(&s->node, &e->sites);
	e->nr_sites--;
	kfree(s);
}

static void shk_probe_free(struct shk_probe *p)
{
	if (p->prog)
		bpf_prog_put(p->prog);
	kfree(p->xol);
	free_percpu(p->cnt);
	kfree(p);
}

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
static struct shk_probe *shk_probe_prepare(struct shadowk_probe *r)
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
	p->cnt = alloc_percpu(struct shk_probe_cnt);
	if (!p->cnt)
		goto err_probe;
	p->addr = r->addr;
	p->kind = r->kind;
	p->flags = r->flags;
	p->prog = prog;
	p->site_addr = site;
	p->xol = xol;
	return p;

err_probe:
	kfree(p);
err_prog:
	bpf_prog_put(prog);
err_xol:
	kfree(xol);
	return ERR_PTR(ret);
}

struct shk_attach_ctx {
	struct shk_engine *e;
	struct shk_site **new_sites;
	struct shk_patch_req *preqs;
	unsigned int nr_new;
};

/* Unhook a probe of the batch being attached from its site. */
static void shk_probe_unlink(struct shk_engine *e, struct shk_probe *p)
{
	struct shk_site *s = p->site;

	list_del(&p->site_node);
	p->site = NULL;
	if (list_empty(&s->probes) && !s->patched)
		shk_site_del(e, s);
}

/* Under text_mutex, before the commit: drop refused sites, publish the rest. */
static int shk_attach_publish(void *arg)
{
	struct shk_attach_ctx *c = arg;
	unsigned int i;

	for (i = 0; i < c->nr_new; i++) {
		struct shk_site *s = c->new_sites[i];
		struct shk_probe *p, *tmp;

		if (!c->preqs[i].error)
			continue;
		list_for_each_entry_safe(p, tmp, &s->probes, site_node) {
			p->error = c->preqs[i].error;
			shk_probe_unlink(c->e, p);	/* the last one frees the site */
		}
		c->new_sites[i] = NULL;
	}
	return shk_engine_publish(c->e);
}

int shk_probe_attach(struct shk_shadow *sh, struct shadowk_probe *reqs, u32 n, bool best_effort,
		     u32 *attached)
{
	struct shk_attach_ctx c = {};
	struct shk_probe **probes;
	struct shk_engine *e;
	unsigned int i, ok = 0, added = 0;
	bool unions = false;
	int ret = 0;

	probes = kvcalloc(n, sizeof(*probes), GFP_KERNEL);
	c.new_sites = kvcalloc(n, sizeof(*c.new_sites), GFP_KERNEL);
	c.preqs = kvcalloc(n, sizeof(*c.preqs), GFP_KERNEL);
	if (!probes || !c.new_sites || !c.preqs) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < n; i++) {
		struct shk_probe *p = shk_probe_prepare(&reqs[i]);

		reqs[i].id = 0;
		reqs[i].site = 0;
		reqs[i].error = IS_ERR(p) ? PTR_ERR(p) : 0;
		if (IS_ERR(p)) {
			if (!best_effort) {
				ret = PTR_ERR(p);
				goto out_free;
			}
			continue;
		}
		probes[i] = p;
	}

	mutex_lock(&shk_lock);
	e = shk_engine_get(sh);
	if (IS_ERR(e)) {
		ret = PTR_ERR(e);
		goto out_unlock;
	}
	for (i = 0; i < n; i++) {
		if (probes[i] && probes[i]->kind == SHADOWK_PROBE_RETURN && !e->rh) {
			e->rh = shk_rethook_alloc(e);
			if (!e->rh) {
				ret = -ENOMEM;
				goto out_unlock;
			}
		}
	}
	c.e = e;

	/* Link each probe to its site; new sites are patched below. */
	for (i = 0; i < n; i++) {
		struct shk_probe *p = probes[i], *q;
		unsigned long addr;
		struct shk_site *s;
		int err = 0;

		if (!p)
			continue;
		addr = p->site_addr;
		p->engine = e;
		if (e->nr_probes + added >= SHADOWK_MAX_PROBES) {
			err = shk_probe_refuse(&reqs[i], -ENOSPC, "the shadow has SHADOWK_MAX_PROBES probes");
			goto refused;
		}
		s = shk_site_find(e, addr);
		if (!s) {
			int xol = 0;

			if (p->xol) {
				xol = shk_xol_get(p->xol);
				if (xol < 0) {
					err = shk_probe_refuse(&reqs[i], xol, xol == -ENOSPC ?
						"all out-of-line slots are in use (SHK_XOL_SLOTS offset sites)" :
						"a RIP-relative operand is out of reach of the out-of-line slot");
					goto refused;
				}
			}
			s = shk_site_add(e, addr, xol);
			if (!s) {
				if (xol)
					shk_xol_put(xol);
				err = -ENOMEM;
				goto refused;
			}
			s->req = c.nr_new;
			c.new_sites[c.nr_new] = s;
			c.preqs[c.nr_new] = (struct shk_patch_req) {
				.addr = addr, .bytes = s->call, .len = s->len, .ftrace_site = !xol,
			};
			c.nr_new++;
		}
		list_for_each_entry(q, &s->probes, site_node) {
			if (q->prog == p->prog && q->kind == p->kind) {
				err = shk_probe_refuse(&reqs[i], -EEXIST, "the same program is attached there already");
				break;
			}
		}
		if (err) {
			if (list_empty(&s->probes) && !s->patched) {
				c.nr_new--;	/* it was the last one added */
				shk_site_del(e, s);
			}
			goto refused;
		}
		/* The id before any table leads to it: returns in flight look it up. */
		p->id = ++e->next_id;
		err = xa_err(xa_store(&e->ids, p->id, p, GFP_KERNEL));
		if (err) {
			if (list_empty(&s->probes) && !s->patched) {
				c.nr_new--;
				shk_site_del(e, s);
			}
			goto refused;
		}
		p->site = s;
		list_add_tail(&p->site_node, &s->probes);
		added++;
		continue;
refused:
		reqs[i].error = err;
		shk_probe_free(p);
		probes[i] = NULL;
		if (!best_effort) {
			ret = err;
			goto out_undo;
		}
	}

	/* Before any shadow can show a new site to ftrace's checks. */
	if (c.nr_new)
		shk_siteguard_update();
	if (c.nr_new)
		ret = shk_shadow_patch_batch(sh, c.preqs, c.nr_new, best_effort, shk_attach_publish, &c);
	else
		ret = added ? shk_engine_publish(e) : -EINVAL;
	if (ret)
		goto out_undo;

	for (i = 0; i < n; i++) {
		struct shk_probe *p = probes[i];

		if (!p)
			continue;
		if (p->error) {		/* its site was refused: no table ever led to it */
			reqs[i].error = p->error;
			xa_erase(&e->ids, p->id);
			shk_probe_free(p);
			probes[i] = NULL;
			continue;
		}
		p->site->patched = true;
		list_add_tail(&p->node, &e->probes);
		e->nr_probes++;
		if (p->flags & SHADOWK_PROBE_UNION) {
			e->nr_union++;
			unions = true;
		}
		reqs[i].id = p->id;
		reqs[i].site = p->site->addr;
		probes[i] = NULL;	/* owned by the engine now */
		ok++;
	}
	if (unions)
		shk_union_update();
	shk_siteguard_update();
	*attached = ok;
	ret = 0;
	goto out_unlock;

out_undo:
	for (i = 0; i < n; i++) {
		struct shk_probe *p = probes[i];

		if (!p)
			continue;
		/* Say which probe's site was refused, as on success. */
		if (p->error)
			reqs[i].error = p->error;
		else if (p->site && !p->site->patched && c.preqs[p->site->req].error)
			reqs[i].error = c.preqs[p->site->req].error;
		if (p->site)
			shk_probe_unlink(e, p);
		if (p->id)
			xa_erase(&e->ids, p->id);
	}
	shk_engine_publish(e);	/* as it was */
	shk_siteguard_update();
	/* Every probe refused: the request fails with the first one's reason. */
	for (i = 0; ret == -EINVAL && !added && i < n; i++)
		if (reqs[i].error)
			ret = reqs[i].error;
out_unlock:
	mutex_unlock(&shk_lock);
	if (ret)
		synchronize_rcu();	/* a published table may have led to them */
out_free:
	for (i = 0; probes && i < n; i++) {
		if (probes[i])
			shk_probe_free(probes[i]);
	}
	kvfree(probes);
	kvfree(c.new_sites);
	kvfree(c.preqs);
	return ret;
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
			pr_notice_ratelimited("shadowk: detach refused: probe %llu is not attached to shadow %llu\n",
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
void shk_probe_engine_destroy(struct shk_shadow *sh)
{
	struct shk_engine *e = sh->engine;
	struct shk_probe *p, *tmp;
	struct rb_node *rb;

	if (!e)
		return;
	sh->engine = NULL;
	shk_sitetab_publish(&shk_slot_tabs[e->slot], NULL);
	shk_slot_engines[e->slot] = NULL;
	WRITE_ONCE(shk_slot_top[e->slot], 0);
	if (e->nr_union)
		shk_union_update();	/* the engine is out of shk_slot_engines: its probes go */
	/* Returns in flight stop finding the engine after this grace period. */
	if (e->rh)
		shk_sym_rethook_free(e->rh);
	synchronize_rcu();
	list_for_each_entry_safe(p, tmp, &e->probes, node)
		shk_probe_free(p);
	while ((rb = rb_first(&e->sites)))
		shk_site_del(e, rb_entry(rb, struct shk_site, node));
	xa_destroy(&e->ids);
	kfree(e);
	shk_siteguard_update();
}

/* --- for union.c and siteguard.c, under shk_lock or RCU --- */

struct shk_engine *shk_slot_engine(unsigned int slot)
{
	return shk_slot_engines[slot];
}
