package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.shell.output.ScriptOutput;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The session's output side: a {@link ScriptOutput} of the session's latest script (it knows
 * every map and event format of the clauses before it), printing into a buffer that each call
 * hands back as text, for the prompt to show above the line being typed or for {@code watch} to
 * draw. One lock for all calls: the event thread and the prompt share it.
 */
final class MapOutput {
    private final MapReader maps;
    private final StringWriter buffer = new StringWriter();
    private final PrintWriter out = new PrintWriter(buffer);
    private ScriptOutput output;
    private List<String> names = List.of();

    MapOutput(MapReader maps) {
        this.maps = maps;
    }

    /** From now on, the output of {@code script}, the session's script with its newest clause. */
    synchronized void update(CompiledScript script) {
        output = new ScriptOutput(script, maps, out, false);
        names = script.mapDescriptors().stream().map(MapDescriptor::name).toList();
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
