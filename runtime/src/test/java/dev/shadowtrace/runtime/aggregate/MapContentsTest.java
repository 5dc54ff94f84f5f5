package dev.shadowtrace.runtime.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.session.Fixture;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kernel map entries as bpf(2) hands them out, to rows of merged values: the session's {@code read}. */
class MapContentsTest {
    private static final int CPUS = 4;

    /** A MapReader over fixed entries per map name; nothing is written. */
    private record Entries(Map<String, List<MapEntry>> byName) implements MapReader {
        @Override
        public List<MapEntry> entries(String mapName) {
            return byName.getOrDefault(mapName, List.of());
        }

        @Override
        public Optional<byte[]> lookup(String mapName, byte[] key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void update(String mapName, byte[] key, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String mapName, byte[] key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int possibleCpus() {
            return CPUS;
        }
    }

    private static byte[] words(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static MapDescriptor map(CompiledScript script, String name) {
        return script.mapDescriptors().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void countsAreSummedOverCpus() throws Exception {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @n = count(); }");
        MapDescriptor n = map(script, "@n");
        byte[] key = new byte[n.key().size()];
        MapContents contents = new MapContents(new Entries(Map.of(n.spec().name(),
                List.of(new MapEntry(key, words(1, 20, 300, 4000))))));
        List<MapRow> rows = contents.read(n);
        assertEquals(1, rows.size());
        assertEquals(List.of(), rows.get(0).keys());
        assertEquals(new MapValue.Number(4321), rows.get(0).value());
    }

    @Test
    void maxIsTheLargestValueOfTheCpusThatSawOneAndKeysAreDecoded() throws Exception {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @m[pid] = max(arg2); }");
        MapDescriptor m = map(script, "@m");
        assertEquals(8, m.key().size());
        MapContents contents = new MapContents(new Entries(Map.of(m.spec().name(), List.of(
                new MapEntry(words(42), words(5, 1, 70, 2, 99, 0, 9, 1)), // CPU 2 saw none: its 99 is no value
                new MapEntry(words(7), words(1, 1, 0, 0, 2, 3, 1, 1))))));
        assertEquals(16, m.value().size()); // {value, count} per CPU
        List<MapRow> rows = contents.read(m);
        assertEquals(List.of(new Value.Int(42)), rows.get(0).keys());
        assertEquals(new MapValue.Number(70), rows.get(0).value());
        assertEquals(List.of(new Value.Int(7)), rows.get(1).keys());
        assertEquals(new MapValue.Number(2), rows.get(1).value());
    }
}
