/*
 * Typed kernel data in variables (BTF): a cast pointer, curtask, an fbt argument and a struct member
 * kept in $, this->, self-> variables, a global and a map value, followed with ->, '.', [i], str(),
 * buf() and sizeof; a thread-local pointer released by assigning 0 (DTrace). Bit-field members of
 * task_struct (one-bit flags in both 6.1 and 6.12). %rx, %rh and tracemem() of kernel and user memory.
 */
fbt::vfs_open:entry
{
	$t = (struct task_struct *)curtask;
	this->p = $t->parent;
	self->path = args->path;
	last = curtask;
	@task[pid] = curtask;
	$c = $t->comm;
	$r = $t->signal->rlim[7];
	@opens[str($c), $c[0], this->p->pid, sizeof($c)] = count();
	@limits[$r.rlim_cur, $r.rlim_max] = count();
	@names[buf($c)] = count();
	@flags[$t->in_iowait, curtask->sched_reset_on_fork] = count();
	tracemem($c, 16);
	tracemem($t->comm, 16, sizeof($c) - 4);
}

fbt::vfs_open:return
/self->path/
{
	$d = self->path->dentry;
	@files[str($d->d_name.name), last->pid, @task[pid]->tgid] = count();
	printf("%rx %rh\n", buf($d->d_name.name, 8), buf(curtask->comm));
	self->path = 0;
}

syscall::openat:entry
{
	self->name = args->filename;
}

syscall::openat:return
/self->name/
{
	@user[str(self->name)] = count();
	tracemem(self->name, 32);
	tracemem(copyin(self->name, 8), 8, retval);
	self->name = 0;
}
