// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klpmod: the kernel's livepatch sample (samples/livepatch/livepatch-sample.c,
 * Copyright (C) 2014 Seth Jennings), for module-hardening: loading it and
 * disabling it run two livepatch transitions, whose ends re-apply the
 * preemption model on 6.12 (sched_dynamic_klp_disable()). It replaces
 * cmdline_proc_show(), so /proc/cmdline says whether it is live.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int klpmod_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = klpmod_cmdline_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int klpmod_init(void)
{
	return klp_enable_patch(&patch);
}

static void klpmod_exit(void)
{
}

module_init(klpmod_init);
module_exit(klpmod_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
