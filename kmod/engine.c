// SPDX-License-Identifier: GPL-2.0
/*
 * The probe engine's data (engine.h): per-shadow engines and their slots,
 * sites, and the lookup tables the hit path reads. Everything here runs
 * under shk_lock, except the tables' RCU-deferred frees.
 */
#include "common.h"
#include <linux/bpf.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "counters.h"
#include "engine.h"
#include "hit.h"
#include "shadow.h"
#include "text.h"
#include "xol.h"

struct shk_sitetab __rcu *shk_slot_tabs[SHADOWK_MAX_PROBED_SHADOWS];
unsigned long shk_slot_top[SHADOWK_MAX_PROBED_SHADOWS];
static struct shk_engine *shk_slot_engines[SHADOWK_MAX_PROBED_SHADOWS];
/*
 * Freed since the last RCU-tasks grace period. Under full preemption a task
 * can be preempted inside slot N's trampoline before it reads slot N's
 * table, and be unbound meanwhile (the commit's stopper preempts it there);
 * if slot N went to another shadow before it resumed, it would run that
 * shadow's probes. A task leaves the trampoline before it switches
 * voluntarily, so a freed slot is given out again only after
 * synchronize_rcu_tasks(). Under voluntary or no preemption no task is
 * suspended there; the wait is then merely unneeded, and rare: clean slots
 * are taken first.
 */
static bool shk_slot_dirty[SHADOWK_MAX_PROBED_SHADOWS];

static unsigned int test_probed_slots;
module_param(test_probed_slots, uint, 0600);
MODULE_PARM_DESC(test_probed_slots, "use only the first N probe slots, 0: all (for tests: slot reuse)");

/* A free slot, clean if any; -1 if none. Caller holds shk_lock. */
static int shk_slot_find(void)
{
	unsigned int limit = READ_ONCE(test_probed_slots);
	int slot, dirty = -1, nr = limit && limit < SHADOWK_MAX_PROBED_SHADOWS ? limit :
				   SHADOWK_MAX_PROBED_SHADOWS;

	for (slot = 0; slot < nr; slot++) {
		if (shk_slot_engines[slot])
			continue;
		if (!shk_slot_dirty[slot])
			return slot;
		if (dirty < 0)
			dirty = slot;
	}
	if (dirty >= 0) {
		synchronize_rcu_tasks();
		for (slot = 0; slot < SHADOWK_MAX_PROBED_SHADOWS; slot++)
			if (!shk_slot_engines[slot])
				shk_slot_dirty[slot] = false;
	}
	return dirty;
}

int shk_probe_refuse(struct shadowk_probe *r, int err, const char *reason)
{
	pr_notice_ratelimited("probe at %pS (%px) refused: %s\n",
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
	t->shift = 64 - bits;
	t->mask = (1u << bits) - 1;
	t->ents = kvcalloc(1u << bits, sizeof(*t->ents), GFP_KERNEL);
	t->probes = kvmalloc_array(max(n, 1u), sizeof(*t->probes), GFP_KERNEL);
	if (!t->ents || !t->probes) {
		shk_sitetab_free(t);
		return NULL;
	}
	memcpy(t->probes, probes, n * sizeof(*probes));
	for (i = 0; i < n; ) {
		unsigned long site = probes[i]->site->addr;
		unsigned int j = i, h = shk_site_hash(site, t->shift);

		while (j < n && probes[j]->site->addr == site)
			j++;
		while (t->ents[h].site)
			h = (h + 1) & t->mask;
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
int shk_engine_publish(struct shk_engine *e)
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
		pr_err("shadow %llu: out of memory for its probe table; its probes do not fire until the next change\n",
		       e->sh->id);
		return -ENOMEM;
	}
	return 0;
}

/* --- engines and sites --- */

struct shk_engine *shk_engine_get(struct shk_shadow *sh)
{
	struct shk_engine *e;
	int slot;

	if (sh->engine)
		return sh->engine;
	slot = shk_slot_find();
	if (slot < 0) {
		pr_notice_ratelimited("shadow %llu cannot take probes: %d shadows have probes already\n",
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

struct shk_site *shk_site_find(struct shk_engine *e, unsigned long addr)
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
struct shk_site *shk_site_add(struct shk_engine *e, unsigned long addr, int xol)
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
void shk_site_del(struct shk_engine *e, struct shk_site *s)
{
	if (s->xol)
		shk_xol_put(s->xol);
	rb_erase(&s->node, &e->sites);
	e->nr_sites--;
	kfree(s);
}

unsigned long shk_probe_percpu_bytes(void)
{
	return sizeof(struct shk_probe_cnt) * num_possible_cpus();
}

void shk_probe_uncharge(struct shk_probe *p)
{
	struct shk_usage *u;

	if (!p->charged)
		return;
	lockdep_assert_held(&shk_lock);
	u = &p->engine->sh->usage;
	shk_uncharge(u, SHK_RES_PERCPU, shk_probe_percpu_bytes());
	shk_uncharge(u, SHK_RES_PROBES, 1);
	p->charged = false;
}

void shk_probe_free(struct shk_probe *p)
{
	shk_probe_uncharge(p);
	if (p->prog)
		bpf_prog_put(p->prog);
	kfree(p->xol);
	shk_cnt_put(p);
	kfree(p);
}


void shk_engine_unslot(struct shk_engine *e)
{
	shk_sitetab_publish(&shk_slot_tabs[e->slot], NULL);
	shk_slot_engines[e->slot] = NULL;
	shk_slot_dirty[e->slot] = true;
	WRITE_ONCE(shk_slot_top[e->slot], 0);
}

/* For union.c and siteguard.c, under shk_lock or RCU. */
unsigned int shk_engines_used(void)
{
	unsigned int slot, n = 0;

	lockdep_assert_held(&shk_lock);
	for (slot = 0; slot < SHADOWK_MAX_PROBED_SHADOWS; slot++)
		n += !!shk_slot_engines[slot];
	return n;
}

struct shk_engine *shk_slot_engine(unsigned int slot)
{
	return shk_slot_engines[slot];
}
