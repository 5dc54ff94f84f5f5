/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included first by every file of the module, before any kernel header, so
 * that every pr_*() line starts with "shadowk: " without each one saying so.
 */
#ifndef _SHADOWK_COMMON_H
#define _SHADOWK_COMMON_H

#define pr_fmt(fmt) "shadowk: " fmt

#endif /* _SHADOWK_COMMON_H */
