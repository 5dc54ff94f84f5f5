/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The remapping backend: how a shadow's view of kernel text reaches the
 * page tables. Natively the module writes x86-64 page-table entries itself;
 * in a Xen PV guest every page-table write is a hypercall and every new
 * page-table page must be pinned. The backend is chosen once, at load.
 */
#ifndef _SHADOWK_BACKEND_H
#define _SHADOWK_BACKEND_H

#include <linux/types.h>

#include "uapi/shadowk.h"

enum shadowk_backend shk_backend_detect(void);
const char *shk_backend_name(enum shadowk_backend backend);
u32 shk_backend_features(void);

#endif /* _SHADOWK_BACKEND_H */
