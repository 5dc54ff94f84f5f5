/* Every aggregating function, with keys of every kind, and none. */
fbt::vfs_*:entry
{
	@calls[probefunc, probename] = count();
	@bytes[execname, pid] = sum(arg2);
	@small = min(arg2);
	@large[cpu] = max(arg2);
	@mean[uid, cgroup] = avg(arg2);
	@pow2[probefunc] = quantize(arg2);
	@lin[execname] = lquantize(arg2, -1000, 100000, 4096);
	@hdr1 = hdr(arg2, 1);
	@hdr2[probefunc] = hdr(arg2 - 10);
	@hdr3[execname, pid] = hdr(arg2, 3);
	@kstack[stack(), tid] = count();
	@bykstack[kstack, probefunc] = count();
	@ustack[ustack, tid] = count();
	@ushaped[ustack(perf, 4), kstack(3)] = count();
}
