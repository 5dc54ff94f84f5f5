// SPDX-License-Identifier: GPL-2.0
/*
 * Core kernel text layout, and its non-global mapping while shadows exist.
 *
 * The pristine text is mapped _PAGE_GLOBAL, and global TLB entries survive
 * CR3 writes. If they stayed global while a shadow exists, a CPU that ran a
 * pristine task could keep serving the pristine translation of a patched
 * page to the shadowed task that runs next. So while at least one shadow
 * exists, the whole core text is mapped non-global, exactly as upstream
 * does for PTI with PCID (pti_set_kernel_image_nonglobal), through the
 * kernel's own page-attribute code; every shadow's copied PTEs are
 * non-global too. A CR3 write then drops (without PCID) or separates (with
 * PCID) every translation of the text, so no view can leak into another.
 * The global bit is restored when the last shadow goes away.
 */
#include "common.h"
#include <linux/mutex.h>

#include "symbols.h"
#include "text.h"

struct shk_text shk_text;

static DEFINE_MUTEX(shk_nonglobal_lock);
static unsigned int shk_nonglobal_users;
static bool shk_text_was_global;	/* what we found, and so what we restore */

int shk_text_init(void)
{
	shk_text.start = (unsigned long)shk_sym__stext;
	shk_text.end = (unsigned long)shk_sym__etext;
	shk_text.base = shk_text.start & PMD_MASK;
	shk_text.nr_regions = (ALIGN(shk_text.end, PMD_SIZE) - shk_text.base) >> PMD_SHIFT;
	shk_text.nr_pages = (PAGE_ALIGN(shk_text.end) - shk_text.base) >> PAGE_SHIFT;
	shk_text.alias = (unsigned long)lm_alias(shk_text.start) - shk_text.start;

	/*
	 * A shadow replaces one PUD entry: the whole text must lie in one
	 * PUD (1 GiB), which holds on x86-64 where the image is at most 1 GiB.
	 */
	if (pud_index(shk_text.start) != pud_index(shk_text.end - 1) ||
	    pgd_index(shk_text.start) != pgd_index(shk_text.end - 1)) {
		pr_err("kernel text %px-%px spans several PUD entries; not supported\n",
		       (void *)shk_text.start, (void *)shk_text.end);
		return -EOPNOTSUPP;
	}
	return 0;
}

static bool shk_text_is_global(void)
{
	unsigned int level;
	pte_t *pte = lookup_address(shk_text.start, &level);

	return pte && (pte_flags(*pte) & _PAGE_GLOBAL);
}

static int shk_text_set_global(bool global)
{
	unsigned long start = shk_text.start & PAGE_MASK;
	int pages = (PAGE_ALIGN(shk_text.end) - start) >> PAGE_SHIFT;

	/* Already non-global (PTI with PCID, Xen PV, no PGE): leave it alone. */
	if (!shk_text_was_global)
		return 0;
	return global ? shk_sym_set_memory_global(start, pages)
		      : shk_sym_set_memory_nonglobal(start, pages);
}

int shk_text_nonglobal_get(void)
{
	int ret = 0;

	mutex_lock(&shk_nonglobal_lock);
	if (!shk_nonglobal_users) {
		shk_text_was_global = boot_cpu_has(X86_FEATURE_PGE) && shk_text_is_global();
		ret = shk_text_set_global(false);
		if (ret)
			pr_err("cannot map kernel text non-global (%d)\n", ret);
	}
	if (!ret)
		shk_nonglobal_users++;
	mutex_unlock(&shk_nonglobal_lock);
	return ret;
}

void shk_text_nonglobal_put(void)
{
	mutex_lock(&shk_nonglobal_lock);
	if (!--shk_nonglobal_users && shk_text_set_global(true))
		pr_err("cannot restore the global mapping of kernel text\n");
	mutex_unlock(&shk_nonglobal_lock);
}
