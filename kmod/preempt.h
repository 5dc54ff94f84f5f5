/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Holding the preemption model while it matters.
 *
 * A patch of several instructions is only safe where no task can be
 * suspended inside it, which full preemption breaks (shadow.h). Debian's
 * kernels are PREEMPT_DYNAMIC: root can switch to full at any time by
 * writing /sys/kernel/debug/sched/preempt, and any switch (even to the mode
 * already set) passes through full preemption for a moment, as does the end
 * of a livepatch transition on 6.12. While shadows exist, both paths are
 * redirected (as livepatch redirects a function) to copies: the write takes
 * shk_lock and refuses any switch with EBUSY while a process runs a shadow
 * holding such a patch; the livepatch path re-applies nothing. BIND and
 * PATCH check the model under the same lock, through their commit, so no
 * switch lands between a check and what it allowed, and they refuse
 * (EAGAIN) while a switch begun before the hooks may still be running.
 *
 * Locking rules: the redirected write takes shk_lock, then (inside the
 * kernel's sched_dynamic_update()) cpus_read_lock and text_mutex, the
 * order the rest of the module uses. The livepatch copy runs under the
 * kernel's klp_mutex and takes sched_dynamic_mutex, as the kernel's does,
 * and never shk_lock. The hooks are armed and disarmed under shk_lock,
 * with the other hooks of shadow.h.
 */
#ifndef _SHADOWK_PREEMPT_H
#define _SHADOWK_PREEMPT_H

#include <linux/types.h>

int shk_preempt_hold_start(void);
void shk_preempt_hold_stop(void);

/*
 * Under shk_lock, before a patch of several instructions goes live in a
 * bound process: false while a switch of the model that began before the
 * hooks were armed may still be running (the caller refuses with EAGAIN).
 */
bool shk_preempt_settled(void);

/* For debugfs: the last answer, and the livepatch transitions redirected. */
bool shk_preempt_settled_now(void);
s64 shk_preempt_klp_kept(void);

#endif /* _SHADOWK_PREEMPT_H */
