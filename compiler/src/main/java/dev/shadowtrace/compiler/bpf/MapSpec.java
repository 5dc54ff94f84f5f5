package dev.shadowtrace.compiler.bpf;

import java.util.regex.Pattern;

/**
 * A map the runtime must create before loading the programs that reference it by {@code name}.
 * The constructor enforces what {@code BPF_MAP_CREATE} would reject on Linux 6.1.
 *
 * @param name the symbolic name programs use ({@link Assembler#ldMapFd}); also the kernel object
 *     name, so 1-15 characters of {@code [A-Za-z0-9_.]}
 * @param type the map type
 * @param keySize key size in bytes: 4 for arrays and stack traces, 0 for ring buffers
 * @param valueSize value size in bytes (per CPU for per-CPU maps): a multiple of 8 for stack
 *     traces ({@code 8 * depth}), 0 for ring buffers
 * @param maxEntries capacity; for a ring buffer its size in bytes, a power of two and a multiple
 *     of the 4096-byte page
 * @param flags {@code map_flags}, e.g. {@link #NO_PREALLOC}
 */
public record MapSpec(
        String name, MapType type, int keySize, int valueSize, int maxEntries, int flags) {

    /** {@code BPF_F_NO_PREALLOC}: allocate hash elements on demand. */
    public static final int NO_PREALLOC = 1;

    /** Longest name: {@code BPF_OBJ_NAME_LEN} (16) minus the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.]{1,15}");
    private static final int PAGE_SIZE = 4096;

    public MapSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "map name '" + name + "' must be 1-15 characters of [A-Za-z0-9_.]");
        }
        switch (type) {
            case HASH, PERCPU_HASH ->
                    require(keySize > 0 && valueSize > 0, name, "key and value sizes must be positive");
            case ARRAY, PERCPU_ARRAY ->
                    require(keySize == 4 && valueSize > 0, name,
                            "arrays need 4-byte keys and a positive value size");
            case STACK_TRACE ->
                    require(keySize == 4 && valueSize > 0 && valueSize % 8 == 0, name,
                            "stack trace maps need 4-byte keys and values of 8 * depth bytes");
            case RINGBUF ->
                    require(keySize == 0 && valueSize == 0 && Integer.bitCount(maxEntries) == 1
                                    && maxEntries >= PAGE_SIZE, name,
                            "ring buffers need key and value size 0 and a power-of-two size of at least"
                                    + " one page");
        }
        require(maxEntries > 0, name, "max entries must be positive");
        require((flags & NO_PREALLOC) == 0 || type == MapType.HASH || type == MapType.PERCPU_HASH,
                name, "NO_PREALLOC applies to hash maps only");
    }

    private static void require(boolean condition, String name, String message) {
        if (!condition) {
            throw new IllegalArgumentException("map " + name + ": " + message);
        }
    }
}
