/* Strings: comparisons, every storage scope, conditionals, keys and event payloads, context. */
fbt::kern_path:entry
/execname == "bash" || execname != "a_command_name_longer_than_comm"/
{
	this->path = str(arg0);
	$other = "/tmp";
	lastpath = this->path;
	self->comm = execname;
	@owner[this->path] = execname;
	this->same = this->path == $other;
	this->pick = this->same ? this->path : execname;
	@opens[execname, this->pick, this->same] = count();
	self->comm = "";
}

fbt::kern_path:entry
{
	@matches[lastpath == @owner[str(arg0)]] = count();
	@contexts[context, context == "process" ? execname : context] = count();
}

fbt::kern_path+0x4
{
	printf("%s %s %s %d %s\n", lastpath, self->comm, @owner[lastpath], str(arg1) == lastpath, context);
}
