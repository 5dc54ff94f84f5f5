package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.shell.output.ScriptOutput;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;

/**
 * The session's output side: a {@link ScriptOutput} of the session's latest script (it knows
 * every map and event format of the clauses before it), printing into a buffer that each call
 * hands back as text, for the prompt to show above the line being typed or for {@code watch} to
 * draw. One lock for all calls: the event thread and the prompt share it.
 */
final class MapOutput {
    private final MapReader maps;
    private final boolean json;
    private final StringWriter buffer = new StringWriter();
    private final PrintWriter out = new PrintWriter(buffer);
    private ScriptOutput output;
    private List<String> names = List.of();

    /** @param json {@code --json}: JSON lines, as the one-shot CLI prints them */
    MapOutput(MapReader maps, boolean json) {
        this.maps = maps;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /**
     * Checks what the tracer would run of {@code script} (its BEGIN, END and timer clauses), before
     * anything of it is attached.
     *
     * @throws IllegalArgumentException with one located error line each
     */
    void check(CompiledScript script) {
        new ScriptOutput(script, maps, new PrintWriter(new StringWriter()), json);
    }

    /** From now on, the output of {@code script}, the session's script with its newest clause. */
    synchronized void update(CompiledScript script) {
        output = new ScriptOutput(script, maps, out, json);
        names = script.mapDescriptors().stream().map(MapDescriptor::name).toList();
    }

    /**
     * Runs the tracer clauses with a probe of {@code kind} (named {@code name}, unless null) typed
     * on the session's lines {@code first} to {@code last}; returns what they printed, and a note if
     * one ran {@code exit()}, which does not end the shell.
     */
    synchronized String fire(ProbeKind kind, String name, int first, int last) throws IOException {
        if (output == null) {
            return "";
        }
        OptionalInt exit = output.fire(kind, name, c -> c.clause().pos().line() >= first
                && c.clause().pos().line() <= last);
        String text = take();
        return exit.isPresent() ? text + "shadowtrace: exit() ran: the shell goes on; 'quit' leaves it\n" : text;
    }

    /** The session's map names ({@code @n}), in order of first use. */
    synchronized List<String> names() {
        return names;
    }

    /** What {@code print(@n)} prints; {@code map} must be one of {@link #names}. */
    synchronized String print(String map) throws IOException {
        output.print(map);
        return take();
    }

    /** {@code clear(@n)}. */
    synchronized void clear(String map) throws IOException {
        output.clear(map);
    }

    /** Handles one {@code events} record: a printf() or trace() line, a print() of a map. */
    synchronized String onEvent(ByteBuffer record) throws IOException {
        if (output != null) {
            output.onEvent(record);
        }
        return take();
    }

    private String take() {
        out.flush();
        String text = buffer.toString();
        buffer.getBuffer().setLength(0);
        return text;
    }
}
