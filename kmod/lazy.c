// SPDX-License-Identifier: GPL-2.0
/*
 * Lazy TLB CPUs keep their view (lazy.h).
 *
 * The kprobe's pre-handler changes the instruction pointer and returns 1,
 * the way the kernel's function error injection does: flush_tlb_func()'s
 * caller (the IPI, or a local flush with interrupts off) gets
 * shk_lazy_flush() instead, with the same argument and its own return
 * address. Both run with interrupts off, so unregister_kprobe()'s RCU grace
 * period covers a CPU still in shk_lazy_flush().
 */
#include "common.h"
#include <linux/kprobes.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <asm/tlbflush.h>

#include "hook.h"
#include "lazy.h"

/*
 * <asm/tlbflush.h> declares these for the kernel only (#ifndef MODULE),
 * though cpu_tlbstate_shared is exported; the struct is one bool in 6.1 and
 * 6.12 alike.
 */
struct tlb_state_shared {
	bool is_lazy;
};
DECLARE_PER_CPU_SHARED_ALIGNED(struct tlb_state_shared, cpu_tlbstate_shared);

static atomic64_t shk_lazy_kept_count;
static bool shk_lazy_armed;		/* under shk_lock (its callers') */
static bool (*shk_lazy_bound)(struct mm_struct *mm);

void shk_lazy_set_filter(bool (*bound)(struct mm_struct *mm))
{
	shk_lazy_bound = bound;
}

/* Instead of flush_tlb_func() on a lazy CPU whose mm is bound: interrupts off. */
static void shk_lazy_flush(void *info)
{
	__flush_tlb_all();
	atomic64_inc(&shk_lazy_kept_count);
}

/*
 * Interrupts off, any CPU. Lazy means the CPU's loaded mm is the one
 * current borrows (current->active_mm: context_switch() hands it on, and a
 * switch to init_mm clears is_lazy). Any bound mm is kept, not only those
 * of shadows with multi-instruction patches: the binding is read under RCU
 * (shk_binding_live()) without the shadow, and a full flush is as good for
 * the others.
 */
static int shk_lazy_pre(struct kprobe *kp, struct pt_regs *regs)
{
	if (!this_cpu_read(cpu_tlbstate_shared.is_lazy) || !shk_lazy_bound(current->active_mm))
		return 0;
	return shk_kprobe_redirect(regs, shk_lazy_flush);
}

static struct kprobe shk_lazy_kp = {
	.symbol_name = "flush_tlb_func",
	.pre_handler = shk_lazy_pre,
};

/* Before a multi-instruction patch becomes reachable by lazy CPUs. */
int shk_lazy_hold(void)
{
	int ret;

	if (shk_lazy_armed)
		return 0;
	ret = register_kprobe(&shk_lazy_kp);
	if (ret) {
		pr_notice_ratelimited("cannot hook flush_tlb_func (%d): a kernel thread could leave a patch of several instructions mid-way\n",
				      ret);
		shk_kprobe_reset(&shk_lazy_kp);
		return ret;
	}
	shk_lazy_armed = true;
	return 0;
}

/*
 * After an unbind, or a patch or bind that did not need the hold: disarm
 * once no shadow holding such a patch is bound. No CPU is left lazily on
 * such an mm by then: every unbind goes through the commit, which moves
 * every CPU to init_mm, and so does the teardown of an mm that another CPU
 * may still have loaded (bind.c).
 */
void shk_lazy_release(unsigned int pinned)
{
	if (!shk_lazy_armed || pinned)
		return;
	unregister_kprobe(&shk_lazy_kp);
	shk_kprobe_reset(&shk_lazy_kp);
	shk_lazy_armed = false;
}

s64 shk_lazy_kept(void)
{
	return atomic64_read(&shk_lazy_kept_count);
}

bool shk_lazy_hooked(void)
{
	return READ_ONCE(shk_lazy_armed);
}
