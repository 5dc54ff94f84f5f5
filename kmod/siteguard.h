/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping ftrace's checks true while shadows own ftrace sites.
 */
#ifndef _SHADOWK_SITEGUARD_H
#define _SHADOWK_SITEGUARD_H

/* Caller holds shk_lock: hook the reads while any shadow has a probe site. */
void shk_siteguard_update(void);

#endif /* _SHADOWK_SITEGUARD_H */
