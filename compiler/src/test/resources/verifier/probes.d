/* Globs, several probes per clause, probefunc compared at run time, if/else chains. */
fbt::vfs_read*:entry, fbt::vfs_write*:entry
/probefunc != "vfs_readlink"/
{
	if (probefunc == "vfs_read") {
		@reads = count();
	} else if (probefunc == "vfs_write" && arg2 > 4096) {
		@bigwrites = count();
	} else {
		@others[probefunc] = count();
	}
}

fbt::vfs_read:entry, fbt::vfs_write:entry
{
	@dir[probefunc == "vfs_read" ? "read" : "write"] = sum(arg2);
}

kretprobe:vfs_read
{
	@ret[retval < 0 ? -retval : 0] = count();
}

tracepoint:sched:sched_process_exec
{
	@execstacks[ustack(4), kstack(2)] = count();
}
