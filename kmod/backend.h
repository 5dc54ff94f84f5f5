/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The remapping backend: how a shadow's view of kernel text reaches the
 * page tables. Natively the module writes x86-64 page-table entries itself
 * (backend_native.c); in a Xen PV guest every page-table page it makes is
 * read-only and pinned before use and every entry of one is written by
 * hypercall (backend_xen.c). The backend is chosen once, at load; all the
 * rest (patch rules, coherence, probes, bindings, the protocol) is shared
 * and reaches the page tables only through these operations, by way of the
 * shk_pgt_* calls of pgtable.h and shk_commit() of commit.h.
 */
#ifndef _SHADOWK_BACKEND_H
#define _SHADOWK_BACKEND_H

#include <linux/mm.h>
#include <linux/types.h>

#include "uapi/shadowk.h"

struct shk_pgt;

struct shk_backend_ops {
	enum shadowk_backend id;
	/* Create a view: the page-table path from the top entry to the text. */
	int (*pgt_init)(struct shk_pgt *pgt);
	/* Free it: no mm may point at it any more. */
	void (*pgt_destroy)(struct shk_pgt *pgt);
	/* Split a text region into 4 KiB entries: a table not yet linked. */
	pte_t *(*alloc_region)(struct shk_pgt *pgt, unsigned long addr);
	/* Inside a commit: link that table into the view. */
	void (*link_region)(struct shk_pgt *pgt, unsigned long addr, pte_t *table);
	/* A table that was never linked (an undone batch). */
	void (*free_region)(pte_t *table);
	/* Inside a commit: map a copied text page at @addr in the view. */
	void (*map_copy)(struct shk_pgt *pgt, unsigned long addr, struct page *page);
	/* Bind/unbind: set the kernel-text top-level entry of @mm's kernel page table. */
	void (*set_top)(pgd_t *entry, pgd_t top);
	/* This CPU's whole TLB, at the end of a commit and after an unbind. */
	void (*flush_local)(void);
};

extern const struct shk_backend_ops *shk_backend;
extern const struct shk_backend_ops shk_backend_native;
extern const struct shk_backend_ops shk_backend_xen_pv;

enum shadowk_backend shk_backend_detect(void);
const char *shk_backend_name(enum shadowk_backend backend);
u32 shk_backend_features(void);
/* At load: pick the backend for this machine. */
int shk_backend_init(void);

/* Native helpers the Xen PV backend builds on (backend_native.c). */
int shk_native_pgt_init(struct shk_pgt *pgt);
void shk_native_pgt_destroy(struct shk_pgt *pgt);
pte_t *shk_native_alloc_region(struct shk_pgt *pgt, unsigned long addr);

#endif /* _SHADOWK_BACKEND_H */
