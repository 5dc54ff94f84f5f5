/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel symbols that shadowk needs but that the kernel does not export to
 * modules. They are all resolved once, at load, so that a kernel that lacks
 * one is refused up front with one clear line instead of failing later in
 * the middle of a request.
 */
#ifndef _SHADOWK_SYMBOLS_H
#define _SHADOWK_SYMBOLS_H

#include <linux/bug.h>
#include <linux/version.h>
#include <linux/extable.h>
#include <linux/ftrace.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/ptrace.h>
#include <linux/rethook.h>
#include <linux/static_call.h>
#include <linux/stop_machine.h>
#include <asm/alternative.h>
#include <asm/insn.h>
#include <asm/set_memory.h>
#include <asm/mmu_context.h>
#include <asm/text-patching.h>

/*
 * S(type, name): the module sees symbol @name as shk_sym_@name of @type.
 * Types come from the kernel's own declarations wherever it has them, so the
 * compiler checks every call through these pointers.
 */
#define SHK_SYMBOLS(S)								\
	S(struct mm_struct *, init_mm)						\
	S(char *, _stext)							\
	S(char *, _etext)							\
	S(char *, __entry_text_start)						\
	S(char *, __entry_text_end)						\
	S(char *, __noinstr_text_start)						\
	S(char *, __noinstr_text_end)						\
	S(struct mutex *, text_mutex)						\
	S(typeof(&insn_decode), insn_decode)					\
	S(typeof(&kallsyms_lookup_size_offset), kallsyms_lookup_size_offset)	\
	S(typeof(&ftrace_location_range), ftrace_location_range)		\
	S(typeof(&jump_label_text_reserved), jump_label_text_reserved)		\
	S(typeof(&static_call_text_reserved), static_call_text_reserved)	\
	S(typeof(&alternatives_text_reserved), alternatives_text_reserved)	\
	S(typeof(&within_kprobe_blacklist), within_kprobe_blacklist)		\
	S(typeof(&find_bug), find_bug)						\
	S(typeof(&search_exception_tables), search_exception_tables)		\
	S(typeof(&set_memory_nonglobal), set_memory_nonglobal)			\
	S(typeof(&set_memory_global), set_memory_global)			\
	S(typeof(&stop_machine_cpuslocked), stop_machine_cpuslocked)		\
	S(typeof(&ptrace_may_access), ptrace_may_access)			\
	S(typeof(&ftrace_location), ftrace_location)				\
	S(int __percpu *, bpf_prog_active)					\
	S(typeof(&rethook_alloc), rethook_alloc)				\
	S(typeof(&rethook_free), rethook_free)					\
	S(typeof(&rethook_try_get), rethook_try_get)				\
	S(typeof(&rethook_hook), rethook_hook)					\
	S(typeof(&switch_mm_irqs_off), switch_mm_irqs_off)			\
	S(typeof(&text_poke), text_poke)					\
	S(typeof(&get_kprobe), get_kprobe)					\
	S(typeof(&do_munmap), do_munmap)					\
	SHK_SYMBOLS_RETHOOK_ADD_NODE(S)

/* Since 6.7 the rethook allocates its own nodes (objpool). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 7, 0)
#define SHK_SYMBOLS_RETHOOK_ADD_NODE(S) S(typeof(&rethook_add_node), rethook_add_node)
#else
#define SHK_SYMBOLS_RETHOOK_ADD_NODE(S)
#endif

#define SHK_DECLARE_SYMBOL(type, name) extern type shk_sym_##name;
SHK_SYMBOLS(SHK_DECLARE_SYMBOL)
#undef SHK_DECLARE_SYMBOL

int shk_symbols_init(void);

#endif /* _SHADOWK_SYMBOLS_H */
