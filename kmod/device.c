// SPDX-License-Identifier: GPL-2.0
/*
 * Every input from userspace is validated here before it reaches a
 * subsystem: sizes are fixed by the request number, reserved fields must be
 * zero, and privileges are checked per request (the device mode is not the
 * only guard). Nothing is copied to or from userspace while shk_lock is
 * held, since a fault there would take mmap_lock after it.
 */
#include "common.h"
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>

#include "backend.h"
#include "bind.h"
#include "callers.h"
#include "coherence.h"
#include "commit.h"
#include "device.h"
#include "engine.h"
#include "limits.h"
#include "patch.h"
#include "probe.h"
#include "shadow.h"
#include "version.h"
#include "tpscope.h"
#include "xol.h"
#include "uapi/shadowk.h"

static int shk_need_admin(const char *what)
{
	if (capable(CAP_SYS_ADMIN))
		return 0;
	pr_notice_ratelimited("%s refused for pid %d: needs CAP_SYS_ADMIN\n",
			      what, task_tgid_nr(current));
	return -EPERM;
}

/*
 * Probes answer to what the kernel asks of the same work done with perf
 * and bpf(2): loading a kprobe program needs CAP_BPF and CAP_PERFMON
 * (bpf_prog_load), hooking a kernel function with it CAP_PERFMON
 * (perf_kprobe_event_init); CAP_SYS_ADMIN implies both, as there.
 */
static int shk_need_tracer(const char *what)
{
	if (perfmon_capable() && bpf_capable())
		return 0;
	pr_notice_ratelimited("%s refused for pid %d: needs CAP_PERFMON and CAP_BPF (or CAP_SYS_ADMIN)\n",
			      what, task_tgid_nr(current));
	return -EPERM;
}

/*
 * PATCH writes code of the caller's choice into kernel text, as a kernel
 * debugger does: integrity lockdown forbids it (the reason the kernel gives
 * kgdb's writes). The lockdown LSM prints its own line; ours names the
 * request. Any refusal is EPERM, whichever LSM gave it.
 */
static int shk_need_unlocked(const char *what)
{
	if (!security_locked_down(LOCKDOWN_DBG_WRITE_KERNEL))
		return 0;
	pr_notice_ratelimited("%s refused for pid %d: the kernel is locked down (integrity): raw patches write kernel code\n",
			      what, task_tgid_nr(current));
	return -EPERM;
}

/*
 * Shadows under every preemption model but PREEMPT_RT. Under full
 * preemption a task can be suspended at any instruction: a shadow then
 * takes single-instruction patches only (probe sites, shadow.h), which
 * every task resumes before or after. On PREEMPT_RT spinlocks sleep, and
 * the hook that writes kernel text from a shadowed task (coherence.c)
 * holds preemption off across __text_poke(), which takes one.
 */
static int shk_can_shadow(void)
{
	if (preempt_model_rt()) {
		pr_notice_ratelimited("the kernel is PREEMPT_RT: shadows are not supported there\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* --- requests on a shadow's file descriptor --- */

/* PATCH and CHECK take the same request: privilege, struct, then the bytes. */
static int shk_patch_request(const char *what, void __user *arg, struct shadowk_patch *req,
			     u8 bytes[SHADOWK_PATCH_MAX])
{
	int ret = shk_need_admin(what);

	if (ret)
		return ret;
	if (copy_from_user(req, arg, sizeof(*req)))
		return -EFAULT;
	if (req->flags || !req->len || req->len > SHADOWK_PATCH_MAX)
		return -EINVAL;
	if (copy_from_user(bytes, u64_to_user_ptr(req->bytes), req->len))
		return -EFAULT;
	return 0;
}

static long shk_ioctl_patch(struct file *file, void __user *arg)
{
	struct shk_shadow *sh = file->private_data;
	struct shadowk_patch req;
	u8 bytes[SHADOWK_PATCH_MAX];
	unsigned long owned_end;
	int ret;

	ret = shk_patch_request("PATCH", arg, &req, bytes);
	if (ret)
		return ret;
	ret = shk_need_unlocked("PATCH");
	if (ret)
		return ret;
	ret = shk_coherence_check(sh, "PATCH");
	if (ret)
		return ret;
	ret = shk_shadow_patch(sh, req.addr, bytes, req.len, &owned_end);
	if (ret)
		return ret;
	req.owned_end = owned_end;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long shk_ioctl_bind(struct file *file, void __user *arg, bool unbind)
{
	struct shadowk_bind req;
	int ret;

	ret = shk_need_admin(unbind ? "UNBIND" : "BIND");
	if (ret)
		return ret;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.__reserved || (unbind && req.flags))
		return -EINVAL;
	if (!unbind) {
		ret = shk_coherence_check(file->private_data, "BIND");
		if (ret)
			return ret;
	}
	return unbind ? shk_unbind(file, req.pid) : shk_bind(file, req.pid, req.flags);
}

static long shk_ioctl_info(struct file *file, void __user *arg)
{
	struct shadowk_info info = {};

	shk_shadow_info(file->private_data, &info);
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long shk_ioctl_attach(struct file *file, void __user *arg)
{
	struct shadowk_probe *probes;
	struct shadowk_attach req;
	size_t size;
	int ret;

	ret = shk_need_tracer("ATTACH");
	if (ret)
		return ret;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.__reserved || (req.flags & ~SHADOWK_ATTACH_BEST_EFFORT) || !req.count)
		return -EINVAL;
	if (req.count > SHADOWK_ATTACH_MAX)
		return -E2BIG;
	ret = shk_coherence_check(file->private_data, "ATTACH");
	if (ret)
		return ret;
	size = array_size(req.count, sizeof(*probes));
	probes = kvmalloc(size, GFP_KERNEL);
	if (!probes)
		return -ENOMEM;
	if (copy_from_user(probes, u64_to_user_ptr(req.probes), size)) {
		ret = -EFAULT;
		goto out;
	}
	req.attached = 0;
	ret = shk_probe_attach(file->private_data, probes, req.count,
			       req.flags & SHADOWK_ATTACH_BEST_EFFORT, &req.attached);
	/* The per-probe results matter on failure too: they say which one. */
	if (copy_to_user(u64_to_user_ptr(req.probes), probes, size) ||
	    copy_to_user(arg, &req, sizeof(req)))
		ret = ret ?: -EFAULT;
out:
	kvfree(probes);
	return ret;
}

static long shk_ioctl_detach(struct file *file, void __user *arg)
{
	struct shadowk_detach req;
	size_t size;
	u64 *ids;
	int ret;

	ret = shk_need_tracer("DETACH");
	if (ret)
		return ret;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || !req.count)
		return -EINVAL;
	if (req.count > SHADOWK_ATTACH_MAX)
		return -E2BIG;
	/* Allowed on a stale shadow too: it only gives pristine bytes back. */
	size = array_size(req.count, sizeof(*ids));
	ids = vmemdup_user(u64_to_user_ptr(req.ids), size);
	if (IS_ERR(ids))
		return PTR_ERR(ids);
	ret = shk_probe_detach(file->private_data, ids, req.count);
	kvfree(ids);
	return ret;
}

static long shk_ioctl_probes(struct file *file, void __user *arg)
{
	struct shadowk_probe_stats *stats;
	struct shadowk_probes req;
	u32 cap, n;
	int ret = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.__reserved)
		return -EINVAL;
	cap = min_t(u32, req.count, SHADOWK_ATTACH_MAX);
	stats = kvcalloc(max(cap, 1u), sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return -ENOMEM;
	n = shk_probe_stats(file->private_data, stats, cap);
	if (copy_to_user(u64_to_user_ptr(req.stats), stats, array_size(min(n, cap), sizeof(*stats))))
		ret = -EFAULT;
	req.count = n;
	if (!ret && copy_to_user(arg, &req, sizeof(req)))
		ret = -EFAULT;
	kvfree(stats);
	return ret;
}

static long shk_ioctl_tracepoint(struct file *file, void __user *arg)
{
	struct shadowk_tracepoint req;
	int ret;

	ret = shk_need_tracer("TRACEPOINT");
	if (ret)
		return ret;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.__reserved)
		return -EINVAL;
	ret = shk_coherence_check(file->private_data, "TRACEPOINT");
	if (ret)
		return ret;
	ret = shk_tpscope_add(file->private_data, req.perf_fd);
	if (ret < 0)
		return ret;
	req.sites = ret;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long shk_shadow_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SHADOWK_IOC_PATCH:
		return shk_ioctl_patch(file, uarg);
	case SHADOWK_IOC_BIND:
		return shk_ioctl_bind(file, uarg, false);
	case SHADOWK_IOC_UNBIND:
		return shk_ioctl_bind(file, uarg, true);
	case SHADOWK_IOC_INFO:
		return shk_ioctl_info(file, uarg);
	case SHADOWK_IOC_ATTACH:
		return shk_ioctl_attach(file, uarg);
	case SHADOWK_IOC_DETACH:
		return shk_ioctl_detach(file, uarg);
	case SHADOWK_IOC_PROBES:
		return shk_ioctl_probes(file, uarg);
	case SHADOWK_IOC_TRACEPOINT:
		return shk_ioctl_tracepoint(file, uarg);
	}
	return -ENOTTY;
}

static int shk_shadow_release(struct inode *inode, struct file *file)
{
	shk_probe_release(file->private_data);
	shk_tpscope_release_and_destroy(file->private_data);
	return 0;
}

static const struct file_operations shk_shadow_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = shk_shadow_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = shk_bind_mmap,
	.flush = shk_bind_flush,
	.release = shk_shadow_release,
	.llseek = noop_llseek,
};

/* --- requests on /dev/shadowk --- */

static long shk_ioctl_version(void __user *arg)
{
	struct shadowk_version v;

	memset(&v, 0, sizeof(v));
	v.abi_version = SHADOWK_ABI_VERSION;
	v.backend = shk_backend_detect();
	v.features = shk_backend_features();
	strscpy(v.module_version, SHADOWK_MODULE_VERSION, sizeof(v.module_version));
	strscpy(v.kernel_release, utsname()->release, sizeof(v.kernel_release));

	if (copy_to_user(arg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

static long shk_ioctl_create(void __user *arg)
{
	struct shadowk_create req;
	struct shk_shadow *sh;
	struct file *file;
	int fd, ret;

	ret = shk_need_admin("CREATE");
	if (ret)
		return ret;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.__reserved)
		return -EINVAL;
	ret = shk_can_shadow();
	if (ret)
		return ret;
	ret = shk_coherence_check(NULL, "CREATE");
	if (ret)
		return ret;

	sh = shk_shadow_create();
	if (IS_ERR(sh))
		return PTR_ERR(sh);
	/* Disarmed after the check, before the hooks it made could see it. */
	ret = shk_coherence_check(sh, "CREATE");
	if (ret)
		goto err_fd;
	fd = get_unused_fd_flags(O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto err_fd;
	}
	file = anon_inode_getfile("[shadowk]", &shk_shadow_fops, sh, O_RDWR);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_file;
	}
	req.id = sh->id;
	if (copy_to_user(arg, &req, sizeof(req))) {
		fput(file);	/* releases the shadow */
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	return fd;

err_file:
	put_unused_fd(fd);
err_fd:
	shk_shadow_destroy(sh);
	return ret;
}

static long shk_ioctl_check(void __user *arg)
{
	struct shk_patch_check check = {};	/* a raw patch: neither an ftrace nor a jump site */
	struct shadowk_patch req;
	u8 bytes[SHADOWK_PATCH_MAX];
	int ret;

	ret = shk_patch_request("CHECK", arg, &req, bytes);
	if (ret)
		return ret;
	check.addr = req.addr;
	check.len = req.len;
	shk_text_lock();
	ret = shk_patch_check(&check, bytes);
	shk_text_unlock();
	if (ret)
		return ret;
	req.owned_end = check.owned_end;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long shk_ioctl_stats(void __user *arg)
{
	struct shadowk_stats st = {
		.shadows = atomic64_read(&shk_stats.shadows),
		.pages_copied = atomic64_read(&shk_stats.pages_copied),
		.table_pages = atomic64_read(&shk_stats.table_pages),
		.bound_mms = atomic64_read(&shk_stats.bound_mms),
		.binds_total = atomic64_read(&shk_stats.binds_total),
		.unbinds_total = atomic64_read(&shk_stats.unbinds_total),
		.coherence_writes = atomic64_read(&shk_stats.coherence_writes),
		.coherence_conflicts = atomic64_read(&shk_stats.coherence_conflicts),
		.coherence_lost = atomic64_read(&shk_stats.coherence_lost),
	};

	shk_limits_stats(&st);
	mutex_lock(&shk_lock);
	st.probed_shadows = shk_engines_used();
	st.xol_slots = shk_xol_used_slots();
	mutex_unlock(&shk_lock);
	st.max_probed_shadows = SHADOWK_MAX_PROBED_SHADOWS;
	st.max_xol_slots = SHK_XOL_SLOTS;
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long shk_ioctl_list(void __user *arg)
{
	struct shadowk_info *infos = NULL;
	struct shadowk_list req;
	u32 cap;
	long ret = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.__reserved)
		return -EINVAL;
	cap = min_t(u32, req.count, SHADOWK_LIST_MAX);
	if (cap) {
		infos = kvcalloc(cap, sizeof(*infos), GFP_KERNEL);
		if (!infos)
			return -ENOMEM;
	}
	req.count = shk_shadow_list(infos, cap);
	if (copy_to_user(u64_to_user_ptr(req.infos), infos, min(cap, req.count) * sizeof(*infos)) ||
	    copy_to_user(arg, &req, sizeof(req)))
		ret = -EFAULT;
	kvfree(infos);
	return ret;
}

static long shk_ioctl_callers(void __user *arg)
{
	struct shadowk_callers req;
	u64 *callers = NULL;
	long n, ret = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.__reserved)
		return -EINVAL;
	if (req.count > SHADOWK_CALLERS_MAX)
		return -E2BIG;
	if (req.count) {
		callers = kvcalloc(req.count, sizeof(*callers), GFP_KERNEL);
		if (!callers)
			return -ENOMEM;
	}
	n = shk_callers(req.addr, callers, req.count);
	if (n < 0) {
		pr_notice_ratelimited("CALLERS of %px refused: not the start of a core-text function\n",
				      (void *)(unsigned long)req.addr);
		ret = n;
		goto out;
	}
	if (copy_to_user(u64_to_user_ptr(req.callers), callers, min_t(u64, n, req.count) * sizeof(*callers))) {
		ret = -EFAULT;
		goto out;
	}
	req.count = n;
	if (copy_to_user(arg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kvfree(callers);
	return ret;
}

static long shk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SHADOWK_IOC_VERSION:
		return shk_ioctl_version(uarg);
	case SHADOWK_IOC_CREATE:
		return shk_ioctl_create(uarg);
	case SHADOWK_IOC_CHECK:
		return shk_ioctl_check(uarg);
	case SHADOWK_IOC_STATS:
		return shk_ioctl_stats(uarg);
	case SHADOWK_IOC_LIST:
		return shk_ioctl_list(uarg);
	case SHADOWK_IOC_CALLERS:
		return shk_ioctl_callers(uarg);
	}
	return -ENOTTY;
}

static const struct file_operations shk_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = shk_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* Root-only by default (0600); each request that changes state checks its own capabilities. */
static struct miscdevice shk_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "shadowk",
	.fops = &shk_fops,
	.mode = 0600,
};

int shk_device_init(void)
{
	return misc_register(&shk_miscdev);
}

void shk_device_exit(void)
{
	misc_deregister(&shk_miscdev);
}
