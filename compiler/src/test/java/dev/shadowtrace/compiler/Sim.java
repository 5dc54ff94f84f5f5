package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.bpf.BpfMachine;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.types.ScalarType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A script compiled against the fixture kernel, its programs run in a {@link BpfMachine}. */
final class Sim {
    /** pt_regs offsets. */
    static final int DI = 112;
    static final int SI = 104;
    static final int DX = 96;
    static final int AX = 80;
    static final int IP = 128;

    final CompiledScript script;
    final BpfMachine machine;

    Sim(String text) throws ScriptException {
        this(text, Limits.DEFAULTS);
    }

    Sim(String text, Limits limits) throws ScriptException {
        script = Fixtures.compile("test.d", text, limits);
        machine = new BpfMachine(script.maps());
    }

    /** Runs the program of clause {@code clauseNumber} with these pt_regs fields. */
    long fire(int clauseNumber, Map<Integer, Long> regs) {
        ProbeProgram program = script.programs().stream().filter(p -> p.clauseNumber() == clauseNumber).findFirst()
                .orElseThrow(() -> new AssertionError("no program for clause " + clauseNumber));
        return machine.run(program.program(), regs);
    }

    long fire(int clauseNumber) {
        return fire(clauseNumber, Map.of());
    }

    MapDescriptor descriptor(String scriptName) {
        return script.mapDescriptors().stream().filter(m -> m.name().equals(scriptName)).findFirst().orElseThrow();
    }

    /** A value field of the script map's element under {@code key}, if the element exists. */
    Optional<Long> value(String scriptName, byte[] key, String field) {
        MapDescriptor map = descriptor(scriptName);
        Field f = map.value().field(field).orElseThrow();
        return machine.lookup(map.spec().name(), key).map(v -> word(v, f.offset()));
    }

    Map<BpfMachine.Bytes, byte[]> entries(String scriptName) {
        return machine.entries(descriptor(scriptName).spec().name());
    }

    /** The global variable's value. */
    long global(String name) {
        Field f = script.globals().field(name).orElseThrow();
        return word(machine.lookup(DataPlan.GLOBALS, BpfMachine.le(0, 4)).orElseThrow(), f.offset());
    }

    /** The current thread's self-> entry, if it exists. */
    Optional<byte[]> threadEntry() {
        return machine.lookup(DataPlan.THREADS, BpfMachine.le(machine.pidTgid & 0xffffffffL, 8));
    }

    List<byte[]> events() {
        return machine.records(DataPlan.EVENTS);
    }

    /** A map key of ints (8 bytes each) and strings (64 bytes, zero-padded), in order. */
    static byte[] key(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(Arrays.copyOf(s.getBytes(StandardCharsets.UTF_8), ScalarType.STRING_SIZE));
            } else {
                out.writeBytes(BpfMachine.le(((Number) part).longValue(), 8));
            }
        }
        return out.toByteArray();
    }

    static long word(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    static String string(byte[] bytes, int offset, int size) {
        byte[] field = Arrays.copyOfRange(bytes, offset, offset + size);
        int end = 0;
        while (end < field.length && field[end] != 0) {
            end++;
        }
        return new String(field, 0, end, StandardCharsets.UTF_8);
    }
}
