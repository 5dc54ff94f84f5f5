// SPDX-License-Identifier: GPL-2.0
/*
 * shadowk: shadow kernels for per-process dynamic tracing.
 *
 * Load order: resolve every kernel symbol the module depends on, detect the
 * remapping backend, then expose /dev/shadowk. Nothing is touched in the
 * kernel before all of that has succeeded.
 */
#include "common.h"
#include <linux/module.h>
#include <linux/rcupdate_wait.h>

#include "backend.h"
#include "blacklist.h"
#include "bind.h"
#include "coherence.h"
#include "commit.h"
#include "debugfs.h"
#include "hit.h"
#include "device.h"
#include "lazy.h"
#include "limits.h"
#include "preempt.h"
#include "shadow.h"
#include "symbols.h"
#include "text.h"
#include "tpscope.h"
#include "version.h"

/*
 * What exists while shadows do: the coherence hooks, the exec hook, and the
 * hold on the preemption model.
 */
static int shk_hooks_start(void)
{
	int ret = shk_coherence_start();

	if (ret)
		return ret;
	ret = shk_exec_hook_start();
	if (ret)
		goto err_exec;
	ret = shk_preempt_hold_start();
	if (ret)
		goto err_preempt;
	return 0;

err_preempt:
	shk_exec_hook_stop();
err_exec:
	shk_coherence_stop();
	return ret;
}

static void shk_hooks_stop(void)
{
	shk_preempt_hold_stop();
	shk_exec_hook_stop();
	shk_coherence_stop();
}

static const struct shk_lazy_ops shk_lazy_ops = {
	.bound = shk_binding_live,
	.exit_mmap = shk_binding_exit_mmap,
};

static const struct shk_shadow_hooks shk_hooks = {
	.start = shk_hooks_start,
	.stop = shk_hooks_stop,
	.settled = shk_preempt_settled,
};

static int __init shk_init(void)
{
	int ret;

	ret = shk_symbols_init();
	if (ret)
		return ret;
	ret = shk_text_init();
	if (ret)
		return ret;
	/* Its defaults depend on the text's size; it allocates nothing. */
	ret = shk_limits_init();
	if (ret)
		return ret;
	ret = shk_blacklist_init();
	if (ret)
		return ret;
	ret = shk_backend_init();
	if (ret)
		goto err_backend;
	shk_shadow_set_hooks(&shk_hooks);
	shk_lazy_set_ops(&shk_lazy_ops);

	ret = shk_int3_start();
	if (ret) {
		pr_err("cannot register the int3 handler of offset probes (%d)\n", ret);
		goto err_int3;
	}
	ret = shk_device_init();
	if (ret) {
		pr_err("cannot register /dev/shadowk (%d)\n", ret);
		goto err_device;
	}

	shk_debugfs_init();
	pr_info("version %s loaded, ABI %d, backend %s\n",
		SHADOWK_MODULE_VERSION, SHADOWK_ABI_VERSION,
		shk_backend_name(shk_backend_detect()));
	return 0;

err_device:
	shk_int3_stop();
err_int3:
err_backend:
	shk_blacklist_exit();
	return ret;
}

static void __exit shk_exit(void)
{
	shk_debugfs_exit();
	shk_device_exit();
	shk_tpscope_exit();
	shk_commit_exit();
	shk_int3_stop();
	shk_unbind_stale_exit();
	/*
	 * No shadow is left, so nothing leads into module text any more; but a
	 * task interrupted in a trampoline or an out-of-line slot just before
	 * its view went may not have left it yet (xol.h).
	 */
	synchronize_rcu();
	synchronize_rcu_tasks();
	/*
	 * Replaced probe tables are freed by call_rcu() callbacks, which are
	 * module code: wait until every callback queued so far has run, not
	 * just for a grace period. (kfree_rcu() runs no module code, and the
	 * module queues no RCU-tasks callbacks.)
	 */
	rcu_barrier();
	shk_blacklist_exit();
	pr_info("unloaded\n");
}

module_init(shk_init);
module_exit(shk_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Shadow kernels: per-process copy-on-write kernel text");
MODULE_VERSION(SHADOWK_MODULE_VERSION);
