package dev.shadowtrace.runtime.bpf;

/** The {@code enum bpf_cmd} values this binding issues (Linux 6.1 {@code include/uapi/linux/bpf.h}). */
public enum BpfCommand {
    MAP_CREATE(0),
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_DELETE_ELEM(3),
    MAP_GET_NEXT_KEY(4),
    PROG_LOAD(5);

    private final int value;

    BpfCommand(int value) {
        this.value = value;
    }

    /** The {@code cmd} argument of bpf(2). */
    public int value() {
        return value;
    }

    /** The kernel's name, e.g. {@code BPF_MAP_CREATE}. */
    public String kernelName() {
        return "BPF_" + name();
    }
}
