// SPDX-License-Identifier: GPL-2.0
/*
 * Resolution of unexported kernel symbols.
 *
 * kallsyms_lookup_name() itself is not exported since 5.7. Its address is
 * what a kprobe on it reports: registering one resolves the name through
 * kallsyms inside the kernel, and we unregister it straight away without it
 * ever firing. Everything else is then looked up through that function.
 */
#include "common.h"
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/objtool.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/ibt.h>
#include <asm/nospec-branch.h>

#include "symbols.h"

#define SHK_DEFINE_SYMBOL(type, name) type shk_sym_##name;
#define SHK_DEFINE_FUNCTION(name) SHK_DEFINE_SYMBOL(typeof(&name), name)
SHK_SYMBOLS(SHK_DEFINE_SYMBOL, SHK_DEFINE_FUNCTION)
SHK_OPTIONAL_SYMBOLS(SHK_DEFINE_SYMBOL, SHK_DEFINE_SYMBOL)
#undef SHK_DEFINE_FUNCTION
#undef SHK_DEFINE_SYMBOL

/*
 * Calls under IBT. The module calls every function it resolves (F in
 * symbols.h) through a pointer, and an indirect call must land on an
 * endbr64 when the CPU enforces IBT (else #CP, an oops). 6.12 seals, at
 * boot and whatever the CPU, the endbr64 of every function whose address
 * the kernel never takes (apply_seal_endbr(): a 4-byte NOP instead), which
 * is most of them. So on IBT kernels the pointer leads to a stub in module
 * text instead: endbr64 (the indirect call lands there), then a push of
 * the function's address and a ret, which jumps there with the caller's
 * return address on top. IBT checks the targets of indirect calls and
 * jumps, not of returns (the kernel runs no supervisor shadow stack), so a
 * sealed function is entered this way on every CPU. The ret is a jump
 * whose target is fixed at load, not a return: objtool is told so, and not
 * to check the stack there (the push is never popped by the stub).
 */
#ifdef CONFIG_X86_KERNEL_IBT
#define SHK_STUB(name)								\
	void *shk_target_##name;						\
	extern char shk_stub_##name[];						\
	asm(".pushsection .text, \"ax\"\n\t"					\
	    ".balign 16\n\t"							\
	    ".globl shk_stub_" #name "\n\t"					\
	    ".type shk_stub_" #name ", @function\n"				\
	    "shk_stub_" #name ":\n\t"						\
	    ASM_ENDBR								\
	    "pushq shk_target_" #name "(%rip)\n\t"				\
	    ANNOTATE_RETPOLINE_SAFE						\
	    "ret\n\t"								\
	    "int3\n\t"								\
	    ".size shk_stub_" #name ", . - shk_stub_" #name "\n\t"		\
	    ".popsection\n");							\
	STACK_FRAME_NON_STANDARD(shk_stub_##name);
#define SHK_NO_STUB(type, name)
#define SHK_TYPED_STUB(type, name) SHK_STUB(name)
SHK_SYMBOLS(SHK_NO_STUB, SHK_STUB)
SHK_OPTIONAL_SYMBOLS(SHK_NO_STUB, SHK_TYPED_STUB)
SHK_STUB(kallsyms_lookup_name)
#undef SHK_TYPED_STUB
#undef SHK_NO_STUB
#define SHK_STUB_OF(name) &shk_target_##name, shk_stub_##name
#else
#define SHK_STUB_OF(name) NULL, NULL
#endif

struct shk_symbol {
	const char *name;
	void **slot;
	void **target;			/* IBT: the stub's target; the slot gets the stub */
	void *stub;
	bool optional;			/* absent: NULL, and the load goes on */
};

#define SHK_SYMBOL_ENTRY(type, name) { #name, (void **)&shk_sym_##name, NULL, NULL },
#define SHK_FUNCTION_ENTRY(name) { #name, (void **)&shk_sym_##name, SHK_STUB_OF(name) },
#define SHK_OPTIONAL_ENTRY(type, name) { #name, (void **)&shk_sym_##name, NULL, NULL, true },
#define SHK_OPTIONAL_FUNCTION_ENTRY(type, name) \
	{ #name, (void **)&shk_sym_##name, SHK_STUB_OF(name), true },
static const struct shk_symbol shk_symbol_table[] = {
	SHK_SYMBOLS(SHK_SYMBOL_ENTRY, SHK_FUNCTION_ENTRY)
	SHK_OPTIONAL_SYMBOLS(SHK_OPTIONAL_ENTRY, SHK_OPTIONAL_FUNCTION_ENTRY)
};
#undef SHK_OPTIONAL_FUNCTION_ENTRY
#undef SHK_OPTIONAL_ENTRY
#undef SHK_FUNCTION_ENTRY
#undef SHK_SYMBOL_ENTRY

/*
 * For the test of the refusal path only: one more name that must resolve.
 * Naming a symbol that does not exist makes the load fail exactly as it
 * would on a kernel that lacks one of the symbols above.
 */
static char *require_symbol;
module_param(require_symbol, charp, 0);
MODULE_PARM_DESC(require_symbol, "also require this kernel symbol at load (for tests)");

typedef unsigned long (*shk_lookup_fn)(const char *name);

/*
 * endbr64, and what 6.12 writes over it in functions the kernel never calls
 * indirectly (apply_seal_endbr(), gen_endbr_poison(): a 4-byte NOP). With
 * IBT, kprobes report the address after either (arch_adjust_kprobe_addr).
 */
#define SHK_ENDBR64		0xfa1e0ff3u
#define SHK_ENDBR_POISON	0x001f0f66u

/*
 * Under IBT: count and name the functions without endbr64 that the stubs
 * make callable: sealed at boot, or local functions whose address the
 * kernel never takes, which the compiler gives none (tracepoint_add_func,
 * perf_trace_event_init).
 */
static unsigned int shk_sealed, shk_local, shk_called;

static void shk_note_sealed(const char *name, unsigned long addr)
{
	u32 insn = 0;

	if (!IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return;
	shk_called++;
	if (copy_from_kernel_nofault(&insn, (void *)addr, sizeof(insn)) || insn != SHK_ENDBR64) {
		bool sealed = insn == SHK_ENDBR_POISON;

		pr_info("IBT: '%s' starts with %08x, not endbr64 (%s): called through the module's stub\n",
			name, insn, sealed ? "sealed" : "a local function, never given one");
		if (sealed)
			shk_sealed++;
		else
			shk_local++;
	}
}

static shk_lookup_fn shk_find_kallsyms_lookup_name(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long addr;
	u32 insn;
	int ret;

	ret = register_kprobe(&kp);
	if (ret < 0) {
		pr_err("cannot locate kallsyms_lookup_name: register_kprobe failed (%d); are kprobes enabled and the kernel not locked down?\n",
		       ret);
		return NULL;
	}
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);

	/* An indirect call must land on the endbr64 (or its seal), not after it. */
	if (!copy_from_kernel_nofault(&insn, (void *)(addr - sizeof(insn)), sizeof(insn)) &&
	    (insn == SHK_ENDBR64 || insn == SHK_ENDBR_POISON))
		addr -= sizeof(insn);
	shk_note_sealed("kallsyms_lookup_name", addr);
#ifdef CONFIG_X86_KERNEL_IBT
	shk_target_kallsyms_lookup_name = (void *)addr;
	return (shk_lookup_fn)shk_stub_kallsyms_lookup_name;
#else
	return (shk_lookup_fn)addr;
#endif
}

int shk_symbols_init(void)
{
	shk_lookup_fn lookup;
	size_t i;

	lookup = shk_find_kallsyms_lookup_name();
	if (!lookup)
		return -ENOENT;

	for (i = 0; i < ARRAY_SIZE(shk_symbol_table); i++) {
		unsigned long addr = lookup(shk_symbol_table[i].name);

		if (!addr && shk_symbol_table[i].optional)
			continue;	/* stays NULL */
		if (!addr) {
			pr_err("kernel symbol '%s' not found; this kernel is not supported, not loading\n",
			       shk_symbol_table[i].name);
			return -ENOENT;
		}
		if (shk_symbol_table[i].target) {
			shk_note_sealed(shk_symbol_table[i].name, addr);
			*shk_symbol_table[i].target = (void *)addr;
			*shk_symbol_table[i].slot = shk_symbol_table[i].stub;
		} else {
			*shk_symbol_table[i].slot = (void *)addr;
		}
	}
	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		pr_info("IBT %s: %u of the %u kernel functions the module calls through pointers have no endbr64 (%u sealed, %u local); all are called through stubs that IBT allows\n",
			cpu_feature_enabled(X86_FEATURE_IBT) ? "enforced" : "built in, not enforced",
			shk_sealed + shk_local, shk_called, shk_sealed, shk_local);

	if (require_symbol && !lookup(require_symbol)) {
		pr_err("kernel symbol '%s' not found; this kernel is not supported, not loading\n",
		       require_symbol);
		return -ENOENT;
	}
	return 0;
}
