// SPDX-License-Identifier: GPL-2.0
/*
 * Patch rules. Each one exists because a view can change under a task:
 *
 *  - A task is only ever suspended at an instruction boundary, and (under
 *    voluntary or no preemption) only inside a call. So a patch must start
 *    on a pristine instruction boundary, own whole pristine instructions,
 *    and neither the pristine nor the new code may contain a call whose
 *    return address lies strictly inside the owned range: then every place
 *    a task can resume at is the same instruction boundary in both views.
 *  - The kernel keeps rewriting some of its own instructions (jump labels,
 *    static calls, SMP alternatives, ftrace sites, kprobes) and reads them
 *    back through their virtual address to check what it is replacing; in
 *    a shadowed context that read shows the shadow's view, so those bytes
 *    must stay identical in every view.
 *  - BUG/WARN sites and exception-table fixups are found by address: the
 *    instruction at that address must stay the one the table describes.
 *  - Entry and noinstr code runs before the kernel is ready for anything
 *    unexpected; the kprobe blacklist marks more code that must not trap.
 */
#include "common.h"
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/rcupdate.h>

#include "blacklist.h"
#include "patch.h"
#include "symbols.h"
#include "text.h"
#include "uapi/shadowk.h"

static bool shk_insn_is_call(const struct insn *insn)
{
	u8 op = insn->opcode.bytes[0];

	if (op == 0xe8)
		return true;	/* call rel32 */
	if (op == 0xff) {
		u8 reg = X86_MODRM_REG(insn->modrm.bytes[0]);

		return reg == 2 || reg == 3;	/* call r/m, lcall */
	}
	return false;
}

/* Control never falls through to the next byte. */
static bool shk_insn_ends_flow(const struct insn *insn)
{
	u8 op = insn->opcode.bytes[0];

	switch (op) {
	case 0xc3: case 0xc2: case 0xcb: case 0xca:	/* ret */
	case 0xe9: case 0xeb:				/* jmp */
	case 0xcc:					/* int3 */
		return true;
	case 0x0f:
		return insn->opcode.bytes[1] == 0x0b;	/* ud2 */
	case 0xff: {
		u8 reg = X86_MODRM_REG(insn->modrm.bytes[0]);

		return reg == 4 || reg == 5;		/* jmp r/m */
	}
	}
	return false;
}

static bool shk_overlaps(unsigned long a, unsigned long a_end, const char *b, const char *b_end)
{
	return a < (unsigned long)b_end && (unsigned long)b < a_end;
}

static int shk_decode(struct insn *insn, const void *p, int len)
{
	int ret = shk_sym_insn_decode(insn, p, len, INSN_MODE_KERN);

	return ret < 0 || !insn->length ? -EILSEQ : 0;
}

static int shk_refuse(struct shk_patch_check *c, int err, const char *reason)
{
	c->reason = reason;
	pr_notice_ratelimited("patch of %u bytes at %pS (%px) refused: %s\n",
			      c->len, (void *)c->addr, (void *)c->addr, reason);
	return err;
}

/*
 * An int3 in the pristine text is either padding (after a ret or jmp, for
 * straight-line speculation and the return thunks, where control never
 * falls through) or a kprobe's breakpoint written over the first byte of an
 * instruction, which hides that instruction. Kprobes know theirs; padding
 * decodes as the one-byte instruction it is, as kprobes' own can_probe()
 * decodes it. kgdb's breakpoints are not listed anywhere we can read, so
 * with CONFIG_KGDB (not in Debian's kernels) every int3 counts as one.
 */
static bool shk_is_breakpoint(unsigned long ip)
{
	bool found;

	if (*shk_pristine(ip) != INT3_INSN_OPCODE)
		return false;
	if (IS_ENABLED(CONFIG_KGDB))
		return true;
	rcu_read_lock();	/* get_kprobe() walks an RCU list */
	found = shk_sym_get_kprobe((void *)ip);
	rcu_read_unlock();
	return found;
}

/*
 * An optimized kprobe (OPTPROBES) is not an int3: the kprobe optimizer
 * replaces the instructions [ip, ip + size) with a 5-byte jmp to a detour
 * buffer, which runs copies of them and jumps back to ip + size. Kprobes
 * mark it KPROBE_FLAG_OPTIMIZED as soon as it is queued for optimizing
 * (optimize_kprobe()), before the jmp is written, and clear the flag before
 * the int3 is put back; the jmp's opcode in the pristine text covers the
 * window in between. Its bytes are neither the pristine instructions (a
 * walk would decode the jmp and then the middle of an instruction) nor
 * the kernel's to keep (the detour buffer is freed when the kprobe goes),
 * so nothing may overlap [ip, ip + size). Returns that size, or 0.
 */
static unsigned int shk_optprobe_at(unsigned long ip)
{
	unsigned int size = 0;
	struct kprobe *p;

	rcu_read_lock();
	p = shk_sym_get_kprobe((void *)ip);
	if (p && (p->flags & KPROBE_FLAG_OPTIMIZED)) {
		/* Only try_to_optimize_kprobe() sets the flag, on an optimized_kprobe. */
		size = container_of(p, struct optimized_kprobe, kp)->optinsn.size;
		size = max_t(unsigned int, size, JMP32_INSN_SIZE);
	} else if (p && *shk_pristine(ip) == JMP32_INSN_OPCODE) {
		/*
		 * Being unoptimized (the int3 comes back within a few jiffies),
		 * or a disabled kprobe on a jmp rel32 of its own: the jmp's
		 * five bytes at least. (A plain kprobe is no optimized_kprobe:
		 * its optinsn must not be read.)
		 */
		size = JMP32_INSN_SIZE;
	}
	rcu_read_unlock();
	return size;
}

int shk_patch_boundary(unsigned long addr, unsigned long *fend, const char **reason)
{
	unsigned long size, off, ip;
	unsigned int opt;
	struct insn insn;

	if (!shk_sym_kallsyms_lookup_size_offset(addr, &size, &off)) {
		*reason = "no kernel function contains this address";
		return -ERANGE;
	}
	*fend = addr - off + size;
	for (ip = addr - off; ip < addr; ip += insn.length) {
		opt = shk_optprobe_at(ip);
		if (opt && addr < ip + opt) {
			*reason = "inside the jump of an optimized kprobe; retry when it is gone";
			return -EBUSY;
		}
		if (opt) {	/* the original instructions resume after the jump's range */
			insn.length = opt;
			continue;
		}
		if (shk_is_breakpoint(ip)) {
			*reason = "a kprobe's int3 precedes it in the function; retry when it is gone";
			return -EBUSY;
		}
		if (shk_decode(&insn, shk_pristine(ip), MAX_INSN_SIZE)) {
			*reason = "the function does not decode up to this address";
			return -EILSEQ;
		}
	}
	if (ip != addr) {
		*reason = "not on an instruction boundary";
		return -EILSEQ;
	}
	return 0;
}

/* The length of the pristine instruction at @ip, which decoded before. */
static unsigned int shk_insn_len_at(unsigned long ip)
{
	struct insn insn;

	return shk_decode(&insn, shk_pristine(ip), MAX_INSN_SIZE) ? 0 : insn.length;
}

/* Walk the pristine function to @addr; then over the owned range. */
static int shk_check_pristine(struct shk_patch_check *c)
{
	unsigned long fend, ip;
	unsigned long end = c->addr + c->len;
	const char *reason;
	struct insn insn;
	int ret;

	ret = shk_patch_boundary(c->addr, &fend, &reason);
	if (ret)
		return shk_refuse(c, ret, reason);
	ip = c->addr;

	for (; ip < end; ip += insn.length) {
		if (shk_optprobe_at(ip))
			return shk_refuse(c, -EBUSY, "covers the jump of an optimized kprobe");
		if (shk_is_breakpoint(ip))
			return shk_refuse(c, -EBUSY, "covers a kprobe's int3");
		if (shk_decode(&insn, shk_pristine(ip), MAX_INSN_SIZE))
			return shk_refuse(c, -EILSEQ, "the pristine instructions do not decode");
		if (!c->ftrace_site && shk_sym_find_bug(ip))
			return shk_refuse(c, -EBUSY, "covers a BUG/WARN site");
		if (shk_sym_search_exception_tables(ip))
			return shk_refuse(c, -EBUSY, "covers an instruction with an exception-table fixup");
	}
	c->owned_end = ip;
	c->multi = c->owned_end > c->addr + shk_insn_len_at(c->addr);
	if (c->owned_end > fend)
		return shk_refuse(c, -ERANGE, "extends past the end of the function");
	/* A call that is the last owned instruction returns at owned_end: fine. */
	for (ip = c->addr; ip < c->owned_end; ip += insn.length) {
		shk_decode(&insn, shk_pristine(ip), MAX_INSN_SIZE);
		if (shk_insn_is_call(&insn) && ip + insn.length < c->owned_end)
			return shk_refuse(c, -ENOEXEC, "a pristine call would return inside the patch");
	}

	/*
	 * ftrace rewrites its sites and first reads them back through their
	 * virtual address, which shows a shadowed task the shadow's bytes; a
	 * shadow that owned a site would make that check fail. Only the probe
	 * engine may own one, exactly, because siteguard.c then answers
	 * those reads with the pristine bytes (see docs/design.md).
	 */
	if (c->ftrace_site) {
		if (shk_sym_ftrace_location_range(c->addr, c->addr) != c->addr ||
		    c->owned_end != c->addr + MCOUNT_INSN_SIZE)
			return shk_refuse(c, -EINVAL, "not exactly an ftrace site");
		/*
		 * ftrace owns these five bytes alone (it would report any other
		 * writer as an ftrace bug): no jump label, static call,
		 * alternative or BUG site can be there, and the linear walks of
		 * those tables below would make attaching thousands of probes
		 * slow.
		 */
		return 0;
	}
	if (shk_sym_ftrace_location_range(c->addr, c->owned_end - 1))
		return shk_refuse(c, -EBUSY, "overlaps an ftrace site");
	/*
	 * A jump label's site is rewritten by the kernel, which first reads it
	 * back through its address (__jump_label_patch()). Only tpscope.c may
	 * own one, exactly, because it gives the site back to the pristine
	 * bytes before the kernel can next change that key (docs/design.md,
	 * "Tracepoints enabled in the shadow only").
	 */
	if (c->jump_site) {
		if (!shk_sym_jump_label_text_reserved((void *)c->addr, (void *)c->addr) ||
		    (c->len != 2 && c->len != 5) || c->owned_end != c->addr + c->len)
			return shk_refuse(c, -EINVAL, "not exactly a jump label site");
	} else if (shk_sym_jump_label_text_reserved((void *)c->addr, (void *)c->owned_end - 1)) {
		return shk_refuse(c, -EBUSY, "overlaps a jump label (static key) site");
	}
	if (shk_sym_static_call_text_reserved((void *)c->addr, (void *)c->owned_end - 1))
		return shk_refuse(c, -EBUSY, "overlaps a static call site");
	if (shk_sym_alternatives_text_reserved((void *)c->addr, (void *)c->owned_end - 1))
		return shk_refuse(c, -EBUSY, "overlaps an SMP alternative");
	return 0;
}

static int shk_check_new(struct shk_patch_check *c, const u8 *bytes)
{
	unsigned int owned = c->owned_end - c->addr;
	unsigned int off;
	struct insn insn;

	for (off = 0; off < c->len; off += insn.length) {
		if (off)
			c->multi = true;
		if (shk_decode(&insn, bytes + off, c->len - off))
			return shk_refuse(c, -EILSEQ, "the new bytes do not decode into whole instructions");
		if (shk_insn_is_call(&insn) && off + insn.length < owned)
			return shk_refuse(c, -ENOEXEC, "a call in the new bytes would return inside the patch");
	}
	if (c->len < owned && !shk_insn_ends_flow(&insn))
		return shk_refuse(c, -EILSEQ, "the new bytes end inside a pristine instruction and do not end in jmp, ret, int3 or ud2");
	return 0;
}

int shk_patch_check(struct shk_patch_check *c, const u8 *bytes)
{
	unsigned long end;
	int ret;

	c->reason = NULL;
	c->owned_end = 0;
	c->multi = false;
	if (!c->len || c->len > SHADOWK_PATCH_MAX)
		return shk_refuse(c, -EINVAL, "length must be 1 to SHADOWK_PATCH_MAX bytes");
	if (!shk_text_contains(c->addr, c->len))
		return shk_refuse(c, -ERANGE, "not in core kernel text");
	end = c->addr + c->len;
	if (shk_overlaps(c->addr, end, shk_sym___entry_text_start, shk_sym___entry_text_end))
		return shk_refuse(c, -EACCES, "in entry text");
	if (shk_overlaps(c->addr, end, shk_sym___noinstr_text_start, shk_sym___noinstr_text_end))
		return shk_refuse(c, -EACCES, "in noinstr text");
	if (shk_blacklisted(c->addr) || (!c->ftrace_site && shk_blacklisted(end - 1)))
		return shk_refuse(c, -EACCES, "on the kprobe blacklist");

	ret = shk_check_pristine(c);
	if (ret)
		return ret;
	return shk_check_new(c, bytes);
}
