package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.MapContents;
import dev.shadowtrace.runtime.aggregate.MapEntry;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.runtime.aggregate.MapRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * printa(), print(), clear() and trunc() on a script map, whether a kernel probe asked for them
 * (an event record) or a tracer clause did; both act on the kernel's map, read at that moment.
 * Remembers which maps were printed: as in DTrace, those are not printed again when tracing ends.
 */
final class MapActions {
    private final Map<String, MapDescriptor> maps = new LinkedHashMap<>();
    private final MapReader reader;
    private final MapContents contents;
    private final Comparator<MapRow> order;
    private final Printer printer;
    private final Set<String> printed = new HashSet<>();
    private final IntervalDeltas deltas = new IntervalDeltas();

    MapActions(CompiledScript script, MapReader reader, Comparator<MapRow> order, Printer printer) {
        script.mapDescriptors().forEach(m -> maps.put(m.name(), m));
        this.reader = reader;
        this.contents = new MapContents(reader);
        this.order = order;
        this.printer = printer;
    }

    /** printa(@m), print(@m): DTrace's default layout; printa(format, @m): the format per key. */
    void print(String name, Optional<String> format) throws IOException {
        print(name, format, OptionalLong.empty());
    }

    /** As {@link #print(String, Optional)}; print(@m, n): only the n entries with the largest values (bpftrace). */
    void print(String name, Optional<String> format, OptionalLong top) throws IOException {
        MapDescriptor map = map(name);
        List<MapRow> rows = sorted(map);
        if (top.isPresent()) {
            rows = rows.subList(rows.size() - (int) Math.min(rows.size(), top.getAsLong()), rows.size());
        }
        if (format.isPresent()) {
            printer.printa(map, rows, format.get());
        } else {
            printer.printa(map, rows);
        }
        printed.add(name);
    }

    /** clear(@m): every value becomes zero; the keys stay (trunc() removes keys). */
    void clear(String name) throws IOException {
        String bpfName = map(name).spec().name();
        for (MapEntry entry : reader.entries(bpfName)) {
            byte[] zero = new byte[entry.value().length];
            reader.update(bpfName, entry.key(), zero);
            deltas.zeroed(bpfName, entry.key(), zero);
        }
    }

    /**
     * trunc(@m, n): keeps the n keys with the largest values and removes the others, as DTrace does
     * (its order reversed); trunc(@m): removes every key.
     */
    void trunc(String name, OptionalLong keep) throws IOException {
        MapDescriptor map = map(name);
        List<MapRow> rows = sorted(map);
        long removed = rows.size() - Math.min(rows.size(), keep.orElse(0));
        for (int i = 0; i < removed; i++) {
            for (byte[] key : rows.get(i).bpfKeys()) {
                reader.delete(map.spec().name(), key);
                deltas.removed(map.spec().name(), key);
            }
        }
    }

    /**
     * {@code --interval}: every aggregation's gain since the previous call ({@link IntervalDeltas}),
     * as printa() prints it, leaving out aggregations that gained nothing. The maps do not count as
     * printed: the end still prints their totals.
     *
     * @return the delta rows of every aggregation, in script order (empty lists included)
     */
    Map<MapDescriptor, List<MapRow>> printDeltas() throws IOException {
        Map<MapDescriptor, List<MapRow>> all = new LinkedHashMap<>();
        for (MapDescriptor map : maps.values()) {
            if (map.aggregation().isEmpty()) {
                continue;
            }
            List<MapRow> rows = new ArrayList<>(contents.decode(map, deltas.delta(map, reader.entries(map.spec().name()))));
            rows.sort(order);
            all.put(map, rows);
            if (!rows.isEmpty()) {
                printer.printa(map, rows);
            }
        }
        return all;
    }

    /** Every aggregation's rows now, in script order; nothing is printed. */
    Map<MapDescriptor, List<MapRow>> totals() throws IOException {
        Map<MapDescriptor, List<MapRow>> all = new LinkedHashMap<>();
        for (MapDescriptor map : maps.values()) {
            if (map.aggregation().isPresent()) {
                all.put(map, sorted(map));
            }
        }
        return all;
    }

    /** What end() prints: the maps nothing printed that have keys, in script order, with their sorted rows. */
    void printRemaining() throws IOException {
        List<MapDescriptor> left = new ArrayList<>();
        List<List<MapRow>> rows = new ArrayList<>();
        for (MapDescriptor map : maps.values()) {
            if (!printed.contains(map.name())) {
                List<MapRow> these = sorted(map);
                if (!these.isEmpty()) {
                    left.add(map);
                    rows.add(these);
                }
            }
        }
        if (!left.isEmpty()) {
            printer.remaining(left, rows);
        }
    }

    private List<MapRow> sorted(MapDescriptor map) throws IOException {
        List<MapRow> rows = new ArrayList<>(contents.read(map));
        rows.sort(order);
        return rows;
    }

    private MapDescriptor map(String name) {
        MapDescriptor map = maps.get(name);
        if (map == null) {
            throw new IllegalArgumentException("the script has no map " + name);
        }
        return map;
    }
}
