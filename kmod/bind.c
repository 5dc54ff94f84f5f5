// SPDX-License-Identifier: GPL-2.0
/*
 * Binding address spaces to shadows.
 *
 * Locking: bindings are added and removed under shk_lock; the hash is also
 * read under RCU by the exec hook. VMA callbacks run under the mm's
 * mmap_lock and take shk_lock inside it; nothing here takes mmap_lock while
 * holding shk_lock (vm_mmap/vm_munmap are called with shk_lock released).
 *
 * Switching a live mm goes through shk_commit() (every CPU parked, every TLB
 * flushed). Two cases need less: a child at fork has never run, so its
 * entry is simply written; an mm being torn down (or whose token the
 * process unmapped itself) has its entry restored followed by a flush of
 * every CPU's TLB before the shadow can be freed.
 */
#include "common.h"
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/kprobes.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/ptrace.h>
#include <linux/refcount.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/version.h>
#include <asm/tlbflush.h>

#include "bind.h"
#include "binding.h"
#include "commit.h"
#include "lazy.h"
#include "pgtable.h"
#include "shadow.h"
#include "symbols.h"
#include "uapi/shadowk.h"

DEFINE_HASHTABLE(shk_bindings, SHK_BINDINGS_BITS);

/*
 * For tests only: a pause between mapping the token and registering the
 * binding, so that a test can unmap the token inside that window.
 */
static unsigned int test_bind_delay_ms;
module_param(test_bind_delay_ms, uint, 0600);
MODULE_PARM_DESC(test_bind_delay_ms, "pause this long between mapping a token and binding (for tests)");

struct shk_binding *shk_binding_find(struct mm_struct *mm)
{
	struct shk_binding *b;

	hash_for_each_possible_rcu(shk_bindings, b, node, (unsigned long)mm, lockdep_is_held(&shk_lock))
		if (b->mm == mm)
			return b;
	return NULL;
}

/* Any context: whether @mm runs a shadow now (lazy.c's filter). */
bool shk_binding_live(struct mm_struct *mm)
{
	struct shk_binding *b;
	bool live;

	rcu_read_lock();
	b = shk_binding_find(mm);
	live = b && READ_ONCE(b->live);
	rcu_read_unlock();
	return live;
}

struct shk_shadow *shk_binding_shadow(struct mm_struct *mm)
{
	struct shk_binding *b = shk_binding_find(mm);

	return b && b->live ? b->shadow : NULL;
}

static bool shk_binding_is_token(struct shk_binding *b, struct vm_area_struct *vma)
{
	return b && b->file == vma->vm_file && b->token == vma->vm_start;
}

/* --- switching an mm's view --- */

struct shk_switch {
	struct mm_struct *mm;
	pgd_t top;
};

static void shk_switch_apply(void *arg)
{
	struct shk_switch *sw = arg;

	shk_pgt_set_top(sw->mm, sw->top);
}

/* Caller holds shk_lock; @mm may have running threads. */
int shk_switch_live(struct mm_struct *mm, pgd_t top)
{
	struct shk_switch sw = { .mm = mm, .top = top };
	int ret;

	shk_text_lock();
	if (mm == current->mm && shk_commit_current_mm(shk_switch_apply, &sw))
		ret = 0;
	else
		ret = shk_commit(shk_switch_apply, &sw, true);
	shk_text_unlock();
	return ret;
}

static void shk_flush_local(void *unused)
{
	shk_pgt_flush_local();
}

/*
 * With preemption off: whether a CPU other than this one may have @mm
 * loaded. x86 keeps a CPU in mm_cpumask() from the moment it loads an mm
 * until it loads another, lazily held or not. An mm without users is only
 * ever passed on, to a kernel thread on a CPU that has it already, so the
 * answer cannot turn from no to yes.
 */
static bool shk_mm_loaded_elsewhere(struct mm_struct *mm)
{
	return cpumask_any_but(mm_cpumask(mm), smp_processor_id()) < nr_cpu_ids;
}

void shk_binding_set_live(struct shk_binding *b, bool live)
{
	b->live = live;
	if (live) {
		b->shadow->nr_bound++;
		atomic64_inc(&shk_stats.bound_mms);
		atomic64_inc(&shk_stats.binds_total);
	} else {
		b->shadow->nr_bound--;
		atomic64_dec(&shk_stats.bound_mms);
		atomic64_inc(&shk_stats.unbinds_total);
		shk_lazy_release(shk_shadows_pinned());
	}
}

/* --- the token VMA --- */

static void shk_token_open(struct vm_area_struct *vma)
{
	struct shk_binding *parent, *child;

	/* Only fork copies a token into another mm (mremap is refused below). */
	if (!current->mm || current->mm == vma->vm_mm)
		return;

	mutex_lock(&shk_lock);
	parent = shk_binding_find(current->mm);
	if (!shk_binding_is_token(parent, vma))
		goto out;
	/*
	 * A parent whose owner is gone is being unbound (owner.c) but still
	 * has its token: the child gets a binding that is not live, so that
	 * the same sweep finds it and unmaps the child's copy of the token.
	 */
	if (!parent->live && !parent->origin->gone)
		goto out;
	child = kzalloc(sizeof(*child), GFP_KERNEL);
	if (!child) {
		pr_warn_ratelimited("out of memory: child of pid %d starts unshadowed\n",
				    task_tgid_nr(current));
		goto out;
	}
	child->mm = vma->vm_mm;
	child->shadow = parent->shadow;
	child->file = parent->file;
	child->token = vma->vm_start;
	child->flags = parent->flags;
	child->origin = parent->origin;
	shk_origin_get(child->origin);
	if (!child->origin->gone) {
		/* The child has never run: no CPU can hold a translation of its view. */
		shk_pgt_set_top(child->mm, child->shadow->pgt.top);
		shk_binding_set_live(child, true);
	}
	hash_add_rcu(shk_bindings, &child->node, (unsigned long)child->mm);
out:
	mutex_unlock(&shk_lock);
}

/*
 * Under shk_lock: @b's mm leaves its shadow for the pristine kernel, its
 * own unmap of the token or its teardown being the cause.
 *
 * The process unmapped its own token (UNBIND switches before it unmaps,
 * owner.c's reaper after): its other threads may be running, in the middle
 * of a patch of several instructions, so they switch the way UNBIND does,
 * at a point where none is inside one (shk_lock is taken under mmap_lock,
 * then the commit's locks: the order UNBIND's switch has below it). An mm
 * being torn down (no user left, its threads are gone) may still be loaded
 * lazily by kernel threads on other CPUs: if its shadow holds such a patch,
 * one may be inside it, so it switches through the commit too, which moves
 * every CPU off at a preemption point (lazy.h). Otherwise a flush is
 * enough: then, or if the commit failed, point it back at the pristine
 * text and flush everywhere, so that CPUs that still have the mm loaded
 * lazily stop walking the shadow's tables, which go away with the shadow.
 * Preemption stays off from the check to the flush: this CPU cannot pass
 * the mm to a kernel thread in between, and no other CPU can load an mm
 * without users anew.
 */
static void shk_binding_switch_off(struct shk_binding *b)
{
	preempt_disable();
	if (atomic_read(&b->mm->mm_users) ||
	    (b->shadow->nr_multi && shk_mm_loaded_elsewhere(b->mm))) {
		preempt_enable();
		if (shk_switch_live(b->mm, shk_pgt_pristine_top()))
			pr_warn_ratelimited("pid %d left its shadow: switched back without stopping the machine\n",
					    task_tgid_nr(current));
		preempt_disable();
	}
	shk_pgt_set_top(b->mm, shk_pgt_pristine_top());
	on_each_cpu(shk_flush_local, NULL, 1);
	preempt_enable();
	shk_binding_set_live(b, false);
}

/*
 * At the start of exit_mmap() under Xen PV, from lazy.c's hook on
 * xen_exit_mmap(): there the kernel moves every vCPU that still has @mm
 * loaded to init_mm by IPI (xen_drop_mm_ref()), at any instruction, before
 * the token's close below could switch them at a safe point. So the mm
 * leaves its shadow here, the way the close would; the close then finds
 * the binding no longer live. Any live binding is switched off, so that
 * the hook sees none the second time (lazy.c). Under mmap_lock for reading
 * (exit_mmap() holds it), which comes before shk_lock.
 */
void shk_binding_exit_mmap(struct mm_struct *mm)
{
	struct shk_binding *b;

	mutex_lock(&shk_lock);
	b = shk_binding_find(mm);
	if (b && b->live)
		shk_binding_switch_off(b);
	mutex_unlock(&shk_lock);
}

static void shk_token_close(struct vm_area_struct *vma)
{
	struct shk_binding *b;

	mutex_lock(&shk_lock);
	b = shk_binding_find(vma->vm_mm);
	if (!shk_binding_is_token(b, vma))
		goto out;
	hash_del_rcu(&b->node);
	/* The token's reference to the file goes after this: see shk_binding_get_file(). */
	WRITE_ONCE(b->file, NULL);
	if (b->live)
		shk_binding_switch_off(b);
	shk_origin_put(b->origin);
	kfree_rcu(b, rcu);
out:
	mutex_unlock(&shk_lock);
}

static int shk_token_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

static int shk_token_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static const struct vm_operations_struct shk_token_ops = {
	.open = shk_token_open,
	.close = shk_token_close,
	.may_split = shk_token_may_split,
	.mremap = shk_token_mremap,
};

/* Binds in progress: the only mmap() of a shadow that is accepted. */
struct shk_pending {
	struct list_head node;
	struct task_struct *task;
	struct file *file;
	u32 flags;
};

static LIST_HEAD(shk_pending_binds);
static DEFINE_SPINLOCK(shk_pending_lock);

static struct shk_pending *shk_pending_find(struct file *file)
{
	struct shk_pending *p;

	list_for_each_entry(p, &shk_pending_binds, node)
		if (p->task == current && p->file == file)
			return p;
	return NULL;
}

static void shk_vma_flags(struct vm_area_struct *vma, unsigned long set, unsigned long clear)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_mod(vma, set, clear);
#else
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
#endif
}

int shk_bind_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long set = VM_DONTEXPAND | VM_DONTDUMP | VM_IO;
	struct shk_pending *p;
	u32 flags;

	spin_lock(&shk_pending_lock);
	p = shk_pending_find(file);
	flags = p ? p->flags : 0;
	spin_unlock(&shk_pending_lock);
	if (!p) {
		pr_notice_ratelimited("pid %d: a shadow is bound with SHADOWK_IOC_BIND, not mmap()\n",
				      task_tgid_nr(current));
		return -EINVAL;
	}
	if (vma->vm_end - vma->vm_start != PAGE_SIZE || (vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EINVAL;
	/* A pending binding is not inherited: children get no token either. */
	if (flags & (SHADOWK_BIND_NO_FORK_INHERIT | SHADOWK_BIND_AT_NEXT_EXEC))
		set |= VM_DONTCOPY;
	shk_vma_flags(vma, set, VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC);
	vma->vm_ops = &shk_token_ops;
	return 0;
}

/* --- binding the current task's mm --- */

/* Under @mm's mmap_lock: the token mapped at @addr is still there. */
static bool shk_token_present(struct mm_struct *mm, unsigned long addr, struct file *file)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);

	return vma && vma->vm_start == addr && vma->vm_ops == &shk_token_ops && vma->vm_file == file;
}

int shk_bind_current(struct file *file, u32 flags, struct shk_origin *origin)
{
	struct shk_shadow *sh = file->private_data;
	struct shk_pending pending = { .task = current, .file = file, .flags = flags };
	struct mm_struct *mm = current->mm;
	struct shk_binding *b;
	unsigned long addr;
	int ret;

	if (!mm || (current->flags & (PF_EXITING | PF_KTHREAD)))
		return -ESRCH;

	mutex_lock(&shk_lock);
	ret = shk_binding_find(mm) ? -EBUSY : 0;
	mutex_unlock(&shk_lock);
	if (ret)
		return ret;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;

	spin_lock(&shk_pending_lock);
	list_add(&pending.node, &shk_pending_binds);
	spin_unlock(&shk_pending_lock);
	addr = vm_mmap(file, 0, PAGE_SIZE, PROT_NONE, MAP_SHARED, 0);
	spin_lock(&shk_pending_lock);
	list_del(&pending.node);
	spin_unlock(&shk_pending_lock);
	if (IS_ERR_VALUE(addr)) {
		ret = addr;
		goto err_mmap;
	}
	if (test_bind_delay_ms)
		msleep(test_bind_delay_ms);

	/*
	 * Another thread may unmap the token at any time. Its close finds
	 * the binding once it is hashed; before that, it finds nothing and
	 * the token is gone with nothing to hold the shadow's file for the
	 * binding. So the token is looked up and the binding hashed under
	 * mmap_lock, which munmap needs for writing: either the token is
	 * still there and its close will find the binding, or it is gone
	 * and nothing is bound.
	 */
	mmap_read_lock(mm);
	mutex_lock(&shk_lock);
	if (!shk_token_present(mm, addr, file)) {
		mutex_unlock(&shk_lock);
		mmap_read_unlock(mm);
		pr_notice_ratelimited("pid %d unmapped its shadow token while being bound; nothing is bound\n",
				      task_tgid_nr(current));
		ret = -EAGAIN;
		goto err_mmap;	/* nothing of ours left to unmap */
	}
	if (shk_binding_find(mm)) {
		mmap_read_unlock(mm);
		ret = -EBUSY;	/* another bind of this mm won the race */
		goto err_bound;
	}
	if (origin->gone) {
		/* The tracer closed its last descriptor meanwhile (owner.c). */
		mmap_read_unlock(mm);
		ret = -EBADF;
		goto err_bound;
	}
	if (sh->nr_multi && shk_full_preemption()) {
		/* Switched to full preemption since CREATE (PREEMPT_DYNAMIC). */
		mmap_read_unlock(mm);
		pr_notice_ratelimited("pid %d not bound: the kernel now runs with full preemption and the shadow holds patches of several instructions\n",
				      task_tgid_nr(current));
		ret = -EOPNOTSUPP;
		goto err_bound;
	}
	if (sh->nr_multi && !shk_shadow_model_settled()) {
		mmap_read_unlock(mm);
		pr_notice_ratelimited("pid %d not bound: a switch of the preemption model begun before the first shadow may still be running (sched/preempt is open for writing, or a livepatch transition is ending); retry\n",
				      task_tgid_nr(current));
		ret = -EAGAIN;
		goto err_bound;
	}
	b->mm = mm;
	b->shadow = sh;
	b->file = file;
	b->token = addr;
	b->flags = flags;
	b->origin = origin;
	shk_origin_get(origin);
	hash_add_rcu(shk_bindings, &b->node, (unsigned long)mm);
	/* From here an unmap's close waits for shk_lock and then undoes the binding. */
	mmap_read_unlock(mm);
	if (flags & SHADOWK_BIND_AT_NEXT_EXEC) {
		/* Pending: the exec hook binds the new mm; this one stays pristine. */
		mutex_unlock(&shk_lock);
		return 0;
	}
	/* Before a patch of several instructions is reachable by lazy CPUs (lazy.h). */
	ret = sh->nr_multi ? shk_lazy_hold() : 0;
	if (!ret)
		ret = shk_switch_live(mm, sh->pgt.top);
	if (ret) {
		hash_del_rcu(&b->node);
		synchronize_rcu();
		shk_origin_put(origin);
		shk_lazy_release(shk_shadows_pinned());
		goto err_bound;
	}
	shk_binding_set_live(b, true);
	mutex_unlock(&shk_lock);
	return 0;

err_bound:
	mutex_unlock(&shk_lock);
	vm_munmap(addr, PAGE_SIZE);
err_mmap:
	kfree(b);
	return ret;
}

int shk_unbind_current(struct file *file)
{
	struct mm_struct *mm = current->mm;
	struct shk_binding *b;
	unsigned long token;
	int ret = 0;

	if (!mm || (current->flags & (PF_EXITING | PF_KTHREAD)))
		return -ESRCH;

	mutex_lock(&shk_lock);
	b = shk_binding_find(mm);
	if (!b || b->file != file) {
		mutex_unlock(&shk_lock);
		return -ENOENT;
	}
	if (b->live) {
		ret = shk_switch_live(mm, shk_pgt_pristine_top());
		if (!ret)
			shk_binding_set_live(b, false);
	}
	token = b->token;
	mutex_unlock(&shk_lock);
	if (ret)
		return ret;
	/* The token's close removes the binding, now no longer live. */
	return vm_munmap(token, PAGE_SIZE);
}
