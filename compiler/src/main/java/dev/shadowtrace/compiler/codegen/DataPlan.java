package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.bpf.BucketLayout;
import dev.shadowtrace.compiler.bpf.HdrBuckets;
import dev.shadowtrace.compiler.bpf.HistogramMap;
import dev.shadowtrace.compiler.bpf.LinearBuckets;
import dev.shadowtrace.compiler.bpf.LogLinearBuckets;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.bpf.QuantizeBuckets;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.compiler.layout.Layout;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.check.MapSymbol;
import dev.shadowtrace.lang.check.VariableSymbol;
import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.lang.types.AggregationKind;
import dev.shadowtrace.lang.types.AggregationType;
import dev.shadowtrace.lang.types.LinearRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a script's data lives: the layouts of its globals and thread-locals, and one BPF map per
 * script map. Decided once for all clauses, before code generation.
 */
public final class DataPlan {
    /** ARRAY, one entry: all globals. */
    public static final String GLOBALS = "globals";
    /** HASH, key = thread id (u64): all {@code self->} variables of a thread. */
    public static final String THREADS = "self";
    /** ARRAY, one entry that is never written: the zeroes a new thread's entry starts from. */
    public static final String THREADS_ZERO = "self_zero";
    /** RINGBUF: the event records. */
    public static final String EVENTS = "events";
    /** STACK_TRACE: the kernel stacks of {@code stack()}. */
    public static final String STACKS = "stacks";
    /**
     * PERCPU_ARRAY, one entry (u32 key 0), two u64 counters per CPU: what the programs could not
     * store, reported when the trace ends. Used by any program that outputs records or updates maps.
     */
    public static final String DROPS = "drops";
    /** Offset in {@link #DROPS}: event records lost because the ring buffer was full. */
    public static final int DROPS_LOST_RECORDS = 0;
    /** Offset in {@link #DROPS}: map updates that failed, almost always because the map was full. */
    public static final int DROPS_FAILED_UPDATES = 8;
    /** {@code PERF_MAX_STACK_DEPTH}: frames per recorded stack. */
    public static final int STACK_DEPTH = StackShape.MAX_FRAMES;
    /** The key of a map without keys: 8 zero bytes. */
    static final int NO_KEY_SIZE = 8;

    private final Layout globals;
    private final Layout threadLocals;
    private final Map<String, MapDescriptor> maps;
    private final Limits limits;

    private DataPlan(Layout globals, Layout threadLocals, Map<String, MapDescriptor> maps, Limits limits) {
        this.globals = globals;
        this.threadLocals = threadLocals;
        this.maps = maps;
        this.limits = limits;
    }

    /** @throws ScriptException if a map key mixes probefunc/probename with other strings, or an lquantize range does not fit */
    public static DataPlan of(CheckedScript checked, Limits limits) throws ScriptException {
        SourceFile source = checked.script().source();
        List<Diagnostic> errors = new ArrayList<>();
        Map<String, List<FieldType>> keyTypes = keyTypes(checked, source, errors);
        Map<String, MapDescriptor> maps = new LinkedHashMap<>();
        for (MapSymbol symbol : checked.maps().values()) {
            try {
                maps.put(symbol.name(), describe(symbol, maps.size(), keyTypes.get(symbol.name()), limits));
            } catch (IllegalArgumentException e) {
                errors.add(source.error(symbol.firstUse(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ScriptException(errors);
        }
        return new DataPlan(variables(checked.globals()), variables(checked.threadLocals()), maps, limits);
    }

    public Layout globals() {
        return globals;
    }

    public Layout threadLocals() {
        return threadLocals;
    }

    public List<MapDescriptor> maps() {
        return List.copyOf(maps.values());
    }

    public MapDescriptor map(String scriptName) {
        return maps.get(scriptName);
    }

    public MapSpec globalsSpec() {
        return new MapSpec(GLOBALS, MapType.ARRAY, 4, globals.size(), 1, 0);
    }

    public MapSpec threadsSpec() {
        return new MapSpec(THREADS, MapType.HASH, 8, threadLocals.size(), limits.threadEntries(), 0);
    }

    public MapSpec threadsZeroSpec() {
        return new MapSpec(THREADS_ZERO, MapType.ARRAY, 4, threadLocals.size(), 1, 0);
    }

    public MapSpec eventsSpec() {
        return new MapSpec(EVENTS, MapType.RINGBUF, 0, 0, limits.ringBufferBytes(), 0);
    }

    public MapSpec dropsSpec() {
        return new MapSpec(DROPS, MapType.PERCPU_ARRAY, 4, 16, 1, 0);
    }

    public MapSpec stacksSpec() {
        return stacksSpec(STACKS);
    }

    /** The spec of a stack map: {@link #STACKS}, or a limited shape's ({@link StackValues#mapName}). */
    public MapSpec stacksSpec(String name) {
        return StackValues.spec(name, limits);
    }

    private static Layout variables(Map<String, VariableSymbol> symbols) {
        Layout.Builder layout = new Layout.Builder();
        symbols.values().forEach(v -> layout.add(v.name(), FieldType.of(v.type())));
        return layout.build();
    }

    /**
     * The field type of each key position of each map. A key position holding probefunc or
     * probename directly stores the address or probe-name id, not a string; every use of that
     * position must then hold the same built-in.
     */
    private static Map<String, List<FieldType>> keyTypes(CheckedScript checked, SourceFile source,
            List<Diagnostic> errors) {
        Map<String, List<FieldType>> types = new HashMap<>();
        Map<String, List<Expr>> firstKeys = new HashMap<>();
        for (Clause clause : checked.script().clauses()) {
            for (Expr e : Subexpressions.of(clause)) {
                if (!(e instanceof MapAccess access)) {
                    continue;
                }
                List<FieldType> these = access.keys().stream().map(DataPlan::fieldType).toList();
                List<FieldType> known = types.putIfAbsent(access.name(), these);
                firstKeys.putIfAbsent(access.name(), access.keys());
                for (int i = 0; known != null && i < these.size(); i++) {
                    if (these.get(i) != known.get(i)) {
                        Expr first = firstKeys.get(access.name()).get(i);
                        errors.add(source.error(access.keys().get(i).pos(), "key " + (i + 1) + " of " + access.name()
                                + " is " + describe(access.keys().get(i)) + " here, but " + describe(first) + " at "
                                + first.pos(), "probefunc and probename are stored as numbers that the tracer"
                                + " prints as names, so a key position holds only one of them"));
                    }
                }
            }
        }
        return types;
    }

    /**
     * How a map key or event payload field stores {@code e}: probefunc as its address, probename
     * as its id, anything else as its type.
     */
    static FieldType fieldType(Expr e) {
        if (e instanceof BuiltinRef ref && ref.variable() == BuiltinVariable.PROBEFUNC || Strings.isKsym(e)) {
            return FieldType.SYMBOL;
        }
        if (e instanceof BuiltinRef ref && ref.variable() == BuiltinVariable.PROBENAME) {
            return FieldType.PROBENAME;
        }
        if (Strings.isUsym(e)) {
            return FieldType.USYM;
        }
        return FieldType.of(e.type());
    }

    private static String describe(Expr key) {
        if (Strings.isKsym(key)) {
            return "ksym()";
        }
        if (Strings.isUsym(key)) {
            return "usym()";
        }
        FieldType type = fieldType(key);
        return switch (type) {
            case SYMBOL -> "probefunc";
            case PROBENAME -> "probename";
            default -> "a " + type.name().toLowerCase(Locale.ROOT);
        };
    }

    private static MapDescriptor describe(MapSymbol symbol, int index, List<FieldType> keys, Limits limits) {
        String bpfName = bpfName(index, symbol.name());
        Optional<BucketLayout> buckets = symbol.value() instanceof AggregationType a ? buckets(a) : Optional.empty();
        Layout.Builder keyLayout = new Layout.Builder(buckets.isPresent() ? HistogramMap.BUCKET_BYTES : 0);
        for (int i = 0; i < keys.size(); i++) {
            keyLayout.add("key" + (i + 1), keys.get(i));
        }
        Layout key = keyLayout.build(NO_KEY_SIZE);
        Layout value = valueLayout(symbol);
        if (buckets.isPresent()) {
            HistogramMap histogram = new HistogramMap(bpfName, buckets.get(),
                    key.size() - HistogramMap.BUCKET_BYTES, limits.mapEntries());
            return new MapDescriptor(symbol.name(), histogram.spec(), symbol.value(), key, value,
                    Optional.of(histogram));
        }
        MapType type = symbol.isAggregation() ? MapType.PERCPU_HASH : MapType.HASH;
        MapSpec spec = new MapSpec(bpfName, type, key.size(), value.size(), limits.mapEntries(), 0);
        return new MapDescriptor(symbol.name(), spec, symbol.value(), key, value, Optional.empty());
    }

    /** The value of each aggregation kind, per CPU; min and max count their values to tell "no value yet" from 0. */
    private static Layout valueLayout(MapSymbol symbol) {
        Layout.Builder value = new Layout.Builder();
        if (!(symbol.value() instanceof AggregationType aggregation)) {
            return value.add("value", FieldType.of(symbol.value())).build();
        }
        switch (aggregation.kind()) {
            case COUNT, QUANTIZE, LQUANTIZE, LLQUANTIZE, HDR -> value.add("count", FieldType.INT);
            case SUM -> value.add("sum", FieldType.INT);
            case MIN -> value.add("min", FieldType.INT).add("count", FieldType.INT);
            case MAX -> value.add("max", FieldType.INT).add("count", FieldType.INT);
            case AVG -> value.add("sum", FieldType.INT).add("count", FieldType.INT);
            case STATS -> value.add("count", FieldType.INT).add("sum", FieldType.INT).add("min", FieldType.INT)
                    .add("max", FieldType.INT);
        }
        return value.build();
    }

    private static Optional<BucketLayout> buckets(AggregationType aggregation) {
        if (aggregation.kind() == AggregationKind.QUANTIZE) {
            return Optional.of(QuantizeBuckets.INSTANCE);
        }
        if (aggregation.kind() == AggregationKind.HDR) {
            return Optional.of(new HdrBuckets(aggregation.digits()));
        }
        if (aggregation.kind() == AggregationKind.LLQUANTIZE) {
            return Optional.of(new LogLinearBuckets(aggregation.logRange().orElseThrow()));
        }
        if (aggregation.kind() != AggregationKind.LQUANTIZE) {
            return Optional.empty();
        }
        LinearRange range = aggregation.range().orElseThrow();
        if (range.low() != (int) range.low() || range.high() != (int) range.high() || range.step() != (int) range.step()) {
            throw new IllegalArgumentException("lquantize(" + range + ") needs bounds and step that fit in 32 bits");
        }
        if (range.high() - range.low() < range.step()) {
            throw new IllegalArgumentException("lquantize(" + range + ") has no bucket: the range must be at least"
                    + " one step wide");
        }
        return Optional.of(new LinearBuckets((int) range.low(), (int) range.high(), (int) range.step()));
    }

    /** {@code @latency} → {@code m0_latency}: unique, and within the kernel's 15 characters. */
    private static String bpfName(int index, String scriptName) {
        String name = "m" + index + "_" + scriptName.substring(1);
        return name.length() <= MapSpec.MAX_NAME_LENGTH ? name : name.substring(0, MapSpec.MAX_NAME_LENGTH);
    }
}
