/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probe engine's requests: ATTACH, DETACH, PROBES, and the teardown at
 * a shadow's release. The structures and their locking rules are in
 * engine.h; attaching is split in probe.c (checking and preparing each
 * probe) and attach.c (linking a batch to sites and committing it).
 */
#ifndef _SHADOWK_PROBE_H
#define _SHADOWK_PROBE_H

#include <linux/types.h>

#include "uapi/shadowk.h"

struct shk_shadow;

int shk_probe_attach(struct shk_shadow *sh, struct shadowk_probe *reqs, u32 n, bool best_effort,
		     u32 *attached);
int shk_probe_detach(struct shk_shadow *sh, const u64 *ids, u32 n);
/* Fills up to @cap records; returns how many probes the shadow has. */
u32 shk_probe_stats(struct shk_shadow *sh, struct shadowk_probe_stats *out, u32 cap);
/* At a shadow's release, before shk_shadow_destroy(), nothing bound: drop every probe. */
void shk_probe_release(struct shk_shadow *sh);

#endif /* _SHADOWK_PROBE_H */
