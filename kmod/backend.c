// SPDX-License-Identifier: GPL-2.0
#include "common.h"
#include <asm/cpufeature.h>
#include <asm/pgtable.h>
#include <xen/xen.h>

#include "backend.h"

const struct shk_backend_ops *shk_backend = &shk_backend_native;

enum shadowk_backend shk_backend_detect(void)
{
	return xen_pv_domain() ? SHADOWK_BACKEND_XEN_PV : SHADOWK_BACKEND_NATIVE;
}

int shk_backend_init(void)
{
	switch (shk_backend_detect()) {
	case SHADOWK_BACKEND_NATIVE:
		shk_backend = &shk_backend_native;
		return 0;
	case SHADOWK_BACKEND_XEN_PV:
		shk_backend = &shk_backend_xen_pv;
		return 0;
	}
	return -EOPNOTSUPP;
}

const char *shk_backend_name(enum shadowk_backend backend)
{
	switch (backend) {
	case SHADOWK_BACKEND_NATIVE:
		return "native";
	case SHADOWK_BACKEND_XEN_PV:
		return "xen-pv";
	}
	return "unknown";
}

u32 shk_backend_features(void)
{
	u32 features = 0;

	if (pgtable_l5_enabled())
		features |= SHADOWK_FEAT_LA57;
	/* The endbr64 is in the text whether or not the CPU enforces IBT. */
	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		features |= SHADOWK_FEAT_IBT;
	return features;
}
