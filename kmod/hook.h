/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module's kprobes on kernel functions share: registering one
 * (and resetting it when that fails, so it can be registered again),
 * unregistering it, and sending a probed function's caller to a
 * replacement.
 */
#ifndef _SHADOWK_HOOK_H
#define _SHADOWK_HOOK_H

#include <linux/kprobes.h>
#include <linux/printk.h>
#include <linux/ptrace.h>

/* A kprobe can be registered again only after it is reset. */
static inline void shk_kprobe_reset(struct kprobe *kp)
{
	kp->addr = NULL;
	kp->flags = 0;
}

/* @risk: what a missing hook would let happen, for the dmesg line. */
static inline int shk_kprobe_register(struct kprobe *kp, const char *risk)
{
	int ret = register_kprobe(kp);

	if (ret) {
		pr_err_ratelimited("cannot hook %s (%d): %s\n", kp->symbol_name, ret, risk);
		/* A failed registration leaves the address set. */
		shk_kprobe_reset(kp);
	}
	return ret;
}

static inline void shk_kprobe_unregister(struct kprobe *kp)
{
	unregister_kprobe(kp);
	shk_kprobe_reset(kp);
}

/*
 * From a kprobe's pre-handler at a function's entry: the function's caller
 * gets @to instead, with the same arguments and its own return address.
 * Returning 1 makes kprobes resume at regs->ip instead of the probed
 * instruction, which is how the kernel's function error injection works.
 */
static inline int shk_kprobe_redirect(struct pt_regs *regs, void *to)
{
	instruction_pointer_set(regs, (unsigned long)to);
	return 1;
}

#endif /* _SHADOWK_HOOK_H */
