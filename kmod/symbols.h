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
 * S(type, name): the module sees symbol @name as shk_sym_@name of @type,
 * and never calls it. F(name): a function the module calls through
 * shk_sym_@name, typed from the kernel's own declaration so the compiler
 * checks every call; under IBT it must start with endbr64 (symbols.c).
 */
#define SHK_SYMBOLS(S, F)						\
	S(struct mm_struct *, init_mm)					\
	S(char *, _stext)						\
	S(char *, _etext)						\
	S(char *, __entry_text_start)					\
	S(char *, __entry_text_end)					\
	S(char *, __noinstr_text_start)					\
	S(char *, __noinstr_text_end)					\
	S(struct mutex *, text_mutex)					\
	S(bool *, kprobes_all_disarmed)					\
	S(void *, text_poke_memcpy)					\
	S(void *, text_poke_memset)					\
	S(struct list_head *, kprobe_blacklist)				\
	S(char *, __kprobes_text_start)					\
	S(char *, __kprobes_text_end)					\
	F(insn_decode)							\
	F(kallsyms_lookup_size_offset)					\
	F(ftrace_location_range)					\
	F(jump_label_text_reserved)					\
	F(static_call_text_reserved)					\
	F(alternatives_text_reserved)					\
	F(within_kprobe_blacklist)					\
	F(find_bug)							\
	F(search_exception_tables)					\
	F(set_memory_nonglobal)						\
	F(set_memory_global)						\
	F(stop_machine_cpuslocked)					\
	F(ptrace_may_access)						\
	F(ftrace_location)						\
	S(int __percpu *, bpf_prog_active)				\
	F(rethook_alloc)						\
	F(rethook_free)							\
	F(rethook_try_get)						\
	F(rethook_hook)							\
	F(switch_mm_irqs_off)						\
	F(text_poke)							\
	F(get_kprobe)							\
	F(do_munmap)							\
	SHK_SYMBOLS_RETHOOK_ADD_NODE(F)

/* Since 6.7 the rethook allocates its own nodes (objpool). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 7, 0)
#define SHK_SYMBOLS_RETHOOK_ADD_NODE(F) F(rethook_add_node)
#else
#define SHK_SYMBOLS_RETHOOK_ADD_NODE(F)
#endif

/*
 * Optional symbols: NULL on kernels without them, not a reason to refuse
 * the load. Those of kernels whose preemption model can be switched at run
 * time (PREEMPT_DYNAMIC with the scheduler's debugfs; the livepatch path is
 * in 6.12, not in 6.1), for preempt.c; Xen PV's exit_mmap, for lazy.c;
 * and the tracepoint and perf internals and the jump table of tpscope.c.
 * T(type, name): a function the module calls, typed by hand because the
 * kernel declares it only in a private header or not at all (the same in
 * 6.1 and 6.12). The data symbols are not exported, found through kallsyms
 * (CONFIG_KALLSYMS_ALL).
 */
typedef int (*shk_sched_dynamic_mode_fn)(const char *str);
typedef void (*shk_sched_dynamic_update_fn)(int mode);
typedef void (*shk_xen_exit_mmap_fn)(struct mm_struct *mm);
struct tracepoint;
struct tracepoint_func;
struct trace_event_call;
struct perf_event;
struct file;
typedef int (*shk_tracepoint_add_func_fn)(struct tracepoint *tp, struct tracepoint_func *func,
					  int prio, bool warn);
typedef int (*shk_perf_trace_event_init_fn)(struct trace_event_call *call, struct perf_event *event);
typedef struct file *(*shk_perf_event_get_fn)(unsigned int fd);
typedef const struct perf_event *(*shk_perf_get_event_fn)(struct file *file);
#define SHK_OPTIONAL_SYMBOLS(S, T)					\
	S(void *, sched_dynamic_write)					\
	T(shk_sched_dynamic_mode_fn, sched_dynamic_mode)		\
	T(shk_sched_dynamic_update_fn, sched_dynamic_update)		\
	S(void *, sched_dynamic_klp_disable)				\
	S(struct mutex *, sched_dynamic_mutex)				\
	S(bool *, klp_override)						\
	S(struct mutex *, klp_mutex)					\
	S(struct static_call_key *, __SCK__cond_resched)		\
	T(shk_xen_exit_mmap_fn, xen_exit_mmap)				\
	T(shk_tracepoint_add_func_fn, tracepoint_add_func)		\
	T(shk_perf_trace_event_init_fn, perf_trace_event_init)		\
	T(shk_perf_event_get_fn, perf_event_get)			\
	T(shk_perf_get_event_fn, perf_get_event)			\
	S(struct mutex *, tracepoints_mutex)				\
	S(struct mutex *, event_mutex)					\
	S(struct jump_entry *, __start___jump_table)			\
	S(struct jump_entry *, __stop___jump_table)

#define SHK_DECLARE_SYMBOL(type, name) extern type shk_sym_##name;
#define SHK_DECLARE_FUNCTION(name) SHK_DECLARE_SYMBOL(typeof(&name), name)
SHK_SYMBOLS(SHK_DECLARE_SYMBOL, SHK_DECLARE_FUNCTION)
SHK_OPTIONAL_SYMBOLS(SHK_DECLARE_SYMBOL, SHK_DECLARE_SYMBOL)
#undef SHK_DECLARE_FUNCTION
#undef SHK_DECLARE_SYMBOL

int shk_symbols_init(void);

#endif /* _SHADOWK_SYMBOLS_H */
