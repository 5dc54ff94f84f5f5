/*
 * memcached_reads.d - sizes of the reads issued by memcached's threads.
 *
 * Shows: a predicate on a string (execname == "memcached"), a function
 *        argument (arg2, the requested size) and the avg(), min() and max()
 *        aggregations, printed together from END.
 *
 * Run:   shadowtrace -p $(pgrep memcached) examples/memcached_reads.d
 */

fbt::vfs_read:entry
/execname == "memcached"/
{
	@avg_size = avg(arg2);
	@min_size = min(arg2);
	@max_size = max(arg2);
}

END
{
	printa("average read size: %@d bytes\n", @avg_size);
	printa("smallest read:     %@d bytes\n", @min_size);
	printa("largest read:      %@d bytes\n", @max_size);
}
