/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A shadow's page tables: private copies of the path from the top-level
 * entry that maps the kernel image down to the text, sharing every page of
 * the pristine kernel except the 4 KiB text pages the shadow has copied.
 *
 *   pgd[i] ──► P4D copy (5-level only) ──► PUD copy ──► PMD copy
 *                                                        │ one entry per 2 MiB
 *                 pristine 2 MiB mapping ◄───────────────┤ region not patched
 *                 PTE table (split) ◄────────────────────┘ region patched
 *                   └─ 511 pristine 4 KiB pages + the copied ones
 *
 * Only the entries that lead to the text differ from init_mm's tables; all
 * other entries are copies of init_mm's, which do not change after boot (see
 * docs/design.md for why). A bound mm gets @top in its top-level entry.
 */
#ifndef _SHADOWK_PGTABLE_H
#define _SHADOWK_PGTABLE_H

#include <linux/mm.h>

struct shk_pgt {
	pgd_t top;		/* value of a bound mm's top-level entry */
	p4d_t *p4d;		/* 5-level paging only, else NULL */
	pud_t *pud;
	pmd_t *pmd;
	pte_t **pte;		/* per text region, NULL until the region is split */
	unsigned int tables;	/* page-table pages owned */
};

int shk_pgt_init(struct shk_pgt *pgt);
void shk_pgt_destroy(struct shk_pgt *pgt);

/* The entry of init_mm that a bound mm's top-level entry is restored to. */
pgd_t shk_pgt_pristine_top(void);
pgd_t *shk_pgt_top_entry(struct mm_struct *mm);

/*
 * Make the region of @addr a table of 4 KiB PTEs in this shadow. Returns the
 * new table, not yet linked: the caller links it with shk_pgt_link_region()
 * when it is safe to do so (see commit.h).
 */
pte_t *shk_pgt_alloc_region(struct shk_pgt *pgt, unsigned long addr);
void shk_pgt_link_region(struct shk_pgt *pgt, unsigned long addr, pte_t *table);
void shk_pgt_free_region(pte_t *table);

/* Point the PTE of @addr (in a split region) at @page, non-global. */
void shk_pgt_map_copy(struct shk_pgt *pgt, unsigned long addr, struct page *page);

/* Bind or unbind: set @mm's kernel-text top-level entry to @top. */
void shk_pgt_set_top(struct mm_struct *mm, pgd_t top);
/* Flush this CPU's whole TLB (global entries too), the backend's way. */
void shk_pgt_flush_local(void);

#endif /* _SHADOWK_PGTABLE_H */
