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
 *
 * The Xen PV hook sends xen_exit_mmap()'s caller (exit_mmap(), which may
 * sleep and holds mmap_lock for reading) to shk_lazy_xen_exit_mmap(),
 * which has the mm leave its shadow and then calls xen_exit_mmap() again:
 * the mm is no longer bound, so the kprobe lets the kernel's function run.
 * The caller holds a module reference from the pre-handler until the copy
 * returns.
 */
#include "common.h"
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <asm/tlbflush.h>
#include <xen/xen.h>

#include "hook.h"
#include "lazy.h"
#include "symbols.h"

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
static atomic64_t shk_lazy_xen_exit_count;
static bool shk_lazy_armed;		/* under shk_lock (its callers') */
static bool shk_lazy_xen_armed;		/* likewise */
static const struct shk_lazy_ops *shk_lazy_ops;

void shk_lazy_set_ops(const struct shk_lazy_ops *ops)
{
	shk_lazy_ops = ops;
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
	if (!this_cpu_read(cpu_tlbstate_shared.is_lazy) || !shk_lazy_ops->bound(current->active_mm))
		return 0;
	return shk_kprobe_redirect(regs, shk_lazy_flush);
}

static struct kprobe shk_lazy_kp = {
	.symbol_name = "flush_tlb_func",
	.pre_handler = shk_lazy_pre,
};

/* Instead of xen_exit_mmap(@mm) while @mm is bound: may sleep. */
static void shk_lazy_xen_exit_mmap(struct mm_struct *mm)
{
	shk_lazy_ops->exit_mmap(mm);
	atomic64_inc(&shk_lazy_xen_exit_count);
	shk_sym_xen_exit_mmap(mm);
	/* Unload may begin here: shk_exit()'s RCU-tasks grace period covers the return. */
	module_put(THIS_MODULE);
}

/*
 * Preemption off. Every bound mm, not only those of shadows with
 * multi-instruction patches: its teardown is the same at the close, only
 * earlier, and the call below finds it unbound, so it runs the kernel's.
 */
static int shk_lazy_xen_pre(struct kprobe *kp, struct pt_regs *regs)
{
	if (!shk_lazy_ops->bound((struct mm_struct *)regs_get_kernel_argument(regs, 0)))
		return 0;
	__module_get(THIS_MODULE);
	return shk_kprobe_redirect(regs, shk_lazy_xen_exit_mmap);
}

static struct kprobe shk_lazy_xen_kp = {
	.symbol_name = "xen_exit_mmap",
	.pre_handler = shk_lazy_xen_pre,
};

#define SHK_LAZY_RISK "a kernel thread could leave a patch of several instructions mid-way"

/* Before a multi-instruction patch becomes reachable by lazy CPUs. */
int shk_lazy_hold(void)
{
	int ret;

	if (shk_lazy_armed)
		return 0;
	ret = shk_kprobe_register(&shk_lazy_kp, SHK_LAZY_RISK);
	if (ret)
		return ret;
	if (xen_pv_domain()) {
		if (!shk_sym_xen_exit_mmap) {
			pr_err_ratelimited("cannot hook xen_exit_mmap (no such symbol): " SHK_LAZY_RISK "\n");
			ret = -ENOENT;
			goto err_xen;
		}
		ret = shk_kprobe_register(&shk_lazy_xen_kp, SHK_LAZY_RISK);
		if (ret)
			goto err_xen;
		shk_lazy_xen_armed = true;
	}
	shk_lazy_armed = true;
	return 0;

err_xen:
	shk_kprobe_unregister(&shk_lazy_kp);
	return ret;
}

/*
 * After an unbind, or a patch or bind that did not need the hold: disarm
 * once no shadow holding such a patch is bound. No CPU is left lazily on
 * such an mm by then: every unbind goes through the commit, which moves
 * every CPU to init_mm, and so does the teardown of an mm that another CPU
 * may still have loaded (bind.c). May run inside shk_lazy_xen_exit_mmap(),
 * which is not a kprobe handler: unregistering its own kprobe there is
 * fine, and the call to the kernel's function then goes straight in.
 */
void shk_lazy_release(unsigned int pinned)
{
	if (!shk_lazy_armed || pinned)
		return;
	if (shk_lazy_xen_armed) {
		shk_kprobe_unregister(&shk_lazy_xen_kp);
		shk_lazy_xen_armed = false;
	}
	shk_kprobe_unregister(&shk_lazy_kp);
	shk_lazy_armed = false;
}

s64 shk_lazy_kept(void)
{
	return atomic64_read(&shk_lazy_kept_count);
}

s64 shk_lazy_xen_exits(void)
{
	return atomic64_read(&shk_lazy_xen_exit_count);
}

bool shk_lazy_hooked(void)
{
	return READ_ONCE(shk_lazy_armed);
}
