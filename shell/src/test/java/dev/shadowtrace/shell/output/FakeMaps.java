package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.runtime.aggregate.MapEntry;
import dev.shadowtrace.runtime.aggregate.MapReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kernel maps in memory, with the checks bpf(2) makes: keys and values of the map's sizes (per-CPU
 * values: one value per CPU, concatenated), array indexes within bounds and never deleted. Tests
 * play the kernel programs' part with {@link #put}.
 */
final class FakeMaps implements MapReader {
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private final Map<String, MapSpec> specs = new HashMap<>();
    private final Map<String, Map<Key, byte[]>> contents = new HashMap<>();
    private final int cpus;

    FakeMaps(List<MapSpec> specs, int cpus) {
        this.cpus = cpus;
        for (MapSpec spec : specs) {
            this.specs.put(spec.name(), spec);
            Map<Key, byte[]> entries = new LinkedHashMap<>();
            if (spec.type() == MapType.ARRAY) {
                for (int i = 0; i < spec.maxEntries(); i++) {
                    entries.put(new Key(le32(i)), new byte[spec.valueSize()]);
                }
            }
            contents.put(spec.name(), entries);
        }
    }

    /** Stores a value as a kernel program would (no size checks beyond bpf(2)'s). */
    void put(String map, byte[] key, byte[] value) throws IOException {
        update(map, key, value);
    }

    /** A per-CPU value from per-CPU words: {@code perCpu(new long[] {count}, new long[] {count})}. */
    static byte[] perCpu(long[]... slots) {
        ByteBuffer out = ByteBuffer.allocate(8 * slots.length * slots[0].length).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] slot : slots) {
            for (long word : slot) {
                out.putLong(word);
            }
        }
        return out.array();
    }

    @Override
    public List<MapEntry> entries(String mapName) throws IOException {
        List<MapEntry> out = new ArrayList<>();
        map(mapName).forEach((k, v) -> out.add(new MapEntry(k.bytes().clone(), v.clone())));
        return out;
    }

    @Override
    public Optional<byte[]> lookup(String mapName, byte[] key) throws IOException {
        checkKey(mapName, key);
        byte[] value = map(mapName).get(new Key(key));
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    @Override
    public void update(String mapName, byte[] key, byte[] value) throws IOException {
        checkKey(mapName, key);
        MapSpec spec = specs.get(mapName);
        int expected = perCpu(spec) ? cpus * ((spec.valueSize() + 7) / 8 * 8) : spec.valueSize();
        if (value.length != expected) {
            throw new IOException("value of " + value.length + " bytes for " + mapName + ", expected " + expected);
        }
        Map<Key, byte[]> entries = map(mapName);
        if (spec.type() == MapType.ARRAY && !entries.containsKey(new Key(key))) {
            throw new IOException("index out of " + mapName);
        }
        if (!entries.containsKey(new Key(key)) && entries.size() >= spec.maxEntries()) {
            throw new IOException(mapName + " is full");
        }
        entries.put(new Key(key.clone()), value.clone());
    }

    @Override
    public void delete(String mapName, byte[] key) throws IOException {
        checkKey(mapName, key);
        if (specs.get(mapName).type() == MapType.ARRAY) {
            throw new IOException("array elements of " + mapName + " cannot be deleted");
        }
        if (map(mapName).remove(new Key(key)) == null) {
            throw new IOException("no such key in " + mapName);
        }
    }

    @Override
    public int possibleCpus() {
        return cpus;
    }

    private Map<Key, byte[]> map(String name) throws IOException {
        Map<Key, byte[]> map = contents.get(name);
        if (map == null) {
            throw new IOException("no map " + name);
        }
        return map;
    }

    private void checkKey(String mapName, byte[] key) throws IOException {
        MapSpec spec = specs.get(mapName);
        if (spec == null) {
            throw new IOException("no map " + mapName);
        }
        if (key.length != spec.keySize()) {
            throw new IOException("key of " + key.length + " bytes for " + mapName + ", expected " + spec.keySize());
        }
    }

    private static boolean perCpu(MapSpec spec) {
        return spec.type() == MapType.PERCPU_HASH || spec.type() == MapType.PERCPU_ARRAY;
    }

    static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
