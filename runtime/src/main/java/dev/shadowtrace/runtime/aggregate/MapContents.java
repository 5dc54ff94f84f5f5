package dev.shadowtrace.runtime.aggregate;

import dev.shadowtrace.compiler.bpf.HdrBuckets;
import dev.shadowtrace.compiler.bpf.HistogramMap;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.types.AggregationKind;
import dev.shadowtrace.lang.types.AggregationType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a script map out of the kernel, now, through its {@link MapDescriptor}: decodes the keys
 * and merges each value over CPUs ({@link PerCpu}). A histogram's BPF keys are (bucket, script
 * keys) ({@link HistogramMap}); its rows gather the buckets of each script key into one
 * {@link Distribution}.
 */
public final class MapContents {
    private final MapReader maps;

    public MapContents(MapReader maps) {
        this.maps = maps;
    }

    /** Every key of the map with its value, in the kernel's iteration order. */
    public List<MapRow> read(MapDescriptor map) throws IOException {
        return decode(map, maps.entries(map.spec().name()));
    }

    /** The rows of {@code entries}, entries of {@code map} read before (or deltas of them). */
    public List<MapRow> decode(MapDescriptor map, List<MapEntry> entries) {
        if (map.histogram().isPresent()) {
            return histograms(map, map.histogram().get(), entries);
        }
        Optional<AggregationType> aggregation = map.aggregation();
        List<MapRow> rows = new ArrayList<>();
        for (MapEntry entry : entries) {
            MapValue value = aggregation.isPresent() && aggregation.get().kind() == AggregationKind.STATS
                    ? PerCpu.stats(map.value(), entry.value())
                    : aggregation.isPresent()
                    ? new MapValue.Number(PerCpu.merge(aggregation.get().kind(), map.value(), entry.value()))
                    : new MapValue.Plain(Fields.decode(map.value().fields().get(0), entry.value(), 0));
            rows.add(new MapRow(keys(map, entry.key()), value, List.of(entry.key())));
        }
        return rows;
    }

    private List<MapRow> histograms(MapDescriptor map, HistogramMap histogram, List<MapEntry> entries) {
        Map<ByteBuffer, List<MapEntry>> byKey = new LinkedHashMap<>();
        for (MapEntry entry : entries) {
            ByteBuffer scriptKey = ByteBuffer.wrap(histogram.aggregationKeyOf(entry.key()));
            byKey.computeIfAbsent(scriptKey, k -> new ArrayList<>()).add(entry);
        }
        List<MapRow> rows = new ArrayList<>();
        for (List<MapEntry> buckets : byKey.values()) {
            long[] counts = new long[histogram.layout().bucketCount()];
            List<byte[]> bpfKeys = new ArrayList<>();
            for (MapEntry entry : buckets) {
                counts[histogram.bucketOf(entry.key())] += PerCpu.sum(map.value(), entry.value());
                bpfKeys.add(entry.key());
            }
            MapValue value = histogram.layout() instanceof HdrBuckets hdr
                    ? HdrValue.of(hdr, counts)
                    : Distribution.of(histogram.layout(), counts);
            rows.add(new MapRow(keys(map, buckets.get(0).key()), value, bpfKeys));
        }
        return rows;
    }

    private static List<Value> keys(MapDescriptor map, byte[] bpfKey) {
        if (bpfKey.length != map.key().size()) {
            throw new IllegalStateException("a key of " + bpfKey.length + " bytes in " + map.spec().name() + " ("
                    + map.name() + "), whose keys have " + map.key().size());
        }
        List<Value> keys = new ArrayList<>();
        for (Field field : map.key().fields()) {
            keys.add(Fields.decode(field, bpfKey, 0));
        }
        return keys;
    }
}
