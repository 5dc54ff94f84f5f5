/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules a patch must follow before any shadow takes it (the reasons and
 * their errnos are listed in uapi/shadowk.h, SHADOWK_IOC_PATCH).
 */
#ifndef _SHADOWK_PATCH_H
#define _SHADOWK_PATCH_H

#include <linux/types.h>

struct shk_patch_check {
	unsigned long addr;
	unsigned int len;
	bool ftrace_site;		/* in: the probe engine's call at exactly an ftrace site */
	bool jump_site;			/* in: a tracepoint's jump site, enabled in a shadow (tpscope.c) */
	unsigned long owned_end;	/* out: end of the pristine instructions owned */
	bool multi;			/* out: owns or writes more than one instruction */
	const char *reason;		/* out: why it was refused */
};

/*
 * Check @len new bytes at @addr against the pristine text. Caller holds
 * text_mutex, so the pristine bytes cannot change meanwhile. Returns 0 or
 * the errno, with check->reason set; logs one line on refusal.
 */
int shk_patch_check(struct shk_patch_check *check, const u8 *bytes);

/*
 * Is @addr an instruction boundary of the pristine core-text function that
 * contains it? 0, or ERANGE (no function), EBUSY (an int3 before it) or
 * EILSEQ, with @reason set. @fend: the function's end. No lock needed: the
 * answer is checked again under text_mutex when a patch is applied.
 */
int shk_patch_boundary(unsigned long addr, unsigned long *fend, const char **reason);

#endif /* _SHADOWK_PATCH_H */
