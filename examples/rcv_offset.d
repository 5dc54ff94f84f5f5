/*
 * rcv_offset.d - count executions of one instruction inside tcp_v4_rcv().
 *
 * Shows: an offset probe (fbt::FUNC+OFFSET) that fires at a given byte offset
 *        into a function rather than at its entry; find a useful offset with
 *        a disassembler, e.g. objdump -d vmlinux. Offset probes see arg0..arg5
 *        as the registers at that point.
 *
 * Run:   shadowtrace -p PID examples/rcv_offset.d
 *        (offset probes are not implemented by the module yet: it refuses them
 *         with EOPNOTSUPP; shadowtrace -S examples/rcv_offset.d compiles it)
 */

fbt::tcp_v4_rcv+0x1c
{
	@hits["tcp_v4_rcv+0x1c"] = count();
}

END
{
	printa("%s reached %@d times\n", @hits);
}
