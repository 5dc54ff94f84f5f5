package dev.shadowtrace.runtime.session;

import dev.shadowtrace.runtime.aggregate.MapEntry;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.runtime.bpf.BpfException;
import dev.shadowtrace.runtime.bpf.BpfMap;
import dev.shadowtrace.runtime.bpf.PossibleCpus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output side's view of a running trace's BPF maps, by their kernel names ({@code MapSpec}
 * names): whole maps for printing aggregations, single elements for the tracer clauses (BEGIN,
 * END) that read and write the script's variables. Per-CPU values come as the kernel hands them
 * out: every possible CPU's value, each padded to 8 bytes, CPU 0 first.
 *
 * <p>Made before the maps exist and {@link #connect connected} once they do, so that the output
 * side can check the script before anything is installed in the kernel.
 */
public final class LiveMaps implements MapReader {
    private Map<String, BpfMap> maps = Map.of();
    private final int cpus;

    public LiveMaps() {
        this.cpus = PossibleCpus.count();
    }

    /** From now on, reads and writes go to these maps. */
    void connect(Map<String, BpfMap> maps) {
        this.maps = Map.copyOf(maps);
    }

    /** A bpf(2) call on a map. */
    private interface MapCall<T> {
        T on(BpfMap map) throws BpfException;
    }

    @Override
    public List<MapEntry> entries(String mapName) throws IOException {
        List<MapEntry> out = new ArrayList<>();
        for (BpfMap.Entry e : call(mapName, BpfMap::entries)) {
            out.add(new MapEntry(e.key(), e.value()));
        }
        return out;
    }

    @Override
    public Optional<byte[]> lookup(String mapName, byte[] key) throws IOException {
        return call(mapName, m -> m.lookup(key));
    }

    @Override
    public void update(String mapName, byte[] key, byte[] value) throws IOException {
        call(mapName, m -> {
            m.update(key, value, BpfMap.ANY);
            return null;
        });
    }

    @Override
    public void delete(String mapName, byte[] key) throws IOException {
        call(mapName, m -> m.delete(key));
    }

    @Override
    public int possibleCpus() {
        return cpus;
    }

    /** Runs {@code call} on the map {@code name}; bpf(2) failures become IOExceptions with the same message. */
    private <T> T call(String name, MapCall<T> call) throws IOException {
        BpfMap map = maps.get(name);
        if (map == null) {
            throw new IllegalArgumentException(maps.isEmpty() ? "map " + name + " read before the maps exist"
                    : "the script has no BPF map named " + name + " (it has " + maps.keySet() + ")");
        }
        try {
            return call.on(map);
        } catch (BpfException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
