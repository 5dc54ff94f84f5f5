// SPDX-License-Identifier: GPL-2.0
/*
 * Running a probed instruction out of line (the rules are in xol.h).
 *
 * What can run in a slot: any instruction whose effect does not depend on
 * where it is, once a RIP-relative displacement is adjusted to the slot.
 * Relative jumps, jcc and call rel32 are emulated instead, as the kernel's
 * own int3 handlers do (asm/text-patching.h). Refused, with the reason:
 *  - an indirect or far call: the callee would return into the slot, which
 *    must not outlive a task sleeping in that callee;
 *  - far returns, iret, int, syscall-type and hlt: they leave the kernel's
 *    normal control flow, or need the very trap we take;
 *  - loop and jrcxz: rare in the kernel, and not worth emulating;
 *  - ENDBR: indirect branches must land on one (IBT), and an int3 there
 *    breaks that;
 *  - a RIP-relative operand the slot cannot reach with 32 bits.
 *
 * The slots are part of the module's text, so every view, shadow or
 * pristine, has the same ones; a task that is switched to another view while
 * inside a slot goes back to the instruction after the probed one, which is
 * an instruction boundary in every view (patch.c).
 */
#include "common.h"
#include <linux/bitmap.h>
#include <linux/hashtable.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_wait.h>
#include <linux/kprobes.h>
#include <linux/memory.h>
#include <linux/objtool.h>
#include <asm/ibt.h>
#include <asm/insn.h>
#include <asm/text-patching.h>

#include "commit.h"
#include "shadow.h"
#include "symbols.h"
#include "text.h"
#include "xol.h"

/*
 * The slots: int3-filled module text, rewritten only through text_poke().
 * Only the int3 handler's return enters them, never an indirect branch: no
 * ENDBR.
 */
asm(".pushsection .text, \"ax\"\n"
    ".balign " __stringify(SHK_XOL_SLOT_SIZE) "\n"
    "shk_xol_area:\n"
    ANNOTATE_NOENDBR
    ".fill " __stringify(SHK_XOL_SLOTS * SHK_XOL_SLOT_SIZE) ", 1, 0xcc\n"
    ".popsection\n");
extern const u8 shk_xol_area[];

static struct shk_xol shk_xol_descs[SHK_XOL_SLOTS];
static DEFINE_HASHTABLE(shk_xol_hash, 10);
static DECLARE_BITMAP(shk_xol_used, SHK_XOL_SLOTS);	/* taken, or pending */
static DECLARE_BITMAP(shk_xol_pending, SHK_XOL_SLOTS);	/* out of the hash, maybe still in use */

static unsigned long shk_xol_slot(int idx)
{
	return (unsigned long)shk_xol_area + (unsigned long)idx * SHK_XOL_SLOT_SIZE;
}

static bool shk_insn_rip_relative(const struct insn *insn)
{
	return insn->x86_64 && insn->modrm.nbytes && (insn->modrm.bytes[0] & 0xc7) == 0x05;
}

/* Branches with an operand-size prefix would truncate the instruction pointer. */
static bool shk_insn_opsize_prefixed(struct insn *insn)
{
	insn_byte_t prefix;
	int i;

	for_each_insn_prefix(insn, i, prefix)
		if (prefix == 0x66)
			return true;
	return false;
}

static int shk_xol_refuse(const char **reason, const char *why)
{
	*reason = why;
	return -EOPNOTSUPP;
}

int shk_xol_prepare(unsigned long addr, struct shk_xol *x, const char **reason)
{
	const u8 *p = shk_pristine(addr);
	struct insn insn;
	u8 op, op2;
	u32 word;

	memset(x, 0, sizeof(*x));
	if (shk_sym_insn_decode(&insn, p, MAX_INSN_SIZE, INSN_MODE_KERN) < 0 || !insn.length)
		return shk_xol_refuse(reason, "the instruction does not decode");
	memcpy(&word, p, sizeof(word));
	if (is_endbr(word))
		return shk_xol_refuse(reason, "an ENDBR instruction, where indirect branches land: probe the next instruction");

	x->addr = addr;
	x->len = insn.length;
	x->next = addr + insn.length;
	op = insn.opcode.bytes[0];
	op2 = insn.opcode.bytes[1];
	/* VEX and EVEX encode vector instructions, never branches: their opcode bytes mean other things. */
	if (insn.vex_prefix.nbytes)
		goto run;

	if ((op >= 0x70 && op <= 0x7f) || (op == 0x0f && op2 >= 0x80 && op2 <= 0x8f) ||
	    op == 0xe8 || op == 0xe9 || op == 0xeb) {
		if (shk_insn_opsize_prefixed(&insn))
			return shk_xol_refuse(reason, "a branch with an operand-size prefix");
		x->target = x->next + (long)insn.immediate.value;
		if (op == 0xe8) {
			x->op = SHK_XOL_CALL;
		} else if (op == 0xe9 || op == 0xeb) {
			x->op = SHK_XOL_JMP;
		} else {
			x->op = SHK_XOL_JCC;
			x->cc = (op == 0x0f ? op2 : op) & 0x0f;
		}
		return 0;
	}

	switch (op) {
	case 0xe0: case 0xe1: case 0xe2: case 0xe3:
		return shk_xol_refuse(reason, "loop or jrcxz: not emulated");
	case 0x9a: case 0xea: case 0xca: case 0xcb: case 0xcf:
		return shk_xol_refuse(reason, "a far call, far jump, far return or iret");
	case 0xcc: case 0xcd: case 0xce: case 0xf1:
		return shk_xol_refuse(reason, "a software interrupt (int, int3, into, int1)");
	case 0xf4:
		return shk_xol_refuse(reason, "hlt");
	case 0x0f:
		if (op2 == 0x05 || op2 == 0x07 || op2 == 0x34 || op2 == 0x35)
			return shk_xol_refuse(reason, "syscall, sysret, sysenter or sysexit");
		if (op2 == 0x0b || op2 == 0xb9 || op2 == 0xff)
			return shk_xol_refuse(reason, "an undefined instruction (ud0, ud1, ud2): a BUG site");
		break;
	case 0xff: {
		u8 reg = X86_MODRM_REG(insn.modrm.bytes[0]);

		if (reg == 2 || reg == 3)
			return shk_xol_refuse(reason, "an indirect call: its callee would return into a copy that may be freed while it runs");
		if (reg == 5)
			return shk_xol_refuse(reason, "a far jump");
		break;		/* jmp *r/m goes where it goes, from anywhere */
	}
	}

run:
	x->op = SHK_XOL_RUN;
	memcpy(x->code, p, insn.length);
	x->code_len = insn.length;
	/* Fixed up when the slot is known. */
	if (shk_insn_rip_relative(&insn))
		x->disp_off = insn_offset_displacement(&insn);
	return 0;
}

/* Every slot that left the hash may be reused once no CPU or task can be in it. */
static void shk_xol_reclaim(void)
{
	if (bitmap_empty(shk_xol_pending, SHK_XOL_SLOTS))
		return;
	synchronize_rcu();
	synchronize_rcu_tasks();
	bitmap_andnot(shk_xol_used, shk_xol_used, shk_xol_pending, SHK_XOL_SLOTS);
	bitmap_zero(shk_xol_pending, SHK_XOL_SLOTS);
}

/* Write the copy, adjusted to run at @slot, and the jump back. */
static int shk_xol_write(struct shk_xol *d, unsigned long slot)
{
	s32 rel;

	if (d->disp_off) {
		s64 disp;

		memcpy(&rel, d->code + d->disp_off, sizeof(rel));
		disp = (s64)rel + (s64)(d->addr - slot);
		if (disp != (s32)disp)
			return -ERANGE;
		rel = disp;
		memcpy(d->code + d->disp_off, &rel, sizeof(rel));
	}
	d->code[d->code_len] = 0xe9;	/* jmp rel32 */
	rel = (s32)(d->next - (slot + d->code_len + JMP32_INSN_SIZE));
	memcpy(&d->code[d->code_len + 1], &rel, sizeof(rel));
	d->code_len += JMP32_INSN_SIZE;

	shk_text_lock();
	shk_sym_text_poke((void *)slot, d->code, d->code_len);
	shk_text_unlock();
	return 0;
}

unsigned int shk_xol_used_slots(void)
{
	lockdep_assert_held(&shk_lock);
	return bitmap_weight(shk_xol_used, SHK_XOL_SLOTS) -
	       bitmap_weight(shk_xol_pending, SHK_XOL_SLOTS);
}

int shk_xol_get(const struct shk_xol *x)
{
	struct shk_xol *d;
	int idx, ret;

	lockdep_assert_held(&shk_lock);
	hash_for_each_possible(shk_xol_hash, d, hnode, x->addr) {
		if (d->addr == x->addr) {
			d->users++;
			return d - shk_xol_descs + 1;
		}
	}
	idx = find_first_zero_bit(shk_xol_used, SHK_XOL_SLOTS);
	if (idx >= SHK_XOL_SLOTS) {
		shk_xol_reclaim();
		idx = find_first_zero_bit(shk_xol_used, SHK_XOL_SLOTS);
		if (idx >= SHK_XOL_SLOTS)
			return -ENOSPC;
	}
	d = &shk_xol_descs[idx];
	*d = *x;
	if (d->op == SHK_XOL_RUN) {
		ret = shk_xol_write(d, shk_xol_slot(idx));
		if (ret)
			return ret;
	}
	d->users = 1;
	__set_bit(idx, shk_xol_used);
	hash_add_rcu(shk_xol_hash, &d->hnode, d->addr);
	return idx + 1;
}

void shk_xol_put(int handle)
{
	struct shk_xol *d = &shk_xol_descs[handle - 1];

	lockdep_assert_held(&shk_lock);
	if (--d->users)
		return;
	hash_del_rcu(&d->hnode);
	__set_bit(handle - 1, shk_xol_pending);
}

int notrace shk_xol_find(unsigned long addr)
{
	struct shk_xol *d;

	hash_for_each_possible_rcu_notrace(shk_xol_hash, d, hnode, addr)
		if (d->addr == addr)
			return d - shk_xol_descs + 1;
	return 0;
}
NOKPROBE_SYMBOL(shk_xol_find);

/* In the int3 handler: preemption and interrupts off, any context. */
void notrace shk_xol_resume(int handle, struct pt_regs *regs)
{
	const struct shk_xol *x = &shk_xol_descs[handle - 1];

	switch (x->op) {
	case SHK_XOL_RUN:
		int3_emulate_jmp(regs, shk_xol_slot(handle - 1));
		break;
	case SHK_XOL_JMP:
		int3_emulate_jmp(regs, x->target);
		break;
	case SHK_XOL_CALL:
		/* The int3 entry leaves a gap below the trapped stack for this push. */
		int3_emulate_push(regs, x->next);
		int3_emulate_jmp(regs, x->target);
		break;
	case SHK_XOL_JCC:
		int3_emulate_jcc(regs, x->cc, x->next, x->target - x->next);
		break;
	}
}
NOKPROBE_SYMBOL(shk_xol_resume);
