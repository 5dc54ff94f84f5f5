// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: warns once at load. The VM harness must turn this into
 * a failed run (panic_on_warn); tests/vm/harness-warn-fails.sh checks that.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init warnmod_init(void)
{
	WARN(1, "warnmod: deliberate warning to test the VM harness\n");
	return 0;
}

static void __exit warnmod_exit(void)
{
}

module_init(warnmod_init);
module_exit(warnmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("shadowtrace test: a module that warns at load");
