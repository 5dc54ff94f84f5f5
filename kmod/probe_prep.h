/* SPDX-License-Identifier: GPL-2.0 */
/* Between probe.c and attach.c: one probe checked and prepared, not linked yet. */
#ifndef _SHADOWK_PROBE_PREP_H
#define _SHADOWK_PROBE_PREP_H

#include "uapi/shadowk.h"

struct shk_probe;

/* Checks @r and takes a reference to its program; ERR_PTR with @r's error. */
struct shk_probe *shk_probe_prepare(struct shadowk_probe *r);

#endif /* _SHADOWK_PROBE_PREP_H */
