/* Thread-locals of every type, created, updated and released. */
fbt::vfs_write:entry
{
	self->start = timestamp;
	self->bytes = arg2;
	self->depth++;
	self->who = execname;
	self->where = stack();
}

fbt::vfs_write:return
/self->start/
{
	@ns[self->who] = quantize(timestamp - self->start);
	@stacks[self->where] = sum(self->bytes);
	self->depth -= 1;
	self->bytes *= 2;
	self->start = 0;
	self->bytes = 0;
	self->depth = retval > 0 ? 0 : self->depth;
}
