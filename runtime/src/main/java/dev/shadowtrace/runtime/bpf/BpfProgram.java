package dev.shadowtrace.runtime.bpf;

import com.sun.jna.Memory;

import dev.shadowtrace.runtime.Errno;

import java.nio.charset.StandardCharsets;

/** A loaded (verified) BPF program owned through its file descriptor. */
public final class BpfProgram implements AutoCloseable {
    /** {@code BPF_PROG_TYPE_KPROBE}. */
    public static final int KPROBE = 2;
    /** {@code BPF_PROG_TYPE_TRACEPOINT}: run by a tracepoint, its context the tracepoint's record. */
    public static final int TRACEPOINT = 5;
    /** {@code BPF_PROG_TYPE_PERF_EVENT}: run on a perf event's overflow (a sample). */
    public static final int PERF_EVENT = 7;

    /** Size of {@code struct bpf_insn}. */
    static final int INSN_BYTES = 8;

    /** First verifier log buffer; grown 4x on ENOSPC up to {@link #MAX_LOG_SIZE}. */
    static final int INITIAL_LOG_SIZE = 1 << 20;
    static final int MAX_LOG_SIZE = 1 << 26;

    private final String name;
    private int fd;

    private BpfProgram(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /** Loads a GPL-licensed kprobe program. */
    public static BpfProgram loadKprobe(String name, byte[] insns) throws BpfException {
        return load(name, KPROBE, insns, "GPL");
    }

    /**
     * {@code BPF_PROG_LOAD}. The first attempt asks for no verifier log, which keeps loading fast
     * and cannot fail for lack of log space. If the kernel refuses with EINVAL or EACCES, the load
     * is repeated with {@code log_level} 1 to obtain the verifier's explanation; Linux 6.1 fails
     * with ENOSPC when the log does not fit, so the buffer grows until it does.
     *
     * @param insns the encoded {@code struct bpf_insn} array, map fds already patched in
     * @param license must be GPL-compatible for GPL-only helpers (most tracing helpers are)
     */
    public static BpfProgram load(String name, int progType, byte[] insns, String license)
            throws BpfException {
        ObjectNames.check(name);
        if (insns.length == 0 || insns.length % INSN_BYTES != 0) {
            throw new IllegalArgumentException("program " + name + ": " + insns.length
                    + " bytes is not a whole number of instructions");
        }
        try (Memory code = new Memory(insns.length); Memory lic = cString(license)) {
            code.write(0, insns, 0, insns.length);
            long result = load(name, progType, code, insns.length / INSN_BYTES, lic, null);
            if (result >= 0) {
                return new BpfProgram(name, (int) result);
            }
            int errno = (int) -result;
            if (errno != Errno.EINVAL && errno != Errno.EACCES) {
                throw BpfException.of(BpfCommand.PROG_LOAD, errno, name);
            }
            for (int size = INITIAL_LOG_SIZE; ; size *= 4) {
                try (Memory log = new Memory(size)) {
                    log.clear();
                    result = load(name, progType, code, insns.length / INSN_BYTES, lic, log);
                    if (result >= 0) {
                        return new BpfProgram(name, (int) result);
                    }
                    if (result != -Errno.ENOSPC || size >= MAX_LOG_SIZE) {
                        throw BpfException.verifierRejected(name, errno, log.getString(0, "US-ASCII"));
                    }
                }
            }
        }
    }

    private static long load(String name, int progType, Memory code, int insnCount, Memory license,
            Memory log) {
        try (BpfAttr attr = new BpfAttr()) {
            attr.put(BpfAttrField.PROG_TYPE, progType)
                    .put(BpfAttrField.INSN_CNT, insnCount)
                    .put(BpfAttrField.INSNS, code)
                    .put(BpfAttrField.LICENSE, license)
                    .put(BpfAttrField.KERN_VERSION, 0)
                    .putName(BpfAttrField.PROG_NAME, name);
            if (log != null) {
                attr.put(BpfAttrField.LOG_LEVEL, 1)
                        .put(BpfAttrField.LOG_SIZE, log.size())
                        .put(BpfAttrField.LOG_BUF, log);
            }
            return BpfSyscall.call(BpfCommand.PROG_LOAD, attr);
        }
    }

    private static Memory cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        Memory memory = new Memory(bytes.length + 1);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }

    public String name() {
        return name;
    }

    public int fd() {
        if (fd < 0) {
            throw new IllegalStateException("program " + name + " already closed");
        }
        return fd;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            BpfSyscall.close(fd);
            fd = -1;
        }
    }
}
