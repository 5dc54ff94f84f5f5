// SPDX-License-Identifier: GPL-2.0
/*
 * The Xen PV backend: a shadow's page tables in a Xen PV guest.
 *
 * A PV guest cannot write its page tables: the hypervisor validates every
 * page-table page before the MMU may use it and every later change to one.
 * The rules (xen/arch/x86/mm.c), and what this file does for each:
 *
 *  - A page used as a page table must have no writable mapping. Each page
 *    this backend makes is filled while still writable, then its one
 *    mapping (the direct map: the pages come from the page allocator, 4 KiB
 *    mapped under PV) is made read-only with update_va_mapping.
 *  - It must be validated as a table of its level before an entry refers to
 *    it. The shadow's top table (the PUD copy: PV guests run 4-level
 *    paging) is pinned as an L3 table with MMUEXT_PIN_L3_TABLE, which
 *    validates it and, through it, the PMD copy as an L2 table; each split
 *    region's PTE table is pinned as an L1 table with MMUEXT_PIN_L1_TABLE
 *    before it is linked. Pinning keeps them validated while no mm points
 *    at the view, and a refusal shows at creation or at the patch's
 *    preparation, before any CPU is stopped.
 *  - Entries of a validated table change only through mmu_update, which
 *    validates the new entry (here: a pinned L1 table, or a copied text
 *    page mapped with the pristine entry's flags).
 *  - An mm's kernel page table: a 64-bit PV process has two top-level
 *    tables, a kernel one (mm->pgd, loaded while in the kernel) and a user
 *    one without kernel mappings. The kernel-text entry lives in the kernel
 *    one only; set_pgd() goes through pv_ops (xen_set_p4d), which writes it
 *    with mmu_update when the table is pinned (the mm has run) and directly
 *    when not (a child at fork, pinned by xen_dup_mmap afterwards; an mm
 *    being torn down, unpinned by xen_exit_mmap before).
 *  - TLB: the hypervisor loads a PV guest's kernel mappings non-global (the
 *    kernel clears _PAGE_GLOBAL and CR4.PGE under PV), so a switch of
 *    page-table base (MMUEXT_NEW_BASEPTR, the PV CR3 write) drops every
 *    translation of the text. A commit flushes each vCPU's TLB with
 *    MMUEXT_TLB_FLUSH_LOCAL while every vCPU is parked (commit.c).
 * Freeing undoes it in reverse: unpin (the hypervisor drops the tables'
 * types once no L4 entry refers to them), make writable again, free. A page
 * the hypervisor will not give back as writable is leaked, with a line,
 * rather than returned to the allocator read-only.
 *
 * The view is per address space: nothing here touches the p2m or any other
 * mm's tables, so vCPUs running different shadows at once each walk their
 * own mm's tables.
 */
#include "common.h"
#include <linux/slab.h>
#include <xen/xen.h>
#include <xen/interface/xen.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "backend.h"
#include "pgtable.h"
#include "text.h"

static unsigned long shk_xen_mfn(void *va)
{
	return pfn_to_mfn(PFN_DOWN(__pa(va)));
}

/* Make the direct-map mapping of @va read-only or writable again. */
static int shk_xen_set_writable(void *va, bool writable)
{
	unsigned int level;
	pte_t *ptep = lookup_address((unsigned long)va, &level);
	pte_t pte;

	if (!ptep || level != PG_LEVEL_4K)
		return -EINVAL;
	pte = writable ? pte_set_flags(*ptep, _PAGE_RW) : pte_clear_flags(*ptep, _PAGE_RW);
	return HYPERVISOR_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG);
}

static int shk_xen_mmuext(unsigned int cmd, void *table)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = shk_xen_mfn(table) };

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Write one entry of a validated page table; @val is the entry as the MMU reads it. */
static int shk_xen_write_entry(void *entry, u64 val)
{
	struct mmu_update u = {
		.ptr = virt_to_machine(entry).maddr | MMU_NORMAL_PT_UPDATE,
		.val = val,
	};

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

/* Read-only, then pinned as a table of level @pin_cmd. */
static int shk_xen_make_table(void *table, unsigned int pin_cmd)
{
	int ret = shk_xen_set_writable(table, false);

	if (ret) {
		pr_err("xen: cannot map a page-table page read-only (%d)\n", ret);
		return ret;
	}
	ret = shk_xen_mmuext(pin_cmd, table);
	if (ret) {
		pr_err("xen: the hypervisor refused to pin a page-table page (%d); see the hypervisor's log\n",
		       ret);
		if (shk_xen_set_writable(table, true))
			return -EFAULT;	/* neither a table nor writable: the caller leaks it */
	}
	return ret;
}

/* Undo shk_xen_make_table() and free: or leak a page that stays read-only. */
static void shk_xen_free_table(void *table, bool pinned)
{
	if (!table)
		return;
	if (pinned && shk_xen_mmuext(MMUEXT_UNPIN_TABLE, table))
		pr_err("xen: cannot unpin a page-table page\n");
	if (shk_xen_set_writable(table, true)) {
		pr_err("xen: a page-table page stays read-only; leaking it\n");
		return;
	}
	free_page((unsigned long)table);
}

static void shk_xen_pgt_destroy(struct shk_pgt *pgt)
{
	unsigned int r;

	/*
	 * The top table first: once it is unpinned and no mm points at it,
	 * the hypervisor drops the types of the PMD copy and, through it, its
	 * references to the region tables, which are then unpinned too.
	 */
	shk_xen_free_table(pgt->pud, true);
	shk_xen_free_table(pgt->pmd, false);
	if (pgt->pte) {
		for (r = 0; r < shk_text.nr_regions; r++)
			shk_xen_free_table(pgt->pte[r], true);
		kfree(pgt->pte);
	}
	memset(pgt, 0, sizeof(*pgt));
}

static int shk_xen_pgt_init(struct shk_pgt *pgt)
{
	int ret;

	if (pgtable_l5_enabled()) {	/* PV guests run 4-level paging */
		pr_err("xen: 5-level paging in a PV guest; not supported\n");
		return -EOPNOTSUPP;
	}
	/* The copies, made while they are ordinary pages. */
	ret = shk_native_pgt_init(pgt);
	if (ret)
		return ret;

	ret = shk_xen_set_writable(pgt->pmd, false);
	if (ret) {
		pr_err("xen: cannot map a page-table page read-only (%d)\n", ret);
		shk_native_pgt_destroy(pgt);
		return -EFAULT;
	}
	ret = shk_xen_make_table(pgt->pud, MMUEXT_PIN_L3_TABLE);
	if (ret) {
		if (ret == -EFAULT)
			pgt->pud = NULL;	/* leaked */
		if (shk_xen_set_writable(pgt->pmd, true)) {
			pr_err("xen: a page-table page stays read-only; leaking it\n");
			pgt->pmd = NULL;
		}
		shk_native_pgt_destroy(pgt);
		return -EINVAL;
	}
	return 0;
}

static pte_t *shk_xen_alloc_region(struct shk_pgt *pgt, unsigned long addr)
{
	pmd_t e = pgt->pmd[pmd_index(addr)];
	pte_t *table;

	/* PV maps the kernel with 4 KiB pages only: the pristine L1 table, as it is. */
	if (!pmd_present(e) || pmd_leaf(e)) {
		pr_err("xen: text region at %px is not mapped by a PTE table\n", (void *)addr);
		return NULL;
	}
	table = (pte_t *)__get_free_page(GFP_KERNEL);
	if (!table)
		return NULL;
	memcpy(table, (void *)pmd_page_vaddr(e), PAGE_SIZE);
	if (shk_xen_make_table(table, MMUEXT_PIN_L1_TABLE)) {
		/* leaked if it could not be made writable again (logged) */
		if (!shk_xen_set_writable(table, true))
			free_page((unsigned long)table);
		return NULL;
	}
	return table;
}

static void shk_xen_link_region(struct shk_pgt *pgt, unsigned long addr, pte_t *table)
{
	pmd_t *entry = &pgt->pmd[pmd_index(addr)];
	pmd_t e = __pmd((pmd_val(*entry) & ~PTE_PFN_MASK) | __pa(table));
	int ret = shk_xen_write_entry(entry, native_pmd_val(e));

	if (ret)
		pr_err("xen: mmu_update of a PMD entry refused (%d): region %px stays pristine in this shadow\n",
		       ret, (void *)addr);
}

static void shk_xen_free_region(pte_t *table)
{
	shk_xen_free_table(table, true);
}

static void shk_xen_map_copy(struct shk_pgt *pgt, unsigned long addr, struct page *page)
{
	pte_t *entry = &pgt->pte[shk_text_region(addr)][pte_index(addr)];
	pte_t e = pfn_pte(page_to_pfn(page), pte_pgprot(*entry));
	int ret = shk_xen_write_entry(entry, native_pte_val(e));

	if (ret)
		pr_err("xen: mmu_update of a PTE refused (%d): %px stays pristine in this shadow\n",
		       ret, (void *)addr);
}

/* pv_ops: xen_set_p4d writes the kernel page table of the mm, never its user one. */
static void shk_xen_set_top(pgd_t *entry, pgd_t top)
{
	set_pgd(entry, top);
}

static void shk_xen_flush_local(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF))
		pr_err("xen: MMUEXT_TLB_FLUSH_LOCAL failed\n");
}

const struct shk_backend_ops shk_backend_xen_pv = {
	.id = SHADOWK_BACKEND_XEN_PV,
	.pgt_init = shk_xen_pgt_init,
	.pgt_destroy = shk_xen_pgt_destroy,
	.alloc_region = shk_xen_alloc_region,
	.link_region = shk_xen_link_region,
	.free_region = shk_xen_free_region,
	.map_copy = shk_xen_map_copy,
	.set_top = shk_xen_set_top,
	.flush_local = shk_xen_flush_local,
};
