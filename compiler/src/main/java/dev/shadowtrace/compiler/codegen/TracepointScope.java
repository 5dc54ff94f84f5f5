package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R10;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.bpf.Size;

/**
 * The scope test at the start of every tracepoint program. A tracepoint program is attached to the
 * tracepoint itself ({@code PERF_EVENT_IOC_SET_BPF} puts it in the event's global program array),
 * so it runs for every task that hits the tracepoint, traced or not: it must check that the current
 * process is one of the trace's, in the map {@value #MAP} of traced process ids (tgids), which the
 * tracer fills as it binds processes and empties as it unbinds them.
 *
 * <pre>
 *   r0 = bpf_get_current_pid_tgid() >> 32; *(u32 *)(r10 + key) = r0
 *   if bpf_map_lookup_elem(&tp_scope, r10 + key) == NULL goto exit
 * </pre>
 */
public final class TracepointScope {
    /** The map's name: key a u32 tgid, value a u8 (unused). */
    public static final String MAP = "tp_scope";
    /** How many processes a trace's tracepoint scope can hold. */
    public static final int MAX_PROCESSES = 4096;
    public static final MapSpec SPEC = new MapSpec(MAP, MapType.HASH, 4, 1, MAX_PROCESSES, 0);

    private final ClauseContext c;

    TracepointScope(ClauseContext c) {
        this.c = c;
    }

    /** Jumps to {@code exit} unless the current process is in the scope map. */
    void test(String exit) {
        int key = c.frame.alloc(8);
        c.asm.call(Helper.GET_CURRENT_PID_TGID).rsh64(R0, 32).stx(Size.W, R10, key, R0);
        c.maps.lookup(MAP, key);
        c.asm.jeq(R0, 0, exit);
    }
}
