// SPDX-License-Identifier: GPL-2.0
/*
 * Holding the preemption model (preempt.h).
 *
 * The one run-time path that switches the model is the debugfs write,
 * sched_dynamic_write(); boot (preempt=) and livepatch's transitions only
 * ever re-apply the current mode. A kprobe at its entry sends the caller to
 * shk_preempt_write() instead, which does what sched_dynamic_write() does
 * in 6.1 and 6.12 (identical there: at most 15 bytes, stripped, parsed by
 * sched_dynamic_mode(), applied by sched_dynamic_update()) with the check
 * in between. The kprobe's pre-handler changes the instruction pointer and
 * returns 1, the way the kernel's own function error injection does; the
 * kernel then resumes at our copy with the caller's stack untouched, so
 * its return goes straight back to the debugfs proxy.
 *
 * If kprobes are globally disarmed, the hook stops with every other kprobe;
 * but so do the coherence hooks, and shadowk then returns every bound
 * process to the pristine kernel (coherence.c), so nothing is left to hold.
 */
#include "common.h"
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "hook.h"
#include "preempt.h"
#include "shadow.h"
#include "symbols.h"

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
	pinned = mode == shk_sym_sched_dynamic_mode("full") ? shk_shadows_pinned() : 0;
	if (pinned) {
		pr_notice_ratelimited("preemption model not switched to full: %u shadow(s) with patches of several instructions are bound, and a task preempted inside one would be stranded; unbind them first\n",
				      pinned);
		ret = -EBUSY;
	} else {
		shk_sym_sched_dynamic_update(mode);
		*ppos += cnt;
		ret = cnt;
	}
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
 * Preemption and interrupts off. The hook is disarmed (unregister_kprobe()
 * waits for running handlers) before the module can go, and the reference
 * keeps it loaded until shk_preempt_write() returns, even if it sleeps.
 */
static int shk_preempt_pre(struct kprobe *kp, struct pt_regs *regs)
{
	__module_get(THIS_MODULE);
	return shk_kprobe_redirect(regs, shk_preempt_write);
}

static struct kprobe shk_preempt_kp = {
	.symbol_name = "sched_dynamic_write",
	.pre_handler = shk_preempt_pre,
};

int shk_preempt_hold_start(void)
{
	int ret;

	/* No run-time switch on this kernel: the model cannot change. */
	if (!shk_sym_sched_dynamic_write)
		return 0;
	if (!shk_sym_sched_dynamic_mode || !shk_sym_sched_dynamic_update) {
		pr_err("cannot hold the preemption model: sched_dynamic_write exists without sched_dynamic_mode and sched_dynamic_update\n");
		return -ENOENT;
	}
	ret = register_kprobe(&shk_preempt_kp);
	if (ret) {
		pr_err("cannot hook sched_dynamic_write (%d): a switch to full preemption could strand a task inside a patch\n",
		       ret);
		/* A failed registration leaves the address set: reset for the next shadow. */
		shk_kprobe_reset(&shk_preempt_kp);
	}
	return ret;
}

void shk_preempt_hold_stop(void)
{
	if (!shk_sym_sched_dynamic_write)
		return;
	unregister_kprobe(&shk_preempt_kp);
	shk_kprobe_reset(&shk_preempt_kp);
}
