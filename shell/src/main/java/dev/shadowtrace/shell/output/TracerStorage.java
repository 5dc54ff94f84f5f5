package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.bpf.HistogramMap;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.Layout;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.types.AggregationKind;
import dev.shadowtrace.runtime.aggregate.Fields;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.runtime.aggregate.PerCpu;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The script's data as a tracer clause reads and writes it: the same BPF maps, with the same
 * layouts, as the kernel programs (compiler/README.md, "Maps"). Globals are fields of the one
 * value of the {@code globals} array; plain map elements are HASH values, a missing one reading 0
 * or ""; aggregations add to the tracer's slot of their per-CPU value (the first CPU's), so the
 * merged result counts them like any CPU's.
 *
 * <p>The kernel offers no partial update from user space: a write replaces a whole value. In
 * BEGIN and END, no program is attached, so nothing races; a timer clause's writes can overwrite
 * what a kernel probe wrote to the same value (another global, another CPU's slot) in between.
 */
final class TracerStorage {
    private static final byte[] ZERO_INDEX = new byte[4];
    private static final int TRACER_SLOT = 0;

    private final Layout globals;
    private final MapReader maps;
    private final KernelNames names;

    TracerStorage(CompiledScript script, MapReader maps, KernelNames names) {
        this.globals = script.globals();
        this.maps = maps;
        this.names = names;
    }

    Value global(String name) throws IOException {
        return Fields.decode(globalField(name), globalsValue(), 0);
    }

    void setGlobal(String name, Value value) throws IOException {
        byte[] all = globalsValue();
        Fields.encode(globalField(name), value, all, 0, names::probeNameId);
        maps.update(DataPlan.GLOBALS, ZERO_INDEX, all);
    }

    /** {@code @m[keys]} of a plain map: its value, or 0 / "" if the key is missing. */
    Value element(MapDescriptor map, List<Value> keys) throws IOException {
        Field field = map.value().fields().get(0);
        byte[] value = maps.lookup(map.spec().name(), key(map, keys)).orElse(new byte[map.value().size()]);
        return Fields.decode(field, value, 0);
    }

    void setElement(MapDescriptor map, List<Value> keys, Value value) throws IOException {
        byte[] bytes = new byte[map.value().size()];
        Fields.encode(map.value().fields().get(0), value, bytes, 0, names::probeNameId);
        maps.update(map.spec().name(), key(map, keys), bytes);
    }

    /** {@code delete(@m[keys])}: removes the element; a missing one is no error. */
    void deleteElement(MapDescriptor map, List<Value> keys) throws IOException {
        maps.delete(map.spec().name(), key(map, keys));
    }

    /** {@code @m[keys] = f(value)}: feeds one value into the aggregation, as a kernel probe would. */
    void aggregate(MapDescriptor map, List<Value> keys, AggregationKind kind, long value) throws IOException {
        byte[] key = key(map, keys);
        Optional<HistogramMap> histogram = map.histogram();
        if (histogram.isPresent()) {
            Fields.putWord(key, 0, histogram.get().layout().bucketOf(value));
        }
        int slot = (map.value().size() + 7) / 8 * 8;
        byte[] perCpu = maps.lookup(map.spec().name(), key).orElse(new byte[slot * maps.possibleCpus()]);
        PerCpu.add(kind, map.value(), perCpu, TRACER_SLOT, value);
        maps.update(map.spec().name(), key, perCpu);
    }

    /** The BPF key of {@code @m[keys]}; a histogram's bucket (bytes 0-7) is left 0 for the caller. */
    private byte[] key(MapDescriptor map, List<Value> keys) {
        List<Field> fields = map.key().fields();
        if (fields.size() != keys.size()) {
            throw new IllegalArgumentException(map.name() + " has " + fields.size() + " keys, not " + keys.size());
        }
        byte[] key = new byte[map.key().size()];
        for (int i = 0; i < fields.size(); i++) {
            Fields.encode(fields.get(i), keys.get(i), key, 0, names::probeNameId);
        }
        return key;
    }

    private byte[] globalsValue() throws IOException {
        return maps.lookup(DataPlan.GLOBALS, ZERO_INDEX).orElse(new byte[globals.size()]);
    }

    private Field globalField(String name) {
        return globals.field(name).orElseThrow(() -> new IllegalStateException("no storage for the global " + name));
    }
}
