/*
 * writesize_bt.d - write sizes per process name, in bpftrace spelling.
 *
 * Shows: the bpftrace dialect that shadowtrace also accepts: kprobe: and
 *        kretprobe: probes, comm, $scratch variables, hist() and lhist(),
 *        interval:s:5, and print()/clear() on the maps.
 *
 * Run:   shadowtrace -p PID examples/writesize_bt.d
 */

kprobe:vfs_write
{
	$size = arg2;
	@sizes[comm] = hist($size);
	@small[comm] = lhist($size, 0, 1024, 128);
}

kretprobe:vfs_write /retval < 0/ { @failed[comm] = count(); }

interval:s:5
{
	print(@sizes);
	print(@small);
	print(@failed);
	clear(@sizes);
	clear(@small);
	clear(@failed);
}
