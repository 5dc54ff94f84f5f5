// SPDX-License-Identifier: GPL-2.0
#include "common.h"
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/lockdep.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <asm/sync_core.h>
#include <asm/tlbflush.h>

#include "commit.h"
#include "pgtable.h"
#include "symbols.h"

struct shk_commit_ctx {
	shk_commit_fn fn;
	void *arg;
	unsigned int leader;
	atomic_t done;
};

/* Runs on every online CPU at once, interrupts off. */
static int shk_commit_stop(void *data)
{
	struct shk_commit_ctx *ctx = data;

	if (smp_processor_id() == ctx->leader) {
		ctx->fn(ctx->arg);
		atomic_set_release(&ctx->done, 1);
	} else {
		while (!atomic_read_acquire(&ctx->done))
			cpu_relax();
	}
	shk_pgt_flush_local();
	sync_core();
	return 0;
}

void shk_text_lock(void)
{
	cpus_read_lock();
	mutex_lock(shk_sym_text_mutex);
}

void shk_text_unlock(void)
{
	mutex_unlock(shk_sym_text_mutex);
	cpus_read_unlock();
}

int shk_commit(shk_commit_fn fn, void *arg, bool live)
{
	struct shk_commit_ctx ctx = { .fn = fn, .arg = arg };

	lockdep_assert_held(shk_sym_text_mutex);
	if (!live) {
		fn(arg);
		return 0;
	}
	ctx.leader = cpumask_first(cpu_online_mask);
	atomic_set(&ctx.done, 0);
	return shk_sym_stop_machine_cpuslocked(shk_commit_stop, &ctx, cpu_online_mask);
}
