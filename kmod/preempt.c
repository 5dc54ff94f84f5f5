// SPDX-License-Identifier: GPL-2.0
/*
 * Holding the preemption model (preempt.h).
 *
 * Two run-time paths change the model's static calls: the debugfs write,
 * sched_dynamic_write(), and (6.12) the end of a livepatch transition,
 * sched_dynamic_klp_disable(), which re-applies the current mode. Boot's
 * preempt= runs before any module. Every sched_dynamic_update() first
 * enables every preemption point (the kernel's guard against a
 * {none,voluntary} -> full switch passing through a state with none), so
 * for a moment any switch, even to the mode already set, is full
 * preemption.
 *
 * While shadows exist, a kprobe at the entry of each of the two functions
 * sends the caller to a copy here. The pre-handler changes the instruction
 * pointer and returns 1, the way the kernel's own function error injection
 * does; the kernel then resumes at the copy with the caller's stack
 * untouched, so its return goes straight back to the caller.
 *
 * - shk_preempt_write() does what sched_dynamic_write() does in 6.1 and
 *   6.12 (identical there: at most 15 bytes, stripped, parsed by
 *   sched_dynamic_mode(), applied by sched_dynamic_update()) under
 *   shk_lock, and while a shadow holding a multi-instruction patch is bound
 *   refuses any switch (EBUSY) and takes a write of the current mode as
 *   done without re-applying it.
 * - shk_preempt_klp_disable() does what 6.12's sched_dynamic_klp_disable()
 *   nets to, without the pass through full preemption: it gives
 *   cond_resched back its target for the current mode and clears
 *   klp_override, under the kernel's sched_dynamic_mutex. The rest of the
 *   model's static calls already have the targets the re-apply would set.
 *
 * A caller that entered the kernel's function before the kprobe was armed
 * is not redirected. shk_preempt_settled() tells when none can be left:
 * such a debugfs writer holds the file open for writing (the inode's
 * i_writecount), and the livepatch path runs under klp_mutex; seeing both
 * free once after the arming is enough, since every later caller enters
 * after it.
 *
 * If kprobes are globally disarmed, the hook stops with every other kprobe;
 * but so do the coherence hooks, and shadowk then returns every bound
 * process to the pristine kernel (coherence.c), so nothing is left to hold.
 */
#include "common.h"
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/static_call.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "hook.h"
#include "preempt.h"
#include "shadow.h"
#include "symbols.h"

/* The scheduler's debugfs file (a reference), or NULL: nobody can write it. */
static struct dentry *shk_preempt_file;
/* Under shk_lock: no caller from before the arming can still be running. */
static bool shk_preempt_is_settled;
/* Livepatch transitions that ended through shk_preempt_klp_disable(). */
static atomic64_t shk_preempt_klp_redirected = ATOMIC64_INIT(0);

static int shk_preempt_current_mode(void)
{
	if (preempt_model_none())
		return shk_sym_sched_dynamic_mode("none");
	if (preempt_model_voluntary())
		return shk_sym_sched_dynamic_mode("voluntary");
	return shk_sym_sched_dynamic_mode("full");
}

/* Entered instead of sched_dynamic_write(), with a module reference (below). */
static ssize_t shk_preempt_write(struct file *filp, const char __user *ubuf,
				 size_t cnt, loff_t *ppos)
{
	unsigned int pinned;
	char buf[16];
	ssize_t ret;
	int mode;

	if (cnt > 15)
		cnt = 15;
	if (copy_from_user(buf, ubuf, cnt)) {
		ret = -EFAULT;
		goto out;
	}
	buf[cnt] = 0;
	mode = shk_sym_sched_dynamic_mode(strstrip(buf));
	if (mode < 0) {
		ret = mode;
		goto out;
	}

	mutex_lock(&shk_lock);
	pinned = shk_shadows_pinned();
	if (!pinned) {
		shk_sym_sched_dynamic_update(mode);
	} else if (mode != shk_preempt_current_mode()) {
		pr_notice_ratelimited("preemption model not switched to %s: %u shadow(s) with patches of several instructions are bound, and any switch passes through full preemption, which could strand a task inside one; unbind them first\n",
				      strstrip(buf), pinned);
		ret = -EBUSY;
		goto unlock;
	}
	/* else: the mode is already set, and re-applying it is a switch. */
	*ppos += cnt;
	ret = cnt;
unlock:
	mutex_unlock(&shk_lock);
out:
	/*
	 * From here module unload may begin; the few instructions left are
	 * covered by the RCU-tasks grace period of shk_exit().
	 */
	module_put(THIS_MODULE);
	return ret;
}

/*
 * Entered instead of sched_dynamic_klp_disable() (6.12), with a module
 * reference, and with klp_mutex held by the livepatch core. The kernel's
 * function sets klp_override to false and re-applies the current mode;
 * with the mode unchanged, the only target that moves is cond_resched's,
 * back from klp_cond_resched() to what the mode gives it: enabled under
 * none and voluntary, disabled (return 0) under the others.
 */
#if defined(CONFIG_PREEMPT_DYNAMIC) && defined(CONFIG_HAVE_PREEMPT_DYNAMIC_CALL)
static void shk_preempt_klp_disable(void)
{
	void *target;

	mutex_lock(shk_sym_sched_dynamic_mutex);
	if (preempt_model_none() || preempt_model_voluntary())
		target = __cond_resched;
	else
		target = __static_call_return0;
	*shk_sym_klp_override = false;
	__static_call_update(shk_sym___SCK__cond_resched, STATIC_CALL_TRAMP_ADDR(cond_resched),
			     target);
	mutex_unlock(shk_sym_sched_dynamic_mutex);
	atomic64_inc(&shk_preempt_klp_redirected);
	module_put(THIS_MODULE);
}
#define SHK_PREEMPT_KLP_COPY true
#else
/* Never entered: without the static call the hook is not armed (below). */
static void shk_preempt_klp_disable(void)
{
	module_put(THIS_MODULE);
}
#define SHK_PREEMPT_KLP_COPY false
#endif

/*
 * Preemption and interrupts off. The hooks are disarmed (unregister_kprobe()
 * waits for running handlers) before the module can go, and the reference
 * keeps it loaded until the copy returns, even if it sleeps.
 */
static int shk_preempt_write_pre(struct kprobe *kp, struct pt_regs *regs)
{
	__module_get(THIS_MODULE);
	return shk_kprobe_redirect(regs, shk_preempt_write);
}

static int shk_preempt_klp_pre(struct kprobe *kp, struct pt_regs *regs)
{
	__module_get(THIS_MODULE);
	return shk_kprobe_redirect(regs, shk_preempt_klp_disable);
}

static struct kprobe shk_preempt_write_kp = {
	.symbol_name = "sched_dynamic_write",
	.pre_handler = shk_preempt_write_pre,
};

static struct kprobe shk_preempt_klp_kp = {
	.symbol_name = "sched_dynamic_klp_disable",
	.pre_handler = shk_preempt_klp_pre,
};

/* Whether this kernel has the livepatch path, and all the copy needs. */
static int shk_preempt_klp_usable(void)
{
	if (!shk_sym_sched_dynamic_klp_disable)
		return 0;
	if (!SHK_PREEMPT_KLP_COPY || !shk_sym_sched_dynamic_mutex || !shk_sym_klp_override ||
	    !shk_sym___SCK__cond_resched || !shk_sym_klp_mutex) {
		pr_err("cannot hold the preemption model: sched_dynamic_klp_disable exists without sched_dynamic_mutex, klp_override, klp_mutex or the cond_resched static call\n");
		return -ENOENT;
	}
	return 1;
}

#define SHK_PREEMPT_RISK "a switch of the preemption model could strand a task inside a patch"

int shk_preempt_hold_start(void)
{
	struct dentry *dir;
	int klp, ret;

	lockdep_assert_held(&shk_lock);
	/* No run-time switch on this kernel: the model cannot change. */
	if (!shk_sym_sched_dynamic_write) {
		shk_preempt_is_settled = true;
		return 0;
	}
	if (!shk_sym_sched_dynamic_mode || !shk_sym_sched_dynamic_update) {
		pr_err("cannot hold the preemption model: sched_dynamic_write exists without sched_dynamic_mode and sched_dynamic_update\n");
		return -ENOENT;
	}
	klp = shk_preempt_klp_usable();
	if (klp < 0)
		return klp;

	ret = shk_kprobe_register(&shk_preempt_write_kp, SHK_PREEMPT_RISK);
	if (ret)
		return ret;
	if (klp) {
		ret = shk_kprobe_register(&shk_preempt_klp_kp, SHK_PREEMPT_RISK);
		if (ret)
			goto err_klp;
	}
	/* NULL when debugfs is off: then nobody can write the file. */
	dir = debugfs_lookup("sched", NULL);
	shk_preempt_file = dir ? debugfs_lookup("preempt", dir) : NULL;
	dput(dir);
	shk_preempt_is_settled = false;
	return 0;

err_klp:
	shk_kprobe_unregister(&shk_preempt_write_kp);
	return ret;
}

void shk_preempt_hold_stop(void)
{
	lockdep_assert_held(&shk_lock);
	if (!shk_sym_sched_dynamic_write)
		return;
	if (shk_sym_sched_dynamic_klp_disable)
		shk_kprobe_unregister(&shk_preempt_klp_kp);
	shk_kprobe_unregister(&shk_preempt_write_kp);
	dput(shk_preempt_file);
	shk_preempt_file = NULL;
}

bool shk_preempt_settled(void)
{
	lockdep_assert_held(&shk_lock);
	if (shk_preempt_is_settled)
		return true;
	/* Kprobes are armed before this reads, through text_poke_bp()'s IPIs. */
	if (shk_preempt_file && atomic_read(&d_inode(shk_preempt_file)->i_writecount) > 0)
		return false;
	if (shk_sym_klp_mutex && mutex_is_locked(shk_sym_klp_mutex))
		return false;
	shk_preempt_is_settled = true;
	return true;
}

bool shk_preempt_settled_now(void)
{
	return READ_ONCE(shk_preempt_is_settled);
}

s64 shk_preempt_klp_kept(void)
{
	return atomic64_read(&shk_preempt_klp_redirected);
}
