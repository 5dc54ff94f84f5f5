/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trampolines a shadow's patched ftrace sites call: one per slot, so the
 * call itself says which shadow's probes to look up (hit.c).
 *
 * At entry the stack holds the return address site + 5, and above it the
 * probed function's own return address: the function has not run a single
 * instruction. We save a full struct pt_regs (what kprobe programs expect),
 * call shk_entry_hit(regs, slot), and restore the caller-saved registers. If it returns a target, the pristine site
 * holds a call there (an ftrace user); we go to it with the stack exactly
 * as that call would have left it, the way ftrace's own direct calls do.
 */
#include <linux/linkage.h>
#include <asm/asm-offsets.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>


/* struct pt_regs offsets, as asm/ptrace.h defines them for C. */
#define SHK_R15		0*8
#define SHK_R14		1*8
#define SHK_R13		2*8
#define SHK_R12		3*8
#define SHK_RBP		4*8
#define SHK_RBX		5*8
#define SHK_R11		6*8
#define SHK_R10		7*8
#define SHK_R9		8*8
#define SHK_R8		9*8
#define SHK_RAX		10*8
#define SHK_RCX		11*8
#define SHK_RDX		12*8
#define SHK_RSI		13*8
#define SHK_RDI		14*8
#define SHK_ORIG_RAX	15*8
#define SHK_RIP		16*8
#define SHK_CS		17*8
#define SHK_EFLAGS	18*8
#define SHK_RSP		19*8
#define SHK_SS		20*8
#define SHK_REGS	21*8

	.code64
	.section .text, "ax"

/*
 * shk_entry_hit() may have changed them; the callee-saved ones it keeps.
 * Not %r10 and %r11: they hold nothing at a function's first instruction
 * (neither carries an argument, and the kernel's own ftrace_caller, which
 * every ftrace site calls, does not keep them either).
 */
.macro SHK_RESTORE_CALLER_SAVED
	movq	SHK_R9(%rsp), %r9
	movq	SHK_R8(%rsp), %r8
	movq	SHK_RDI(%rsp), %rdi
	movq	SHK_RSI(%rsp), %rsi
	movq	SHK_RDX(%rsp), %rdx
	movq	SHK_RCX(%rsp), %rcx
	movq	SHK_RAX(%rsp), %rax
.endm

.macro SHK_TRAMPOLINE n
SYM_FUNC_START(shk_tramp_\n)
	subq	$SHK_REGS+8, %rsp		/* pt_regs, and where a chained target goes */
	movq	%rax, SHK_RAX(%rsp)
	movq	%rcx, SHK_RCX(%rsp)
	movq	%rdx, SHK_RDX(%rsp)
	movq	%rsi, SHK_RSI(%rsp)
	movq	%rdi, SHK_RDI(%rsp)
	movq	%r8, SHK_R8(%rsp)
	movq	%r9, SHK_R9(%rsp)
	movq	%r10, SHK_R10(%rsp)
	movq	%r11, SHK_R11(%rsp)
	/*
	 * The callee-saved registers go into pt_regs for the programs to
	 * read, and are not restored: nothing below changes them (C code
	 * preserves them, and a program's pt_regs is read-only). They are
	 * stored through %rax, not %rsp, because objtool takes an
	 * %rsp-relative store for a save that must be restored before RET.
	 */
	movq	%rsp, %rax
	movq	%rbx, SHK_RBX(%rax)
	movq	%rbp, SHK_RBP(%rax)
	movq	%r12, SHK_R12(%rax)
	movq	%r13, SHK_R13(%rax)
	movq	%r14, SHK_R14(%rax)
	movq	%r15, SHK_R15(%rax)
	movq	$0, SHK_ORIG_RAX(%rsp)
	pushfq
	popq	SHK_EFLAGS(%rsp)		/* the address is taken after the pop */
	movq	$__KERNEL_CS, SHK_CS(%rsp)
	movq	$__KERNEL_DS, SHK_SS(%rsp)
	movq	SHK_REGS+8(%rsp), %rdi		/* site + 5 */
	subq	$5, %rdi
	movq	%rdi, SHK_RIP(%rsp)
	leaq	SHK_REGS+16(%rsp), %rdi		/* the site's stack pointer */
	movq	%rdi, SHK_RSP(%rsp)

	movq	%rsp, %rdi
	movq	$\n, %rsi
	call	shk_entry_hit

	testq	%rax, %rax
	jnz	2f
	SHK_RESTORE_CALLER_SAVED
	addq	$SHK_REGS+8, %rsp
	RET
2:
	movq	%rax, SHK_REGS(%rsp)		/* chain: "ret" goes there */
	SHK_RESTORE_CALLER_SAVED
	addq	$SHK_REGS, %rsp
	UNWIND_HINT_FUNC
	RET
SYM_FUNC_END(shk_tramp_\n)
.endm

.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	SHK_TRAMPOLINE \n
.endr

/*
 * The union fallback's ftrace callback (union.c): ftrace's args-only caller
 * calls it with (ip, parent_ip, ops, fregs), fregs (%rcx) a struct pt_regs
 * in which it saved the argument registers, bp, ip and sp, and cs = 0. The
 * probed function's other registers are still live here (that caller does
 * not touch them): store them for the programs, then go on in C. A frame
 * with cs set comes from the SAVE_REGS caller, which has stored them
 * itself and restores them from the frame afterwards: leave it alone.
 */
SYM_FUNC_START(shk_union_entry)
	cmpq	$0, SHK_CS(%rcx)
	jne	1f
	movq	%rbx, SHK_RBX(%rcx)
	movq	%r10, SHK_R10(%rcx)
	movq	%r11, SHK_R11(%rcx)
	movq	%r12, SHK_R12(%rcx)
	movq	%r13, SHK_R13(%rcx)
	movq	%r14, SHK_R14(%rcx)
	movq	%r15, SHK_R15(%rcx)
1:
	jmp	shk_union_func
SYM_FUNC_END(shk_union_entry)

	.section .rodata, "a"
	.balign 8
SYM_DATA_START(shk_trampolines)
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	.quad	shk_tramp_\n
.endr
SYM_DATA_END(shk_trampolines)

