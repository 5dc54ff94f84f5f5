/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lazy TLB CPUs keep their view while a patch of several instructions is
 * bound.
 *
 * A kernel thread (or a task past exit_mm()) runs on whatever mm its CPU
 * last loaded, lazily, and so on that mm's view. The kernel moves such a
 * CPU to init_mm asynchronously, inside the TLB-flush IPI that page-table
 * frees send to lazy CPUs (flush_tlb_func(): "just switch to init_mm"). A
 * kernel thread interrupted there inside a multi-instruction patch of the
 * shadow would resume in the pristine text, possibly mid-instruction. So
 * while a shadow holding such a patch is bound, a kprobe on flush_tlb_func()
 * sends a lazy CPU whose mm is bound to a full local flush instead (every
 * PCID, paging-structure caches included), leaving it in its view; the
 * kernel's switch there is an optimisation, and switch_mm_irqs_off()
 * flushes again a lazy CPU whose TLB generation fell behind when it loads
 * the mm again. The module's own teardown of such an mm goes through the
 * commit for the same reason (bind.c). Under Xen PV the flush is a
 * hypercall and sends no IPI, but the exit of the mm's last user does:
 * xen_exit_mmap() moves every vCPU that still has the mm loaded to init_mm
 * (xen_drop_mm_ref()) before the module's teardown at the token's close.
 * So a second kprobe, on xen_exit_mmap(), makes a bound mm leave its
 * shadow there first, through the commit (bind.c). Probe sites are single
 * instructions, so shadows that only carry probes never arm either hook:
 * untraced processes pay nothing for them then.
 *
 * Locking: shk_lazy_hold() and shk_lazy_release() run under shk_lock, not
 * under text_mutex (registering a kprobe takes it).
 */
#ifndef _SHADOWK_LAZY_H
#define _SHADOWK_LAZY_H

#include <linux/types.h>

struct mm_struct;

/* At load, from bind.c, so that the hooks need no more of the module. */
struct shk_lazy_ops {
	/* Any context: whether @mm runs a shadow now. */
	bool (*bound)(struct mm_struct *mm);
	/* May sleep, takes shk_lock: @mm, being torn down, leaves its shadow. */
	void (*exit_mmap)(struct mm_struct *mm);
};
void shk_lazy_set_ops(const struct shk_lazy_ops *ops);
int shk_lazy_hold(void);
/* @pinned: shk_shadows_pinned(), under shk_lock. */
void shk_lazy_release(unsigned int pinned);
s64 shk_lazy_kept(void);
s64 shk_lazy_xen_exits(void);
bool shk_lazy_hooked(void);

#endif /* _SHADOWK_LAZY_H */
