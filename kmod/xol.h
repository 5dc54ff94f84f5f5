/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offset probes run the instruction their int3 replaced "out of line": a
 * copy of it, followed by a jump back, in a slot of module text; or, for the
 * relative jumps and calls whose copy would go elsewhere, by emulating it
 * on the trapped registers. Either way the task goes on at the instruction
 * after it, in whatever view it runs.
 *
 * Locking and lifetime:
 *  - A slot belongs to an address, shared by every shadow probing it (the
 *    pristine instruction is the same for all), and counts those shadows'
 *    sites. Slots are taken, written (through text_poke(), under
 *    text_mutex: module text is read-only) and given back under shk_lock.
 *  - The int3 handler finds a slot by address in an RCU hash, with no lock:
 *    so a slot is in the hash before any int3 leading to it is committed,
 *    and leaves it only when the last site's int3 is gone from its view.
 *  - A slot that left the hash is not reused at once: a CPU may still be in
 *    the int3 handler reading it, or a task may have been interrupted
 *    inside the copy (and, preempted, be waiting to go on there). Reuse
 *    waits for synchronize_rcu() (the handler runs with preemption off) and
 *    synchronize_rcu_tasks() (a task leaves the copy before it switches
 *    voluntarily); the allocator does both, only when it runs out.
 */
#ifndef _SHADOWK_XOL_H
#define _SHADOWK_XOL_H

#include <linux/list.h>
#include <linux/ptrace.h>
#include <linux/types.h>

/* Slots in the module's text, shared by every shadow: at most this many offset sites. */
#define SHK_XOL_SLOTS		1024
#define SHK_XOL_SLOT_SIZE	32

enum shk_xol_op {
	SHK_XOL_RUN = 1,	/* run the copy in the slot; it jumps back to next */
	SHK_XOL_JMP,		/* jmp rel: go to target */
	SHK_XOL_CALL,		/* call rel32: push next, go to target */
	SHK_XOL_JCC,		/* jcc rel: target if the condition holds, else next */
};

struct shk_xol {
	struct hlist_node hnode;	/* in the hash while sites use it */
	unsigned int users;	/* sites, in all shadows */
	unsigned long addr;	/* the probed instruction */
	unsigned long next;	/* the one after it */
	unsigned long target;	/* JMP, CALL, JCC: where the branch goes */
	u8 op;			/* enum shk_xol_op */
	u8 cc;			/* JCC: the condition code (low nibble of the opcode) */
	u8 len;			/* of the instruction */
	u8 disp_off;		/* RUN: where a RIP-relative displacement is, or 0 */
	u8 code[SHK_XOL_SLOT_SIZE];	/* RUN: what the slot holds */
	u8 code_len;
};

/*
 * Decode the pristine instruction at @addr (an instruction boundary of a
 * core-text function, checked by the caller) and decide how to run it.
 * Returns 0, or -EOPNOTSUPP with @reason set when it cannot be run out of
 * line or emulated.
 */
int shk_xol_prepare(unsigned long addr, struct shk_xol *x, const char **reason);

/*
 * The slot for @x->addr, shared if another shadow has it, else new and
 * written: returns a handle (> 0), or -ENOSPC (every slot taken) or -ERANGE
 * (a RIP-relative operand out of reach from the slot). Caller holds shk_lock
 * and not text_mutex; it may sleep for grace periods.
 */
int shk_xol_get(const struct shk_xol *x);
/* Caller holds shk_lock: slots held by a probe (not those waiting for reuse). */
unsigned int shk_xol_used_slots(void);
/* Drop a site's reference, once its int3 is gone from its view. Caller holds shk_lock. */
void shk_xol_put(int handle);

/* Hit path, RCU: the handle for an int3 at @addr, or 0 if it is none of ours. */
int shk_xol_find(unsigned long addr);
/* Hit path: continue the trapped task after the probed instruction. */
void shk_xol_resume(int handle, struct pt_regs *regs);

#endif /* _SHADOWK_XOL_H */
