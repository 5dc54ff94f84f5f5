/* Every action in a kernel probe; exit from the kernel. */
fbt::tcp_sendmsg:entry
{
	@sends[execname] = count();
	printf("%s pid %d tid %d uid %d cpu %d %s %s %k\n", execname, pid, tid, uid, cpu, probefunc, probename, stack());
	trace(arg2);
	trace(execname);
	trace(probefunc);
	stack();
	printf("%s\n", kstack);
	printf("%s\n", ustack(5));
	ustack();
	printa(@sends);
	printa("%-16s %@d\n", @sends);
	print(@sends);
	clear(@sends);
	trunc(@sends, 3);
	trunc(@sends);
}

fbt::tcp_v4_rcv+0x1c
/arg0 == 0/
{
	exit();
}

fbt::tcp_v4_rcv:return
/retval < 0/
{
	exit(retval);
}
