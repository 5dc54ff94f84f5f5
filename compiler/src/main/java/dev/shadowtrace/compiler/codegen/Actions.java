package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R4;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.EventAction;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.compiler.layout.Layout;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.types.ScalarType;

import java.util.List;
import java.util.Optional;

/**
 * Actions in kernel probes: each sends one event record {@code {u32 format id, u32 payload size,
 * payload}} to the {@code events} ring buffer with {@code bpf_ringbuf_output}; the record's
 * {@link dev.shadowtrace.compiler.layout.EventFormat} tells the runtime what to do with it. A full
 * ring buffer drops the record.
 */
final class Actions {
    /** The record header: format id and payload size, two u32. */
    static final int HEADER = 8;

    private final ClauseContext c;

    Actions(ClauseContext c) {
        this.c = c;
    }

    /** An action, or {@code stack()} as a statement, which prints the stack as DTrace does. */
    void emit(Call call) {
        List<Expr> args = call.args();
        switch (call.function()) {
            case PRINTF -> send(EventAction.PRINTF, Optional.of(literal(args.get(0))), Optional.empty(), "arg",
                    args.subList(1, args.size()), call);
            case TRACE -> send(EventAction.TRACE, Optional.empty(), Optional.empty(), "value", args, call);
            case TRACEMEM -> send(EventAction.TRACEMEM, Optional.empty(), Optional.empty(), "arg", List.of(
                    args.get(0).type() == ScalarType.BUFFER ? args.get(0) : new Call(BuiltinFunction.BUF, "buf",
                            List.of(args.get(0), args.get(1)), call.pos(), ScalarType.BUFFER), // read as buf() reads
                    args.get(1), args.get(args.size() - 1)), call);
            case PRINTA -> send(EventAction.PRINTA,
                    args.size() == 2 ? Optional.of(literal(args.get(0))) : Optional.empty(),
                    Optional.of(map(args.get(args.size() - 1))), "", List.of(), call);
            case PRINT -> send(EventAction.PRINT, Optional.empty(), Optional.of(map(args.get(0))), "count",
                    args.subList(1, args.size()), call);
            case DELETE -> delete((MapAccess) args.get(0));
            case CLEAR -> send(EventAction.CLEAR, Optional.empty(), Optional.of(map(args.get(0))), "", List.of(), call);
            case TRUNC -> send(EventAction.TRUNC, Optional.empty(), Optional.of(map(args.get(0))), "count",
                    args.subList(1, args.size()), call);
            case EXIT -> send(EventAction.EXIT, Optional.empty(), Optional.empty(), "status",
                    args.isEmpty() ? List.of(new IntLiteral(0, call.pos(), ScalarType.INT)) : args, call);
            case STACK -> send(EventAction.TRACE, Optional.empty(), Optional.empty(), "value", List.of(call), call);
            case STR, COPYINSTR, BUF, COPYIN, STRNCMP, KSYM, KADDR, CGROUPID, SIZEOF, TYPE_SIZE, OFFSETOF -> throw new IllegalArgumentException(call.name() + "() is not an action");
        }
    }

    /**
     * One record whose payload holds {@code values} as fields named {@code prefix} (numbered from 1
     * if there are several).
     */
    private void send(EventAction action, Optional<String> format, Optional<String> map, String prefix,
            List<Expr> values, Call call) {
        Layout.Builder builder = new Layout.Builder();
        for (int i = 0; i < values.size(); i++) {
            Expr value = values.get(i);
            FieldType type = DataPlan.fieldType(value);
            boolean numbered = action == EventAction.PRINTF || action == EventAction.TRACEMEM;
            String name = numbered ? prefix + (i + 1) : prefix;
            builder.add(name, type, type == FieldType.STRING ? Strings.naturalSize(value) : FieldType.sizeOf(type));
        }
        Layout payload = builder.build();
        int id = c.events.add(action, format, map, payload, call.pos());
        int record = c.frame.alloc(HEADER + payload.size());
        c.asm.st(Size.W, R10, record, id).st(Size.W, R10, record + 4, payload.size());
        for (int i = 0; i < values.size(); i++) {
            Field field = payload.fields().get(i);
            c.write(values.get(i), field.type(), record + HEADER + field.offset(), field.size());
        }
        c.asm.ldMapFd(R1, DataPlan.EVENTS);
        c.maps.pointer(R2, record);
        c.asm.mov64(R3, HEADER + payload.size()).mov64(R4, 0).call(Helper.RINGBUF_OUTPUT);
        c.maps.countFailure(DataPlan.DROPS_LOST_RECORDS, 0, record); // the record was copied, or is lost // -EAGAIN: the ring buffer is full
    }

    /** delete(@m[k]): bpf_map_delete_elem of the element's key; a missing element is no error. */
    private void delete(MapAccess element) {
        MapDescriptor map = c.plan.map(element.name());
        c.maps.delete(map.spec().name(), c.keys.build(element, map));
    }

    private static String literal(Expr format) {
        return ((StringLiteral) format).value();
    }

    private static String map(Expr map) {
        return ((MapRef) map).name();
    }
}
