package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.Fields;
import dev.shadowtrace.runtime.aggregate.MapEntry;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --interval}: what each aggregation gained since the previous snapshot. bpf(2) reads and
 * replaces only whole values, so clearing a value in the kernel after reading it would lose what a
 * probe added in between; instead nothing is cleared, the tracer keeps the values it read last (per
 * map, per BPF key, per CPU) and subtracts them. The kernel's values only grow, so the deltas of
 * successive snapshots add up exactly to the values at the end.
 *
 * <p>Per CPU, counting words are subtracted: count, sum, histogram bucket counts, avg's sum and
 * count, min's and max's count. A minimum or maximum of an interval cannot be derived from two
 * running ones, so min() and max() keep their running value, reported when their count grew. A key
 * that gained nothing is left out. The script's own {@code clear()} and {@code trunc()} reset the
 * values they zero or remove ({@link #zeroed}, {@link #removed}), so what probes add after them
 * counts in full.
 */
final class IntervalDeltas {
    private final Map<String, Map<ByteBuffer, byte[]>> previous = new HashMap<>();

    /**
     * The entries of {@code map} as deltas against the previous call's, and remembers {@code live}.
     * Plain maps (not aggregations) have no delta: none of their entries is returned.
     */
    List<MapEntry> delta(MapDescriptor map, List<MapEntry> live) {
        Map<ByteBuffer, byte[]> before = previous.computeIfAbsent(map.spec().name(), k -> new HashMap<>());
        Map<ByteBuffer, byte[]> now = new HashMap<>();
        List<MapEntry> deltas = new ArrayList<>();
        // min and max are running values, not sums: a delta keeps them as they are
        Set<Integer> running = map.aggregation().isEmpty() ? Set.of() : map.value().fields().stream()
                .filter(f -> f.name().equals("min") || f.name().equals("max")).map(Field::offset)
                .collect(Collectors.toSet());
        int slot = (map.value().size() + 7) / 8 * 8;
        for (MapEntry entry : live) {
            ByteBuffer key = ByteBuffer.wrap(entry.key().clone());
            now.put(key, entry.value().clone());
            if (map.aggregation().isEmpty()) {
                continue;
            }
            byte[] old = before.get(key);
            byte[] delta = entry.value().clone();
            boolean grew = false;
            for (int at = 0; at < delta.length; at += 8) {
                boolean isRunning = running.contains(at % slot);
                long d = Fields.word(delta, at) - (old == null || isRunning ? 0 : Fields.word(old, at));
                if (!isRunning) {
                    Fields.putWord(delta, at, d);
                    grew |= d != 0;
                }
            }
            if (grew) {
                deltas.add(new MapEntry(entry.key(), delta));
            }
        }
        previous.put(map.spec().name(), now);
        return deltas;
    }

    /** The script set the value of {@code key} to {@code value} (clear(): zero). */
    void zeroed(String bpfName, byte[] key, byte[] value) {
        Map<ByteBuffer, byte[]> before = previous.get(bpfName);
        if (before != null) {
            before.put(ByteBuffer.wrap(key.clone()), value.clone());
        }
    }

    /** The script removed {@code key} (trunc()). */
    void removed(String bpfName, byte[] key) {
        Map<ByteBuffer, byte[]> before = previous.get(bpfName);
        if (before != null) {
            before.remove(ByteBuffer.wrap(key));
        }
    }
}
