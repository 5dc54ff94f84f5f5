/*
 * readbytes.d - bytes returned by vfs_read(), by thread name.
 *
 * Shows: retval in a return probe, a predicate that skips errors and EOF,
 *        sum() keyed by execname, and a formatted printa().
 *
 * Run:   shadowtrace -p PID examples/readbytes.d
 */

fbt::vfs_read:return
/retval > 0/
{
	@bytes[execname] = sum(retval);
}

END
{
	printf("%-16s %12s\n", "THREAD", "BYTES");
	printa("%-16s %@12d\n", @bytes);
}
