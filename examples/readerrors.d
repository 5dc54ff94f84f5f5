/*
 * readerrors.d - successful and failed reads, by thread, with the last error.
 *
 * Shows: if/else, plain (non-aggregating) maps holding the last value
 *        (@lasterr), a compound assignment, and the ?: operator.
 *
 * Run:   shadowtrace -p PID examples/readerrors.d
 */

fbt::vfs_read:return
{
	if (retval < 0) {
		@errors[execname] = count();
		@lasterr[execname] = -retval;
	} else {
		@ok[execname] = count();
		total += retval;
	}
}

END
{
	printf("%d bytes read in total (%s)\n", total, total > 0 ? "some data" : "no data");
	printa("%-16s %@d failed reads\n", @errors);
	printa("%-16s %@d successful reads\n", @ok);
	print(@lasterr);
}
