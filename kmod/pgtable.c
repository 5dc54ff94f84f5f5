// SPDX-License-Identifier: GPL-2.0
/*
 * A shadow's page tables, as the rest of the module sees them: each call
 * goes to the backend chosen at load (backend.h), which knows how page
 * tables are written on this machine.
 */
#include "common.h"
#include "backend.h"
#include "pgtable.h"
#include "symbols.h"
#include "text.h"

pgd_t *shk_pgt_top_entry(struct mm_struct *mm)
{
	return pgd_offset(mm, shk_text.start);
}

pgd_t shk_pgt_pristine_top(void)
{
	return *pgd_offset(shk_sym_init_mm, shk_text.start);
}

int shk_pgt_init(struct shk_pgt *pgt)
{
	return shk_backend->pgt_init(pgt);
}

void shk_pgt_destroy(struct shk_pgt *pgt)
{
	shk_backend->pgt_destroy(pgt);
}

pte_t *shk_pgt_alloc_region(struct shk_pgt *pgt, unsigned long addr)
{
	return shk_backend->alloc_region(pgt, addr);
}

void shk_pgt_link_region(struct shk_pgt *pgt, unsigned long addr, pte_t *table)
{
	pgt->pte[shk_text_region(addr)] = table;
	pgt->tables++;
	shk_backend->link_region(pgt, addr, table);
}

void shk_pgt_free_region(pte_t *table)
{
	shk_backend->free_region(table);
}

void shk_pgt_map_copy(struct shk_pgt *pgt, unsigned long addr, struct page *page)
{
	shk_backend->map_copy(pgt, addr, page);
}

void shk_pgt_set_top(struct mm_struct *mm, pgd_t top)
{
	shk_backend->set_top(shk_pgt_top_entry(mm), top);
}

void shk_pgt_flush_local(void)
{
	shk_backend->flush_local();
}
