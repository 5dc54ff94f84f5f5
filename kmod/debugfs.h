/* SPDX-License-Identifier: GPL-2.0 */
/* /sys/kernel/debug/shadowk/shadows: the module-wide view, for people. */
#ifndef _SHADOWK_DEBUGFS_H
#define _SHADOWK_DEBUGFS_H

void shk_debugfs_init(void);
void shk_debugfs_exit(void);

#endif /* _SHADOWK_DEBUGFS_H */
