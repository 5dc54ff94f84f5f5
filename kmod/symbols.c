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
#include <linux/uaccess.h>
#include <asm/cpufeature.h>

#include "symbols.h"

#define SHK_DEFINE_SYMBOL(type, name) type shk_sym_##name;
#define SHK_DEFINE_FUNCTION(name) SHK_DEFINE_SYMBOL(typeof(&name), name)
SHK_SYMBOLS(SHK_DEFINE_SYMBOL, SHK_DEFINE_FUNCTION)
#undef SHK_DEFINE_FUNCTION
#undef SHK_DEFINE_SYMBOL

struct shk_symbol {
	const char *name;
	void **slot;
	bool called;			/* through the pointer: IBT applies */
};

#define SHK_SYMBOL_ENTRY(type, name) { #name, (void **)&shk_sym_##name, false },
#define SHK_FUNCTION_ENTRY(name) { #name, (void **)&shk_sym_##name, true },
static const struct shk_symbol shk_symbol_table[] = {
	SHK_SYMBOLS(SHK_SYMBOL_ENTRY, SHK_FUNCTION_ENTRY)
};
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
 * Under IBT an indirect call must land on an endbr64, or the CPU raises #CP
 * (an oops). The module calls every function it resolves (F in symbols.h)
 * through a pointer; the kernel seals the endbr64 of the functions it never
 * calls indirectly itself. So each must still start with endbr64 when the
 * CPU enforces IBT; with IBT built in but not enforced (no IBT in the CPU,
 * as under QEMU TCG, or ibt=off), sealed pads are 4-byte NOPs and the call
 * works: they are only counted and named.
 */
static unsigned int shk_sealed;

static int shk_check_callable(const char *name, unsigned long addr)
{
	u32 insn = 0;

	if (!IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return 0;
	if (copy_from_kernel_nofault(&insn, (void *)addr, sizeof(insn)) || insn != SHK_ENDBR64) {
		if (cpu_feature_enabled(X86_FEATURE_IBT)) {
			pr_err("kernel function '%s' starts with %08x, not endbr64 (sealed: the kernel never calls it indirectly), and this CPU enforces IBT: calling it would fault; not loading\n",
			       name, insn);
			return -EOPNOTSUPP;
		}
		pr_info("IBT: '%s' starts with %08x, not endbr64 (sealed); callable only while IBT is off, as it is here\n",
			name, insn);
		shk_sealed++;
	}
	return 0;
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
	if (shk_check_callable("kallsyms_lookup_name", addr))
		return NULL;
	return (shk_lookup_fn)addr;
}

int shk_symbols_init(void)
{
	shk_lookup_fn lookup;
	size_t i;
	int ret;

	lookup = shk_find_kallsyms_lookup_name();
	if (!lookup)
		return -ENOENT;

	for (i = 0; i < ARRAY_SIZE(shk_symbol_table); i++) {
		unsigned long addr = lookup(shk_symbol_table[i].name);

		if (!addr) {
			pr_err("kernel symbol '%s' not found; this kernel is not supported, not loading\n",
			       shk_symbol_table[i].name);
			return -ENOENT;
		}
		if (shk_symbol_table[i].called) {
			ret = shk_check_callable(shk_symbol_table[i].name, addr);
			if (ret)
				return ret;
		}
		*shk_symbol_table[i].slot = (void *)addr;
	}
	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		pr_info("IBT %s: %u of the kernel functions the module calls through pointers are sealed\n",
			cpu_feature_enabled(X86_FEATURE_IBT) ? "enforced" : "built in, not enforced",
			shk_sealed);

	if (require_symbol && !lookup(require_symbol)) {
		pr_err("kernel symbol '%s' not found; this kernel is not supported, not loading\n",
		       require_symbol);
		return -ENOENT;
	}
	return 0;
}
