package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.EventFormat;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.runtime.aggregate.Fields;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Handles the records kernel programs send through the {@code events} ring buffer
 * (compiler/README.md, "Event records"): {@code u32 format id, u32 payload size, payload}, the
 * payload's fields laid out by the format's {@link EventFormat#payload()}.
 */
final class EventRecords {
    private static final int HEADER = 8;

    private final List<EventFormat> formats;
    private final Printf printf;
    private final Printer printer;
    private final MapActions actions;
    private final ExitStatus exits;

    EventRecords(CompiledScript script, Printf printf, Printer printer, MapActions actions, ExitStatus exits) {
        this.formats = script.formats();
        this.printf = printf;
        this.printer = printer;
        this.actions = actions;
        this.exits = exits;
    }

    /**
     * @param record from its position to its limit: one record, possibly followed by padding
     * @return the status if the record is an exit()
     * @throws IllegalArgumentException if the record does not match any of the script's formats
     */
    OptionalInt handle(ByteBuffer record) throws IOException {
        ByteBuffer in = record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < HEADER) {
            throw new IllegalArgumentException("an event record of " + in.remaining()
                    + " bytes is shorter than its 8-byte header");
        }
        int id = in.getInt();
        int size = in.getInt();
        if (id < 1 || id > formats.size()) {
            throw new IllegalArgumentException("event record with format id " + Integer.toUnsignedString(id)
                    + "; the script has formats 1 to " + formats.size());
        }
        EventFormat format = formats.get(id - 1);
        if (size != format.payload().size() || in.remaining() < size) {
            throw new IllegalArgumentException("event record of format " + id + " (" + format.action() + " at "
                    + format.pos() + ") has " + Integer.toUnsignedString(size) + " payload bytes and "
                    + in.remaining() + " bytes left, expected " + format.payload().size());
        }
        byte[] payload = new byte[size];
        in.get(payload);
        List<Value> values = new ArrayList<>();
        for (Field field : format.payload().fields()) {
            values.add(Fields.decode(field, payload, 0));
        }
        switch (format.action()) {
            case PRINTF -> printer.printf(printf.format(format.format().orElseThrow(), values));
            case TRACE -> printer.trace(values.get(0));
            case TRACEMEM -> printer.printf(HexDump.of(((Value.Buf) values.get(0)).bytes(),
                    Fields.number(values.get(1)), Fields.number(values.get(2))));
            case PRINTA -> actions.print(format.map().orElseThrow(), format.format());
            case PRINT -> actions.print(format.map().orElseThrow(), Optional.empty(), values.isEmpty()
                    ? OptionalLong.empty() : OptionalLong.of(Fields.number(values.get(0))));
            case CLEAR -> actions.clear(format.map().orElseThrow());
            case TRUNC -> actions.trunc(format.map().orElseThrow(), values.isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(Fields.number(values.get(0))));
            case EXIT -> {
                int status = (int) Fields.number(values.get(0));
                exits.record(status);
                printer.exit(status);
                return OptionalInt.of(status);
            }
        }
        return OptionalInt.empty();
    }
}
