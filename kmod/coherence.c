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
#include <linux/mm.h>

#include "coherence.h"
#include "pgtable.h"
#include "symbols.h"
#include "shadow.h"
#include "text.h"

/* Core-text writes are a few bytes (at most POKE_MAX_OPCODE_SIZE today). */
#define SHK_MIRROR_MAX		32
#define SHK_BATCH_SKIPS		64

typedef void text_poke_fn(void *dst, const void *src, size_t len);

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

static void shk_mirror(struct shk_shadow *sh, unsigned long addr, const u8 *bytes, size_t len)
{
	unsigned long end = addr + len, va;
	bool skip = shk_shadow_owns(sh, addr, end) ||
		    (shk_in_batch && len == 1 && shk_batch_skipped(sh, addr + 1));

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
		memcpy(page_address(copy) + (from - va), bytes + (from - addr), to - from);
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
	}
	return 0;
}

static int shk_text_poke_mirror(struct pt_regs *regs)
{
	text_poke_fn *func = (text_poke_fn *)regs->di;
	unsigned long addr = regs->si;
	const void *src = (const void *)regs->dx;
	size_t len = regs->cx;
	u8 bytes[SHK_MIRROR_MAX];
	struct shk_shadow *sh;

	if (addr >= shk_text.end || addr + len <= shk_text.start)
		return 0;
	if (len > SHK_MIRROR_MAX || !shk_text_contains(addr, len)) {
		pr_err_ratelimited("kernel text write of %zu bytes at %pS cannot be replayed into shadows\n",
				   len, (void *)addr);
		return 0;
	}
	/* The same function the kernel applies (memcpy or memset), into a buffer. */
	func(bytes, src, len);
	list_for_each_entry(sh, &shk_shadows, node)
		shk_mirror(sh, addr, bytes, len);
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

int shk_coherence_start(void)
{
	int ret;

	ret = register_kretprobe(&shk_batch_krp);
	if (ret) {
		pr_err("cannot hook text_poke_bp_batch (%d): kernel text writes could not reach shadows\n", ret);
		goto err_batch;
	}
	ret = register_kretprobe(&shk_text_poke_krp);
	if (ret) {
		pr_err("cannot hook __text_poke (%d): kernel text writes could not reach shadows\n", ret);
		goto err_poke;
	}
	return 0;

err_poke:
	unregister_kretprobe(&shk_batch_krp);
	shk_batch_krp.kp.addr = NULL;
	shk_batch_krp.kp.flags = 0;
err_batch:
	return ret;
}

void shk_coherence_stop(void)
{
	unregister_kretprobe(&shk_text_poke_krp);
	unregister_kretprobe(&shk_batch_krp);
	/* A kprobe can be registered again only after it is reset. */
	shk_text_poke_krp.kp.addr = NULL;
	shk_text_poke_krp.kp.flags = 0;
	shk_batch_krp.kp.addr = NULL;
	shk_batch_krp.kp.flags = 0;
}
