/*
 * What bpftrace and DTrace users write at once: stats(), llquantize(), delete() in both spellings, zero(), print(@m, n),
 * strncmp(), curtask, ksym(), kaddr(), cgroupid(), maps keyed by several values, if / else if /
 * else, ++ and -- on variables and map values, string comparisons in predicates and expressions.
 */
fbt::vfs_read:entry
/comm != "nothing" && strncmp(comm, "sh", 2) != 1/
{
	@calls[pid, comm] = count();
	@bytes[comm] = stats(arg2);
	@sizes_ll = llquantize(arg2, 10, 0, 6, 20);
	@pow2_ll[comm] = llquantize(arg2, 2, 3, 20, 4);
	@last[pid, comm] = arg2;
	@last[pid, comm]++;
	@last[pid, comm]--;
	$n = arg2;
	$n++;
	$n--;
	self->reads++;
	if (arg2 == 0) {
		@sizes["zero"] = count();
	} else if (arg2 < 512) {
		@sizes["small"] = count();
	} else {
		@sizes["large"] = count();
	}
	@same[comm == "dd" ? "dd" : "other", strncmp(comm, "ddx", 3)] = count();
	@tasks[curtask] = count();
	@callers[ksym(arg0)] = count();
	printf("%s %d %d\n", ksym(kaddr("vfs_read")), cgroupid("/sys/fs/cgroup"), $n);
	@here[cgroup == cgroupid("/sys/fs/cgroup")] = count();
	delete(@last[pid, comm]);
	delete(@calls, pid, comm);
	print(@calls, 5);
	zero(@sizes);
}

fbt::vfs_read:return
{
	delete(@same["dd", 0]);
	self->reads--;
}
