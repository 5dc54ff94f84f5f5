/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadows: a copy-on-write view of the core kernel text.
 *
 * Locking rules:
 *  - shk_lock (mutex) serialises every change to shadows and bindings:
 *    creating, patching, binding, unbinding, destroying. Taken after a
 *    task's mmap_lock (VMA callbacks run under it), never before it.
 *  - text_mutex (the kernel's) is taken after shk_lock, through
 *    shk_text_lock(). It protects what the kernel's own text writers meet
 *    in coherence.c: the list of shadows, each shadow's copied pages and
 *    their bytes, and each shadow's patches. Readers that hold text_mutex
 *    need no other lock.
 *  - Counters are atomics, read without locks.
 */
#ifndef _SHADOWK_SHADOW_H
#define _SHADOWK_SHADOW_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/xarray.h>

#include "limits.h"
#include "pgtable.h"
#include "uapi/shadowk.h"

struct shk_shadow {
	u64 id;
	struct list_head node;		/* on shk_shadows */
	struct shk_pgt pgt;
	struct xarray copies;		/* text page index -> struct page * */
	struct rb_root patches;		/* struct shk_patch by addr */
	unsigned long nr_copies;
	unsigned long nr_patches;
	unsigned long nr_multi;		/* patches of more than one instruction (patch.h) */
	unsigned long bytes_patched;
	unsigned long nr_bound;		/* mms whose top entry points here */
	atomic64_t coherence_writes;
	atomic64_t coherence_conflicts;
	int epoch;			/* shk_coherence_epoch when made: else stale */
	struct shk_engine *engine;	/* probes (engine.h), from the first one */
	struct shk_usage usage;		/* what it holds against its caps (limits.h) */
};

struct shk_patch {
	struct rb_node node;
	unsigned long addr;
	unsigned long owned_end;
	unsigned int len;
	bool multi;			/* owns or writes more than one instruction */
	u8 bytes[SHADOWK_PATCH_MAX];
};

/*
 * Full preemption (preempt=full, RT) can suspend a task at any instruction,
 * so inside a patch of several instructions, where a view switch would
 * strand it. Debian's kernels are PREEMPT_DYNAMIC: root can switch to full
 * at any time (/sys/kernel/debug/sched/preempt), so this is asked again
 * wherever it matters: BIND and exec rebinds of a shadow holding such a
 * patch, and each such patch, under shk_lock until their commit is done;
 * and while such a shadow is bound, a switch to full is refused
 * (preempt.c, under the same lock). CREATE is allowed under every model
 * but PREEMPT_RT (device.c).
 */
static inline bool shk_full_preemption(void)
{
	return preempt_model_full() || preempt_model_rt();
}

extern struct mutex shk_lock;
extern struct list_head shk_shadows;

/*
 * Under shk_lock: how many shadows holding patches of several instructions
 * some process runs (what the holds of preempt.h and lazy.h are for).
 */
unsigned int shk_shadows_pinned(void);

/* Module-wide counters (SHADOWK_IOC_STATS). */
struct shk_stats {
	atomic64_t shadows;
	atomic64_t pages_copied;
	atomic64_t table_pages;
	atomic64_t bound_mms;
	atomic64_t binds_total;
	atomic64_t unbinds_total;
	atomic64_t coherence_writes;
	atomic64_t coherence_conflicts;
	atomic64_t coherence_lost;	/* times shadows stopped seeing kernel writes */
};
extern struct shk_stats shk_stats;

/* Bumped where coherence is lost (coherence.c): older shadows are stale. */
extern atomic_t shk_coherence_epoch;

/*
 * The module-wide hooks that exist only while shadows do (the coherence
 * and exec kprobes): set once at load, so that this file, which the hooks
 * read, does not call into them.
 */
struct shk_shadow_hooks {
	int (*start)(void);
	void (*stop)(void);
	/* Under shk_lock: no switch of the model begun before start() runs. */
	bool (*settled)(void);
};
void shk_shadow_set_hooks(const struct shk_shadow_hooks *hooks);

/*
 * Under shk_lock, for a patch of several instructions about to go live in
 * a bound process: whether the preemption model is held (preempt.h).
 */
bool shk_shadow_model_settled(void);

struct shk_shadow *shk_shadow_create(void);
void shk_shadow_destroy(struct shk_shadow *sh);
int shk_shadow_patch(struct shk_shadow *sh, unsigned long addr, const u8 *bytes,
		     unsigned int len, unsigned long *owned_end);

/* One patch of a batch. */
struct shk_patch_req {
	unsigned long addr;
	const u8 *bytes;
	unsigned int len;
	bool ftrace_site;		/* the probe engine's call at exactly an ftrace site */
	bool jump_site;			/* the enabled form of a jump label at exactly its site */
	int error;			/* out: 0 or why it was refused */
	unsigned long owned_end;	/* out */
};

typedef int (*shk_publish_fn)(void *arg);

/*
 * Caller holds shk_lock. Checks and prepares every request, then calls
 * @publish (under text_mutex, before any CPU can execute the new bytes: the
 * probe engine publishes its lookup tables there), then applies them all
 * with one commit. Without @best_effort the first refusal undoes the batch
 * and is returned; with it, refused requests keep their error and the rest
 * go on. Returns 0 when at least one request was applied.
 */
int shk_shadow_patch_batch(struct shk_shadow *sh, struct shk_patch_req *reqs, unsigned int n,
			   bool best_effort, shk_publish_fn publish, void *arg);

/* Caller holds shk_lock: restore the pristine bytes of these patches, with one commit. */
int shk_shadow_unpatch_batch(struct shk_shadow *sh, const unsigned long *addrs, unsigned int n);
void shk_shadow_info(struct shk_shadow *sh, struct shadowk_info *info);
/* Fills up to @cap records; returns how many shadows exist. */
u32 shk_shadow_list(struct shadowk_info *infos, u32 cap);

/* Caller holds text_mutex: does [addr, end) overlap a patch of @sh? */
bool shk_shadow_owns(struct shk_shadow *sh, unsigned long addr, unsigned long end);

#endif /* _SHADOWK_SHADOW_H */
