// SPDX-License-Identifier: GPL-2.0
/*
 * The paper's baseline: global kprobes with an empty handler, on every
 * process. insmod kprobe_empty.ko syms=f1,f2,f3 registers one kprobe per
 * symbol; /sys/module/kprobe_empty/parameters/hits counts the hits (a
 * per-CPU increment, so that the benchmark can check they fired).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#define MAX_SYMS 8

static char *syms;
module_param(syms, charp, 0444);
MODULE_PARM_DESC(syms, "comma-separated functions to probe");

static DEFINE_PER_CPU(unsigned long, hit_count);
static struct kprobe probes[MAX_SYMS];
static int nprobes;

static int empty_pre(struct kprobe *kp, struct pt_regs *regs)
{
	this_cpu_inc(hit_count);
	return 0;
}

static int hits_get(char *buf, const struct kernel_param *kp)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(hit_count, cpu);
	return sysfs_emit(buf, "%lu\n", sum);
}
static const struct kernel_param_ops hits_ops = { .get = hits_get };
module_param_cb(hits, &hits_ops, NULL, 0444);

static char *names;	/* the split copy of syms the kprobes point into */

static void unregister_all(void)
{
	while (nprobes > 0)
		unregister_kprobe(&probes[--nprobes]);
}

static int __init kprobe_empty_init(void)
{
	char *cur, *name;
	int ret;

	if (!syms || !*syms)
		return -EINVAL;
	names = kstrdup(syms, GFP_KERNEL);
	if (!names)
		return -ENOMEM;
	cur = names;
	while ((name = strsep(&cur, ",")) && nprobes < MAX_SYMS) {
		struct kprobe *kp = &probes[nprobes];

		kp->symbol_name = name;
		kp->pre_handler = empty_pre;
		ret = register_kprobe(kp);
		if (ret) {
			pr_err("kprobe_empty: %s: %d\n", name, ret);
			goto fail_register;
		}
		nprobes++;
	}
	return 0;

fail_register:
	unregister_all();
	kfree(names);
	return ret;
}

static void __exit kprobe_empty_exit(void)
{
	unregister_all();
	kfree(names);
}

module_init(kprobe_empty_init);
module_exit(kprobe_empty_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Benchmark baseline: global kprobes with an empty handler");
