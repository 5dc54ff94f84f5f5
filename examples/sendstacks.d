/*
 * sendstacks.d - the kernel stacks that lead to tcp_sendmsg(), most frequent
 *                last.
 *
 * Shows: stack() as an aggregation key, the anonymous aggregation @, and
 *        exit() from a timer to stop after 10 seconds.
 *
 * Run:   shadowtrace -p PID examples/sendstacks.d
 */

fbt::tcp_sendmsg:entry
{
	@[stack()] = count();
}

tick-10s
{
	exit();
}

END
{
	trunc(@, 5);
	printa(@);
}
