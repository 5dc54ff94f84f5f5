/*
 * readsize_hdr.d - percentiles of requested read sizes, per program.
 *
 * Shows: hdr(), an HdrHistogram counted in the kernel at 2 significant
 *        digits (hdr(x, 3) for 3), printed as count, min, mean, p50, p90,
 *        p99, p99.9, max and stddev; with --json also its compressed
 *        encoding, which HdrHistogram decodes.
 *
 * Run:   shadowtrace -p PID examples/readsize_hdr.d      (Ctrl-C to print)
 */

fbt::vfs_read:entry
{
	@sizes[execname] = hdr(arg2);
}
