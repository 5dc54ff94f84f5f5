// SPDX-License-Identifier: GPL-2.0
#include "common.h"
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/lockdep.h>
#include <linux/mm_types.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <asm/apic.h>
#include <asm/nmi.h>
#include <asm/sync_core.h>
#include <asm/tlbflush.h>
#include <xen/xen.h>
#include <xen/interface/xen.h>
#include <asm/xen/hypercall.h>

#include "commit.h"
#include "pgtable.h"
#include "symbols.h"
#include "text.h"

/*
 * For tests: a core-text address. Each live commit then sends every CPU an
 * NMI once the change is made (before any CPU leaves the commit), and each
 * NMI says in dmesg which bytes it reads there through its current view.
 * test_commit_nmi_stay keeps the parked CPUs in their views, as before the
 * protocol below, to show what an NMI would see without it.
 */
static unsigned long test_commit_nmi;
module_param(test_commit_nmi, ulong, 0600);
MODULE_PARM_DESC(test_commit_nmi, "text address NMIs read during each live commit (for tests)");
static bool test_commit_nmi_stay;
module_param(test_commit_nmi_stay, bool, 0600);
MODULE_PARM_DESC(test_commit_nmi_stay, "parked CPUs keep their views during a commit (for tests)");

static bool shk_test_nmi_registered;
static DEFINE_PER_CPU(bool, shk_test_nmi_expected);
static atomic_t shk_test_nmi_seen;

struct shk_commit_ctx {
	shk_commit_fn fn;
	void *arg;
	unsigned int leader;
	atomic_t parked;	/* CPUs off every shadow's view */
	atomic_t done;
};

static int shk_test_nmi_handler(unsigned int type, struct pt_regs *regs)
{
	unsigned long addr = READ_ONCE(test_commit_nmi);
	u8 seen;

	if (!this_cpu_read(shk_test_nmi_expected))
		return NMI_DONE;
	this_cpu_write(shk_test_nmi_expected, false);
	/*
	 * Read through the text address, after dropping any translation of it
	 * this CPU holds: what its current view gives, as a fetch that misses
	 * the TLB would see it. A PV guest may not run invlpg (a general
	 * protection fault): it asks Xen, with a direct hypercall rather than
	 * a multicall, whose per-CPU batch this NMI may have interrupted.
	 */
	if (xen_pv_domain()) {
		struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = addr };

		HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	} else {
		asm volatile("invlpg (%0)" : : "r" (addr) : "memory");
	}
	seen = READ_ONCE(*(const u8 *)addr);
	pr_info("test_commit_nmi: cpu %d read %s byte %02x at %pS during a commit\n",
		smp_processor_id(), seen == *shk_pristine(addr) ? "the pristine" : "another",
		seen, (void *)addr);
	atomic_inc(&shk_test_nmi_seen);
	return NMI_HANDLED;
}

/* The leader, with the change made: one NMI to every CPU, and wait for them. */
static void shk_test_nmi_send(void)
{
	unsigned int cpu, n = num_online_cpus(), us;

	atomic_set(&shk_test_nmi_seen, 0);
	for_each_online_cpu(cpu)
		per_cpu(shk_test_nmi_expected, cpu) = true;
	apic->send_IPI_all(NMI_VECTOR);
	for (us = 0; us < USEC_PER_SEC && atomic_read(&shk_test_nmi_seen) < n; us++)
		udelay(1);
}

/*
 * An NMI can arrive on a parked CPU, interrupts off or not, and run kernel
 * code in whatever view that CPU had: a stopper thread is a kernel thread,
 * lazily on the mm of the task it preempted, which may be bound to the
 * shadow being rewritten. The copies are rewritten with plain stores, so
 * that NMI could execute an instruction half written. Hence every CPU first
 * leaves its mm for init_mm, exactly as the kernel's leave_mm() does for a
 * lazy CPU (it never runs the view again until the scheduler switches to a
 * user task, which loads that task's mm afresh), and the leader makes the
 * change only once all have: during it, an NMI anywhere runs the pristine
 * text, which no commit writes.
 */
static void shk_commit_leave_view(void)
{
	/* Already on init_mm: switch_mm_irqs_off() sees nothing to do. */
	if (!test_commit_nmi_stay)
		shk_sym_switch_mm_irqs_off(NULL, shk_sym_init_mm, NULL);
}

/* Runs on every online CPU at once, interrupts off. */
static int shk_commit_stop(void *data)
{
	struct shk_commit_ctx *ctx = data;
	unsigned int n = num_online_cpus();

	shk_commit_leave_view();
	atomic_inc(&ctx->parked);
	if (smp_processor_id() == ctx->leader) {
		while (atomic_read_acquire(&ctx->parked) < n)
			cpu_relax();
		ctx->fn(ctx->arg);
		if (READ_ONCE(test_commit_nmi) && shk_test_nmi_registered)
			shk_test_nmi_send();
		atomic_set_release(&ctx->done, 1);
	} else {
		while (!atomic_read_acquire(&ctx->done))
			cpu_relax();
	}
	shk_pgt_flush_local();
	sync_core();
	return 0;
}

/* Process context: register the test's NMI handler the first time it is asked for. */
static void shk_test_nmi_prepare(void)
{
	unsigned long addr = READ_ONCE(test_commit_nmi);

	if (!addr || shk_test_nmi_registered)
		return;
	if (!shk_text_contains(addr, 1)) {
		pr_err("test_commit_nmi: %#lx is not in the core kernel text; ignored\n", addr);
		WRITE_ONCE(test_commit_nmi, 0);
		return;
	}
	if (!register_nmi_handler(NMI_LOCAL, shk_test_nmi_handler, 0, "shadowk_test"))
		shk_test_nmi_registered = true;
}

/*
 * A change to the view of current's mm, made on this CPU alone when no other
 * CPU can be running that view: current is the mm's only user and no other
 * CPU has it loaded, not even lazily (x86 keeps a CPU in mm_cpumask() from
 * the moment it loads the mm until it loads another). That is the case for
 * the rebind after an exec and for the BIND of a single-threaded process by
 * itself; a traced "make" then binds every child it execs without stopping
 * the machine. With interrupts off nothing can load the mm elsewhere
 * meanwhile: another user would need a thread of it (mm_users) and a lazy
 * borrower would need this CPU. As in a commit, this CPU runs init_mm while
 * the change is made, so an NMI never meets it half made; then it flushes
 * every PCID, and the mm's TLB generation moves on so that a CPU keeping
 * old translations under the mm's PCID flushes them before it loads the mm
 * again (switch_mm_irqs_off() compares the generations).
 * Returns false, having done nothing, when another CPU might run the view.
 */
bool shk_commit_current_mm(shk_commit_fn fn, void *arg)
{
	struct mm_struct *mm = current->mm;
	unsigned long flags;
	bool alone;

	lockdep_assert_held(shk_sym_text_mutex);
	local_irq_save(flags);
	alone = mm && atomic_read(&mm->mm_users) == 1 &&
		cpumask_equal(mm_cpumask(mm), cpumask_of(smp_processor_id()));
	if (alone) {
		shk_sym_switch_mm_irqs_off(NULL, shk_sym_init_mm, current);
		fn(arg);
		/* inc_mm_tlb_gen(), which <asm/tlbflush.h> hides from modules */
		atomic64_inc_return(&mm->context.tlb_gen);
		shk_pgt_flush_local();
		shk_sym_switch_mm_irqs_off(NULL, mm, current);
		sync_core();
	}
	local_irq_restore(flags);
	return alone;
}

void shk_commit_exit(void)
{
	if (shk_test_nmi_registered)
		unregister_nmi_handler(NMI_LOCAL, "shadowk_test");
}

void shk_text_lock(void)
{
	cpus_read_lock();
	mutex_lock(shk_sym_text_mutex);
}

void shk_text_unlock(void)
{
	mutex_unlock(shk_sym_text_mutex);
	cpus_read_unlock();
}

int shk_commit(shk_commit_fn fn, void *arg, bool live)
{
	struct shk_commit_ctx ctx = { .fn = fn, .arg = arg };

	lockdep_assert_held(shk_sym_text_mutex);
	if (!live) {
		fn(arg);
		return 0;
	}
	shk_test_nmi_prepare();
	ctx.leader = cpumask_first(cpu_online_mask);
	atomic_set(&ctx.parked, 0);
	atomic_set(&ctx.done, 0);
	return shk_sym_stop_machine_cpuslocked(shk_commit_stop, &ctx, cpu_online_mask);
}
