// SPDX-License-Identifier: GPL-2.0
/*
 * Shadow objects: creation, copy-on-write patching, destruction.
 *
 * A new shadow copies nothing: it owns a copy of the 2-3 page-table pages on
 * the path to the kernel text, all pointing at the pristine kernel. A patch
 * copies only the 4 KiB pages it writes (splitting the 2 MiB mapping of
 * that region into 4 KiB entries first); the copy starts as the pristine
 * page's current bytes, read under text_mutex so no kernel write is half
 * done, and the kernel's later writes reach it through coherence.c.
 */
#include "common.h"
#include <linux/slab.h>

#include "commit.h"
#include "lazy.h"
#include "patch.h"
#include "shadow.h"
#include "text.h"

DEFINE_MUTEX(shk_lock);
LIST_HEAD(shk_shadows);
struct shk_stats shk_stats;
atomic_t shk_coherence_epoch;

static const struct shk_shadow_hooks *shk_hooks;

void shk_shadow_set_hooks(const struct shk_shadow_hooks *hooks)
{
	shk_hooks = hooks;
}

bool shk_shadow_model_settled(void)
{
	lockdep_assert_held(&shk_lock);
	return shk_hooks->settled();
}

static u64 shk_next_id = 1;

unsigned int shk_shadows_pinned(void)
{
	struct shk_shadow *sh;
	unsigned int n = 0;

	lockdep_assert_held(&shk_lock);
	list_for_each_entry(sh, &shk_shadows, node)
		if (sh->nr_multi && sh->nr_bound)
			n++;
	return n;
}

struct shk_shadow *shk_shadow_create(void)
{
	struct shk_shadow *sh;
	int ret;

	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return ERR_PTR(-ENOMEM);
	xa_init(&sh->copies);
	sh->patches = RB_ROOT;

	mutex_lock(&shk_lock);
	ret = shk_limits_admit_shadow(atomic64_read(&shk_stats.shadows));
	if (ret)
		goto err_admit;
	/* The global hooks exist only while shadows do: no cost otherwise. */
	if (list_empty(&shk_shadows)) {
		ret = shk_hooks->start();
		if (ret)
			goto err_hooks;
	}
	/* Before any table is copied, so every copy is non-global too. */
	ret = shk_text_nonglobal_get();
	if (ret)
		goto err_nonglobal;
	ret = shk_pgt_init(&sh->pgt);
	if (ret)
		goto err_pgt;

	sh->id = shk_next_id++;
	sh->epoch = atomic_read(&shk_coherence_epoch);
	shk_text_lock();
	list_add_tail(&sh->node, &shk_shadows);
	shk_text_unlock();
	atomic64_inc(&shk_stats.shadows);
	atomic64_add(sh->pgt.tables, &shk_stats.table_pages);
	mutex_unlock(&shk_lock);
	return sh;

err_pgt:
	shk_text_nonglobal_put();
err_nonglobal:
	if (list_empty(&shk_shadows))
		shk_hooks->stop();
err_hooks:
err_admit:
	mutex_unlock(&shk_lock);
	kfree(sh);
	return ERR_PTR(ret);
}

/* Called when nothing refers to the shadow any more: no fd, no bound mm. */
void shk_shadow_destroy(struct shk_shadow *sh)
{
	struct shk_patch *p, *tmp;
	struct page *page;
	unsigned long idx;

	mutex_lock(&shk_lock);
	/* Its probes went first: shk_probe_release(). */
	shk_text_lock();
	list_del(&sh->node);
	shk_text_unlock();

	xa_for_each(&sh->copies, idx, page) {
		__free_page(page);
		atomic64_dec(&shk_stats.pages_copied);
	}
	xa_destroy(&sh->copies);
	rbtree_postorder_for_each_entry_safe(p, tmp, &sh->patches, node)
		kfree(p);
	atomic64_sub(sh->pgt.tables, &shk_stats.table_pages);
	shk_uncharge_all(&sh->usage);
	shk_pgt_destroy(&sh->pgt);
	shk_text_nonglobal_put();
	atomic64_dec(&shk_stats.shadows);
	if (list_empty(&shk_shadows))
		shk_hooks->stop();
	mutex_unlock(&shk_lock);
	kfree(sh);
}

static struct shk_patch *shk_patch_first_ending_after(struct shk_shadow *sh, unsigned long addr)
{
	struct rb_node *n = sh->patches.rb_node;
	struct shk_patch *best = NULL;

	/* Patches do not overlap: the candidate is the last one starting before @addr, or the next. */
	while (n) {
		struct shk_patch *p = rb_entry(n, struct shk_patch, node);

		if (p->owned_end > addr) {
			best = p;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

bool shk_shadow_owns(struct shk_shadow *sh, unsigned long addr, unsigned long end)
{
	struct shk_patch *p = shk_patch_first_ending_after(sh, addr);

	return p && p->addr < end;
}

static void shk_patch_insert(struct shk_shadow *sh, struct shk_patch *patch)
{
	struct rb_node **link = &sh->patches.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (patch->addr < rb_entry(parent, struct shk_patch, node)->addr)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&patch->node, parent, link);
	rb_insert_color(&patch->node, &sh->patches);
}

/* One page a patch writes: at most two, since a patch is at most 64 bytes. */
struct shk_patch_page {
	unsigned long va;		/* page-aligned text address */
	struct page *copy;
	bool new_copy;			/* not yet mapped in the shadow */
	pte_t *new_table;		/* region table to link first, or NULL */
	unsigned int off, n;		/* bytes of the patch within this page */
	const u8 *src;			/* NULL: restore the pristine bytes */
};

struct shk_patch_plan {
	struct shk_patch_page pages[2];
	unsigned int nr_pages;
};

/* A batch of plans, applied by one commit. */
struct shk_patch_batch {
	struct shk_shadow *sh;
	struct shk_patch_plan *plans;
	unsigned int nr_plans;
	pte_t **pending;		/* region -> table allocated by this batch, not yet linked */
};

/* Runs with every CPU parked when the shadow is bound (see commit.h). */
static void shk_patch_apply(void *arg)
{
	struct shk_patch_batch *b = arg;
	unsigned int i, j;

	for (i = 0; i < b->nr_plans; i++) {
		struct shk_patch_plan *plan = &b->plans[i];

		for (j = 0; j < plan->nr_pages; j++) {
			struct shk_patch_page *pp = &plan->pages[j];
			u8 *dst = page_address(pp->copy) + pp->off;

			if (pp->new_table)
				shk_pgt_link_region(&b->sh->pgt, pp->va, pp->new_table);
			if (pp->src)
				memcpy(dst, pp->src, pp->n);
			else	/* under text_mutex: the pristine bytes are whole */
				memcpy(dst, shk_pristine(pp->va + pp->off), pp->n);
			if (pp->new_copy)
				shk_pgt_map_copy(&b->sh->pgt, pp->va, pp->copy);
		}
	}
}

static void shk_patch_plan_undo(struct shk_patch_batch *b, struct shk_patch_plan *plan)
{
	unsigned int i;

	for (i = 0; i < plan->nr_pages; i++) {
		struct shk_patch_page *pp = &plan->pages[i];

		if (pp->new_copy && pp->copy) {
			xa_erase(&b->sh->copies, shk_text_page(pp->va));
			__free_page(pp->copy);
			shk_uncharge(&b->sh->usage, SHK_RES_PAGES, 1);
		}
		if (pp->new_table) {
			b->pending[shk_text_region(pp->va)] = NULL;
			shk_pgt_free_region(pp->new_table);
		}
	}
	plan->nr_pages = 0;
}

/* Allocate what the patch needs; nothing the CPUs can see changes yet. */
static int shk_patch_prepare(struct shk_patch_batch *b, struct shk_patch_plan *plan,
			     unsigned long addr, const u8 *bytes, unsigned int len)
{
	struct shk_shadow *sh = b->sh;
	unsigned long end = addr + len, va;
	int ret;

	for (va = addr & PAGE_MASK; va < end; va += PAGE_SIZE) {
		struct shk_patch_page *pp = &plan->pages[plan->nr_pages++];
		unsigned int region = shk_text_region(va);
		unsigned long from = max(addr, va), to = min(end, va + PAGE_SIZE);

		pp->va = va;
		pp->off = from - va;
		pp->n = to - from;
		pp->src = bytes ? bytes + (from - addr) : NULL;
		pp->copy = xa_load(&sh->copies, shk_text_page(va));
		if (pp->copy)
			continue;	/* mapped already, or by an earlier plan of this batch */

		if (!sh->pgt.pte[region] && !b->pending[region]) {
			b->pending[region] = shk_pgt_alloc_region(&sh->pgt, va);
			if (!b->pending[region])
				return -ENOMEM;
			pp->new_table = b->pending[region];
		}
		/* Charged before the copy exists; plan_undo() gives it back with the copy. */
		ret = shk_charge(&sh->usage, sh->id, SHK_RES_PAGES, 1, "patch at", addr);
		if (ret)
			return ret;
		pp->new_copy = true;
		pp->copy = alloc_page(GFP_KERNEL);
		if (!pp->copy) {
			shk_uncharge(&sh->usage, SHK_RES_PAGES, 1);
			return -ENOMEM;
		}
		memcpy(page_address(pp->copy), shk_pristine(va), PAGE_SIZE);
		/* Visible to coherence.c from here: it keeps the copy current. */
		ret = xa_err(xa_store(&sh->copies, shk_text_page(va), pp->copy, GFP_KERNEL));
		if (ret) {
			__free_page(pp->copy);
			pp->copy = NULL;
			shk_uncharge(&sh->usage, SHK_RES_PAGES, 1);
			return ret;
		}
	}
	return 0;
}

static int shk_batch_init(struct shk_patch_batch *b, struct shk_shadow *sh, unsigned int n)
{
	b->sh = sh;
	b->nr_plans = n;
	b->plans = kvcalloc(n, sizeof(*b->plans), GFP_KERNEL);
	b->pending = kcalloc(shk_text.nr_regions, sizeof(*b->pending), GFP_KERNEL);
	if (!b->plans || !b->pending) {
		kvfree(b->plans);
		kfree(b->pending);
		return -ENOMEM;
	}
	return 0;
}

static void shk_batch_account(struct shk_patch_batch *b)
{
	unsigned int i, j, tables = 0, copies = 0;

	for (i = 0; i < b->nr_plans; i++) {
		for (j = 0; j < b->plans[i].nr_pages; j++) {
			tables += !!b->plans[i].pages[j].new_table;
			copies += b->plans[i].pages[j].new_copy;
		}
	}
	b->sh->nr_copies += copies;
	atomic64_add(tables, &shk_stats.table_pages);
	atomic64_add(copies, &shk_stats.pages_copied);
}

static void shk_batch_free(struct shk_patch_batch *b)
{
	kvfree(b->plans);
	kfree(b->pending);
}

int shk_shadow_patch_batch(struct shk_shadow *sh, struct shk_patch_req *reqs, unsigned int n,
			   bool best_effort, shk_publish_fn publish, void *arg)
{
	struct shk_patch_batch b;
	struct shk_patch **patches;
	unsigned int i, ok = 0;
	int ret;

	lockdep_assert_held(&shk_lock);
	ret = shk_batch_init(&b, sh, n);
	if (ret)
		return ret;
	patches = kvcalloc(n, sizeof(*patches), GFP_KERNEL);
	if (!patches) {
		shk_batch_free(&b);
		return -ENOMEM;
	}

	shk_text_lock();
	for (i = 0; i < n; i++) {
		struct shk_patch_req *r = &reqs[i];
		struct shk_patch_check check = {
			.addr = r->addr, .len = r->len, .ftrace_site = r->ftrace_site,
			.jump_site = r->jump_site,
		};

		r->error = shk_patch_check(&check, r->bytes);
		if (r->error)
			goto refused;
		if (check.multi && shk_full_preemption()) {
			pr_notice_ratelimited("patch at %pS refused: the kernel now runs with full preemption, which can suspend a task inside a patch of several instructions\n",
					      (void *)r->addr);
			r->error = -EOPNOTSUPP;
			goto refused;
		}
		if (check.multi && sh->nr_bound && !shk_shadow_model_settled()) {
			pr_notice_ratelimited("patch at %pS refused: a switch of the preemption model begun before the first shadow may still be running (sched/preempt is open for writing, or a livepatch transition is ending); retry\n",
					      (void *)r->addr);
			r->error = -EAGAIN;
			goto refused;
		}
		if (shk_shadow_owns(sh, r->addr, check.owned_end)) {
			pr_notice_ratelimited("patch at %pS refused: overlaps another patch of shadow %llu\n",
					      (void *)r->addr, sh->id);
			r->error = -EEXIST;
			goto refused;
		}
		r->error = shk_charge(&sh->usage, sh->id, SHK_RES_PATCHES, 1, "patch at", r->addr);
		if (r->error)
			goto refused;
		r->error = -ENOMEM;
		patches[i] = kzalloc(sizeof(*patches[i]), GFP_KERNEL);
		if (!patches[i])
			goto err_uncharge;
		r->error = shk_patch_prepare(&b, &b.plans[i], r->addr, r->bytes, r->len);
		if (r->error) {
			shk_patch_plan_undo(&b, &b.plans[i]);
			kfree(patches[i]);
			patches[i] = NULL;
			goto err_uncharge;
		}
		r->owned_end = check.owned_end;
		patches[i]->addr = r->addr;
		patches[i]->owned_end = check.owned_end;
		patches[i]->len = r->len;
		patches[i]->multi = check.multi;
		memcpy(patches[i]->bytes, r->bytes, r->len);
		shk_patch_insert(sh, patches[i]);	/* later requests must not overlap it */
		ok++;
		continue;
err_uncharge:	/* the patch record's charge, taken above */
		shk_uncharge(&sh->usage, SHK_RES_PATCHES, 1);
refused:
		if (!best_effort) {
			ret = r->error;
			goto err_undo;
		}
	}
	if (!ok) {
		ret = reqs[0].error;
		goto err_undo;
	}
	ret = publish ? publish(arg) : 0;
	if (ret)
		goto err_undo;
	ret = shk_commit(shk_patch_apply, &b, sh->nr_bound > 0);
	if (ret)
		goto err_undo;
	shk_text_unlock();

	for (i = 0; i < n; i++) {
		if (!patches[i])
			continue;
		sh->nr_patches++;
		sh->nr_multi += patches[i]->multi;
		sh->bytes_patched += reqs[i].len;
	}
	shk_batch_account(&b);
	kvfree(patches);
	shk_batch_free(&b);
	return 0;

err_undo:
	for (i = 0; i < n; i++) {
		if (!patches[i])
			continue;
		rb_erase(&patches[i]->node, &sh->patches);
		kfree(patches[i]);
		shk_uncharge(&sh->usage, SHK_RES_PATCHES, 1);
		shk_patch_plan_undo(&b, &b.plans[i]);
	}
	shk_text_unlock();
	kvfree(patches);
	shk_batch_free(&b);
	return ret;
}

static struct shk_patch *shk_patch_find(struct shk_shadow *sh, unsigned long addr)
{
	struct shk_patch *p = shk_patch_first_ending_after(sh, addr);

	return p && p->addr == addr ? p : NULL;
}

int shk_shadow_unpatch_batch(struct shk_shadow *sh, const unsigned long *addrs, unsigned int n)
{
	struct shk_patch_batch b;
	unsigned int i;
	int ret;

	lockdep_assert_held(&shk_lock);
	ret = shk_batch_init(&b, sh, n);
	if (ret)
		return ret;
	shk_text_lock();
	for (i = 0; i < n; i++) {
		struct shk_patch *p = shk_patch_find(sh, addrs[i]);

		if (WARN_ON_ONCE(!p)) {
			ret = -ENOENT;
			goto out;
		}
		/* The page is copied already: this plan only writes into it. */
		ret = shk_patch_prepare(&b, &b.plans[i], p->addr, NULL, p->len);
		if (WARN_ON_ONCE(ret))
			goto out;
	}
	ret = shk_commit(shk_patch_apply, &b, sh->nr_bound > 0);
	if (ret)
		goto out;
	for (i = 0; i < n; i++) {
		struct shk_patch *p = shk_patch_find(sh, addrs[i]);

		sh->nr_patches--;
		sh->nr_multi -= p->multi;
		sh->bytes_patched -= p->len;
		rb_erase(&p->node, &sh->patches);
		kfree(p);
		shk_uncharge(&sh->usage, SHK_RES_PATCHES, 1);
	}
out:
	shk_text_unlock();
	shk_batch_free(&b);
	return ret;
}

int shk_shadow_patch(struct shk_shadow *sh, unsigned long addr, const u8 *bytes,
		     unsigned int len, unsigned long *owned_end)
{
	struct shk_patch_req req = { .addr = addr, .bytes = bytes, .len = len };
	int ret;

	mutex_lock(&shk_lock);
	/*
	 * A raw patch may own several instructions, which is known only under
	 * text_mutex, where no kprobe can be registered: so a bound shadow
	 * holds the lazy-TLB hook before any raw patch, and gives it back
	 * after if no such patch is bound (lazy.h). Probe sites, one
	 * instruction each, come through attach.c and never take it.
	 */
	ret = sh->nr_bound ? shk_lazy_hold() : 0;
	if (!ret)
		ret = shk_shadow_patch_batch(sh, &req, 1, false, NULL, NULL);
	shk_lazy_release(shk_shadows_pinned());
	mutex_unlock(&shk_lock);
	if (!ret)
		*owned_end = req.owned_end;
	return ret;
}

static void shk_shadow_info_locked(struct shk_shadow *sh, struct shadowk_info *info)
{
	lockdep_assert_held(&shk_lock);
	info->id = sh->id;
	info->pages_copied = sh->nr_copies;
	info->table_pages = sh->pgt.tables;
	info->bytes_patched = sh->bytes_patched;
	info->patches = sh->nr_patches;
	info->bound_mms = sh->nr_bound;
	info->coherence_writes = atomic64_read(&sh->coherence_writes);
	info->coherence_conflicts = atomic64_read(&sh->coherence_conflicts);
	shk_limits_info(&sh->usage, info);
}

void shk_shadow_info(struct shk_shadow *sh, struct shadowk_info *info)
{
	mutex_lock(&shk_lock);
	shk_shadow_info_locked(sh, info);
	mutex_unlock(&shk_lock);
}

u32 shk_shadow_list(struct shadowk_info *infos, u32 cap)
{
	struct shk_shadow *sh;
	u32 n = 0;

	mutex_lock(&shk_lock);
	list_for_each_entry(sh, &shk_shadows, node) {
		if (n < cap)
			shk_shadow_info_locked(sh, &infos[n]);
		n++;
	}
	mutex_unlock(&shk_lock);
	return n;
}
