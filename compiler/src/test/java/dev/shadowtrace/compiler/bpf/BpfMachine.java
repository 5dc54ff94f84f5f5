package dev.shadowtrace.compiler.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs programs with memory, maps and helper calls modelled, so that tests can check what generated
 * code does end to end: one CPU, a 512-byte stack filled with junk before every run (so reading
 * bytes never written shows), a {@code struct pt_regs} context, map values in memory of their own,
 * and the helpers shadowtrace calls. Every memory access must fall inside one region. Maps keep
 * their contents across runs, like the kernel's.
 */
public final class BpfMachine {
    public static final int PT_REGS_SIZE = 168;
    private static final long STACK_BASE = 0x1000_0000L;
    private static final long CTX_BASE = 0x2000_0000L;
    /** The context's address (r1 at the start): a tracepoint record's fields are at CONTEXT + offset. */
    public static final long CONTEXT = CTX_BASE;
    private static final long MAP_HANDLE_BASE = 0x3000_0000L;
    private static final long VALUE_BASE = 0x4000_0000L;
    private static final int STEP_LIMIT = 1_000_000;
    private static final byte JUNK = (byte) 0xa5;

    /** A byte array with value semantics, as a map key. */
    public record Bytes(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return Arrays.toString(bytes);
        }
    }

    private static final class SimMap {
        final MapSpec spec;
        final Map<Bytes, Long> entries = new LinkedHashMap<>();
        final List<byte[]> records = new ArrayList<>();

        SimMap(MapSpec spec) {
            this.spec = spec;
        }
    }

    private final List<SimMap> maps = new ArrayList<>();
    private final Map<String, Integer> mapIndex = new HashMap<>();
    private final TreeMap<Long, byte[]> regions = new TreeMap<>();
    private final Map<Long, String> kernelStrings = new HashMap<>();
    private final Map<Long, String> userStrings = new HashMap<>();
    private final Map<Long, Long> kernelWords = new HashMap<>();
    private final TreeMap<Long, byte[]> kernelBytes = new TreeMap<>();
    private final TreeMap<Long, byte[]> userBytes = new TreeMap<>();
    private long nextValue = VALUE_BASE;

    public long now;
    public long pidTgid = (1000L << 32) | 1001;
    public long uidGid = (50L << 32) | 42;
    public long cgroupId = 77;
    /** What bpf_get_current_task returns: the address of the current task_struct. */
    public long currentTask = 0xffff888004c2a000L;
    public int cpu = 1;
    public String comm = "bash";
    /** What bpf_get_stackid() returns: an id, or -errno (-EEXIST: the bucket holds another stack). */
    public long stackId = 5;
    /** The flags of every bpf_get_stackid() call so far, in order. */
    public final List<Long> stackIdFlags = new ArrayList<>();
    /** What bpf_get_attach_cookie() returns: shadowk's enum shadowk_hit_context, 0 = process context. */
    public long attachCookie;

    /** Bytes the kernel's ring buffer adds to each record (BPF_RINGBUF_HDR_SZ). */
    private static final int RINGBUF_HEADER = 8;

    public BpfMachine(List<MapSpec> specs) {
        for (MapSpec spec : specs) {
            SimMap map = new SimMap(spec);
            mapIndex.put(spec.name(), maps.size());
            maps.add(map);
            if (spec.type() == MapType.ARRAY || spec.type() == MapType.PERCPU_ARRAY) {
                for (int i = 0; i < spec.maxEntries(); i++) {
                    map.entries.put(new Bytes(le(i, 4)), allocate(spec.valueSize()));
                }
            }
        }
    }

    /** Makes {@code value} readable as a NUL-terminated kernel string at {@code address}. */
    public void kernelString(long address, String value) {
        kernelStrings.put(address, value);
    }

    /** Makes {@code value} readable as a NUL-terminated string of the user's memory at {@code address}. */
    public void userString(long address, String value) {
        userStrings.put(address, value);
    }

    /** Makes the 8 bytes at kernel {@code address} readable with bpf_probe_read_kernel, holding {@code value}. */
    public void kernelWord(long address, long value) {
        kernelWords.put(address, value);
    }

    /** Makes {@code bytes} readable at kernel {@code address} with bpf_probe_read_kernel (reads within them). */
    public void kernelBytes(long address, byte[] bytes) {
        kernelBytes.put(address, bytes.clone());
    }

    /** Makes {@code bytes} readable at user {@code address} with bpf_probe_read_user (reads within them). */
    public void userBytes(long address, byte[] bytes) {
        userBytes.put(address, bytes.clone());
    }

    /** The {@code size} bytes at {@code address} of one of the byte memories, or null if they are not all there. */
    private static byte[] bytesAt(TreeMap<Long, byte[]> memory, long address, int size) {
        Map.Entry<Long, byte[]> entry = memory.floorEntry(address);
        if (entry == null || address + size > entry.getKey() + entry.getValue().length) {
            return null;
        }
        int offset = (int) (address - entry.getKey());
        return Arrays.copyOfRange(entry.getValue(), offset, offset + size);
    }

    /** Runs the program with these pt_regs fields (by offset) and returns r0. */
    public long run(Program program, Map<Integer, Long> ptRegs) {
        byte[] ctx = new byte[PT_REGS_SIZE];
        ptRegs.forEach((offset, value) -> ByteBuffer.wrap(ctx).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value));
        byte[] stack = new byte[512];
        Arrays.fill(stack, JUNK);
        regions.put(CTX_BASE, ctx);
        regions.put(STACK_BASE, stack);
        long[] r = new long[11];
        r[1] = CTX_BASE;
        r[10] = STACK_BASE + stack.length;
        return execute(program, r);
    }

    /** Stores {@code value} under {@code key}, as the tracer does with bpf(BPF_MAP_UPDATE_ELEM). */
    public void put(String map, byte[] key, byte[] value) {
        update(map(map), key, value, 0);
    }

    /** The value stored under {@code key}, if any. */
    public Optional<byte[]> lookup(String map, byte[] key) {
        Long address = map(map).entries.get(new Bytes(key));
        return address == null ? Optional.empty() : Optional.of(regions.get(address).clone());
    }

    /** Every key and value of the map, in insertion order. */
    public Map<Bytes, byte[]> entries(String map) {
        Map<Bytes, byte[]> out = new LinkedHashMap<>();
        map(map).entries.forEach((k, v) -> out.put(k, regions.get(v).clone()));
        return out;
    }

    /** The records written to a ring buffer so far. */
    public List<byte[]> records(String map) {
        return List.copyOf(map(map).records);
    }

    public static byte[] le(long value, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private long execute(Program program, long[] r) {
        int pc = 0;
        for (int steps = 0; steps < STEP_LIMIT; steps++) {
            Insn in = program.insn(pc);
            int code = in.code();
            int cls = Opcode.cls(code);
            boolean x = Opcode.source(code) == Opcode.X;
            if (in.isLdImm64()) {
                String map = program.mapNameAt(pc);
                r[in.dst()] = map != null ? MAP_HANDLE_BASE + mapIndex.get(map)
                        : (long) program.insn(pc + 1).imm() << 32 | (in.imm() & 0xffffffffL);
                pc += 2;
                continue;
            }
            switch (cls) {
                case Opcode.ALU64 -> r[in.dst()] = BpfInterpreter.alu64(AluOp.fromCode(code), r[in.dst()],
                        x ? r[in.src()] : in.imm());
                case Opcode.ALU -> r[in.dst()] = BpfInterpreter.alu32(AluOp.fromCode(code), (int) r[in.dst()],
                        x ? (int) r[in.src()] : in.imm()) & 0xffffffffL;
                case Opcode.LDX -> r[in.dst()] = load(r[in.src()] + in.off(), Size.fromCode(code).bytes());
                case Opcode.ST -> store(r[in.dst()] + in.off(), Size.fromCode(code).bytes(), in.imm());
                case Opcode.STX -> {
                    long address = r[in.dst()] + in.off();
                    int size = Size.fromCode(code).bytes();
                    long value = Opcode.mode(code) == Opcode.ATOMIC
                            ? BpfInterpreter.alu64(AluOp.fromCode(in.imm()), load(address, size), r[in.src()])
                            : r[in.src()];
                    store(address, size, value);
                }
                default -> {
                    if (code == (Opcode.JMP | Opcode.EXIT)) {
                        return r[0];
                    }
                    if (code == (Opcode.JMP | Opcode.CALL)) {
                        r[0] = call(Helper.byId(in.imm()), r);
                        for (int i = 1; i <= 5; i++) {
                            r[i] = 0xbad0_bad0_bad0L;
                        }
                    } else if (code == (Opcode.JMP | Opcode.JA)) {
                        pc += in.off();
                    } else {
                        long a = r[in.dst()];
                        long b = x ? r[in.src()] : in.imm();
                        boolean narrow = cls == Opcode.JMP32;
                        if (narrow) {
                            a = (int) a;
                            b = (int) b;
                        }
                        if (BpfInterpreter.taken(JmpOp.fromCode(code), a, b, narrow)) {
                            pc += in.off();
                        }
                    }
                }
            }
            pc++;
        }
        throw new IllegalStateException("no exit within " + STEP_LIMIT + " steps");
    }

    private long call(Helper helper, long[] r) {
        return switch (helper) {
            case MAP_LOOKUP_ELEM -> {
                SimMap map = handle(r[1]);
                Long value = map.entries.get(new Bytes(read(r[2], map.spec.keySize())));
                yield value == null ? 0 : value;
            }
            case MAP_UPDATE_ELEM -> update(handle(r[1]), read(r[2], handle(r[1]).spec.keySize()),
                    read(r[3], handle(r[1]).spec.valueSize()), r[4]);
            case MAP_DELETE_ELEM -> handle(r[1]).entries.remove(new Bytes(read(r[2], handle(r[1]).spec.keySize())))
                    == null ? -2 : 0;
            case KTIME_GET_NS -> now;
            case GET_SMP_PROCESSOR_ID -> cpu;
            case GET_CURRENT_PID_TGID -> pidTgid;
            case GET_CURRENT_UID_GID -> uidGid;
            case GET_CURRENT_CGROUP_ID -> cgroupId;
            case GET_CURRENT_TASK -> currentTask;
            case GET_ATTACH_COOKIE -> {
                if (r[1] != CTX_BASE) {
                    throw new IllegalStateException("bpf_get_attach_cookie with r1 = 0x" + Long.toHexString(r[1])
                            + ", not the context");
                }
                yield attachCookie;
            }
            case GET_CURRENT_COMM -> {
                write(r[1], nulTerminated(comm, (int) r[2]));
                yield 0;
            }
            case PROBE_READ_USER -> {
                byte[] bytes = bytesAt(userBytes, r[3], (int) r[2]);
                write(r[1], bytes == null ? new byte[(int) r[2]] : bytes);
                yield bytes == null ? -14 : 0;
            }
            case PROBE_READ_KERNEL -> {
                byte[] bytes = bytesAt(kernelBytes, r[3], (int) r[2]);
                if (bytes != null) {
                    write(r[1], bytes);
                    yield 0;
                }
                Long word = r[2] <= 8 ? kernelWords.get(r[3]) : null; // a shorter read: the word's low bytes
                write(r[1], word == null ? new byte[(int) r[2]] : Arrays.copyOf(le(word, 8), (int) r[2]));
                yield word == null ? -14 : 0;
            }
            case PROBE_READ_USER_STR, PROBE_READ_KERNEL_STR -> {
                String s = (helper == Helper.PROBE_READ_USER_STR ? userStrings : kernelStrings).get(r[3]);
                if (s == null && helper == Helper.PROBE_READ_KERNEL_STR && r[3] >= STACK_BASE
                        && r[3] + r[2] <= STACK_BASE + 512) { // the program's own stack (str() of a buffer)
                    byte[] from = read(r[3], (int) r[2]);
                    int end = 0;
                    while (end < from.length - 1 && from[end] != 0) {
                        end++;
                    }
                    write(r[1], Arrays.copyOf(Arrays.copyOf(from, end), (int) r[2]));
                    yield end + 1;
                }
                byte[] bytes = s == null ? new byte[(int) r[2]] : nulTerminated(s, (int) r[2]);
                write(r[1], bytes);
                yield s == null ? -14 : bytes.length;
            }
            case GET_STACKID -> {
                if (r[1] != CTX_BASE) {
                    throw new IllegalStateException("bpf_get_stackid with r1 = 0x" + Long.toHexString(r[1])
                            + ", not the context");
                }
                if (handle(r[2]).spec.type() != MapType.STACK_TRACE) {
                    throw new IllegalStateException("bpf_get_stackid on " + handle(r[2]).spec.name()
                            + ", not a STACK_TRACE map");
                }
                stackIdFlags.add(r[3]);
                yield stackId;
            }
            case RINGBUF_OUTPUT -> {
                SimMap ring = handle(r[1]);
                long used = ring.records.stream().mapToLong(rec -> RINGBUF_HEADER + (rec.length + 7) / 8 * 8).sum();
                if (used + RINGBUF_HEADER + r[3] > ring.spec.maxEntries()) {
                    yield -11; // -EAGAIN: full, as the kernel's ringbuf when nobody consumes
                }
                ring.records.add(read(r[2], (int) r[3]));
                yield 0;
            }
            default -> throw new UnsupportedOperationException("helper " + helper);
        };
    }

    private long update(SimMap map, byte[] key, byte[] value, long flags) {
        Long existing = map.entries.get(new Bytes(key));
        if (existing != null && flags == 1) {
            return -17;
        }
        boolean array = map.spec.type() == MapType.ARRAY || map.spec.type() == MapType.PERCPU_ARRAY;
        if (existing == null && (array || flags == 2)) {
            return -2;
        }
        if (existing == null && map.entries.size() >= map.spec.maxEntries()) {
            return -7;
        }
        long address = existing != null ? existing : allocate(value.length);
        map.entries.put(new Bytes(key), address);
        write(address, value);
        return 0;
    }

    private long allocate(int size) {
        long address = nextValue;
        nextValue += 0x1000;
        regions.put(address, new byte[size]);
        return address;
    }

    private SimMap handle(long value) {
        int index = (int) (value - MAP_HANDLE_BASE);
        if (index < 0 || index >= maps.size()) {
            throw new IllegalStateException("not a map: 0x" + Long.toHexString(value));
        }
        return maps.get(index);
    }

    private SimMap map(String name) {
        return maps.get(mapIndex.get(name));
    }

    private static byte[] nulTerminated(String s, int size) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(text, Math.min(text.length, size - 1) + 1);
        out[out.length - 1] = 0;
        return out;
    }

    private long load(long address, int size) {
        byte[] bytes = read(address, size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }

    private void store(long address, int size, long value) {
        write(address, le(value, size));
    }

    private byte[] read(long address, int size) {
        Map.Entry<Long, byte[]> region = region(address, size);
        int offset = (int) (address - region.getKey());
        return Arrays.copyOfRange(region.getValue(), offset, offset + size);
    }

    private void write(long address, byte[] bytes) {
        Map.Entry<Long, byte[]> region = region(address, bytes.length);
        System.arraycopy(bytes, 0, region.getValue(), (int) (address - region.getKey()), bytes.length);
    }

    private Map.Entry<Long, byte[]> region(long address, int size) {
        Map.Entry<Long, byte[]> region = regions.floorEntry(address);
        if (region == null || address + size > region.getKey() + region.getValue().length) {
            throw new IllegalStateException("access of " + size + " bytes at 0x" + Long.toHexString(address)
                    + " is outside every region");
        }
        return region;
    }
}
