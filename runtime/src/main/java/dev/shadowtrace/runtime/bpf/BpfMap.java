package dev.shadowtrace.runtime.bpf;

import com.sun.jna.Memory;

import dev.shadowtrace.runtime.Errno;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A BPF map owned through its file descriptor; {@link #close()} releases it (the kernel frees the
 * map once no fd and no loaded program refers to it).
 */
public final class BpfMap implements AutoCloseable {
    /** {@code map_type} values (Linux 6.1 {@code enum bpf_map_type}). */
    public static final int HASH = 1;
    public static final int ARRAY = 2;
    public static final int PERCPU_HASH = 5;
    public static final int PERCPU_ARRAY = 6;
    public static final int STACK_TRACE = 7;
    public static final int LRU_PERCPU_HASH = 10;
    public static final int RINGBUF = 27;

    /** {@link #update} flags: create or replace, create only, replace only. */
    public static final long ANY = 0;
    public static final long NOEXIST = 1;
    public static final long EXIST = 2;

    private final String name;
    private final int type;
    private final int keySize;
    private final int valueSize;
    private final int valueBufferSize;
    private final int maxEntries;
    private int fd;

    /** One element as {@link #entries()} reads it: the value is {@link #valueBufferSize()} bytes. */
    public record Entry(byte[] key, byte[] value) {}

    private BpfMap(String name, int type, int keySize, int valueSize, int maxEntries, int fd) {
        this.name = name;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.valueBufferSize = isPerCpu(type) ? (valueSize + 7) / 8 * 8 * PossibleCpus.count() : valueSize;
        this.fd = fd;
    }

    /** {@code BPF_MAP_CREATE}. */
    public static BpfMap create(String name, int type, int keySize, int valueSize, int maxEntries, int flags)
            throws BpfException {
        ObjectNames.check(name);
        try (BpfAttr attr = new BpfAttr()) {
            attr.put(BpfAttrField.MAP_TYPE, type)
                    .put(BpfAttrField.KEY_SIZE, keySize)
                    .put(BpfAttrField.VALUE_SIZE, valueSize)
                    .put(BpfAttrField.MAX_ENTRIES, maxEntries)
                    .put(BpfAttrField.MAP_FLAGS, flags)
                    .putName(BpfAttrField.MAP_NAME, name);
            long result = BpfSyscall.call(BpfCommand.MAP_CREATE, attr);
            if (result < 0) {
                throw BpfException.of(BpfCommand.MAP_CREATE, (int) -result, name);
            }
            return new BpfMap(name, type, keySize, valueSize, maxEntries, (int) result);
        }
    }

    public String name() {
        return name;
    }

    public int type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    /** The capacity it was created with; for a ring buffer, its size in bytes. */
    public int maxEntries() {
        return maxEntries;
    }

    /** Whether a value holds one slot per possible CPU. */
    public boolean perCpu() {
        return isPerCpu(type);
    }

    /**
     * Bytes of a value as user space reads and writes it: {@link #valueSize()}, or for per-CPU maps
     * the value rounded up to 8 bytes times the number of possible CPUs, CPU 0 first.
     */
    public int valueBufferSize() {
        return valueBufferSize;
    }

    public int fd() {
        requireOpen();
        return fd;
    }

    /** {@code BPF_MAP_LOOKUP_ELEM}: the value, or empty if the key is absent. */
    public Optional<byte[]> lookup(byte[] key) throws BpfException {
        try (BpfAttr attr = new BpfAttr(); Memory k = buffer(key, keySize, "key");
                Memory value = new Memory(valueBufferSize)) {
            attr.put(BpfAttrField.MAP_FD, fd()).put(BpfAttrField.KEY, k).put(BpfAttrField.VALUE, value);
            return call(BpfCommand.MAP_LOOKUP_ELEM, attr)
                    ? Optional.of(value.getByteArray(0, valueBufferSize)) : Optional.empty();
        }
    }

    /** {@code BPF_MAP_UPDATE_ELEM} with {@link #ANY}, {@link #NOEXIST} or {@link #EXIST}. */
    public void update(byte[] key, byte[] value, long flags) throws BpfException {
        try (BpfAttr attr = new BpfAttr(); Memory k = buffer(key, keySize, "key");
                Memory v = buffer(value, valueBufferSize, "value")) {
            attr.put(BpfAttrField.MAP_FD, fd()).put(BpfAttrField.KEY, k).put(BpfAttrField.VALUE, v)
                    .put(BpfAttrField.ELEM_FLAGS, flags);
            long result = BpfSyscall.call(BpfCommand.MAP_UPDATE_ELEM, attr);
            if (result < 0) {
                throw BpfException.of(BpfCommand.MAP_UPDATE_ELEM, (int) -result, name);
            }
        }
    }

    /** {@code BPF_MAP_DELETE_ELEM}: true if the key was there. */
    public boolean delete(byte[] key) throws BpfException {
        try (BpfAttr attr = new BpfAttr(); Memory k = buffer(key, keySize, "key")) {
            attr.put(BpfAttrField.MAP_FD, fd()).put(BpfAttrField.KEY, k);
            return call(BpfCommand.MAP_DELETE_ELEM, attr);
        }
    }

    /**
     * {@code BPF_MAP_GET_NEXT_KEY}: the key after {@code key}, the first key if {@code key} is null
     * or no longer in the map, or empty after the last key.
     */
    public Optional<byte[]> nextKey(byte[] key) throws BpfException {
        try (BpfAttr attr = new BpfAttr(); Memory next = new Memory(keySize);
                Memory k = key == null ? null : buffer(key, keySize, "key")) {
            attr.put(BpfAttrField.MAP_FD, fd()).put(BpfAttrField.NEXT_KEY, next);
            if (k != null) {
                attr.put(BpfAttrField.KEY, k);
            }
            return call(BpfCommand.MAP_GET_NEXT_KEY, attr)
                    ? Optional.of(next.getByteArray(0, keySize)) : Optional.empty();
        }
    }

    /**
     * Every key, each once, by walking {@code BPF_MAP_GET_NEXT_KEY} from the start. Programs may
     * change the map meanwhile: keys added during the walk may be missed, and when the key the walk
     * stands on is deleted the kernel starts over from the first key, so keys already seen are
     * skipped and the walk ends after as many steps as the map can hold keys, twice.
     */
    public List<byte[]> keys() throws BpfException {
        List<byte[]> keys = new ArrayList<>();
        Set<ByteBuffer> seen = new HashSet<>();
        long steps = 0;
        long limit = 2L * maxEntries + 1;
        Optional<byte[]> key = nextKey(null);
        while (key.isPresent() && steps++ < limit) {
            if (seen.add(ByteBuffer.wrap(key.get()))) {
                keys.add(key.get());
            }
            key = nextKey(key.get());
        }
        return keys;
    }

    /** Every element: {@link #keys()}, each looked up; keys deleted in between are left out. */
    public List<Entry> entries() throws BpfException {
        List<Entry> entries = new ArrayList<>();
        for (byte[] key : keys()) {
            Optional<byte[]> value = lookup(key);
            if (value.isPresent()) {
                entries.add(new Entry(key, value.get()));
            }
        }
        return entries;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            BpfSyscall.close(fd);
            fd = -1;
        }
    }

    /** Calls bpf(2); false on ENOENT, the map's way of saying "no such key". */
    private boolean call(BpfCommand command, BpfAttr attr) throws BpfException {
        long result = BpfSyscall.call(command, attr);
        if (result == -Errno.ENOENT) {
            return false;
        }
        if (result < 0) {
            throw BpfException.of(command, (int) -result, name);
        }
        return true;
    }

    private void requireOpen() {
        if (fd < 0) {
            throw new IllegalStateException("map " + name + " already closed");
        }
    }

    private Memory buffer(byte[] bytes, int expectedSize, String what) {
        if (bytes.length != expectedSize) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " bytes for map " + name
                    + ", which needs " + expectedSize);
        }
        Memory memory = new Memory(Math.max(1, bytes.length));
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    private static boolean isPerCpu(int type) {
        return type == PERCPU_HASH || type == PERCPU_ARRAY || type == LRU_PERCPU_HASH;
    }
}
