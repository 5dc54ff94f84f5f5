/* Every integer operator, nesting deep enough to spill the value stack, globals and clause-locals. */
fbt::vfs_read:entry
/arg2 > 0 && (arg1 != 0 || !arg0)/
{
	this->a = arg0 / (arg2 - 3) + arg1 % 7 - (arg2 << 2) * (arg0 >> arg1) ^ ~arg2 | (arg1 & 0xff);
	$b = arg0 + (arg1 + (arg2 + (arg0 * (arg1 - (arg2 + (arg0 ^ (arg1 | 0x123456789)))))));
	this->c = arg0 > arg1 ? (arg1 >= arg2 ? 1 : -1) : arg2 <= 4 == (arg0 < 0);
	total += this->a;
	n++;
	scaled *= 3;
	scaled /= arg2;
	bits <<= 1;
	bits >>= arg1;
	bits %= 5;
	bits &= arg0;
	bits |= 8;
	bits ^= $b;
	last = this->c - -$b;
	trace(last);
}

fbt::vfs_read:return
/retval < 0/
{
	errors -= retval;
}
