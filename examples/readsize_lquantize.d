/*
 * readsize_lquantize.d - linear histogram of requested read sizes.
 *
 * Shows: lquantize() with 4 KiB buckets from 0 to 64 KiB (the bounds are
 *        constant expressions), and a clause-local variable (this->size).
 *
 * Run:   shadowtrace -p PID examples/readsize_lquantize.d
 */

fbt::vfs_read:entry
{
	this->size = arg2;
	@sizes["read size"] = lquantize(this->size, 0, 64 * 1024, 4096);
}

END
{
	printa(@sizes);
}
