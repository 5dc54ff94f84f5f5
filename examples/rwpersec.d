/*
 * rwpersec.d - reads and writes per second, printed every second.
 *
 * Shows: several probes on one clause, a tick-1s timer (it runs in the
 *        tracer, not in the traced process) that prints and then clears the
 *        aggregation, and a global variable counting the seconds.
 *
 * Run:   shadowtrace -p PID examples/rwpersec.d
 */

fbt::vfs_read:entry,
fbt::vfs_write:entry
{
	@ops[probefunc] = count();
}

tick-1s
{
	seconds++;
	printf("--- %d s ---\n", seconds);
	printa("%-10s %@8d\n", @ops);
	clear(@ops);
}
