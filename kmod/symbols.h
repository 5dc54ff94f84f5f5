/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel symbols that shadowk needs but that the kernel does not export to
 * modules. They are all resolved once, at load, so that a kernel that lacks
 * one is refused up front with one clear line instead of failing later in
 * the middle of a request.
 */
#ifndef _SHADOWK_SYMBOLS_H
#define _SHADOWK_SYMBOLS_H

#include <linux/ftrace.h>
#include <linux/mm_types.h>
#include <asm/insn.h>
#include <asm/text-patching.h>

/*
 * S(type, name): the module sees symbol @name as shk_sym_@name of @type.
 * Types come from the kernel's own declarations wherever it has them, so the
 * compiler checks every call through these pointers.
 */
#define SHK_SYMBOLS(S)						\
	S(struct mm_struct *, init_mm)				\
	S(char *, _stext)					\
	S(char *, _etext)					\
	S(typeof(&text_poke), text_poke)			\
	S(typeof(&insn_decode), insn_decode)			\
	S(typeof(&ftrace_location), ftrace_location)

#define SHK_DECLARE_SYMBOL(type, name) extern type shk_sym_##name;
SHK_SYMBOLS(SHK_DECLARE_SYMBOL)
#undef SHK_DECLARE_SYMBOL

int shk_symbols_init(void);

#endif /* _SHADOWK_SYMBOLS_H */
