/*
 * syscall_opens.d - every file the traced process opens with openat(2), and
 *                   how each open ended, as it happens.
 *
 * Shows: the syscall provider (an entry and a return probe on the syscall's
 *        __x64_sys_openat wrapper, in the traced process's shadow only),
 *        arguments by name from the kernel's syscall metadata
 *        (args->filename, args->flags), str() of a syscall's pointer
 *        argument reading user memory, and the return value at return.
 *
 * Run:   shadowtrace -p PID examples/syscall_opens.d
 *        shadowtrace -c 'cat /etc/hostname' examples/syscall_opens.d
 */

syscall::openat:entry
{
	self->path = str(args->filename);
	self->flags = args->flags;
}

syscall::openat:return
{
	printf("%-16s %-40s flags 0x%x -> %d\n", execname, self->path, self->flags, retval);
	self->flags = 0;
}
