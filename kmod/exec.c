// SPDX-License-Identifier: GPL-2.0
/*
 * Bindings across exec: a kprobe on begin_new_exec (present only while
 * shadows exist) sees the old mm's binding and queues a rebind of the new
 * mm, which runs before the new program's first user instruction.
 *
 * Credentials: a binding of another process was allowed because its binder
 * could ptrace it then. An exec that changes credentials (set-uid, set-gid,
 * file capabilities, or a program the kernel makes non-dumpable) would not
 * let that binder ptrace the new program, so the binding is dropped there:
 * the new program starts unbound, unless the binder's credentials recorded
 * at BIND allow tracing the new ones (CAP_SYS_PTRACE over their user
 * namespace, or, when the new program stays dumpable, the same ids and no
 * capability the binder lacks). A self-bind is judged the same way, its
 * binder being the process before the exec.
 */
#include "common.h"
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/user_namespace.h>
#include <linux/version.h>

#include "bind.h"
#include "binding.h"
#include "hook.h"
#include "shadow.h"
#include "uapi/shadowk.h"

struct shk_exec_work {
	struct callback_head work;
	struct file *file;
	struct shk_origin *origin;
	const struct cred *old_cred;	/* current's before the exec */
	u32 flags;
};

/* @old: current's credentials before the exec; the new ones are current's now. */
static bool shk_exec_changed_creds(const struct cred *old, bool dumpable)
{
	const struct cred *new = current_cred();

	return !dumpable ||
	       !uid_eq(new->euid, old->euid) || !gid_eq(new->egid, old->egid) ||
	       !uid_eq(new->euid, new->uid) || !gid_eq(new->egid, new->gid) ||
	       !cap_issubset(new->cap_permitted, old->cap_permitted);
}

/* @cred has @cap over @ns: the kernel's cap_capable() without the LSM hooks. */
static bool shk_cred_capable(const struct cred *cred, struct user_namespace *ns, int cap)
{
	for (;;) {
		if (ns == cred->user_ns)
			return cap_raised(cred->cap_effective, cap);
		if (ns->level <= cred->user_ns->level)
			return false;
		if (ns->parent == cred->user_ns && uid_eq(ns->owner, cred->euid))
			return true;
		ns = ns->parent;
	}
}

/*
 * What ptrace_may_access(PTRACE_MODE_ATTACH_REALCREDS) would answer for a
 * tracer with credentials @tc and the new program (current, after the
 * exec): CAP_SYS_PTRACE over its user namespace, or (a program left
 * dumpable) all ids equal to the tracer's uid and gid and no permitted
 * capability the tracer lacks.
 */
static bool shk_may_trace_new(const struct cred *tc, bool dumpable)
{
	const struct cred *nc = current_cred();

	if (shk_cred_capable(tc, nc->user_ns, CAP_SYS_PTRACE))
		return true;
	return dumpable && tc->user_ns == nc->user_ns &&
	       uid_eq(tc->uid, nc->euid) && uid_eq(tc->uid, nc->suid) && uid_eq(tc->uid, nc->uid) &&
	       gid_eq(tc->gid, nc->egid) && gid_eq(tc->gid, nc->sgid) && gid_eq(tc->gid, nc->gid) &&
	       cap_issubset(nc->cap_permitted, tc->cap_permitted);
}

static void shk_exec_rebind(struct callback_head *work)
{
	struct shk_exec_work *w = container_of(work, struct shk_exec_work, work);
	/* The exec is done: current has the new credentials and mm (set_dumpable() ran). */
	bool dumpable = current->mm && get_dumpable(current->mm) == SUID_DUMP_USER;
	int ret;

	if (shk_exec_changed_creds(w->old_cred, dumpable) && !shk_may_trace_new(w->origin->cred, dumpable)) {
		pr_notice_ratelimited("pid %d execs %s with credentials its binder may not trace: it runs unbound\n",
				      task_tgid_nr(current), current->comm);
		goto out;
	}
	ret = shk_bind_current(w->file, w->flags, w->origin);

	/*
	 * EBUSY: the exec failed and the old, still bound mm is back. EBADF:
	 * the tracer that owned the binding went away meanwhile.
	 */
	if (ret && ret != -EBUSY && ret != -ESRCH && ret != -EBADF)
		pr_notice_ratelimited("pid %d: cannot keep its shadow across exec (%d)\n",
				      task_tgid_nr(current), ret);
out:
	fput(w->file);
	shk_origin_put(w->origin);
	put_cred(w->old_cred);
	kfree(w);
}

/*
 * Whether this exec starts the new program bound: a pending binding
 * (AT_NEXT_EXEC) is the process's own, so a vfork child that shares the mm
 * until its exec neither uses it up nor takes it.
 */
static bool shk_exec_pending(struct shk_binding *b)
{
	return !b->live && (b->flags & SHADOWK_BIND_AT_NEXT_EXEC) && !current->vfork_done;
}

/*
 * Under RCU only: a reference to the binding's file, or NULL when the token
 * is going (another thread unmapped it, and the last reference to the file
 * may be dropped at any moment): then the binding is going too. A plain
 * get_file() there would revive a file already on its way to being freed.
 */
static struct file *shk_binding_get_file(struct shk_binding *b)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	/*
	 * Files are SLAB_TYPESAFE_BY_RCU since 6.7: the memory may already be
	 * another file. get_file_rcu() takes a reference only if the count is
	 * not zero and b->file still points at it afterwards (the token's
	 * close clears it before its reference goes).
	 */
	return get_file_rcu((struct file __rcu **)&b->file);
#else
	/* Files are freed after a grace period: the memory is this file while we look. */
	struct file *file = READ_ONCE(b->file);

	return file && get_file_rcu(file) ? file : NULL;
#endif
}

/* begin_new_exec(bprm), at entry: current->mm is still the old mm, current's creds the old ones. */
static int shk_exec_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct shk_exec_work *w;
	struct shk_binding *b;

	rcu_read_lock();
	b = shk_binding_find(current->mm);
	if (!b || !(b->live || shk_exec_pending(b)) || READ_ONCE(b->origin->gone))
		goto out;
	if ((b->flags & SHADOWK_BIND_EXEC_RESET) &&
	    !(b->flags & (SHADOWK_BIND_KEEP_NEXT_EXEC | SHADOWK_BIND_AT_NEXT_EXEC)))
		goto out;
	/* A vfork child runs in its parent's mm until this exec: it is a child. */
	if (current->vfork_done && (b->flags & SHADOWK_BIND_NO_FORK_INHERIT))
		goto out;
	w = kmalloc(sizeof(*w), GFP_ATOMIC);
	if (!w)
		goto out;
	if (!shk_origin_tryget(b->origin)) {
		kfree(w);
		goto out;
	}
	w->origin = b->origin;
	w->file = shk_binding_get_file(b);
	if (!w->file) {		/* unmapped as we exec: the new program starts unbound */
		shk_origin_put(w->origin);
		kfree(w);
		goto out;
	}
	/* The credentials are computed later in begin_new_exec: the rebind compares. */
	w->old_cred = get_current_cred();
	/* used up by this exec */
	w->flags = b->flags & ~(SHADOWK_BIND_KEEP_NEXT_EXEC | SHADOWK_BIND_AT_NEXT_EXEC);
	init_task_work(&w->work, shk_exec_rebind);
	if (task_work_add(current, &w->work, TWA_RESUME)) {
		fput(w->file);
		shk_origin_put(w->origin);
		put_cred(w->old_cred);
		kfree(w);
	}
out:
	rcu_read_unlock();
	return 0;
}

static struct kprobe shk_exec_kp = {
	.symbol_name = "begin_new_exec",
	.pre_handler = shk_exec_pre,
};

int shk_exec_hook_start(void)
{
	return shk_kprobe_register(&shk_exec_kp, "shadows could not follow exec");
}

void shk_exec_hook_stop(void)
{
	shk_kprobe_unregister(&shk_exec_kp);
}
