// SPDX-License-Identifier: GPL-2.0
/*
 * BIND and UNBIND requests (bind.h): a process binds or unbinds itself
 * directly; another process is asked to do it in its own context, through
 * a task_work that runs when it next returns to user mode or wakes from an
 * interruptible sleep, within SHK_BIND_TIMEOUT.
 */
#include "common.h"
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/ptrace.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>

#include "bind.h"
#include "binding.h"
#include "shadow.h"
#include "symbols.h"
#include "uapi/shadowk.h"

#define SHK_BIND_FLAGS		(SHADOWK_BIND_NO_FORK_INHERIT | SHADOWK_BIND_EXEC_RESET | \
				 SHADOWK_BIND_KEEP_NEXT_EXEC | SHADOWK_BIND_AT_NEXT_EXEC | \
				 SHADOWK_BIND_PERSIST)
#define SHK_BIND_TIMEOUT	(10 * HZ)

enum { SHK_REQ_PENDING, SHK_REQ_RUNNING, SHK_REQ_ABANDONED };

struct shk_request {
	struct callback_head work;
	struct completion done;
	refcount_t refs;
	atomic_t state;
	struct file *file;
	struct shk_origin *origin;	/* BIND only */
	u32 flags;
	bool unbind;
	int result;
};

static void shk_request_put(struct shk_request *req)
{
	if (refcount_dec_and_test(&req->refs)) {
		fput(req->file);
		if (req->origin)
			shk_origin_put(req->origin);
		kfree(req);
	}
}

static void shk_request_work(struct callback_head *work)
{
	struct shk_request *req = container_of(work, struct shk_request, work);

	if (atomic_cmpxchg(&req->state, SHK_REQ_PENDING, SHK_REQ_RUNNING) == SHK_REQ_PENDING) {
		req->result = req->unbind ? shk_unbind_current(req->file)
					  : shk_bind_current(req->file, req->flags, req->origin);
		complete(&req->done);
	}
	shk_request_put(req);
}

static int shk_request_run(struct task_struct *task, struct file *file, u32 flags,
			   struct shk_origin *origin)
{
	struct shk_request *req;
	long left;
	int ret;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	init_completion(&req->done);
	refcount_set(&req->refs, 2);
	atomic_set(&req->state, SHK_REQ_PENDING);
	req->file = get_file(file);
	req->flags = flags;
	req->unbind = !origin;
	req->origin = origin;
	if (origin)
		shk_origin_get(origin);
	init_task_work(&req->work, shk_request_work);

	/* TWA_SIGNAL: a task asleep in an interruptible wait runs it now. */
	ret = task_work_add(task, &req->work, TWA_SIGNAL);
	if (ret) {
		shk_request_put(req);
		shk_request_put(req);
		return -ESRCH;
	}

	left = wait_for_completion_killable_timeout(&req->done, SHK_BIND_TIMEOUT);
	if (left > 0) {
		ret = req->result;
	} else if (atomic_cmpxchg(&req->state, SHK_REQ_PENDING, SHK_REQ_ABANDONED) == SHK_REQ_PENDING) {
		ret = left ? -EINTR : -ETIMEDOUT;
		if (ret == -ETIMEDOUT)
			pr_notice("pid %d did not reach a point where it can be switched within %d s\n",
				  task_tgid_nr(task), SHK_BIND_TIMEOUT / HZ);
	} else {
		wait_for_completion(&req->done);	/* already running: it is short */
		ret = req->result;
	}
	shk_request_put(req);
	return ret;
}

/*
 * Who owns a binding of @task made by the caller: the caller's fd table when
 * it binds another process, unless it asks for SHADOWK_BIND_PERSIST; nobody
 * when a process binds itself (the binding then lives as long as the
 * address space, and may be what keeps the shadow alive after an exec).
 */
static struct shk_origin *shk_request_origin(struct file *file, struct task_struct *task, u32 flags)
{
	bool owned = task && !same_thread_group(task, current) && !(flags & SHADOWK_BIND_PERSIST);
	struct shk_origin *o = shk_origin_new(file->private_data, owned ? current->files : NULL);
	int ret;

	if (!o)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&shk_lock);
	ret = shk_origin_check_owner(o, file);
	mutex_unlock(&shk_lock);
	if (ret) {
		shk_origin_put(o);
		return ERR_PTR(ret);
	}
	return o;
}

static int shk_request(struct file *file, pid_t pid, u32 flags, bool unbind)
{
	struct shk_origin *origin = NULL;
	struct task_struct *task;
	int ret;

	if (!pid || pid == task_pid_vnr(current)) {
		if (unbind)
			return shk_unbind_current(file);
		origin = shk_request_origin(file, NULL, flags);
		if (IS_ERR(origin))
			return PTR_ERR(origin);
		ret = shk_bind_current(file, flags, origin);
		shk_origin_put(origin);
		return ret;
	}

	rcu_read_lock();
	task = pid_task(find_vpid(pid), PIDTYPE_PID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		return -ESRCH;

	if ((task->flags & PF_KTHREAD) || !task->mm) {
		pr_notice_ratelimited("pid %d is a kernel thread or has no address space\n", pid);
		ret = -EINVAL;
	} else if (!shk_sym_ptrace_may_access(task, PTRACE_MODE_ATTACH_REALCREDS)) {
		pr_notice_ratelimited("pid %d: no ptrace access to it\n", pid);
		ret = -EPERM;
	} else if (unbind) {
		ret = shk_request_run(task, file, 0, NULL);
	} else {
		origin = shk_request_origin(file, task, flags);
		if (IS_ERR(origin)) {
			ret = PTR_ERR(origin);
		} else {
			ret = shk_request_run(task, file, flags, origin);
			shk_origin_put(origin);
		}
	}
	put_task_struct(task);
	return ret;
}

int shk_bind(struct file *file, pid_t pid, u32 flags)
{
	if (flags & ~SHK_BIND_FLAGS || pid < 0)
		return -EINVAL;
	/* AT_NEXT_EXEC already survives that exec: asking for both is a mistake. */
	if ((flags & SHADOWK_BIND_AT_NEXT_EXEC) && (flags & SHADOWK_BIND_KEEP_NEXT_EXEC)) {
		pr_notice_ratelimited("pid %d: BIND with both AT_NEXT_EXEC and KEEP_NEXT_EXEC\n",
				      task_tgid_nr(current));
		return -EINVAL;
	}
	return shk_request(file, pid, flags, false);
}

int shk_unbind(struct file *file, pid_t pid)
{
	if (pid < 0)
		return -EINVAL;
	return shk_request(file, pid, 0, true);
}

