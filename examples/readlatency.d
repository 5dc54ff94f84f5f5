#!/usr/bin/env shadowtrace
/*
 * readlatency.d - distribution of vfs_read() latency, in nanoseconds.
 *
 * Shows: a thread-local variable (self->ts) carried from an entry probe to the
 *        matching return probe, a predicate, quantize(), and printa() in END.
 *
 * Run:   shadowtrace -p PID examples/readlatency.d      (Ctrl-C to print)
 */

fbt::vfs_read:entry
{
	self->ts = timestamp;
}

fbt::vfs_read:return
/self->ts != 0/
{
	@latency["vfs_read (ns)"] = quantize(timestamp - self->ts);
	self->ts = 0;
}

END
{
	printa(@latency);
}
