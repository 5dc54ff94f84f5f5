// SPDX-License-Identifier: GPL-2.0
/*
 * Limits (limits.h): the module parameters, their defaults, and the
 * accounting every allocation that userspace can multiply goes through.
 */
#include "common.h"
#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>

#include "limits.h"
#include "text.h"

/* 0 at load means the default (set in shk_limits_init()); the parameters then show what is in force. */
static unsigned int max_shadows;
module_param(max_shadows, uint, 0444);
MODULE_PARM_DESC(max_shadows, "shadows at once (default 1024)");

static unsigned long max_pages;
module_param(max_pages, ulong, 0444);
MODULE_PARM_DESC(max_pages, "4 KiB text pages copied by all shadows (default: 1/16 of RAM)");

static unsigned long max_patches;
module_param(max_patches, ulong, 0444);
MODULE_PARM_DESC(max_patches, "patches, probe sites included, in all shadows (default 262144)");

static unsigned long max_probes;
module_param(max_probes, ulong, 0444);
MODULE_PARM_DESC(max_probes, "probes in all shadows (default 262144)");

static unsigned long max_percpu_bytes;
module_param(max_percpu_bytes, ulong, 0444);
MODULE_PARM_DESC(max_percpu_bytes, "per-CPU bytes of probe counters and return-probe pools, all CPUs counted (default: 1/64 of RAM)");

static unsigned long shadow_max_pages;
module_param(shadow_max_pages, ulong, 0444);
MODULE_PARM_DESC(shadow_max_pages, "text pages one shadow may copy (default: the whole core text)");

static unsigned long shadow_max_patches;
module_param(shadow_max_patches, ulong, 0444);
MODULE_PARM_DESC(shadow_max_patches, "patches in one shadow (default and most: SHADOWK_MAX_PATCHES)");

static unsigned long shadow_max_probes;
module_param(shadow_max_probes, ulong, 0444);
MODULE_PARM_DESC(shadow_max_probes, "probes in one shadow (default and most: SHADOWK_MAX_PROBES)");

static unsigned long shadow_max_percpu_bytes;
module_param(shadow_max_percpu_bytes, ulong, 0444);
MODULE_PARM_DESC(shadow_max_percpu_bytes, "per-CPU bytes of one shadow (default: max_percpu_bytes)");

static atomic_long_t shk_used[SHK_NR_RES];

static unsigned long *const shk_module_max[SHK_NR_RES] = {
	&max_pages, &max_patches, &max_probes, &max_percpu_bytes,
};
static unsigned long *const shk_shadow_max[SHK_NR_RES] = {
	&shadow_max_pages, &shadow_max_patches, &shadow_max_probes, &shadow_max_percpu_bytes,
};
static const char *const shk_res_name[SHK_NR_RES] = {
	"copied pages", "patches", "probes", "per-CPU bytes",
};
static const char *const shk_res_param[SHK_NR_RES] = {
	"pages", "patches", "probes", "percpu_bytes",
};

int shk_limits_init(void)
{
	if (shadow_max_patches > SHADOWK_MAX_PATCHES || shadow_max_probes > SHADOWK_MAX_PROBES) {
		pr_err("shadow_max_patches and shadow_max_probes may be at most %u and %u (the protocol's SHADOWK_MAX_PATCHES, SHADOWK_MAX_PROBES)\n",
		       SHADOWK_MAX_PATCHES, SHADOWK_MAX_PROBES);
		return -EINVAL;
	}
	/* Copies are pages of RAM that nothing can reclaim: a sixteenth of it by default. */
	if (!max_pages)
		max_pages = max(totalram_pages() / 16, 1ul);
	/* Counters cost (possible CPUs) times more than they count; a smaller share. */
	if (!max_percpu_bytes)
		max_percpu_bytes = max((totalram_pages() / 64) << PAGE_SHIFT, 1ul << 20);
	/* A shadow never copies more than the text; by default one trace may copy all of it. */
	if (!shadow_max_pages)
		shadow_max_pages = shk_text.nr_pages;
	/* Per shadow, the protocol's own maximums; module-wide, docs/design.md ("Limits") says why. */
	if (!shadow_max_patches)
		shadow_max_patches = SHADOWK_MAX_PATCHES;
	if (!shadow_max_probes)
		shadow_max_probes = SHADOWK_MAX_PROBES;
	if (!shadow_max_percpu_bytes)
		shadow_max_percpu_bytes = max_percpu_bytes;
	if (!max_shadows)
		max_shadows = 1024;
	if (!max_patches)
		max_patches = 1ul << 18;
	if (!max_probes)
		max_probes = 1ul << 18;
	return 0;
}

int shk_limits_admit_shadow(unsigned long shadows)
{
	if (shadows < max_shadows)
		return 0;
	pr_notice_ratelimited("CREATE refused for pid %d: %lu shadows exist, max_shadows=%u\n",
			      task_tgid_nr(current), shadows, max_shadows);
	return -ENOSPC;
}

int shk_charge(struct shk_usage *u, u64 id, enum shk_res r, unsigned long n, const char *what,
	       unsigned long addr)
{
	unsigned long mine = u->used[r] + n, all = atomic_long_read(&shk_used[r]) + n;
	bool shadow_full = mine > *shk_shadow_max[r];

	if (shadow_full || all > *shk_module_max[r]) {
		pr_notice_ratelimited("shadow %llu: %s %pS refused: %s would be %lu, over %smax_%s=%lu\n",
				      id, what, (void *)addr, shk_res_name[r], shadow_full ? mine : all,
				      shadow_full ? "shadow_" : "", shk_res_param[r],
				      shadow_full ? *shk_shadow_max[r] : *shk_module_max[r]);
		return shadow_full ? -E2BIG : -ENOSPC;
	}
	u->used[r] = mine;
	atomic_long_add(n, &shk_used[r]);
	return 0;
}

void shk_uncharge(struct shk_usage *u, enum shk_res r, unsigned long n)
{
	u->used[r] -= n;
	atomic_long_sub(n, &shk_used[r]);
}

void shk_uncharge_all(struct shk_usage *u)
{
	int r;

	for (r = 0; r < SHK_NR_RES; r++)
		shk_uncharge(u, r, u->used[r]);
}

void shk_limits_info(const struct shk_usage *u, struct shadowk_info *info)
{
	info->probes = u->used[SHK_RES_PROBES];
	info->percpu_bytes = u->used[SHK_RES_PERCPU];
	info->max_pages = shadow_max_pages;
	info->max_patches = shadow_max_patches;
	info->max_probes = shadow_max_probes;
	info->max_percpu_bytes = shadow_max_percpu_bytes;
}

void shk_limits_stats(struct shadowk_stats *st)
{
	st->patches = atomic_long_read(&shk_used[SHK_RES_PATCHES]);
	st->probes = atomic_long_read(&shk_used[SHK_RES_PROBES]);
	st->percpu_bytes = atomic_long_read(&shk_used[SHK_RES_PERCPU]);
	st->max_shadows = max_shadows;
	st->max_pages = max_pages;
	st->max_patches = max_patches;
	st->max_probes = max_probes;
	st->max_percpu_bytes = max_percpu_bytes;
}
