/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The union fallback: probes with SHADOWK_PROBE_UNION also fire outside
 * process context (interrupts, softirqs, NMIs, kernel threads) whatever view
 * the CPU runs, through one ftrace hook on the pristine kernel.
 */
#ifndef _SHADOWK_UNION_H
#define _SHADOWK_UNION_H

/* Caller holds shk_lock: make the hook match every engine's union probes. */
void shk_union_update(void);

#endif /* _SHADOWK_UNION_H */
