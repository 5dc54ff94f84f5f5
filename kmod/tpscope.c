// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoints enabled in one shadow only.
 *
 * A tracepoint's call sites are jump labels on its static key: a NOP while
 * the key is off, a jump to the code that calls the registered callbacks
 * while it is on. Registering a callback turns the key on for the whole
 * kernel (tracepoint_add_func()), so every task that passes a site pays
 * for the callbacks, perf's included, which then test whether the task is
 * traced. Here the caller's perf event has registered perf's callback;
 * the module turns the key off again through the kernel's own path
 * (static_key_disable(): the pristine text holds the NOPs again, and
 * coherence.c replays that write into every shadow), then writes the
 * enabled form of each site into this shadow's copy of its page. Only a
 * task running the shadow's view reaches the callback list, which still
 * holds perf's callback; every other task runs the NOP.
 *
 * What keeps that safe:
 *  - The kernel believes the key is on whenever the list is not empty, and
 *    acts on it when the list next changes: a second callback added while
 *    the key is off would not turn it on (tracepoint_add_func() turns it on
 *    for the first callback only), and the kernel's jump-label write reads
 *    each site back through the writer's own view first
 *    (__jump_label_patch(), a BUG() on a mismatch), where a task bound to
 *    the shadow would see the shadow's jump. So the module gives the
 *    tracepoint back before any other user can come: a hook at
 *    tracepoint_add_func() (every registration: ftrace, perf, BPF raw
 *    tracepoints, modules) and one at perf_trace_event_init() (a second perf
 *    event on the tracepoint shares perf's callback and registers nothing)
 *    restore the shadow's sites to the pristine NOPs, then turn the key on
 *    again, before the kernel's function runs. From then on the tracepoint
 *    is enabled for every task as usual, and the program's own scope test
 *    still counts only the traced processes.
 *  - Removing a callback while the key is off is harmless: removing perf's,
 *    the last, makes static_key_disable() find the key off and write
 *    nothing; a shadow site that then still jumps finds an empty list.
 *  - Only tracepoints without a registration function: the syscall
 *    tracepoints' (syscall_regfunc()) run when the key is found off, and
 *    would be run twice.
 *  - Only the core kernel's tracepoints whose sites are all in the core
 *    text a shadow covers (JUMP_TYPE_LINKED: a module has sites too).
 *  - When the shadow goes, its sites go with its copies; the key is turned
 *    on again if callbacks remain (perf's, until its event is closed).
 */
#include "common.h"
#include <linux/file.h>
#include <linux/jump_label.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/trace_events.h>
#include <linux/tracepoint.h>
#include <asm/nops.h>

#include "hook.h"
#include "shadow.h"
#include "symbols.h"
#include "text.h"
#include "tpscope.h"
#include "uapi/shadowk.h"

/* More than this many sites for one tracepoint: refused. */
#define SHK_TP_SITES_MAX	256
/* A site is a 2- or 5-byte NOP or jmp (arch_jump_entry_size()). */
#define SHK_TP_SITE_MAX_LEN	5

struct shk_tpscope {
	struct tracepoint *tp;		/* NULL: a free slot; the hooks read it without locks */
	struct trace_event_call *call;
	struct shk_shadow *sh;
	unsigned int nr_sites;
	unsigned long *sites;		/* the addresses patched in @sh */
};

static struct shk_tpscope shk_tp_slots[SHADOWK_TRACEPOINTS_MAX];
/* Tracepoints given back to every task because another user came. */
static atomic64_t shk_tp_given_back = ATOMIC64_INIT(0);
/* Arming and disarming the hooks; taken before event_mutex. */
static DEFINE_MUTEX(shk_tp_hook_lock);
static bool shk_tp_hooked;

static const u8 shk_tp_nop5[] = { BYTES_NOP5 };
static const u8 shk_tp_nop2[] = { BYTES_NOP2 };

static bool shk_tp_usable(void)
{
	return IS_ENABLED(CONFIG_TRACEPOINTS) && IS_ENABLED(CONFIG_PERF_EVENTS) &&
	       IS_ENABLED(CONFIG_JUMP_LABEL) && shk_sym_tracepoint_add_func &&
	       shk_sym_perf_trace_event_init && shk_sym_perf_event_get && shk_sym_perf_get_event &&
	       shk_sym_tracepoints_mutex && shk_sym_event_mutex &&
	       shk_sym___start___jump_table && shk_sym___stop___jump_table;
}

static struct shk_tpscope *shk_tp_find(const struct tracepoint *tp)
{
	unsigned int i;

	for (i = 0; tp && i < ARRAY_SIZE(shk_tp_slots); i++)
		if (READ_ONCE(shk_tp_slots[i].tp) == tp)
			return &shk_tp_slots[i];
	return NULL;
}

static struct shk_tpscope *shk_tp_find_call(const struct trace_event_call *call)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shk_tp_slots); i++)
		if (READ_ONCE(shk_tp_slots[i].tp) && READ_ONCE(shk_tp_slots[i].call) == call)
			return &shk_tp_slots[i];
	return NULL;
}

static struct tracepoint_func *shk_tp_funcs(struct tracepoint *tp)
{
	/* Under tracepoints_mutex, which every writer of tp->funcs holds. */
	return rcu_dereference_protected(tp->funcs, true);
}

static void shk_tp_free(struct shk_tpscope *s)
{
	kfree(s->sites);
	s->sites = NULL;
	s->nr_sites = 0;
	s->sh = NULL;
	WRITE_ONCE(s->call, NULL);
}

/*
 * Under tracepoints_mutex: the shadow's sites back to the pristine NOPs,
 * then the key on for every task, as the kernel expects it with callbacks
 * registered. On failure the tracepoint stays held, and the caller fails.
 */
static int shk_tp_give_back(struct shk_tpscope *s, const char *why)
{
	struct tracepoint *tp = s->tp;
	int ret;

	mutex_lock(&shk_lock);
	ret = shk_shadow_unpatch_batch(s->sh, s->sites, s->nr_sites);
	mutex_unlock(&shk_lock);
	if (ret) {
		pr_err_ratelimited("tracepoint %s: cannot restore its sites in shadow %llu (%d); %s refused\n",
				   tp->name, s->sh->id, ret, why);
		return ret;
	}
	WRITE_ONCE(s->tp, NULL);
	shk_tp_free(s);
	if (shk_tp_funcs(tp))
		static_key_enable(&tp->key);
	atomic64_inc(&shk_tp_given_back);
	pr_info("tracepoint %s: %s; enabled for every task again\n", tp->name, why);
	return 0;
}

/* Entered instead of tracepoint_add_func(), tracepoints_mutex held, with a module reference. */
static int shk_tp_add_func(struct tracepoint *tp, struct tracepoint_func *func, int prio, bool warn)
{
	struct shk_tpscope *s = shk_tp_find(tp);
	int ret = 0;

	if (s)
		ret = shk_tp_give_back(s, "another user registers on it");
	/* Given back, so the hook now lets the kernel's function run. */
	if (!ret)
		ret = shk_sym_tracepoint_add_func(tp, func, prio, warn);
	module_put(THIS_MODULE);
	return ret;
}

/* Entered instead of perf_trace_event_init(), event_mutex held, with a module reference. */
static int shk_tp_perf_init(struct trace_event_call *call, struct perf_event *event)
{
	struct shk_tpscope *s;
	int ret = 0;

	mutex_lock(shk_sym_tracepoints_mutex);
	s = shk_tp_find_call(call);
	if (s)
		ret = shk_tp_give_back(s, "another perf event opens on it");
	mutex_unlock(shk_sym_tracepoints_mutex);
	if (!ret)
		ret = shk_sym_perf_trace_event_init(call, event);
	module_put(THIS_MODULE);
	return ret;
}

/*
 * Preemption off. The hooks are disarmed (unregister_kprobe() waits for
 * running handlers) before the module can go, and the reference keeps it
 * loaded until the copy returns, even if it sleeps.
 */
static int shk_tp_add_pre(struct kprobe *kp, struct pt_regs *regs)
{
	if (!shk_tp_find((struct tracepoint *)regs->di))
		return 0;
	__module_get(THIS_MODULE);
	return shk_kprobe_redirect(regs, shk_tp_add_func);
}

static int shk_tp_perf_pre(struct kprobe *kp, struct pt_regs *regs)
{
	if (!shk_tp_find_call((struct trace_event_call *)regs->di))
		return 0;
	__module_get(THIS_MODULE);
	return shk_kprobe_redirect(regs, shk_tp_perf_init);
}

static struct kprobe shk_tp_add_kp = {
	.symbol_name = "tracepoint_add_func",
	.pre_handler = shk_tp_add_pre,
};

static struct kprobe shk_tp_perf_kp = {
	.symbol_name = "perf_trace_event_init",
	.pre_handler = shk_tp_perf_pre,
};

#define SHK_TP_RISK "a tracepoint held in a shadow would hide from its other users; not held"

/* Under shk_tp_hook_lock. */
static int shk_tp_hooks_arm(void)
{
	int ret;

	if (shk_tp_hooked)
		return 0;
	ret = shk_kprobe_register(&shk_tp_add_kp, SHK_TP_RISK);
	if (ret)
		return ret;
	ret = shk_kprobe_register(&shk_tp_perf_kp, SHK_TP_RISK);
	if (ret) {
		shk_kprobe_unregister(&shk_tp_add_kp);
		return ret;
	}
	shk_tp_hooked = true;
	return 0;
}

/* Under shk_tp_hook_lock: once no tracepoint is held (at the release of a shadow, or of a failed request). */
static void shk_tp_hooks_disarm_if_idle(void)
{
	unsigned int i;

	if (!shk_tp_hooked)
		return;
	for (i = 0; i < ARRAY_SIZE(shk_tp_slots); i++)
		if (READ_ONCE(shk_tp_slots[i].tp))
			return;
	shk_kprobe_unregister(&shk_tp_perf_kp);
	shk_kprobe_unregister(&shk_tp_add_kp);
	shk_tp_hooked = false;
}

/* Under both mutexes: whether the shadow may hold @call's tracepoint, and a free slot. */
static int shk_tp_check(struct trace_event_call *call, struct shk_tpscope **slot)
{
	struct tracepoint_func *funcs;
	struct tracepoint *tp;
	unsigned int i;

	if (!call || !(call->flags & TRACE_EVENT_FL_TRACEPOINT) ||
	    (call->flags & TRACE_EVENT_FL_DYNAMIC) || call->module) {
		pr_notice_ratelimited("TRACEPOINT refused: not a tracepoint of the core kernel\n");
		return -EOPNOTSUPP;
	}
	tp = call->tp;
	if (tp->regfunc || tp->unregfunc) {
		pr_notice_ratelimited("TRACEPOINT %s refused: it has a registration function, which runs whenever the key is found off\n",
				      tp->name);
		return -EOPNOTSUPP;
	}
	if (tp->key.type & JUMP_TYPE_LINKED) {
		pr_notice_ratelimited("TRACEPOINT %s refused: modules have sites of it\n", tp->name);
		return -EOPNOTSUPP;
	}
	if (shk_tp_find(tp)) {
		pr_notice_ratelimited("TRACEPOINT %s refused: a shadow holds it already\n", tp->name);
		return -EBUSY;
	}
	funcs = shk_tp_funcs(tp);
	if (!funcs || funcs[0].func != call->class->perf_probe || funcs[0].data != call ||
	    funcs[1].func || call->perf_refcount != 1 || !static_key_enabled(&tp->key)) {
		pr_notice_ratelimited("TRACEPOINT %s refused: it has users besides the caller's perf event\n",
				      tp->name);
		return -EBUSY;
	}
	for (i = 0; i < ARRAY_SIZE(shk_tp_slots); i++) {
		if (!READ_ONCE(shk_tp_slots[i].tp)) {
			*slot = &shk_tp_slots[i];
			return 0;
		}
	}
	pr_notice_ratelimited("TRACEPOINT %s refused: %d tracepoints are held\n", tp->name,
			      SHADOWK_TRACEPOINTS_MAX);
	return -ENOSPC;
}

/* The jump-table entries of the key's sites, all in the core text, or -errno. */
static int shk_tp_sites(struct tracepoint *tp, struct jump_entry **entries)
{
	struct jump_entry *e;
	int n = 0;

	for (e = shk_sym___start___jump_table; e < shk_sym___stop___jump_table; e++) {
		unsigned long code = jump_entry_code(e);

		if (jump_entry_key(e) != &tp->key || jump_entry_is_init(e))
			continue;
		if (n == SHK_TP_SITES_MAX) {
			pr_notice_ratelimited("TRACEPOINT %s refused: more than %d sites\n", tp->name,
					      SHK_TP_SITES_MAX);
			return -EOPNOTSUPP;
		}
		if (!shk_text_contains(code, 2)) {
			pr_notice_ratelimited("TRACEPOINT %s refused: a site at %pS is outside the core text\n",
					      tp->name, (void *)code);
			return -EOPNOTSUPP;
		}
		entries[n++] = e;
	}
	return n;
}

/*
 * With the key off: the enabled form of the site at @code, jumping to
 * @target, into @out, after checking that the pristine text holds the
 * disabled form (what __jump_label_patch() computes). Returns its length.
 */
static int shk_tp_enabled_form(unsigned long code, unsigned long target, bool branch, u8 *out)
{
	const u8 *now = shk_pristine(code);
	u8 jmp[SHK_TP_SITE_MAX_LEN];
	const u8 *nop;
	long disp;
	s32 rel;
	int len;

	if (now[0] == 0xe9 || !memcmp(now, shk_tp_nop5, 5)) {
		len = 5;
		nop = shk_tp_nop5;
		disp = target - (code + 5);
		if (disp != (s32)disp)
			return -EILSEQ;
		rel = disp;
		jmp[0] = 0xe9;
		memcpy(&jmp[1], &rel, sizeof(rel));
	} else if (now[0] == 0xeb || !memcmp(now, shk_tp_nop2, 2)) {
		len = 2;
		nop = shk_tp_nop2;
		disp = target - (code + 2);
		if (disp != (s8)disp)
			return -EILSEQ;
		jmp[0] = 0xeb;
		jmp[1] = (u8)(s8)disp;
	} else {
		return -EILSEQ;
	}
	/* Off: a NOP, or the jump for a likely branch (JUMP_TYPE_TRUE). */
	if (memcmp(now, branch ? jmp : nop, len))
		return -EILSEQ;
	memcpy(out, branch ? nop : jmp, len);
	return len;
}

int shk_tpscope_add(struct shk_shadow *sh, int perf_fd)
{
	struct shk_patch_req *reqs = NULL;
	struct jump_entry **entries = NULL;
	unsigned long *sites = NULL;
	const struct perf_event *event;
	struct trace_event_call *call;
	struct shk_tpscope *slot;
	struct tracepoint *tp;
	struct file *file;
	u8 (*bytes)[SHK_TP_SITE_MAX_LEN] = NULL;
	int ret, n, i;

	if (!shk_tp_usable()) {
		pr_notice_ratelimited("TRACEPOINT refused: this kernel lacks the tracepoint, perf or jump-label internals it needs\n");
		return -EOPNOTSUPP;
	}
	file = shk_sym_perf_event_get(perf_fd);
	if (IS_ERR(file)) {
		pr_notice_ratelimited("TRACEPOINT refused: fd %d is not a perf event\n", perf_fd);
		return -EBADF;
	}
	event = shk_sym_perf_get_event(file);
	if (IS_ERR(event) || event->attr.type != PERF_TYPE_TRACEPOINT) {
		pr_notice_ratelimited("TRACEPOINT refused: fd %d is not a tracepoint's perf event\n", perf_fd);
		ret = -EINVAL;
		goto err_event;
	}
	ret = -ENOMEM;
	sites = kcalloc(SHK_TP_SITES_MAX, sizeof(*sites), GFP_KERNEL);
	entries = kcalloc(SHK_TP_SITES_MAX, sizeof(*entries), GFP_KERNEL);
	bytes = kcalloc(SHK_TP_SITES_MAX, sizeof(*bytes), GFP_KERNEL);
	reqs = kcalloc(SHK_TP_SITES_MAX, sizeof(*reqs), GFP_KERNEL);
	if (!sites || !entries || !bytes || !reqs)
		goto err_alloc;

	mutex_lock(&shk_tp_hook_lock);
	ret = shk_tp_hooks_arm();
	if (ret) {
		ret = -EOPNOTSUPP;
		goto err_hooks;
	}
	mutex_lock(shk_sym_event_mutex);
	mutex_lock(shk_sym_tracepoints_mutex);
	call = event->tp_event;
	ret = shk_tp_check(call, &slot);
	if (ret)
		goto err_check;
	tp = call->tp;
	n = ret = shk_tp_sites(tp, entries);
	if (ret < 0)
		goto err_check;
	if (!n) {
		pr_notice_ratelimited("TRACEPOINT %s refused: no site in the core text\n", tp->name);
		ret = -EOPNOTSUPP;
		goto err_check;
	}

	/* The kernel's own path: the pristine NOPs back, replayed into every shadow. */
	static_key_disable(&tp->key);
	for (i = 0; i < n; i++) {
		sites[i] = jump_entry_code(entries[i]);
		ret = shk_tp_enabled_form(sites[i], jump_entry_target(entries[i]),
					  jump_entry_is_branch(entries[i]), bytes[i]);
		if (ret < 0) {
			pr_notice_ratelimited("TRACEPOINT %s refused: the site at %pS holds neither form of its jump label\n",
					      tp->name, (void *)sites[i]);
			goto err_enable;
		}
		reqs[i] = (struct shk_patch_req) {
			.addr = sites[i], .bytes = bytes[i], .len = ret, .jump_site = true,
		};
	}
	mutex_lock(&shk_lock);
	ret = shk_shadow_patch_batch(sh, reqs, n, false, NULL, NULL);
	mutex_unlock(&shk_lock);
	if (ret)
		goto err_enable;

	slot->call = call;
	slot->sh = sh;
	slot->sites = sites;
	slot->nr_sites = n;
	WRITE_ONCE(slot->tp, tp);
	sites = NULL;		/* the slot's now */
	ret = n;
	goto out_unlock;

err_enable:
	static_key_enable(&tp->key);
err_check:
out_unlock:
	mutex_unlock(shk_sym_tracepoints_mutex);
	mutex_unlock(shk_sym_event_mutex);
	shk_tp_hooks_disarm_if_idle();	/* a no-op once a slot is held */
err_hooks:
	mutex_unlock(&shk_tp_hook_lock);
err_alloc:
	kfree(reqs);
	kfree(bytes);
	kfree(entries);
	kfree(sites);
err_event:
	fput(file);
	return ret;
}

void shk_tpscope_release_and_destroy(struct shk_shadow *sh)
{
	struct tracepoint *held[SHADOWK_TRACEPOINTS_MAX];
	unsigned int i, n = 0;

	if (!shk_tp_usable()) {
		shk_shadow_destroy(sh);
		return;
	}
	mutex_lock(shk_sym_tracepoints_mutex);
	for (i = 0; i < ARRAY_SIZE(shk_tp_slots); i++) {
		struct shk_tpscope *s = &shk_tp_slots[i];

		if (READ_ONCE(s->tp) && s->sh == sh) {
			held[n++] = s->tp;
			WRITE_ONCE(s->tp, NULL);
			shk_tp_free(s);
		}
	}
	if (!n) {
		mutex_unlock(shk_sym_tracepoints_mutex);
		shk_shadow_destroy(sh);
	} else {
		/*
		 * The shadow's copies, and the enabled sites in them, go
		 * first: no task can run its view any more (nothing is bound
		 * to it), and the key then turns on in one view only, the
		 * pristine one.
		 */
		shk_shadow_destroy(sh);
		for (i = 0; i < n; i++)
			if (shk_tp_funcs(held[i]))
				static_key_enable(&held[i]->key);
		mutex_unlock(shk_sym_tracepoints_mutex);
	}

	/* Also after a give-back, which runs where the hooks cannot be disarmed. */
	mutex_lock(&shk_tp_hook_lock);
	shk_tp_hooks_disarm_if_idle();
	mutex_unlock(&shk_tp_hook_lock);
}

void shk_tpscope_show(struct seq_file *m)
{
	unsigned int i;

	seq_printf(m, "hooked=%d given_back=%lld\n", READ_ONCE(shk_tp_hooked),
		   atomic64_read(&shk_tp_given_back));
	if (!shk_tp_usable())
		return;
	mutex_lock(shk_sym_tracepoints_mutex);
	for (i = 0; i < ARRAY_SIZE(shk_tp_slots); i++) {
		struct shk_tpscope *s = &shk_tp_slots[i];

		if (s->tp)
			seq_printf(m, "%s shadow=%llu sites=%u key=%d\n", s->tp->name, s->sh->id,
				   s->nr_sites, static_key_enabled(&s->tp->key));
	}
	mutex_unlock(shk_sym_tracepoints_mutex);
}

/* Module exit: no shadow is left, so no tracepoint is held. */
void shk_tpscope_exit(void)
{
	mutex_lock(&shk_tp_hook_lock);
	shk_tp_hooks_disarm_if_idle();
	mutex_unlock(&shk_tp_hook_lock);
}
