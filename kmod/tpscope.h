/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints enabled in one shadow only (SHADOWK_IOC_TRACEPOINT).
 *
 * Locking rules:
 *  - The records are changed under the kernel's tracepoints_mutex (which
 *    serialises every change of a tracepoint's callbacks and so of its
 *    static key), taken after the kernel's event_mutex and before shk_lock.
 *  - The jump-label writes (static_key_enable/disable) are made under
 *    tracepoints_mutex, never under shk_lock.
 *  - The two hooks read the records without locks: a hook's caller holds
 *    the lock that keeps a record from appearing under it (tracepoints_mutex
 *    for tracepoint_add_func(), event_mutex for perf_trace_event_init()).
 */
#ifndef _SHADOWK_TPSCOPE_H
#define _SHADOWK_TPSCOPE_H

#include <linux/seq_file.h>
#include <linux/types.h>

struct shk_shadow;

/* SHADOWK_IOC_TRACEPOINT: returns the number of jump sites written, or -errno. */
int shk_tpscope_add(struct shk_shadow *sh, int perf_fd);

/*
 * The shadow's file is being released: gives back the tracepoints it holds
 * and destroys the shadow (between the two, so the kernel never reads a
 * site of a key it turns on while the shadow still owns it).
 */
void shk_tpscope_release_and_destroy(struct shk_shadow *sh);

void shk_tpscope_show(struct seq_file *m);
void shk_tpscope_exit(void);

#endif /* _SHADOWK_TPSCOPE_H */
