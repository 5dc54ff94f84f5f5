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

#include "symbols.h"

#define SHK_DEFINE_SYMBOL(type, name) type shk_sym_##name;
SHK_SYMBOLS(SHK_DEFINE_SYMBOL)
#undef SHK_DEFINE_SYMBOL

struct shk_symbol {
	const char *name;
	void **slot;
};

#define SHK_SYMBOL_ENTRY(type, name) { #name, (void **)&shk_sym_##name },
static const struct shk_symbol shk_symbol_table[] = {
	SHK_SYMBOLS(SHK_SYMBOL_ENTRY)
};
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

/* endbr64: with IBT, kprobes report the address after it (arch_adjust_kprobe_addr). */
#define SHK_ENDBR64 0xfa1e0ff3u

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

	/* An indirect call must land on the endbr64, not after it. */
	if (!copy_from_kernel_nofault(&insn, (void *)(addr - sizeof(insn)), sizeof(insn)) &&
	    insn == SHK_ENDBR64)
		addr -= sizeof(insn);
	return (shk_lookup_fn)addr;
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

		if (!addr) {
			pr_err("kernel symbol '%s' not found; this kernel is not supported, not loading\n",
			       shk_symbol_table[i].name);
			return -ENOENT;
		}
		*shk_symbol_table[i].slot = (void *)addr;
	}

	if (require_symbol && !lookup(require_symbol)) {
		pr_err("kernel symbol '%s' not found; this kernel is not supported, not loading\n",
		       require_symbol);
		return -ENOENT;
	}
	return 0;
}
