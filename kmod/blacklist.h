/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kprobe blacklist for the core kernel's text, as within_kprobe_blacklist()
 * answers it, from a sorted copy made at load.
 */
#ifndef _SHADOWK_BLACKLIST_H
#define _SHADOWK_BLACKLIST_H

int shk_blacklist_init(void);
void shk_blacklist_exit(void);
/* within_kprobe_blacklist(@addr), for an address in core kernel text. */
bool shk_blacklisted(unsigned long addr);

#endif /* _SHADOWK_BLACKLIST_H */
