// SPDX-License-Identifier: GPL-2.0
/*
 * Origins of bindings (binding.h): one per BIND request, shared by the
 * bindings it gives rise to (fork children, exec rebinds), with the
 * binder's credentials and, for a binding of another process, the fd table
 * that owns it (owner.c undoes the bindings when that table lets go of the
 * shadow). Listed under a spinlock, since their last reference may go in
 * any context; "gone" changes under shk_lock.
 */
#include "common.h"
#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "binding.h"
#include "shadow.h"

static LIST_HEAD(shk_origins);
static DEFINE_SPINLOCK(shk_origin_lock);

struct shk_origin *shk_origin_new(struct shk_shadow *sh, void *owner)
{
	struct shk_origin *o = kzalloc(sizeof(*o), GFP_KERNEL);
	unsigned long irqflags;

	if (!o)
		return NULL;
	refcount_set(&o->refs, 1);
	o->shadow = sh;
	o->owner = owner;
	o->cred = get_current_cred();
	spin_lock_irqsave(&shk_origin_lock, irqflags);
	list_add(&o->node, &shk_origins);
	spin_unlock_irqrestore(&shk_origin_lock, irqflags);
	return o;
}

void shk_origin_get(struct shk_origin *o)
{
	refcount_inc(&o->refs);
}

bool shk_origin_tryget(struct shk_origin *o)
{
	return refcount_inc_not_zero(&o->refs);
}

void shk_origin_put(struct shk_origin *o)
{
	unsigned long irqflags;

	if (!refcount_dec_and_lock_irqsave(&o->refs, &shk_origin_lock, &irqflags))
		return;
	list_del(&o->node);
	spin_unlock_irqrestore(&shk_origin_lock, irqflags);
	put_cred(o->cred);
	kfree_rcu(o, rcu);
}

static int shk_fd_is(const void *file, struct file *f, unsigned int fd)
{
	return f == file;
}

bool shk_table_holds(void *owner, struct file *file)
{
	return iterate_fd(owner, 0, shk_fd_is, file);
}

int shk_origin_check_owner(struct shk_origin *o, struct file *file)
{
	lockdep_assert_held(&shk_lock);
	if (!o->owner || shk_table_holds(o->owner, file))
		return 0;
	/* Closed by another thread since the request began: a later flush would not see this origin. */
	o->gone = true;
	pr_notice_ratelimited("pid %d closed the shadow while binding: nothing is bound\n",
			      task_tgid_nr(current));
	return -EBADF;
}

/* Caller holds shk_lock: @owner's origins for @sh are gone; were there any? */
bool shk_origins_mark_gone(struct shk_shadow *sh, void *owner)
{
	struct shk_origin *o;
	bool any = false;

	lockdep_assert_held(&shk_lock);
	spin_lock_irq(&shk_origin_lock);
	list_for_each_entry(o, &shk_origins, node) {
		if (o->shadow == sh && o->owner == owner && !o->gone) {
			WRITE_ONCE(o->gone, true);
			any = true;
		}
	}
	spin_unlock_irq(&shk_origin_lock);
	return any;
}
