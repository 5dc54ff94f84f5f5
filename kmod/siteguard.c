// SPDX-License-Identifier: GPL-2.0
/*
 * Before ftrace rewrites a site it reads the site back through its virtual
 * address and checks that it holds what ftrace last wrote there
 * (ftrace_verify_code() in arch/x86/kernel/ftrace.c); a mismatch is an
 * "ftrace bug": a WARN, and ftrace disabled for good. A task bound to a
 * shadow that owns that site reads the shadow's call instead. That happens
 * whenever a traced process itself enables or disables ftrace on a function
 * it is being probed on (a perf or bpftrace run inside it, a kprobe event
 * written from it).
 *
 * So, while any shadow owns an ftrace site, copy_from_kernel_nofault() is
 * hooked (a kprobe, through ftrace) and every read of up to SHK_GUARD_MAX
 * bytes of kernel text is answered with the pristine bytes, read through
 * the direct map, which are the same in every view; the function is then
 * skipped. For a task on the pristine view that is what it would have read
 * anyway. Every read, not only reads of probe sites: the probe tables and
 * the bytes a shadow owns change in separate steps, and ftrace's own
 * changes can run between them (a detach publishes a table without its
 * site, then ftrace takes the union hook off that site, then the site is
 * unpatched; a table is missing after an allocation failure), so a lookup
 * in the tables can miss a site that is still patched. The pristine
 * bytes are always the answer the kernel's readers (ftrace, kprobes
 * copying an instruction) want. Reads longer than SHK_GUARD_MAX bytes are
 * left alone: ftrace and kprobes read single instructions.
 */
#include "common.h"
#include <linux/kprobes.h>
#include <linux/linkage.h>
#include <asm/ibt.h>

#include "engine.h"
#include "hook.h"
#include "shadow.h"
#include "siteguard.h"
#include "text.h"

#define SHK_GUARD_MAX	32

/* A "ret": where the skipped copy_from_kernel_nofault() returns from. */
asm(".pushsection .text, \"ax\"\n"
    ".type shk_guard_return, @function\n"
    "shk_guard_return:\n"
    "	" ASM_ENDBR		/* its address is taken: IBT wants one */
    "	" ASM_RET
    "	int3\n"
    ".size shk_guard_return, .-shk_guard_return\n"
    ".popsection\n");
void shk_guard_return(void);

/* copy_from_kernel_nofault(void *dst, const void *src, size_t size), at entry. */
static int shk_guard_pre(struct kprobe *kp, struct pt_regs *regs)
{
	void *dst = (void *)regs->di;
	unsigned long src = regs->si;
	size_t len = regs->dx;

	if (!len || len > SHK_GUARD_MAX || !shk_text_contains(src, len))
		return 0;
	memcpy(dst, shk_pristine(src), len);
	regs->ax = 0;
	regs->ip = (unsigned long)shk_guard_return;
	return 1;	/* regs->ip changed: the function is skipped */
}
NOKPROBE_SYMBOL(shk_guard_pre);

/* A post handler makes the kprobe an IP-modifying ftrace user, as it is. */
static void shk_guard_post(struct kprobe *kp, struct pt_regs *regs, unsigned long flags)
{
}

static struct kprobe shk_guard_kp = {
	.symbol_name = "copy_from_kernel_nofault",
	.pre_handler = shk_guard_pre,
	.post_handler = shk_guard_post,
};
static bool shk_guard_on;

void shk_siteguard_update(void)
{
	bool need = false;
	unsigned int slot;
	int ret;

	lockdep_assert_held(&shk_lock);
	for (slot = 0; slot < SHADOWK_MAX_PROBED_SHADOWS; slot++)
		if (shk_slot_engine(slot) && shk_slot_engine(slot)->nr_sites)
			need = true;
	if (need == shk_guard_on)
		return;
	if (need) {
		ret = shk_kprobe_register(&shk_guard_kp,
					  "ftrace changes made from a traced process to a probed function would fail");
		if (ret)
			return;
	} else {
		shk_kprobe_unregister(&shk_guard_kp);
	}
	shk_guard_on = need;
}
