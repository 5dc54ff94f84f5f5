/*
 * readsizes_tp.d - the sizes read(2) asked for and got, in bpftrace's
 *                  spelling of syscall probes.
 *
 * Shows: tracepoint:syscalls:sys_enter_NAME / sys_exit_NAME (the same
 *        probes as syscall::NAME:entry / :return), bpftrace's args.NAME
 *        and args->ret, and two power-of-two histograms.
 *
 * Run:   shadowtrace -p PID examples/readsizes_tp.d
 *        shadowtrace -c 'dd if=/dev/zero of=/dev/null bs=4k count=1000' examples/readsizes_tp.d
 */

tracepoint:syscalls:sys_enter_read
{
	@asked = hist(args.count);
}

tracepoint:syscalls:sys_exit_read
/args->ret >= 0/
{
	@got = hist(args->ret);
}
