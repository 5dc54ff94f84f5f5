package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.bpf.BpfMachine;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.runtime.aggregate.MapEntry;
import dev.shadowtrace.runtime.aggregate.MapReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled programs of a script running in the compiler's {@link BpfMachine}, one machine per
 * CPU: per-CPU maps read as the concatenation of every machine's value (zeros where a CPU has none),
 * as bpf(2) returns them; other maps are CPU 0's. Records of the ring buffer come out in the order
 * the programs sent them. The machine does not store stacks, so {@link #stack} does.
 * Read-only: the machines offer no writes.
 */
final class SimKernel implements MapReader {
    static final int DI = 112;
    static final int SI = 104;
    static final int DX = 96;
    static final int AX = 80;
    static final int IP = 128;

    private final CompiledScript script;
    private final List<BpfMachine> cpus = new ArrayList<>();
    private final Map<String, MapSpec> specs = new HashMap<>();
    private final Map<Long, long[]> stacks = new HashMap<>();
    private final List<ByteBuffer> records = new ArrayList<>();

    SimKernel(CompiledScript script, int cpuCount) {
        this.script = script;
        for (int i = 0; i < cpuCount; i++) {
            BpfMachine machine = new BpfMachine(script.maps());
            machine.cpu = i;
            cpus.add(machine);
        }
        script.maps().forEach(spec -> specs.put(spec.name(), spec));
    }

    BpfMachine cpu(int cpu) {
        return cpus.get(cpu);
    }

    /** Runs clause {@code clauseNumber}'s program on {@code cpu} with these pt_regs fields. */
    void fire(int cpu, int clauseNumber, Map<Integer, Long> regs) {
        ProbeProgram program = script.programs().stream().filter(p -> p.clauseNumber() == clauseNumber).findFirst()
                .orElseThrow(() -> new AssertionError("no program for clause " + clauseNumber));
        BpfMachine machine = cpus.get(cpu);
        if (!specs.containsKey(DataPlan.EVENTS)) { // a script that only aggregates sends no records
            machine.run(program.program(), regs);
            return;
        }
        int before = machine.records(DataPlan.EVENTS).size();
        machine.run(program.program(), regs);
        List<byte[]> sent = machine.records(DataPlan.EVENTS);
        for (byte[] record : sent.subList(before, sent.size())) {
            records.add(ByteBuffer.wrap(record));
        }
    }

    /** Makes {@code frames} the stack recorded under {@code id}. */
    void stack(long id, long... frames) {
        stacks.put(id, frames);
    }

    /** The ring buffer records not yet taken, in order. */
    List<ByteBuffer> takeRecords() {
        List<ByteBuffer> out = List.copyOf(records);
        records.clear();
        return out;
    }

    @Override
    public List<MapEntry> entries(String mapName) {
        MapSpec spec = spec(mapName);
        if (!perCpu(spec)) {
            List<MapEntry> out = new ArrayList<>();
            cpus.get(0).entries(mapName).forEach((k, v) -> out.add(new MapEntry(k.bytes(), v)));
            return out;
        }
        Map<BpfMachine.Bytes, byte[]> keys = new LinkedHashMap<>();
        cpus.forEach(machine -> machine.entries(mapName).forEach(keys::putIfAbsent));
        List<MapEntry> out = new ArrayList<>();
        for (BpfMachine.Bytes key : keys.keySet()) {
            out.add(new MapEntry(key.bytes(), perCpuValue(mapName, key.bytes()).orElseThrow()));
        }
        return out;
    }

    @Override
    public Optional<byte[]> lookup(String mapName, byte[] key) {
        MapSpec spec = spec(mapName);
        if (spec.type() == MapType.STACK_TRACE) {
            long id = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            long[] frames = stacks.get(id);
            if (frames == null) {
                return Optional.empty();
            }
            ByteBuffer value = ByteBuffer.allocate(spec.valueSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (long frame : frames) {
                value.putLong(frame);
            }
            return Optional.of(value.array());
        }
        return perCpu(spec) ? perCpuValue(mapName, key) : cpus.get(0).lookup(mapName, key);
    }

    @Override
    public void update(String mapName, byte[] key, byte[] value) throws IOException {
        throw new IOException("the simulated kernel's maps are read-only");
    }

    @Override
    public void delete(String mapName, byte[] key) throws IOException {
        throw new IOException("the simulated kernel's maps are read-only");
    }

    @Override
    public int possibleCpus() {
        return cpus.size();
    }

    private Optional<byte[]> perCpuValue(String mapName, byte[] key) {
        int size = spec(mapName).valueSize();
        ByteBuffer all = ByteBuffer.allocate(size * cpus.size());
        boolean any = false;
        for (BpfMachine machine : cpus) {
            Optional<byte[]> value = machine.lookup(mapName, key);
            any |= value.isPresent();
            all.put(value.orElse(new byte[size]));
        }
        return any ? Optional.of(all.array()) : Optional.empty();
    }

    private MapSpec spec(String mapName) {
        MapSpec spec = specs.get(mapName);
        if (spec == null) {
            throw new IllegalArgumentException("no map " + mapName);
        }
        return spec;
    }

    private static boolean perCpu(MapSpec spec) {
        return spec.type() == MapType.PERCPU_HASH || spec.type() == MapType.PERCPU_ARRAY;
    }
}
