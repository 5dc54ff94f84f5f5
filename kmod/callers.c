// SPDX-License-Identifier: GPL-2.0
/*
 * Finding the direct callers of a function by scanning the pristine core
 * text for call and jmp rel32 (tail calls) that land on it. A byte that
 * looks like one may lie inside another instruction, so each candidate is
 * confirmed by decoding its function from the start (patch.c). The text is
 * tens of MiB at most; the scan runs only when a user asks, typically
 * after a refusal.
 */
#include "common.h"
#include <linux/sched.h>
#include <linux/string.h>

#include "callers.h"
#include "patch.h"
#include "symbols.h"
#include "text.h"

long shk_callers(unsigned long addr, u64 *out, u32 cap)
{
	unsigned long size, off, p, fend, last = 0;
	const u8 *text = shk_pristine(shk_text.start);
	const char *reason;
	long n = 0;

	if (!shk_text_contains(addr, 1) ||
	    !shk_sym_kallsyms_lookup_size_offset(addr, &size, &off) || off)
		return -ERANGE;
	for (p = shk_text.start; p + 5 <= shk_text.end; p++) {
		const u8 *b = text + (p - shk_text.start);
		unsigned long fn;
		s32 rel;

		if (!((p - shk_text.start) & (SZ_1M - 1)))
			cond_resched();
		if (b[0] != 0xe8 && b[0] != 0xe9)
			continue;
		memcpy(&rel, b + 1, sizeof(rel));
		if (p + 5 + rel != addr)
			continue;
		if (!shk_sym_kallsyms_lookup_size_offset(p, &size, &off))
			continue;
		fn = p - off;
		if (fn == last || shk_patch_boundary(p, &fend, &reason))
			continue;
		if (n < cap)
			out[n] = fn;
		n++;
		last = fn;
	}
	return n;
}
