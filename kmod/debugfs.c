// SPDX-License-Identifier: GPL-2.0
/*
 * Read-only files: "shadows" lists the module's counters, every shadow, and
 * the processes bound to each; "lazy_tlb" whether the lazy-TLB hook is
 * armed, how many flushes kept a lazy CPU in its view and how many exits
 * of a bound mm left its shadow before Xen PV's exit_mmap (lazy.h);
 * "preempt" whether no switch of the preemption model from before the
 * hooks can still be running, and how many livepatch transitions ended
 * through the module's copy (preempt.h). Machines
 * use SHADOWK_IOC_STATS and _LIST; these are for a person with cat, and for
 * the tests. Failure to create them is not fatal (debugfs may be absent or
 * locked down).
 */
#include "common.h"
#include <linux/debugfs.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>

#include "bind.h"
#include "debugfs.h"
#include "lazy.h"
#include "preempt.h"
#include "shadow.h"
#include "tpscope.h"

static struct dentry *shk_debugfs_dir;

static void shk_show_pids(struct seq_file *m, struct shk_shadow *sh)
{
	struct task_struct *p;
	const char *sep = "";

	seq_puts(m, " pids=");
	rcu_read_lock();
	for_each_process(p) {
		/* Only compared, never dereferenced: no task_lock needed. */
		struct mm_struct *mm = READ_ONCE(p->mm);

		if (mm && shk_binding_shadow(mm) == sh) {
			seq_printf(m, "%s%d", sep, task_tgid_nr(p));
			sep = ",";
		}
	}
	rcu_read_unlock();
}

static int shk_shadows_show(struct seq_file *m, void *unused)
{
	struct shk_shadow *sh;

	seq_printf(m, "shadows=%lld pages_copied=%lld table_pages=%lld bound_mms=%lld binds_total=%lld unbinds_total=%lld coherence_writes=%lld coherence_conflicts=%lld\n",
		   atomic64_read(&shk_stats.shadows), atomic64_read(&shk_stats.pages_copied),
		   atomic64_read(&shk_stats.table_pages), atomic64_read(&shk_stats.bound_mms),
		   atomic64_read(&shk_stats.binds_total), atomic64_read(&shk_stats.unbinds_total),
		   atomic64_read(&shk_stats.coherence_writes),
		   atomic64_read(&shk_stats.coherence_conflicts));
	mutex_lock(&shk_lock);
	list_for_each_entry(sh, &shk_shadows, node) {
		seq_printf(m, "shadow %llu: pages_copied=%lu table_pages=%u patches=%lu bytes_patched=%lu bound_mms=%lu",
			   sh->id, sh->nr_copies, sh->pgt.tables, sh->nr_patches,
			   sh->bytes_patched, sh->nr_bound);
		shk_show_pids(m, sh);
		seq_putc(m, '\n');
	}
	mutex_unlock(&shk_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(shk_shadows);

static int shk_lazy_tlb_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "hooked=%d kept=%lld xen_exits=%lld\n", shk_lazy_hooked(), shk_lazy_kept(),
		   shk_lazy_xen_exits());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(shk_lazy_tlb);

static int shk_preempt_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "settled=%d klp_redirected=%lld\n", shk_preempt_settled_now(),
		   shk_preempt_klp_kept());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(shk_preempt);

static int shk_tracepoints_show(struct seq_file *m, void *unused)
{
	shk_tpscope_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(shk_tracepoints);

void shk_debugfs_init(void)
{
	shk_debugfs_dir = debugfs_create_dir("shadowk", NULL);
	debugfs_create_file("shadows", 0400, shk_debugfs_dir, NULL, &shk_shadows_fops);
	debugfs_create_file("lazy_tlb", 0400, shk_debugfs_dir, NULL, &shk_lazy_tlb_fops);
	debugfs_create_file("preempt", 0400, shk_debugfs_dir, NULL, &shk_preempt_fops);
	debugfs_create_file("tracepoints", 0400, shk_debugfs_dir, NULL, &shk_tracepoints_fops);
}

void shk_debugfs_exit(void)
{
	debugfs_remove_recursive(shk_debugfs_dir);
}
