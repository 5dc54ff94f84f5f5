/*
 * userprofile.d - where the traced program spends its CPU time: its user
 *                 stacks, sampled 99 times a second, the most frequent last.
 *
 * Shows: profile:hz:N sampling only the traced processes, ustack(N) as an
 *        aggregation key (its frames named from the program's ELF files,
 *        also after the program exited), trunc() to the top five.
 *
 * Run:   shadowtrace -c 'gzip -k -f /tmp/big' examples/userprofile.d
 *        shadowtrace -p PID examples/userprofile.d    (Ctrl-C to stop)
 */

profile:hz:99
{
	@[ustack(5)] = count();
}

END
{
	trunc(@, 5);
	printa(@);
}
