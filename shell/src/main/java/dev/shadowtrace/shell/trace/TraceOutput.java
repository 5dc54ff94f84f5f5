package dev.shadowtrace.shell.trace;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.runtime.aggregate.Drops;
import dev.shadowtrace.shell.output.ScriptOutput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;

/**
 * The output side of a trace as the trace drives it: BEGIN clauses, event records, timers, then
 * END clauses and the aggregations. Each call that runs script code returns the status of an
 * {@code exit()} it ran. In production {@link ScriptOutput}; tests stand in for it.
 */
interface TraceOutput {
    /** Runs the BEGIN clauses, before the target is bound. */
    OptionalInt begin() throws IOException;

    /**
     * Handles one record of the {@code events} ring buffer ({@code u32 format id, u32 size,
     * payload}, little-endian).
     */
    OptionalInt onEvent(ByteBuffer record) throws IOException;

    /** The script's timers, each with its {@code periodNanos()}. */
    List<ProbeDescription> timers();

    /** Runs the clauses of {@code timer}. */
    OptionalInt timer(ProbeDescription timer) throws IOException;

    /** {@code --interval}: prints what every aggregation gained since the previous snapshot. */
    default void snapshot() throws IOException {}

    /** Runs the END clauses and prints every aggregation not printed yet. */
    void end() throws IOException;

    /** The status of the first {@code exit()} the script ran anywhere. */
    OptionalInt exitStatus();

    /** After end(): what the kernel programs could not store (lost records, failed map updates), also in JSON. */
    default Drops reportDrops() throws IOException {
        return Drops.NONE;
    }

    /** The output package's implementation. */
    static TraceOutput of(ScriptOutput output) {
        return new TraceOutput() {
            @Override
            public OptionalInt begin() throws IOException {
                return output.begin();
            }

            @Override
            public OptionalInt onEvent(ByteBuffer record) throws IOException {
                return output.onEvent(record);
            }

            @Override
            public List<ProbeDescription> timers() {
                return output.timers();
            }

            @Override
            public OptionalInt timer(ProbeDescription timer) throws IOException {
                return output.timer(timer);
            }

            @Override
            public void snapshot() throws IOException {
                output.snapshot();
            }

            @Override
            public void end() throws IOException {
                output.end();
            }

            @Override
            public OptionalInt exitStatus() {
                return output.exitStatus();
            }

            @Override
            public Drops reportDrops() throws IOException {
                return output.reportDrops();
            }
        };
    }
}
