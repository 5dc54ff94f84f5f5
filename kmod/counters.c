// SPDX-License-Identifier: GPL-2.0
/*
 * Probe hit counters in shared per-CPU blocks (counters.h). A block's
 * slots are per-CPU like the single allocations they replace: a probe's hit
 * path increments its own slot on its own CPU only, so probes sharing a
 * block never write the same cache line from two CPUs.
 */
#include "common.h"
#include <linux/percpu.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "counters.h"
#include "engine.h"
#include "shadow.h"

/* 64 x 40 bytes: 2.5 KiB per CPU, at most one partly used block per engine. */
#define SHK_CNT_PER_BLOCK	64

struct shk_cnt_block {
	struct shk_probe_cnt __percpu *cnt;	/* SHK_CNT_PER_BLOCK slots */
	unsigned int used;			/* slots handed out, under shk_lock */
	refcount_t holders;
};

static void shk_cnt_block_put(struct shk_cnt_block *b)
{
	if (!refcount_dec_and_test(&b->holders))
		return;
	free_percpu(b->cnt);
	kfree(b);
}

int shk_cnt_get(struct shk_engine *e, struct shk_probe *p)
{
	struct shk_cnt_block *b = e->cnt_block;

	lockdep_assert_held(&shk_lock);
	if (!b || b->used == SHK_CNT_PER_BLOCK) {
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			return -ENOMEM;
		b->cnt = (struct shk_probe_cnt __percpu *)
			 __alloc_percpu(sizeof(struct shk_probe_cnt) * SHK_CNT_PER_BLOCK,
					__alignof__(struct shk_probe_cnt));
		if (!b->cnt) {
			kfree(b);
			return -ENOMEM;
		}
		refcount_set(&b->holders, 1);	/* the engine's */
		if (e->cnt_block)
			shk_cnt_block_put(e->cnt_block);
		e->cnt_block = b;
	}
	p->cnt = b->cnt + b->used++;
	p->cnt_block = b;
	refcount_inc(&b->holders);
	return 0;
}

void shk_cnt_put(struct shk_probe *p)
{
	if (!p->cnt_block)
		return;
	shk_cnt_block_put(p->cnt_block);
	p->cnt_block = NULL;
	p->cnt = NULL;
}

void shk_cnt_engine_put(struct shk_engine *e)
{
	if (!e->cnt_block)
		return;
	shk_cnt_block_put(e->cnt_block);
	e->cnt_block = NULL;
}
