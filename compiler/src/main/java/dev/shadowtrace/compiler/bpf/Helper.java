package dev.shadowtrace.compiler.bpf;

import java.util.Locale;

/**
 * The kernel helper functions the tracer calls, with their {@code BPF_FUNC_*} ids (the position in
 * {@code __BPF_FUNC_MAPPER} of Linux 6.1 {@code include/uapi/linux/bpf.h}) and the number of
 * arguments their {@code bpf_func_proto} declares for kprobe programs (arguments beyond that are
 * {@code ARG_DONTCARE} and not read). Ids are cross-checked against the header by {@code
 * KernelHeaderCrossCheckTest}.
 */
public enum Helper {
    MAP_LOOKUP_ELEM(1, 2),
    MAP_UPDATE_ELEM(2, 4),
    MAP_DELETE_ELEM(3, 2),
    PROBE_READ(4, 3),
    KTIME_GET_NS(5, 0),
    TRACE_PRINTK(6, 2),
    GET_PRANDOM_U32(7, 0),
    GET_SMP_PROCESSOR_ID(8, 0),
    GET_CURRENT_PID_TGID(14, 0),
    GET_CURRENT_UID_GID(15, 0),
    GET_CURRENT_COMM(16, 2),
    PERF_EVENT_OUTPUT(25, 5),
    GET_STACKID(27, 3),
    GET_CURRENT_TASK(35, 0),
    PROBE_READ_STR(45, 3),
    GET_STACK(67, 4),
    GET_CURRENT_CGROUP_ID(80, 0),
    SEND_SIGNAL(109, 1),
    PROBE_READ_USER(112, 3),
    PROBE_READ_KERNEL(113, 3),
    PROBE_READ_USER_STR(114, 3),
    PROBE_READ_KERNEL_STR(115, 3),
    JIFFIES64(118, 0),
    KTIME_GET_BOOT_NS(125, 0),
    RINGBUF_OUTPUT(130, 4),
    RINGBUF_RESERVE(131, 3),
    RINGBUF_SUBMIT(132, 2),
    RINGBUF_DISCARD(133, 2),
    GET_FUNC_IP(173, 1),
    GET_ATTACH_COOKIE(174, 1);

    private final int id;
    private final int argCount;

    Helper(int id, int argCount) {
        this.id = id;
        this.argCount = argCount;
    }

    /** The {@code BPF_FUNC_*} number placed in the imm field of a call instruction. */
    public int id() {
        return id;
    }

    /** How many of R1-R5 the helper reads. */
    public int argCount() {
        return argCount;
    }

    /** The name the kernel disassembler prints, e.g. {@code bpf_map_lookup_elem}. */
    public String kernelName() {
        return "bpf_" + name().toLowerCase(Locale.ROOT);
    }

    /** Returns the helper with this id, or null if shadowtrace does not know it. */
    public static Helper byId(int id) {
        for (Helper h : values()) {
            if (h.id == id) {
                return h;
            }
        }
        return null;
    }
}
