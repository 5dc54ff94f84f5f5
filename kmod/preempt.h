/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Holding the preemption model while it matters.
 *
 * A patch of several instructions is only safe where no task can be
 * suspended inside it, which full preemption breaks (shadow.h). Debian's
 * kernels are PREEMPT_DYNAMIC: root can switch to full at any time by
 * writing /sys/kernel/debug/sched/preempt. While shadows exist, that write
 * is redirected (as livepatch redirects a function) to a copy that takes
 * shk_lock and refuses a switch to full with EBUSY while a process runs a
 * shadow holding such a patch. BIND and PATCH check the model under the
 * same lock, through their commit, so no switch lands between a check and
 * what it allowed.
 *
 * Locking rules: the redirected write takes shk_lock, then (inside the
 * kernel's sched_dynamic_update()) cpus_read_lock and text_mutex, the
 * order the rest of the module uses. The hook is armed and disarmed under
 * shk_lock, with the other hooks of shadow.h.
 */
#ifndef _SHADOWK_PREEMPT_H
#define _SHADOWK_PREEMPT_H

int shk_preempt_hold_start(void);
void shk_preempt_hold_stop(void);

#endif /* _SHADOWK_PREEMPT_H */
