/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core kernel text: where it is, how to read its pristine bytes, and
 * the one attribute change shadows need from it (non-global mappings).
 */
#ifndef _SHADOWK_TEXT_H
#define _SHADOWK_TEXT_H

#include <linux/mm.h>
#include <linux/types.h>

struct shk_text {
	unsigned long start;		/* _stext */
	unsigned long end;		/* _etext */
	unsigned long base;		/* start rounded down to 2 MiB */
	unsigned int nr_regions;	/* 2 MiB regions from base covering the text */
	unsigned int nr_pages;		/* 4 KiB pages from base covering the text */
	unsigned long alias;		/* lm_alias(addr) - addr, the same for all of it */
};

extern struct shk_text shk_text;

int shk_text_init(void);

static inline bool shk_text_contains(unsigned long addr, size_t len)
{
	return addr >= shk_text.start && addr < shk_text.end && len <= shk_text.end - addr;
}

static inline unsigned int shk_text_region(unsigned long addr)
{
	return (addr - shk_text.base) >> PMD_SHIFT;
}

static inline unsigned int shk_text_page(unsigned long addr)
{
	return (addr - shk_text.base) >> PAGE_SHIFT;
}

/*
 * The pristine bytes at a text address, read through the direct-map alias
 * of the pristine physical page. Reading through the text address itself
 * would show whatever view the current CPU has loaded. lm_alias() of an
 * image address is __va(__pa_symbol()), a fixed offset worked out once: the
 * hit path reads the pristine site on every hit (hit.c).
 */
static inline const u8 *shk_pristine(unsigned long addr)
{
	return (const u8 *)(addr + shk_text.alias);
}

int shk_text_nonglobal_get(void);
void shk_text_nonglobal_put(void);

#endif /* _SHADOWK_TEXT_H */
