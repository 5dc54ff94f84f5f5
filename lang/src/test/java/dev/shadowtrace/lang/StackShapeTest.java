package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.checkExpr;
import static dev.shadowtrace.lang.Scripts.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** bpftrace's kstack(N), kstack(perf), kstack(perf, N) and DTrace's stack(N): stack values of a shape. */
class StackShapeTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "kstack(5) => DEFAULT 5",
        "kstack(perf) => PERF 0",
        "kstack(perf, 3) => PERF 3",
        "kstack(raw, 2) => RAW 2",
        "kstack(bpftrace, 4) => DEFAULT 4",
        "kstack(bpftrace) => DEFAULT 0",
        "kstack(127) => DEFAULT 0",
        "kstack() => DEFAULT 0",
        "kstack(2 * 4) => DEFAULT 8",
        "stack(6) => DEFAULT 6",
        "stack() => DEFAULT 0",
        "ustack() => DEFAULT 0 user",
        "ustack(5) => DEFAULT 5 user",
        "ustack(perf) => PERF 0 user",
        "ustack(perf, 3) => PERF 3 user",
        "ustack(raw, 127) => RAW 0 user",
    })
    void shapes(String call, String shape) {
        Call trace = assertInstanceOf(Call.class, checkExpr("", "trace(" + call + ")"));
        Call checked = assertInstanceOf(Call.class, trace.args().get(0));
        assertEquals(ScalarType.STACK, checked.type());
        StackShape s = StackShape.of(checked);
        assertEquals(shape, s.mode() + " " + s.limit() + (s.user() ? " user" : ""));
    }

    /** The bare ustack is a built-in variable of type stack, like kstack. */
    @Test
    void bareUstackIsAStack() {
        Scripts.check("uprobe:/bin/true:main { @[ustack] = count(); @k[kstack, ustack(2)] = count(); }");
    }

    @Test
    void shapedStacksAreStackValues() {
        Scripts.check("""
                fbt::f:entry { @[kstack(perf, 4)] = count(); @b[kstack(3), comm] = count(); self->s = kstack(perf);
                    printf("%k %s\\n", kstack(2), stack(5)); trace(kstack(raw)); }
                """);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "kstack(perfx) => unknown stack mode 'perfx'; did you mean 'perf'?",
        "kstack(foo, 3) => unknown stack mode 'foo': the modes are bpftrace, perf, raw",
        "kstack(3, 4) => kstack()'s first argument of two is a mode: bpftrace, perf, raw",
        "kstack(perf, 2, 3) => kstack() takes at most a mode and a frame count, not 3 arguments",
        "kstack(0) => kstack() records 1 to 127 frames (the kernel's perf_event_max_stack), not 0",
        "kstack(perf, 200) => kstack() records 1 to 127 frames (the kernel's perf_event_max_stack), not 200",
        "kstack(pid) => kstack()'s frame count must be an integer constant",
        "stack(perf) => stack()'s frame count must be an integer constant",
        "stack(-1) => stack() records 1 to 127 frames (the kernel's perf_event_max_stack), not -1",
        "ustack(perf, 2, 3) => ustack() takes at most a mode and a frame count, not 3 arguments",
        "ustack(3, 4) => ustack()'s first argument of two is a mode: bpftrace, perf, raw",
        "ustack(0) => ustack() records 1 to 127 frames (the kernel's perf_event_max_stack), not 0",
    })
    void errors(String call, String message) {
        assertEquals(List.of(message), messages("fbt::f:entry { trace(" + call + "); }"));
    }

    @Test
    void errorsPointAtTheArgumentWithUsage() {
        assertEquals("""
                test.d:1:29: error: kstack() records 1 to 127 frames (the kernel's perf_event_max_stack), not 500
                fbt::f:entry { trace(kstack(500)); }
                                            ^
                hint: write kstack, kstack(N), kstack(perf) or kstack(perf, N), N a frame count from 1 to 127""",
                Scripts.errors("fbt::f:entry { trace(kstack(500)); }"));
        assertEquals(List.of("kstack() is not available in BEGIN: BEGIN, END and timer probes run in the tracer,"
                + " not in the traced process"), messages("BEGIN { trace(kstack(perf)); }"));
    }
}
