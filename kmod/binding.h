/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the binding code (bind.c, request.c, origin.c, owner.c, exec.c): the binding records,
 * their origins, and the steps the three files share. Users of bindings
 * include bind.h only.
 */
#ifndef _SHADOWK_BINDING_H
#define _SHADOWK_BINDING_H

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/mm_types.h>
#include <linux/refcount.h>

struct shk_shadow;

/*
 * Where a binding comes from: one BIND request, shared by the bindings it
 * gives rise to (fork children, exec rebinds).
 *  - owner: the fd table (files_struct) of the tracer that bound another
 *    process; NULL for a self-bind or SHADOWK_BIND_PERSIST. When the owner
 *    holds no descriptor of the shadow any more (closed, or its process
 *    exited), the origin is gone and its bindings are unbound (owner.c).
 *  - cred: the binder's credentials at BIND, against which a
 *    credential-changing exec is checked (exec.c).
 * Origins are on shk_origins (under shk_origin_lock) while referenced;
 * gone is written and read under shk_lock (the exec hook reads it as a hint).
 */
struct shk_origin {
	struct list_head node;
	refcount_t refs;
	struct shk_shadow *shadow;
	void *owner;
	const struct cred *cred;
	bool gone;
	struct rcu_head rcu;
};

struct shk_binding {
	struct hlist_node node;		/* in shk_bindings, keyed by mm */
	struct mm_struct *mm;		/* not counted: lives while the token does */
	struct shk_shadow *shadow;
	struct file *file;		/* not counted: the token VMA holds it */
	struct shk_origin *origin;	/* counted */
	unsigned long token;		/* start of the token VMA */
	u32 flags;
	bool live;			/* mm's top entry points at the shadow (AT_NEXT_EXEC: not yet) */
	bool reaping;			/* owner.c is unmapping its token */
	struct rcu_head rcu;
};

#define SHK_BINDINGS_BITS	8
extern struct hlist_head shk_bindings[1 << SHK_BINDINGS_BITS];

/* Under shk_lock or RCU. */
struct shk_binding *shk_binding_find(struct mm_struct *mm);
/* Caller holds shk_lock. */
void shk_binding_set_live(struct shk_binding *b, bool live);
int shk_switch_live(struct mm_struct *mm, pgd_t top);

/* Binds current's mm; @origin is referenced by the binding on success. */
int shk_bind_current(struct file *file, u32 flags, struct shk_origin *origin);
/* Unbinds current's mm from the shadow of @file and unmaps its token. */
int shk_unbind_current(struct file *file);

struct shk_origin *shk_origin_new(struct shk_shadow *sh, void *owner);
void shk_origin_get(struct shk_origin *o);
/* Under RCU, from a binding found there: a reference, or false if it is going. */
bool shk_origin_tryget(struct shk_origin *o);
void shk_origin_put(struct shk_origin *o);	/* any context */
/* Caller holds shk_lock; @owner's table must still hold @file, else the origin is gone. */
int shk_origin_check_owner(struct shk_origin *o, struct file *file);
/* Does the fd table @owner hold a descriptor of @file? */
bool shk_table_holds(void *owner, struct file *file);
/* Caller holds shk_lock: mark @owner's origins for @sh gone; were there any? */
bool shk_origins_mark_gone(struct shk_shadow *sh, void *owner);

#endif /* _SHADOWK_BINDING_H */
