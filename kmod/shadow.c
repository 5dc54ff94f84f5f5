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
#include <linux/slab.h>

#include "bind.h"
#include "coherence.h"
#include "commit.h"
#include "patch.h"
#include "shadow.h"
#include "text.h"

DEFINE_MUTEX(shk_lock);
LIST_HEAD(shk_shadows);
struct shk_stats shk_stats;

static u64 shk_next_id = 1;

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
	/* The global hooks exist only while shadows do: no cost otherwise. */
	if (list_empty(&shk_shadows)) {
		ret = shk_coherence_start();
		if (ret)
			goto err_coherence;
		ret = shk_exec_hook_start();
		if (ret)
			goto err_exec_hook;
	}
	/* Before any table is copied, so every copy is non-global too. */
	ret = shk_text_nonglobal_get();
	if (ret)
		goto err_nonglobal;
	ret = shk_pgt_init(&sh->pgt);
	if (ret)
		goto err_pgt;

	sh->id = shk_next_id++;
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
		shk_exec_hook_stop();
err_exec_hook:
	if (list_empty(&shk_shadows))
		shk_coherence_stop();
err_coherence:
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
	shk_pgt_destroy(&sh->pgt);
	shk_text_nonglobal_put();
	atomic64_dec(&shk_stats.shadows);
	if (list_empty(&shk_shadows)) {
		shk_exec_hook_stop();
		shk_coherence_stop();
	}
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
	const u8 *src;
};

struct shk_patch_plan {
	struct shk_shadow *sh;
	struct shk_patch_page pages[2];
	unsigned int nr_pages;
};

/* Runs with every CPU parked when the shadow is bound (see commit.h). */
static void shk_patch_apply(void *arg)
{
	struct shk_patch_plan *plan = arg;
	unsigned int i;

	for (i = 0; i < plan->nr_pages; i++) {
		struct shk_patch_page *pp = &plan->pages[i];

		if (pp->new_table)
			shk_pgt_link_region(&plan->sh->pgt, pp->va, pp->new_table);
		memcpy(page_address(pp->copy) + pp->off, pp->src, pp->n);
		if (pp->new_copy)
			shk_pgt_map_copy(&plan->sh->pgt, pp->va, pp->copy);
	}
}

static void shk_patch_plan_undo(struct shk_patch_plan *plan)
{
	unsigned int i;

	for (i = 0; i < plan->nr_pages; i++) {
		struct shk_patch_page *pp = &plan->pages[i];

		if (pp->new_copy && pp->copy) {
			xa_erase(&plan->sh->copies, shk_text_page(pp->va));
			__free_page(pp->copy);
		}
		if (pp->new_table)
			shk_pgt_free_region(pp->new_table);
	}
}

/* Allocate what the patch needs; nothing the CPUs can see changes yet. */
static int shk_patch_prepare(struct shk_patch_plan *plan, unsigned long addr,
			     const u8 *bytes, unsigned int len)
{
	struct shk_shadow *sh = plan->sh;
	unsigned long end = addr + len, va;
	pte_t *pending_table = NULL;
	unsigned int pending_region = UINT_MAX;
	int ret;

	for (va = addr & PAGE_MASK; va < end; va += PAGE_SIZE) {
		struct shk_patch_page *pp = &plan->pages[plan->nr_pages++];
		unsigned int region = shk_text_region(va);
		unsigned long from = max(addr, va), to = min(end, va + PAGE_SIZE);

		pp->va = va;
		pp->off = from - va;
		pp->n = to - from;
		pp->src = bytes + (from - addr);
		pp->copy = xa_load(&sh->copies, shk_text_page(va));
		if (pp->copy)
			continue;

		if (!sh->pgt.pte[region] && region != pending_region) {
			pending_table = shk_pgt_alloc_region(&sh->pgt, va);
			if (!pending_table)
				return -ENOMEM;
			pending_region = region;
			pp->new_table = pending_table;
		}
		pp->copy = alloc_page(GFP_KERNEL);
		if (!pp->copy)
			return -ENOMEM;
		pp->new_copy = true;
		memcpy(page_address(pp->copy), shk_pristine(va), PAGE_SIZE);
		/* Visible to coherence.c from here: it keeps the copy current. */
		ret = xa_err(xa_store(&sh->copies, shk_text_page(va), pp->copy, GFP_KERNEL));
		if (ret) {
			__free_page(pp->copy);
			pp->copy = NULL;
			return ret;
		}
	}
	return 0;
}

int shk_shadow_patch(struct shk_shadow *sh, unsigned long addr, const u8 *bytes,
		     unsigned int len, unsigned long *owned_end)
{
	struct shk_patch_check check = { .addr = addr, .len = len };
	struct shk_patch_plan plan = { .sh = sh };
	struct shk_patch *patch;
	unsigned int i, tables = 0, copies = 0;
	int ret;

	patch = kzalloc(sizeof(*patch), GFP_KERNEL);
	if (!patch)
		return -ENOMEM;

	mutex_lock(&shk_lock);
	shk_text_lock();
	if (sh->nr_patches >= SHADOWK_MAX_PATCHES) {
		ret = -ENOSPC;
		goto err_unlock;
	}
	ret = shk_patch_check(&check, bytes);
	if (ret)
		goto err_unlock;
	if (shk_shadow_owns(sh, addr, check.owned_end)) {
		pr_notice_ratelimited("shadowk: patch at %pS refused: overlaps another patch of shadow %llu\n",
				      (void *)addr, sh->id);
		ret = -EEXIST;
		goto err_unlock;
	}
	ret = shk_patch_prepare(&plan, addr, bytes, len);
	if (ret)
		goto err_undo;
	ret = shk_commit(shk_patch_apply, &plan, sh->nr_bound > 0);
	if (ret)
		goto err_undo;

	patch->addr = addr;
	patch->owned_end = check.owned_end;
	patch->len = len;
	memcpy(patch->bytes, bytes, len);
	shk_patch_insert(sh, patch);
	shk_text_unlock();

	for (i = 0; i < plan.nr_pages; i++) {
		tables += !!plan.pages[i].new_table;
		copies += plan.pages[i].new_copy;
	}
	sh->nr_patches++;
	sh->bytes_patched += len;
	sh->nr_copies += copies;
	atomic64_add(tables, &shk_stats.table_pages);
	atomic64_add(copies, &shk_stats.pages_copied);
	mutex_unlock(&shk_lock);
	*owned_end = check.owned_end;
	return 0;

err_undo:
	shk_patch_plan_undo(&plan);
err_unlock:
	shk_text_unlock();
	mutex_unlock(&shk_lock);
	kfree(patch);
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
