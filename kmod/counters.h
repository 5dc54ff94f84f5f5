/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe hit counters (struct shk_probe_cnt), handed out SHK_CNT_PER_BLOCK
 * probes to one per-CPU allocation. alloc_percpu() searches the per-CPU
 * allocator's maps on every call: one allocation per probe was a third of
 * an ATTACH of every kernel function (bench/attach-profile.sh).
 *
 * Locking: an engine's current block (engine->cnt_block) and the slots it
 * hands out change under shk_lock. A block is freed when its last holder
 * lets go (a refcount): each probe given a slot, and the engine while the
 * block is its current one. Probes are freed outside shk_lock too (after a
 * grace period), which the refcount allows. Slots are never handed out
 * twice, so a probe's counters start at zero.
 */
#ifndef _SHADOWK_COUNTERS_H
#define _SHADOWK_COUNTERS_H

struct shk_engine;
struct shk_probe;

/* Counters for @p from @e's current block (a new block when it is full). */
int shk_cnt_get(struct shk_engine *e, struct shk_probe *p);
/* @p's slot back: the block goes with its last holder. */
void shk_cnt_put(struct shk_probe *p);
/* The engine lets go of its current block (engine teardown). */
void shk_cnt_engine_put(struct shk_engine *e);

#endif /* _SHADOWK_COUNTERS_H */
