package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.Drops;
import dev.shadowtrace.runtime.aggregate.MapRow;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.util.List;

/** Where a script's output goes: DTrace-style text ({@link TextPrinter}) or JSON lines ({@link JsonPrinter}). */
interface Printer {

    /** The text of one printf(). */
    void printf(String text) throws IOException;

    /** printa(@m) or print(@m) without a format; rows sorted. */
    void printa(MapDescriptor map, List<MapRow> rows) throws IOException;

    /** printa(format, @m); rows sorted. */
    void printa(MapDescriptor map, List<MapRow> rows, String format) throws IOException;

    /** The maps printed when tracing ends because nothing printed them, in script order; rows sorted. */
    void remaining(List<MapDescriptor> maps, List<List<MapRow>> rows) throws IOException;

    /** {@code --interval}: snapshot {@code number} (from 1), taken {@code seconds} after the trace started; its maps follow. */
    void interval(int number, double seconds) throws IOException;

    /** When tracing ends, after the maps: what the kernel programs could not store. */
    void drops(Drops drops);

    /** trace(value). */
    void trace(Value value) throws IOException;

    /** exit(status) ran. */
    void exit(int status);

    void flush();
}
