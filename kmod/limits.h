/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Limits on what userspace can make the module allocate (module parameters,
 * read-only once loaded; docs/design.md gives the defaults and why).
 *
 * Each resource has a cap per shadow and a cap for the whole module:
 *  - copied text pages (and so the page-table pages that map them, at most
 *    one per 2 MiB of text),
 *  - patch records (probe sites included: each is a patch),
 *  - probes,
 *  - per-CPU bytes: each probe's counters and a shadow's return-probe pool,
 *    which grow with the number of possible CPUs;
 * and the number of shadows has a module-wide cap. A request that would
 * take its shadow over the shadow's cap fails with E2BIG, one that would
 * take the module over its cap with ENOSPC; either way with one
 * rate-limited dmesg line naming the parameter.
 *
 * Charging happens at the point of allocation, before it, and every charge
 * is undone where the allocation is freed. Charges and the checks before
 * them run under shk_lock, so two requests cannot both take the last
 * unit; the module-wide sums are atomics only so that STATS and
 * uncharges outside a request read them without the lock.
 */
#ifndef _SHADOWK_LIMITS_H
#define _SHADOWK_LIMITS_H

#include <linux/types.h>

#include "uapi/shadowk.h"

enum shk_res {
	SHK_RES_PAGES,
	SHK_RES_PATCHES,
	SHK_RES_PROBES,
	SHK_RES_PERCPU,
	SHK_NR_RES
};

/* What one shadow holds; changes under shk_lock. */
struct shk_usage {
	unsigned long used[SHK_NR_RES];
};

/* At load: fill in the defaults, refuse values the protocol cannot carry. */
int shk_limits_init(void);

/* CREATE, under shk_lock, with @shadows existing: 0 or -ENOSPC. */
int shk_limits_admit_shadow(unsigned long shadows);

/*
 * Take @n units of @r for the shadow @id, under shk_lock: 0, -E2BIG over the
 * shadow's cap or -ENOSPC over the module's, with a dmesg line naming
 * @what at @addr (0: no address).
 */
int shk_charge(struct shk_usage *u, u64 id, enum shk_res r, unsigned long n, const char *what,
	       unsigned long addr);
void shk_uncharge(struct shk_usage *u, enum shk_res r, unsigned long n);
/* A shadow's end: give back whatever it still holds. */
void shk_uncharge_all(struct shk_usage *u);

void shk_limits_info(const struct shk_usage *u, struct shadowk_info *info);
void shk_limits_stats(struct shadowk_stats *st);

#endif /* _SHADOWK_LIMITS_H */
