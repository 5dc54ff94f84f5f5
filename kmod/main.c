// SPDX-License-Identifier: GPL-2.0
/*
 * shadowk: shadow kernels for per-process dynamic tracing.
 *
 * Load order: resolve every kernel symbol the module depends on, detect the
 * remapping backend, then expose /dev/shadowk. Nothing is touched in the
 * kernel before all of that has succeeded.
 */
#include <linux/module.h>

#include "backend.h"
#include "debugfs.h"
#include "device.h"
#include "symbols.h"
#include "text.h"
#include "version.h"

static int __init shk_init(void)
{
	int ret;

	ret = shk_symbols_init();
	if (ret)
		return ret;
	ret = shk_text_init();
	if (ret)
		return ret;

	ret = shk_device_init();
	if (ret) {
		pr_err("shadowk: cannot register /dev/shadowk (%d)\n", ret);
		return ret;
	}

	shk_debugfs_init();
	pr_info("shadowk: version %s loaded, ABI %d, backend %s\n",
		SHADOWK_MODULE_VERSION, SHADOWK_ABI_VERSION,
		shk_backend_name(shk_backend_detect()));
	return 0;
}

static void __exit shk_exit(void)
{
	shk_debugfs_exit();
	shk_device_exit();
	pr_info("shadowk: unloaded\n");
}

module_init(shk_init);
module_exit(shk_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Shadow kernels: per-process copy-on-write kernel text");
MODULE_VERSION(SHADOWK_MODULE_VERSION);
