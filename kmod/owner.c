// SPDX-License-Identifier: GPL-2.0
/*
 * Bindings owned by a tracer: killing the tracer leaves nothing.
 *
 * A binding of another process holds the shadow (its token VMA references
 * the shadow's file), so the shadow's release cannot be what undoes it. The
 * owner of such a binding is the fd table of the tracer that asked for it
 * (struct shk_origin). Every close of a descriptor calls the file's flush
 * with the fd table it was closed from: close(2), dup2(2) over it,
 * close-on-exec, close_range(2), and the exit path's close of every fd
 * (kernel/exit.c do_exit -> exit_files -> close_files -> filp_close). When
 * that table then holds no other descriptor of the shadow, its origins are
 * gone, and their bindings are undone without the bound processes' help
 * (they may be stopped, or never return to user mode soon):
 *  1. under shk_lock, every live one is switched back to the pristine view
 *     with the same commit as UNBIND (every CPU parked, every TLB flushed);
 *  2. then, one at a time, its token is unmapped from its mm under that
 *     mm's mmap_lock (do_munmap on the mm), whose close removes the
 *     binding and drops its reference to the shadow's file. The unmap runs
 *     in a workqueue kthread that has adopted the mm (kthread_use_mm):
 *     munmap's internals take current->mm for the mm they account to
 *     (6.12's vms_complete_munmap_vmas: mm = current->mm), which in the
 *     tracer is its own mm, or NULL in the exit path that calls flush.
 * A fork that copies a token between 1 and 2 gives a child binding that is
 * not live, which step 2 finds too. Bindings made meanwhile from a gone
 * origin are refused (EBADF), and an exec does not carry them.
 *
 * Stale shadows are the other case: once coherence is lost (coherence.c),
 * a shadow that existed then may lack kernel text writes for good (a
 * static key flipped, a livepatch applied), so its processes must not go
 * on running it. Each live binding of a stale shadow is switched back to
 * the pristine view with step 1's commit, from a work item (coherence is
 * lost in hook context); the binding stays, not live, with its token, as
 * after UNBIND's switch: UNBIND, the tracer's exit or the process's own
 * exit unmaps it. Not live, it is neither inherited at fork nor carried
 * across exec.
 */
#include "common.h"
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "bind.h"
#include "binding.h"
#include "pgtable.h"
#include "shadow.h"
#include "symbols.h"

/* Caller holds shk_lock: a binding of @sh from a gone origin whose token is still to be unmapped. */
static struct shk_binding *shk_find_orphan(struct shk_shadow *sh)
{
	struct shk_binding *b;
	int bkt;

	hash_for_each(shk_bindings, bkt, b, node)
		if (b->shadow == sh && b->origin->gone && !b->reaping)
			return b;
	return NULL;
}

/* One token to unmap, by a kthread that has adopted its mm. */
struct shk_unmap {
	struct work_struct work;
	struct mm_struct *mm;		/* a user held (mmget) */
	struct shk_binding *found;
	unsigned long token;
	int ret;
};

static void shk_unmap_fn(struct work_struct *work)
{
	struct shk_unmap *u = container_of(work, struct shk_unmap, work);
	struct shk_binding *b;
	bool ours;

	kthread_use_mm(u->mm);
	mmap_write_lock(u->mm);
	mutex_lock(&shk_lock);
	b = shk_binding_find(u->mm);
	ours = b == u->found && b->reaping && b->token == u->token;
	mutex_unlock(&shk_lock);
	/* Under mmap_lock the token cannot go or be copied by a fork. */
	u->ret = ours ? shk_sym_do_munmap(u->mm, u->token, PAGE_SIZE, NULL) : 0;
	mmap_write_unlock(u->mm);
	kthread_unuse_mm(u->mm);
}

/* Step 2: unmap the tokens of @sh's orphans, one mm at a time, until none is left. */
static void shk_reap(struct shk_shadow *sh)
{
	for (;;) {
		struct shk_binding *found;
		struct mm_struct *mm;
		unsigned long token;

		mutex_lock(&shk_lock);
		found = shk_find_orphan(sh);
		if (!found) {
			mutex_unlock(&shk_lock);
			return;
		}
		found->reaping = true;
		mm = found->mm;
		token = found->token;
		mmgrab(mm);
		mutex_unlock(&shk_lock);

		/* No user left: the mm is being torn down, and that closes the token. */
		if (mmget_not_zero(mm)) {
			struct shk_unmap u = { .mm = mm, .found = found, .token = token };

			INIT_WORK_ONSTACK(&u.work, shk_unmap_fn);
			queue_work(system_unbound_wq, &u.work);
			flush_work(&u.work);
			destroy_work_on_stack(&u.work);
			if (u.ret)
				pr_warn("cannot unmap a shadow token whose tracer went away (%d)\n", u.ret);
			mmput(mm);
		}
		mmdrop(mm);
	}
}

/* Step 1, under shk_lock: back to the pristine view, as UNBIND switches. */
static void shk_unbind_orphans(struct shk_shadow *sh)
{
	struct shk_binding *b;
	int bkt, ret;

	hash_for_each(shk_bindings, bkt, b, node) {
		if (b->shadow != sh || !b->origin->gone || !b->live)
			continue;
		ret = shk_switch_live(b->mm, shk_pgt_pristine_top());
		if (ret) {
			/* The token's close (step 2) restores the entry with a flush everywhere. */
			pr_warn("cannot switch a process back whose tracer went away (%d)\n", ret);
			continue;
		}
		shk_binding_set_live(b, false);
	}
}

static void shk_unbind_stale_fn(struct work_struct *work)
{
	int epoch = atomic_read(&shk_coherence_epoch), bkt, ret;
	struct shk_binding *b;
	unsigned int n = 0;

	mutex_lock(&shk_lock);
	hash_for_each(shk_bindings, bkt, b, node) {
		if (!b->live || b->shadow->epoch == epoch)
			continue;
		ret = shk_switch_live(b->mm, shk_pgt_pristine_top());
		if (ret) {
			pr_warn("cannot switch a process back from stale shadow %llu (%d)\n",
				b->shadow->id, ret);
			continue;
		}
		shk_binding_set_live(b, false);
		n++;
	}
	mutex_unlock(&shk_lock);
	if (n)
		pr_notice("%u processes switched back to the pristine kernel from stale shadows\n", n);
}

static DECLARE_WORK(shk_stale_work, shk_unbind_stale_fn);

void shk_unbind_stale(void)
{
	schedule_work(&shk_stale_work);
}

void shk_unbind_stale_exit(void)
{
	cancel_work_sync(&shk_stale_work);
}

int shk_bind_flush(struct file *file, fl_owner_t id)
{
	struct shk_shadow *sh = file->private_data;
	bool any;

	/* id is the fd table the descriptor was closed from (NULL for the kernel's own closes). */
	if (!id || shk_table_holds(id, file))
		return 0;

	mutex_lock(&shk_lock);
	any = shk_origins_mark_gone(sh, id);
	if (any)
		shk_unbind_orphans(sh);
	mutex_unlock(&shk_lock);
	if (any)
		shk_reap(sh);
	return 0;
}
