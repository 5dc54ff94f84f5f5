/*
 * sched_tracepoints.d - what the traced process execs, forks and why it
 *                       leaves the CPU, from the scheduler's tracepoints.
 *
 * Shows: the tracepoint provider (tracepoint:CATEGORY:NAME: a tracepoint
 *        program scoped to the traced processes by a test in the program,
 *        and enabled in their shadow only where the module can hold it:
 *        -v says which),
 *        fields by name from the tracepoint's format: integers
 *        (args->child_pid, args->prev_state), a __data_loc string
 *        (str(args->filename)) and a char array (str(args->prev_comm)).
 *
 * Run:   shadowtrace -c 'sh -c "ls / >/dev/null; sleep 0.1"' examples/sched_tracepoints.d
 *        shadowtrace -p PID examples/sched_tracepoints.d
 */

tracepoint:sched:sched_process_exec
{
	printf("exec %s (pid %d)\n", str(args->filename), args->pid);
}

tracepoint:sched:sched_process_fork
{
	printf("fork %s %d -> %d\n", str(args->parent_comm), args->parent_pid, args->child_pid);
}

tracepoint:sched:sched_switch
{
	@switches[str(args->prev_comm), args->prev_state] = count();
}
