// SPDX-License-Identifier: GPL-2.0
/*
 * The native backend: a shadow's page tables built and written directly
 * (x86-64, 4- or 5-level paging).
 *
 * Locking: the tables of a shadow are only written under shk_lock (see
 * shadow.c). Entries of tables that a bound mm may be walking are changed
 * only inside a commit (commit.c), which parks every CPU and flushes every
 * TLB before any of them runs kernel text again.
 */
#include "common.h"
#include <linux/slab.h>
#include <asm/tlbflush.h>

#include "backend.h"
#include "pgtable.h"
#include "symbols.h"
#include "text.h"

static void *shk_pgt_page_copy(const void *src, unsigned int *tables)
{
	void *page = (void *)__get_free_page(GFP_KERNEL);

	if (!page)
		return NULL;
	memcpy(page, src, PAGE_SIZE);
	(*tables)++;
	return page;
}

static void shk_pgt_page_free(void *page, unsigned int *tables)
{
	if (!page)
		return;
	free_page((unsigned long)page);
	(*tables)--;
}

/* A table entry that points at @table, with the flags of @orig. */
#define SHK_RELINK(type, orig, table) \
	__##type((type##_val(orig) & ~PTE_PFN_MASK) | __pa(table))

int shk_native_pgt_init(struct shk_pgt *pgt)
{
	unsigned long addr = shk_text.start;
	pgd_t pgdk = shk_pgt_pristine_top();
	pud_t *pudk, pude;
	pmd_t *pmdk;

	memset(pgt, 0, sizeof(*pgt));
	pgt->pte = kcalloc(shk_text.nr_regions, sizeof(*pgt->pte), GFP_KERNEL);
	if (!pgt->pte)
		goto err_nomem;

	if (pgtable_l5_enabled()) {
		p4d_t *p4dk = (p4d_t *)pgd_page_vaddr(pgdk);
		p4d_t p4de = p4dk[p4d_index(addr)];

		pgt->p4d = shk_pgt_page_copy(p4dk, &pgt->tables);
		if (!pgt->p4d)
			goto err_nomem;
		pudk = p4d_pgtable(p4de);
		pgt->pud = shk_pgt_page_copy(pudk, &pgt->tables);
		if (!pgt->pud)
			goto err_nomem;
		pgt->p4d[p4d_index(addr)] = SHK_RELINK(p4d, p4de, pgt->pud);
		pgt->top = SHK_RELINK(pgd, pgdk, pgt->p4d);
	} else {
		/* 4-level: the P4D level is folded, the top entry points at the PUD. */
		pudk = (pud_t *)pgd_page_vaddr(pgdk);
		pgt->pud = shk_pgt_page_copy(pudk, &pgt->tables);
		if (!pgt->pud)
			goto err_nomem;
		pgt->top = SHK_RELINK(pgd, pgdk, pgt->pud);
	}

	pude = pudk[pud_index(addr)];
	if (pud_leaf(pude)) {
		pr_err("kernel text is mapped with a 1 GiB page; not supported\n");
		shk_native_pgt_destroy(pgt);
		return -EOPNOTSUPP;
	}
	pmdk = pud_pgtable(pude);
	pgt->pmd = shk_pgt_page_copy(pmdk, &pgt->tables);
	if (!pgt->pmd)
		goto err_nomem;
	pgt->pud[pud_index(addr)] = SHK_RELINK(pud, pude, pgt->pmd);
	return 0;

err_nomem:
	shk_native_pgt_destroy(pgt);
	return -ENOMEM;
}

void shk_native_pgt_destroy(struct shk_pgt *pgt)
{
	unsigned int r;

	if (pgt->pte) {
		for (r = 0; r < shk_text.nr_regions; r++) {
			if (pgt->pte[r]) {
				shk_pgt_page_free(pgt->pte[r], &pgt->tables);
				pgt->pte[r] = NULL;
			}
		}
		kfree(pgt->pte);
		pgt->pte = NULL;
	}
	shk_pgt_page_free(pgt->pmd, &pgt->tables);
	shk_pgt_page_free(pgt->pud, &pgt->tables);
	shk_pgt_page_free(pgt->p4d, &pgt->tables);
	pgt->pmd = NULL;
	pgt->pud = NULL;
	pgt->p4d = NULL;
}

pte_t *shk_native_alloc_region(struct shk_pgt *pgt, unsigned long addr)
{
	pmd_t e = pgt->pmd[pmd_index(addr)];
	pte_t *table;
	unsigned int i;

	table = (pte_t *)get_zeroed_page(GFP_KERNEL);
	if (!table)
		return NULL;

	if (pmd_leaf(e)) {
		/* As the kernel's own split (__split_large_page) does it. */
		pgprot_t prot = pgprot_large_2_4k(pmd_pgprot(e));
		unsigned long pfn = pmd_pfn(e);

		pgprot_val(prot) &= ~_PAGE_GLOBAL;
		for (i = 0; i < PTRS_PER_PTE; i++)
			table[i] = pfn_pte(pfn + i, prot);
	} else {
		const pte_t *src = (const pte_t *)pmd_page_vaddr(e);

		for (i = 0; i < PTRS_PER_PTE; i++)
			table[i] = pte_present(src[i]) ? pte_clear_flags(src[i], _PAGE_GLOBAL) : src[i];
	}
	return table;
}

static void shk_native_link_region(struct shk_pgt *pgt, unsigned long addr, pte_t *table)
{
	WRITE_ONCE(pgt->pmd[pmd_index(addr)], __pmd(__pa(table) | _KERNPG_TABLE));
}

static void shk_native_free_region(pte_t *table)
{
	free_page((unsigned long)table);
}

static void shk_native_map_copy(struct shk_pgt *pgt, unsigned long addr, struct page *page)
{
	pte_t *table = pgt->pte[shk_text_region(addr)];
	pte_t old = table[pte_index(addr)];

	WRITE_ONCE(table[pte_index(addr)],
		   pfn_pte(page_to_pfn(page), pte_pgprot(pte_clear_flags(old, _PAGE_GLOBAL))));
}

static void shk_native_set_top(pgd_t *entry, pgd_t top)
{
	set_pgd(entry, top);
}

static void shk_native_flush_local(void)
{
	__flush_tlb_all();
}

const struct shk_backend_ops shk_backend_native = {
	.id = SHADOWK_BACKEND_NATIVE,
	.pgt_init = shk_native_pgt_init,
	.pgt_destroy = shk_native_pgt_destroy,
	.alloc_region = shk_native_alloc_region,
	.link_region = shk_native_link_region,
	.free_region = shk_native_free_region,
	.map_copy = shk_native_map_copy,
	.set_top = shk_native_set_top,
	.flush_local = shk_native_flush_local,
};
