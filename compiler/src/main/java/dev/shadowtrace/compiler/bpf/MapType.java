package dev.shadowtrace.compiler.bpf;

/** The map types shadowtrace creates, with their {@code enum bpf_map_type} values (Linux 6.1). */
public enum MapType {
    HASH(1),
    ARRAY(2),
    PERCPU_HASH(5),
    PERCPU_ARRAY(6),
    STACK_TRACE(7),
    RINGBUF(27);

    private final int kernelId;

    MapType(int kernelId) {
        this.kernelId = kernelId;
    }

    /** The {@code map_type} value of {@code BPF_MAP_CREATE}. */
    public int kernelId() {
        return kernelId;
    }
}
