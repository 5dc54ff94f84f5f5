/*
 * pid_calls.d - how often the traced program calls one of its own
 *               functions, and what the calls return.
 *
 * Shows: DTrace's pid provider: pid$target::FUNC:entry and :return are
 *        user probes (uprobes) on the target's executable ($target is the
 *        process of -c or -p; its file comes from /proc/PID/exe or the
 *        command's path), installed in the traced process only;
 *        pid$target:LIB:FUNC:entry probes a library it maps (-p: from
 *        /proc/PID/maps) or will map (-c: from its DT_NEEDED entries).
 *
 * Run:   shadowtrace -c '/bin/bash -c "echo hi"' examples/pid_calls.d
 *        shadowtrace -p PID examples/pid_calls.d
 */

pid$target::main:entry
{
	printf("main(argc %d)\n", arg0);
}

pid$target::main:return
{
	printf("main returned %d\n", retval);
}

pid$target:libc.so.6:getenv:entry
{
	@getenv[str(arg0)] = count();
}
