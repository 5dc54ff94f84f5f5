/*
 * read_offset.d - count executions of one instruction inside vfs_read().
 *
 * Shows: an offset probe (fbt::FUNC+OFFSET) that fires when the traced
 *        process reaches a given byte offset into a function rather than its
 *        entry: an int3 in its shadow kernel only, the instruction then run
 *        out of line. The offset must be an instruction's first byte: find
 *        one with a disassembler (objdump -d vmlinux, or gdb on /proc/kcore);
 *        the module refuses others with a reason. +0x5 is the instruction
 *        after the ftrace call on Debian's 6.1 kernel (+0x9 on 6.12, after
 *        endbr64). arg0..arg5 are the registers at that point. Offset probes
 *        fire in the traced process only: -U does not apply to them.
 *
 * Run:   shadowtrace -p PID examples/read_offset.d
 */

fbt::vfs_read+0x5
{
	@hits["vfs_read+0x5"] = count();
}

END
{
	printa("%s reached %@d times\n", @hits);
}
