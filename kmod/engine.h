/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probe engine's data: probes are patches in one shadow, where eBPF programs
 * run (hit.c). Entry and return probes call into the module from the
 * function's ftrace site; offset probes put an int3 on an instruction, and
 * the module runs that instruction out of line afterwards (xol.h).
 *
 * Structures and their locking:
 *  - struct shk_engine hangs off a shadow once it has had a probe. Its probe
 *    list, site tree and counters change only under shk_lock.
 *  - The hit path never takes a lock: it reads a struct shk_sitetab, built
 *    whole under shk_lock and published with rcu_assign_pointer() in the
 *    global array shk_slot_tabs[] (one entry per probed shadow: its "slot",
 *    which also picks the trampoline its patches call), and replaced whole.
 *    Readers run with preemption off, so synchronize_rcu() after replacing a
 *    table, or after a commit that removed patches, means no CPU still uses
 *    what was removed.
 *  - A table is published before any patch that leads to it is committed,
 *    and a patch is removed (committed) before its probes leave the table's
 *    successor, so a CPU that reaches the trampoline always finds either its
 *    probes or nothing.
 *  - Return probes in flight find their probe by id (engine->ids, RCU), so a
 *    probe detached while its function has not returned is simply not run.
 *  - An int3 must always be handled, even when the table is missing (out of
 *    memory) or no longer lists its probes: the handler finds the
 *    instruction to run in xol.c's own hash, which outlives the int3.
 *    The table only says which programs run there.
 *  - The int3 handler learns which shadow's view the CPU runs from the
 *    top-level entry its CR3 leads to: shk_slot_top[] holds each probed
 *    shadow's, set before its first patch and cleared after its last.
 */
#ifndef _SHADOWK_ENGINE_H
#define _SHADOWK_ENGINE_H

#include <linux/bpf.h>
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/rethook.h>
#include <linux/xarray.h>

#include "uapi/shadowk.h"

struct shk_shadow;
struct shk_xol;

struct shk_probe_cnt {
	u64 hits;
	u64 union_hits;
	u64 skipped;
	u64 recursion;
	u64 missed;
};

struct shk_site;
struct shk_cnt_block;

struct shk_probe {
	struct list_head node;		/* engine->probes, in attach order */
	struct list_head site_node;	/* site->probes */
	struct shk_site *site;
	u64 id;
	unsigned long addr;
	unsigned long site_addr;	/* its site, found before it is linked to one */
	struct shk_xol *xol;		/* an int3 site: how to run the instruction, until linked */
	u32 kind;
	u32 flags;
	struct bpf_prog *prog;
	struct shk_probe_cnt __percpu *cnt;	/* a slot of cnt_block, once charged (limits.h) */
	struct shk_cnt_block *cnt_block;	/* counters.h */
	struct shk_engine *engine;
	int error;			/* attach in progress: why it was refused */
	bool charged;			/* counted in its shadow's usage */
};

struct shk_site {
	struct rb_node node;		/* engine->sites, by addr */
	unsigned long addr;		/* the ftrace site, or the int3's instruction */
	struct list_head probes;
	u8 call[MCOUNT_INSN_SIZE];	/* the shadow's bytes here: a call, or an int3 */
	u8 len;
	int xol;			/* an int3 site: its xol.c handle; else 0 */
	bool patched;
	unsigned int req;		/* not patched yet: its patch request in the batch */
};

/* A site and its probes, as the hit path sees them. */
struct shk_tabent {
	unsigned long site;		/* 0: empty */
	u32 first;			/* index in probes[] */
	u32 n;
};

struct shk_sitetab {
	struct rcu_head rcu;
	/* A table of 1 << bits entries: shift = 64 - bits, mask = (1 << bits) - 1. */
	unsigned int shift, mask;
	struct shk_tabent *ents;	/* mask + 1 */
	struct shk_probe **probes;
};

struct shk_engine {
	struct shk_shadow *sh;
	int slot;
	u64 next_id;
	unsigned int nr_probes;
	unsigned int nr_union;
	struct list_head probes;
	struct rb_root sites;
	unsigned int nr_sites;
	struct xarray ids;		/* id -> struct shk_probe */
	struct rethook *rh;		/* return probes: allocated with the first */
	struct shk_cnt_block *cnt_block;	/* where new probes' counters come from (counters.h) */
};

extern struct shk_sitetab __rcu *shk_slot_tabs[SHADOWK_MAX_PROBED_SHADOWS];
extern unsigned long shk_slot_top[SHADOWK_MAX_PROBED_SHADOWS];

/* hash_64(site, 64 - shift), written so the hit path needs no shift count arithmetic. */
static __always_inline unsigned long shk_site_hash(unsigned long site, unsigned int shift)
{
	return (site * GOLDEN_RATIO_64) >> shift;
}

/* Lock-free lookup for the hit path: the probes at @site (at least one), or NULL. */
static __always_inline struct shk_probe **shk_sitetab_find(struct shk_sitetab *t, unsigned long site,
							   u32 *n)
{
	unsigned long mask = t->mask, i = shk_site_hash(site, t->shift);

	for (;; i = (i + 1) & mask) {
		struct shk_tabent *e = &t->ents[i];

		if (e->site == site) {
			*n = e->n;
			return &t->probes[e->first];
		}
		if (!e->site)
			return NULL;
	}
}

/* Table over @probes, which come grouped by site; caller holds shk_lock. */
struct shk_sitetab *shk_sitetab_build(struct shk_probe **probes, unsigned int n);
void shk_sitetab_free(struct shk_sitetab *t);
/* Replace the table at @slot; the old one is freed after a grace period. */
void shk_sitetab_publish(struct shk_sitetab __rcu **slot, struct shk_sitetab *t);
/* The engine in @slot, or NULL; caller holds shk_lock. */
struct shk_engine *shk_slot_engine(unsigned int slot);
/* Caller holds shk_lock: how many of the SHADOWK_MAX_PROBED_SHADOWS slots are taken. */
unsigned int shk_engines_used(void);

/* Engines and sites (engine.c); caller holds shk_lock. */
struct shk_engine *shk_engine_get(struct shk_shadow *sh);
/* Takes the engine off its slot: no table, no top entry; the caller frees it. */
void shk_engine_unslot(struct shk_engine *e);
int shk_engine_publish(struct shk_engine *e);
struct shk_site *shk_site_find(struct shk_engine *e, unsigned long addr);
struct shk_site *shk_site_add(struct shk_engine *e, unsigned long addr, int xol);
void shk_site_del(struct shk_engine *e, struct shk_site *s);
/* Per-CPU bytes of one probe's counters, all possible CPUs counted. */
unsigned long shk_probe_percpu_bytes(void);
/* Give back what a linked probe holds against its shadow's caps; caller holds shk_lock. */
void shk_probe_uncharge(struct shk_probe *p);
/* Caller holds shk_lock if the probe was charged. */
void shk_probe_free(struct shk_probe *p);
/* One dmesg line for a refused probe; returns @err. */
int shk_probe_refuse(struct shadowk_probe *r, int err, const char *reason);

#endif /* _SHADOWK_ENGINE_H */
