// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching a batch of probes (ATTACH): each probe prepared (probe.c) is
 * linked to its site, new sites become patch requests, and the batch is
 * committed with one stop of the machine; a refusal undoes the batch, or
 * only the refused probes with SHADOWK_ATTACH_BEST_EFFORT. Runs under
 * shk_lock, after the programs were looked up.
 */
#include "common.h"
#include <linux/slab.h>

#include "counters.h"
#include "engine.h"
#include "hit.h"
#include "limits.h"
#include "probe.h"
#include "probe_prep.h"
#include "shadow.h"
#include "siteguard.h"
#include "union.h"
#include "xol.h"


struct shk_attach_ctx {
	struct shk_shadow *sh;
	struct shk_engine *e;
	struct shadowk_probe *reqs;
	struct shk_probe **probes;	/* prepared, then linked; NULL once refused or owned */
	struct shk_site **new_sites;
	struct shk_patch_req *preqs;	/* one per new site */
	unsigned int n, nr_new, added;
	bool best_effort;
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

/* Step 1, before shk_lock: check each request and take its program. */
static int shk_attach_prepare(struct shk_attach_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		struct shk_probe *p = shk_probe_prepare(&c->reqs[i]);

		c->reqs[i].id = 0;
		c->reqs[i].site = 0;
		c->reqs[i].error = IS_ERR(p) ? PTR_ERR(p) : 0;
		if (IS_ERR(p)) {
			if (!c->best_effort)
				return PTR_ERR(p);
			continue;
		}
		c->probes[i] = p;
	}
	return 0;
}

/* Step 2: the shadow's engine, with a rethook if the batch has return probes. */
static int shk_attach_engine(struct shk_attach_ctx *c)
{
	struct shk_engine *e = shk_engine_get(c->sh);
	unsigned int i;

	if (IS_ERR(e))
		return PTR_ERR(e);
	for (i = 0; i < c->n; i++) {
		struct shk_probe *p = c->probes[i];
		int err;

		if (!p || p->kind != SHADOWK_PROBE_RETURN || e->rh)
			continue;
		err = shk_charge(&c->sh->usage, c->sh->id, SHK_RES_PERCPU, shk_rethook_percpu_bytes(),
				 "return-probe pool for", p->addr);
		if (err)
			return err;
		e->rh = shk_rethook_alloc(e);
		if (!e->rh) {
			shk_uncharge(&c->sh->usage, SHK_RES_PERCPU, shk_rethook_percpu_bytes());
			return -ENOMEM;
		}
	}
	c->e = e;
	return 0;
}

/* A site added for the probe being linked, now without probes: it was the last one added. */
static void shk_attach_drop_new_site(struct shk_attach_ctx *c, struct shk_site *s)
{
	if (list_empty(&s->probes) && !s->patched) {
		c->nr_new--;
		shk_site_del(c->e, s);
	}
}

/* The site for @p: found, or new (then a patch request of the batch). */
static int shk_attach_site(struct shk_attach_ctx *c, unsigned int i, struct shk_site **site)
{
	struct shk_probe *p = c->probes[i];
	unsigned long addr = p->site_addr;
	struct shk_site *s;
	int xol = 0;

	s = shk_site_find(c->e, addr);
	if (s) {
		*site = s;
		return 0;
	}
	if (p->xol) {
		xol = shk_xol_get(p->xol);
		if (xol < 0)
			return shk_probe_refuse(&c->reqs[i], xol, xol == -ENOSPC ?
				"all out-of-line slots are in use (SHK_XOL_SLOTS offset sites)" :
				"a RIP-relative operand is out of reach of the out-of-line slot");
	}
	s = shk_site_add(c->e, addr, xol);
	if (!s) {
		if (xol)
			shk_xol_put(xol);
		return -ENOMEM;
	}
	s->req = c->nr_new;
	c->new_sites[c->nr_new] = s;
	c->preqs[c->nr_new] = (struct shk_patch_req) {
		.addr = addr, .bytes = s->call, .len = s->len, .ftrace_site = !xol,
	};
	c->nr_new++;
	*site = s;
	return 0;
}

/* Counted against the caps before its counters are allocated (limits.h). */
static int shk_attach_charge(struct shk_attach_ctx *c, struct shk_probe *p)
{
	struct shk_shadow *sh = c->sh;
	unsigned long bytes = shk_probe_percpu_bytes();
	int err;

	err = shk_charge(&sh->usage, sh->id, SHK_RES_PROBES, 1, "probe at", p->addr);
	if (err)
		return err;
	err = shk_charge(&sh->usage, sh->id, SHK_RES_PERCPU, bytes, "probe at", p->addr);
	if (err)
		goto err_charge_percpu;
	err = shk_cnt_get(c->e, p);
	if (err)
		goto err_alloc_counters;
	p->charged = true;
	return 0;

err_alloc_counters:
	shk_uncharge(&sh->usage, SHK_RES_PERCPU, bytes);
err_charge_percpu:
	shk_uncharge(&sh->usage, SHK_RES_PROBES, 1);
	return err;
}

/* Link probe @i to its site and give it an id; a refusal's error is returned. */
static int shk_attach_link_one(struct shk_attach_ctx *c, unsigned int i)
{
	struct shk_probe *p = c->probes[i], *q;
	struct shk_engine *e = c->e;
	struct shk_site *s;
	int err;

	p->engine = e;
	err = shk_attach_charge(c, p);
	if (err)
		return err;
	err = shk_attach_site(c, i, &s);
	if (err)
		return err;
	list_for_each_entry(q, &s->probes, site_node) {
		if (q->prog == p->prog && q->kind == p->kind) {
			shk_attach_drop_new_site(c, s);
			return shk_probe_refuse(&c->reqs[i], -EEXIST, "the same program is attached there already");
		}
	}
	/* The id before any table leads to it: returns in flight look it up. */
	p->id = ++e->next_id;
	err = xa_err(xa_store(&e->ids, p->id, p, GFP_KERNEL));
	if (err) {
		shk_attach_drop_new_site(c, s);
		return err;
	}
	p->site = s;
	list_add_tail(&p->site_node, &s->probes);
	c->added++;
	return 0;
}

/* Step 3: link every prepared probe; without best effort the first refusal stops the batch. */
static int shk_attach_link(struct shk_attach_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		int err;

		if (!c->probes[i])
			continue;
		err = shk_attach_link_one(c, i);
		if (!err)
			continue;
		c->reqs[i].error = err;
		shk_probe_free(c->probes[i]);
		c->probes[i] = NULL;
		if (!c->best_effort)
			return err;
	}
	return 0;
}

/* Step 4: patch the new sites (one commit), publishing the table before it. */
static int shk_attach_commit(struct shk_attach_ctx *c)
{
	/* Before any shadow can show a new site to ftrace's checks. */
	if (c->nr_new)
		shk_siteguard_update();
	if (c->nr_new)
		return shk_shadow_patch_batch(c->sh, c->preqs, c->nr_new, c->best_effort,
					      shk_attach_publish, c);
	return c->added ? shk_engine_publish(c->e) : -EINVAL;
}

/* Step 5: the engine owns the attached probes; ids and sites go back to the caller. */
static u32 shk_attach_finish(struct shk_attach_ctx *c)
{
	struct shk_engine *e = c->e;
	bool unions = false;
	unsigned int i;
	u32 ok = 0;

	for (i = 0; i < c->n; i++) {
		struct shk_probe *p = c->probes[i];

		if (!p)
			continue;
		if (p->error) {		/* its site was refused: no table ever led to it */
			c->reqs[i].error = p->error;
			xa_erase(&e->ids, p->id);
			shk_probe_free(p);
			c->probes[i] = NULL;
			continue;
		}
		p->site->patched = true;
		list_add_tail(&p->node, &e->probes);
		e->nr_probes++;
		if (p->flags & SHADOWK_PROBE_UNION) {
			e->nr_union++;
			unions = true;
		}
		c->reqs[i].id = p->id;
		c->reqs[i].site = p->site->addr;
		c->probes[i] = NULL;	/* owned by the engine now */
		ok++;
	}
	if (unions)
		shk_union_update();
	shk_siteguard_update();
	return ok;
}

/* The batch failed with @ret: unlink what was linked; returns the request's error. */
static int shk_attach_undo(struct shk_attach_ctx *c, int ret)
{
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		struct shk_probe *p = c->probes[i];

		if (!p)
			continue;
		/* Say which probe's site was refused, as on success. */
		if (p->error)
			c->reqs[i].error = p->error;
		else if (p->site && !p->site->patched && c->preqs[p->site->req].error)
			c->reqs[i].error = c->preqs[p->site->req].error;
		if (p->site)
			shk_probe_unlink(c->e, p);
		if (p->id)
			xa_erase(&c->e->ids, p->id);
		shk_probe_uncharge(p);	/* freed after shk_lock is dropped */
	}
	shk_engine_publish(c->e);	/* as it was */
	shk_siteguard_update();
	/* Every probe refused: the request fails with the first one's reason. */
	for (i = 0; ret == -EINVAL && !c->added && i < c->n; i++)
		if (c->reqs[i].error)
			ret = c->reqs[i].error;
	return ret;
}

int shk_probe_attach(struct shk_shadow *sh, struct shadowk_probe *reqs, u32 n, bool best_effort,
		     u32 *attached)
{
	struct shk_attach_ctx c = { .sh = sh, .reqs = reqs, .n = n, .best_effort = best_effort };
	unsigned int i;
	int ret;

	c.probes = kvcalloc(n, sizeof(*c.probes), GFP_KERNEL);
	c.new_sites = kvcalloc(n, sizeof(*c.new_sites), GFP_KERNEL);
	c.preqs = kvcalloc(n, sizeof(*c.preqs), GFP_KERNEL);
	if (!c.probes || !c.new_sites || !c.preqs) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = shk_attach_prepare(&c);
	if (ret)
		goto out_free;

	mutex_lock(&shk_lock);
	ret = shk_attach_engine(&c);
	if (ret)
		goto out_unlock;
	ret = shk_attach_link(&c);
	if (!ret)
		ret = shk_attach_commit(&c);
	if (ret) {
		ret = shk_attach_undo(&c, ret);
		goto out_unlock;
	}
	*attached = shk_attach_finish(&c);
out_unlock:
	mutex_unlock(&shk_lock);
	if (ret)
		synchronize_rcu();	/* a published table may have led to them */
out_free:
	for (i = 0; c.probes && i < n; i++) {
		if (c.probes[i])
			shk_probe_free(c.probes[i]);
	}
	kvfree(c.probes);
	kvfree(c.new_sites);
	kvfree(c.preqs);
	return ret;
}
