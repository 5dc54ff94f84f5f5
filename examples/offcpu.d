/*
 * offcpu.d - how long the traced threads stay off CPU each time they leave
 *            it (sleeping, waiting for I/O or a lock, or preempted).
 *
 * Shows: DTrace's sched:::off-cpu (the sched_switch tracepoint, in the
 *        thread leaving the CPU) and sched:::on-cpu (the entry of
 *        finish_task_switch(), the first function a thread runs on its own
 *        page tables when it comes back: probed in the traced processes'
 *        shadow only, so the other processes' context switches run the
 *        pristine kernel), a thread-local variable between the two probes,
 *        quantize().
 *
 * Run:   shadowtrace -c 'sh -c "sleep 0.1; ls / >/dev/null"' examples/offcpu.d
 *        shadowtrace -p PID examples/offcpu.d
 */

sched:::off-cpu
{
	self->ts = timestamp;
}

sched:::on-cpu
/self->ts/
{
	@["off-CPU microseconds", execname] = quantize((timestamp - self->ts) / 1000);
	self->ts = 0;
}
