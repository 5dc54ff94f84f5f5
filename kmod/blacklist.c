// SPDX-License-Identifier: GPL-2.0
/*
 * The kprobe blacklist, copied and sorted once at load for the core
 * kernel's text.
 *
 * within_kprobe_blacklist() walks the kernel's list of ranges (437 on
 * Debian's 6.1) on every call, then looks up the symbol's name; ATTACH asks
 * once per probe, and with every kernel function probed that walk was 30%
 * of the request (bench/attach-profile.sh). The core kernel's ranges are all
 * added at boot, by populate_kprobe_blacklist() and the arch's areas, and
 * never removed; later additions and removals are modules' own
 * (kprobes_module_callback()), and patches only ever go in core text. So
 * a copy made at load answers for core text exactly as the list does.
 *
 * The rest of the kernel's answer is kept as it is: the __kprobes section,
 * and a suffixed symbol (foo.isra.0, foo.cold) is blacklisted with foo;
 * the kernel's own function answers for those (a few hundred symbols).
 */
#include "common.h"
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/rculist.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "blacklist.h"
#include "symbols.h"
#include "text.h"

struct shk_range {
	unsigned long start, end;
};

/* Sorted, disjoint; read-only after load. */
static struct shk_range *shk_bl;
static unsigned int shk_bl_n;

static int shk_range_cmp(const void *a, const void *b)
{
	const struct shk_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The core-text entries of the kernel's list into @out (up to @cap); how many there are. */
static unsigned int shk_blacklist_copy(struct shk_range *out, unsigned int cap)
{
	struct kprobe_blacklist_entry *ent;
	unsigned int n = 0;

	rcu_read_lock();	/* as the kernel walks it (entries are added with list_add_tail_rcu) */
	list_for_each_entry_rcu(ent, shk_sym_kprobe_blacklist, list) {
		if (!shk_text_contains(ent->start_addr, 1))
			continue;
		if (n < cap)
			out[n] = (struct shk_range) { ent->start_addr, ent->end_addr };
		n++;
	}
	rcu_read_unlock();
	return n;
}

int shk_blacklist_init(void)
{
	unsigned int n, i, m;

	n = shk_blacklist_copy(NULL, 0);
	shk_bl = kvmalloc_array(max(n, 1U), sizeof(*shk_bl), GFP_KERNEL);
	if (!shk_bl)
		return -ENOMEM;
	/* The core entries do not change after boot: the second walk finds the same. */
	n = min(n, shk_blacklist_copy(shk_bl, n));
	sort(shk_bl, n, sizeof(*shk_bl), shk_range_cmp, NULL);
	/* Merge overlapping and adjacent ranges, so one binary search answers. */
	for (i = 0, m = 0; i < n; i++) {
		if (m && shk_bl[i].start <= shk_bl[m - 1].end)
			shk_bl[m - 1].end = max(shk_bl[m - 1].end, shk_bl[i].end);
		else
			shk_bl[m++] = shk_bl[i];
	}
	shk_bl_n = m;
	pr_debug("kprobe blacklist: %u core ranges, %u once merged\n", n, m);
	return 0;
}

void shk_blacklist_exit(void)
{
	kvfree(shk_bl);
	shk_bl = NULL;
	shk_bl_n = 0;
}

static bool shk_in_ranges(unsigned long addr)
{
	unsigned int lo = 0, hi = shk_bl_n;

	/* The last range starting at or before @addr. */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (shk_bl[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && addr < shk_bl[lo - 1].end;
}

/* Its own frame: the name's buffer is gone before the kernel's function takes its own. */
static noinline bool shk_suffixed(unsigned long addr)
{
	char name[KSYM_SYMBOL_LEN];

	sprint_symbol_no_offset(name, addr);
	return strchr(name, '.');
}

bool shk_blacklisted(unsigned long addr)
{
	/* The kernel's arch_within_kprobe_blacklist() on x86 (the generic one). */
	if (addr >= (unsigned long)shk_sym___kprobes_text_start &&
	    addr < (unsigned long)shk_sym___kprobes_text_end)
		return true;
	if (shk_in_ranges(addr))
		return true;
	return shk_suffixed(addr) && shk_sym_within_kprobe_blacklist(addr);
}
