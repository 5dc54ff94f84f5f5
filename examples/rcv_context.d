/*
 * rcv_context.d - where TCP receive work runs: in the traced process, or in
 * interrupts and kernel threads on its behalf (and on everybody else's).
 *
 * Shows: the union fallback and the context builtin. A plain probe fires
 *        only in the traced process; with -U it also fires in hard and soft
 *        interrupts, NMIs and kernel threads, whatever process the CPU was
 *        running, and context says which ("process", "hardirq", "softirq",
 *        "nmi", "kthread"; comm names the kernel thread). Packets arrive in
 *        softirq context (even loopback ones, processed when the sender
 *        re-enables softirqs), so without -U this counts little or nothing.
 *
 * Run:   shadowtrace -p PID -U examples/rcv_context.d
 *        (-U costs every process that receives TCP an ftrace call while the
 *         trace runs; without -U nobody else pays anything)
 */

fbt::tcp_v4_rcv:entry
{
	@[context, comm] = count();
}
