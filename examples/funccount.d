/*
 * funccount.d - count calls to every VFS function, by function name.
 *
 * Shows: a glob in the function part of a probe description (fbt::vfs_*:entry),
 *        the probefunc built-in as an aggregation key, count(), and trunc()
 *        to keep only the 10 most called functions.
 *
 * Run:   shadowtrace -p PID examples/funccount.d
 */

fbt::vfs_*:entry
{
	@calls[probefunc] = count();
}

END
{
	trunc(@calls, 10);
	printa("%-32s %@10d\n", @calls);
}
