// SPDX-License-Identifier: GPL-2.0
/*
 * Replaying the kernel's text writes into the shadows' copies.
 *
 * Context: the kprobe handlers run inside __text_poke() and
 * text_poke_bp_batch(), whose callers hold text_mutex; so they see a stable
 * list of shadows, copies and patches (shadow.h) and need no lock of their
 * own. They run with preemption off and must not sleep.
 *
 * The one multi-step write that can straddle the edge of a patch is an
 * optimized kprobe: text_poke_bp_batch() writes an int3 at x, then the tail
 * [x+1, x+5), then the head byte at x. If the tail overlaps a patch but x
 * does not, replaying the head alone would leave a jump with the wrong
 * displacement. So within a batch, a one-byte write at x is skipped for a
 * shadow that skipped a write starting at x+1; the int3 of the first step
 * stays, and the kprobe still handles it by trapping, as before it was
 * optimized.
 */
#include "common.h"
#include <linux/kprobes.h>
#include <linux/printk.h>
#include <linux/mm.h>

#include "bind.h"
#include "coherence.h"
#include "hook.h"
#include "pgtable.h"
#include "symbols.h"
#include "shadow.h"
#include "text.h"

#define SHK_BATCH_SKIPS		64

/*
 * What __text_poke() writes: @len bytes from @src (text_poke_memcpy), or
 * @len copies of the low byte of the int at @src (text_poke_memset).
 */
struct shk_write {
	unsigned long addr;
	size_t len;
	const u8 *src;
	bool fill;
};

/* Bytes [from, to) of @w, which lie in it, into @dst. */
static void shk_write_apply(const struct shk_write *w, void *dst, unsigned long from, unsigned long to)
{
	if (w->fill)
		memset(dst, *(const int *)w->src, to - from);
	else
		memcpy(dst, w->src + (from - w->addr), to - from);
}

static bool shk_in_batch;
static unsigned int shk_nr_skips;
static struct {
	struct shk_shadow *sh;
	unsigned long addr;
} shk_skips[SHK_BATCH_SKIPS];

static bool shk_batch_skipped(struct shk_shadow *sh, unsigned long addr)
{
	unsigned int i;

	for (i = 0; i < shk_nr_skips; i++)
		if (shk_skips[i].sh == sh && shk_skips[i].addr == addr)
			return true;
	/* Lost track of this batch's skips: keep consistent by skipping. */
	return shk_nr_skips == SHK_BATCH_SKIPS;
}

static void shk_batch_record_skip(struct shk_shadow *sh, unsigned long addr)
{
	if (shk_in_batch && shk_nr_skips < SHK_BATCH_SKIPS) {
		shk_skips[shk_nr_skips].sh = sh;
		shk_skips[shk_nr_skips].addr = addr;
		shk_nr_skips++;
	}
}

static void shk_mirror(struct shk_shadow *sh, const struct shk_write *w)
{
	unsigned long addr = w->addr, end = w->addr + w->len, va;
	bool skip = shk_shadow_owns(sh, addr, end) ||
		    (shk_in_batch && w->len == 1 && shk_batch_skipped(sh, addr + 1));

	if (skip) {
		shk_batch_record_skip(sh, addr);
		atomic64_inc(&sh->coherence_conflicts);
		atomic64_inc(&shk_stats.coherence_conflicts);
		return;
	}
	for (va = addr & PAGE_MASK; va < end; va += PAGE_SIZE) {
		struct page *copy = xa_load(&sh->copies, shk_text_page(va));
		unsigned long from = max(addr, va), to = min(end, va + PAGE_SIZE);

		if (!copy)
			continue;
		shk_write_apply(w, page_address(copy) + (from - va), from, to);
		atomic64_inc(&sh->coherence_writes);
		atomic64_inc(&shk_stats.coherence_writes);
	}
}

/*
 * __text_poke() checks what it wrote by reading it back through the text
 * address (BUG_ON(memcmp(addr, ...))), in the context of its caller; so do
 * other writers (ftrace_verify_code(), see siteguard.c). When that caller
 * runs a shadow's view (a traced process enabling a kprobe, or a kernel
 * thread lazily on such a process's page tables), the bytes the shadow owns
 * differ. So, for the write, this CPU runs on init_mm, whose view is the
 * pristine kernel, as the kernel itself does for lazy TLB; it switches back
 * when __text_poke() returns. Nothing in between touches user memory.
 */
static int shk_text_poke_mirror(struct pt_regs *regs);

struct shk_poke_data {
	struct mm_struct *mm;		/* switched away from, or NULL */
};

static bool shk_mm_shadowed(struct mm_struct *mm)
{
	return mm && mm != shk_sym_init_mm &&
	       pgd_val(*shk_pgt_top_entry(mm)) != pgd_val(shk_pgt_pristine_top());
}

/* __text_poke(text_poke_f func, void *addr, const void *src, size_t len), at entry. */
static int shk_text_poke_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct shk_poke_data *d = (struct shk_poke_data *)ri->data;
	struct mm_struct *mm = current->active_mm;
	unsigned long flags;

	d->mm = NULL;
	if (shk_mm_shadowed(mm)) {
		/*
		 * Until the return: preempted in between, this task would come
		 * back on its own mm (the scheduler loads active_mm), and the
		 * read-back would see the shadow. __text_poke() does not sleep.
		 */
		preempt_disable();
		local_irq_save(flags);
		shk_sym_switch_mm_irqs_off(NULL, shk_sym_init_mm, current);
		local_irq_restore(flags);
		d->mm = mm;
	}
	return shk_text_poke_mirror(regs);
}

static int shk_text_poke_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct shk_poke_data *d = (struct shk_poke_data *)ri->data;
	unsigned long flags;

	if (d->mm) {
		local_irq_save(flags);
		shk_sym_switch_mm_irqs_off(NULL, d->mm, current);
		local_irq_restore(flags);
		preempt_enable();
	}
	return 0;
}

/*
 * The write is replayed page by page into each copy, straight from the
 * kernel's source, so it has no size limit: __text_poke() itself writes
 * at most two pages. It names how to write with @func, one of two static
 * functions of alternative.c (resolved at load) that read @src
 * differently; a write through any other function is not replayed, and
 * every shadow is marked stale (shk_coherence_lost()).
 */
static int shk_text_poke_mirror(struct pt_regs *regs)
{
	void *func = (void *)regs->di;
	struct shk_write w = {
		.addr = regs->si,
		.src = (const u8 *)regs->dx,
		.len = regs->cx,
	};
	struct shk_shadow *sh;

	if (w.addr >= shk_text.end || w.addr + w.len <= shk_text.start)
		return 0;
	w.fill = func == shk_sym_text_poke_memset;
	if ((!w.fill && func != shk_sym_text_poke_memcpy) || !shk_text_contains(w.addr, w.len)) {
		shk_coherence_lost("a kernel text write at %pS through %ps cannot be replayed\n",
				   (void *)w.addr, func);
		return 0;
	}
	list_for_each_entry(sh, &shk_shadows, node)
		shk_mirror(sh, &w);
	return 0;
}

static struct kretprobe shk_text_poke_krp = {
	.kp.symbol_name = "__text_poke",
	.entry_handler = shk_text_poke_entry,
	.handler = shk_text_poke_return,
	.data_size = sizeof(struct shk_poke_data),
	.maxactive = 8,		/* writes are serialised by text_mutex */
};

static int shk_batch_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	shk_in_batch = true;
	shk_nr_skips = 0;
	return 0;
}

static int shk_batch_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	shk_in_batch = false;
	shk_nr_skips = 0;
	return 0;
}

static struct kretprobe shk_batch_krp = {
	.kp.symbol_name = "text_poke_bp_batch",
	.entry_handler = shk_batch_entry,
	.handler = shk_batch_return,
	.maxactive = 4,		/* batches are serialised by text_mutex */
};

/*
 * Coherence lost: from here on the shadows that exist may miss kernel text
 * writes. Any context (the hooks run with preemption off). Every shadow
 * that exists now is stale for good (shk_coherence_check()); one line says
 * why, and their processes are switched back to the pristine kernel.
 */
void shk_coherence_lost(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	atomic_inc(&shk_coherence_epoch);
	atomic64_inc(&shk_stats.coherence_lost);
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err_ratelimited("coherence lost: %pV", &vaf);
	va_end(args);
	shk_unbind_stale();
}

int shk_coherence_check(const struct shk_shadow *sh, const char *what)
{
	if (READ_ONCE(*shk_sym_kprobes_all_disarmed)) {
		pr_notice_ratelimited("%s refused: kprobes are globally disarmed (debugfs kprobes/enabled is 0), so shadows would miss the kernel's text writes\n",
				      what);
		return -ENODEV;
	}
	if (sh && sh->epoch != atomic_read(&shk_coherence_epoch)) {
		pr_notice_ratelimited("%s refused: shadow %llu may have missed kernel text writes (coherence lost earlier); make a new one\n",
				      what, sh->id);
		return -ENODEV;
	}
	return 0;
}

/*
 * Kprobes globally disarmed (write_enabled_file_bool() runs
 * disarm_all_kprobes(), inlined into it in 6.1 and 6.12): the hooks above
 * are kprobes and stop with the others. Seen at the return of the debugfs
 * write, still armed at its entry: the flag is set under kprobe_mutex
 * before any probe is disarmed.
 */
static int shk_kprobes_write_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (READ_ONCE(*shk_sym_kprobes_all_disarmed))
		shk_coherence_lost("kprobes were globally disarmed while shadows exist; every existing shadow is stale: its bound processes go back to the pristine kernel, and BIND, PATCH and ATTACH on it fail with ENODEV\n");
	return 0;
}

static struct kretprobe shk_kprobes_write_krp = {
	.kp.symbol_name = "write_enabled_file_bool",
	.handler = shk_kprobes_write_return,
	.maxactive = 4,
};

static void shk_kretprobe_reset(struct kretprobe *krp)
{
	shk_kprobe_reset(&krp->kp);
}

int shk_coherence_start(void)
{
	int ret;

	/* A failed registration leaves the address set: each is reset for the next shadow. */
	ret = register_kretprobe(&shk_kprobes_write_krp);
	if (ret) {
		pr_err("cannot hook write_enabled_file_bool (%d): a disarm of kprobes could go unseen\n", ret);
		shk_kretprobe_reset(&shk_kprobes_write_krp);
		goto err_disarm;
	}
	ret = register_kretprobe(&shk_batch_krp);
	if (ret) {
		pr_err("cannot hook text_poke_bp_batch (%d): kernel text writes could not reach shadows\n", ret);
		shk_kretprobe_reset(&shk_batch_krp);
		goto err_batch;
	}
	ret = register_kretprobe(&shk_text_poke_krp);
	if (ret) {
		pr_err("cannot hook __text_poke (%d): kernel text writes could not reach shadows\n", ret);
		shk_kretprobe_reset(&shk_text_poke_krp);
		goto err_poke;
	}
	return 0;

err_poke:
	unregister_kretprobe(&shk_batch_krp);
	shk_kretprobe_reset(&shk_batch_krp);
err_batch:
	unregister_kretprobe(&shk_kprobes_write_krp);
	shk_kretprobe_reset(&shk_kprobes_write_krp);
err_disarm:
	return ret;
}

void shk_coherence_stop(void)
{
	unregister_kretprobe(&shk_text_poke_krp);
	unregister_kretprobe(&shk_batch_krp);
	unregister_kretprobe(&shk_kprobes_write_krp);
	shk_kretprobe_reset(&shk_text_poke_krp);
	shk_kretprobe_reset(&shk_batch_krp);
	shk_kretprobe_reset(&shk_kprobes_write_krp);
}
