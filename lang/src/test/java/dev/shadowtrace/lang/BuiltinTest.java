package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BuiltinTest {

    /** Every built-in and alias, in the probe kind where it is available, with its type. */
    @ParameterizedTest
    @CsvSource({
        "pid, PID, INT, fbt::f:entry",
        "tid, TID, INT, fbt::f:entry",
        "uid, UID, INT, fbt::f:return",
        "execname, EXECNAME, STRING, fbt::f+4",
        "comm, EXECNAME, STRING, kprobe:f",
        "cgroup, CGROUP, INT, kretprobe:f",
        "context, CONTEXT, STRING, fbt::f:entry",
        "context, CONTEXT, STRING, fbt::f:return",
        "context, CONTEXT, STRING, fbt::f+4",
        "context, CONTEXT, STRING, kprobe:f",
        "kstack, KSTACK, STACK, fbt::f:entry",
        "kstack, KSTACK, STACK, fbt::f:return",
        "kstack, KSTACK, STACK, fbt::f+4",
        "kstack, KSTACK, STACK, kretprobe:f",
        "timestamp, TIMESTAMP, INT, tick-1s",
        "nsecs, TIMESTAMP, INT, BEGIN",
        "cpu, CPU, INT, END",
        "probefunc, PROBEFUNC, STRING, fbt::vfs_*:entry",
        "func, PROBEFUNC, STRING, fbt::f:entry",
        "probename, PROBENAME, STRING, interval:s:1",
        "arg0, ARG0, INT, fbt::f:entry",
        "arg1, ARG1, INT, fbt::f:entry",
        "arg2, ARG2, INT, kprobe:f",
        "arg3, ARG3, INT, fbt::f+0x10",
        "arg4, ARG4, INT, fbt::f:entry",
        "arg5, ARG5, INT, fbt::f:entry",
        "retval, RETVAL, INT, fbt::f:return",
        "retval, RETVAL, INT, kretprobe:f",
    })
    void builtinVariables(String name, BuiltinVariable variable, ScalarType type, String probe) {
        Clause clause = check(probe + " { trace(" + name + "); }").script().clauses().get(0);
        Call trace = (Call) ((ExprStatement) clause.body().get(0)).expr();
        BuiltinRef ref = (BuiltinRef) trace.args().get(0);
        assertEquals(variable, ref.variable());
        assertEquals(type, ref.type());
    }

    @Test
    void retvalOutsideReturnProbes() {
        assertEquals(List.of("retval is only available in return probes, not in fbt::vfs_read:entry"),
                messages("fbt::vfs_read:entry { trace(retval); }"));
        assertEquals(List.of("retval is only available in return probes, not in BEGIN"),
                messages("BEGIN { trace(retval); }"));
        assertEquals(List.of("retval is only available in return probes, not in kprobe:vfs_read"),
                messages("kretprobe:vfs_read, kprobe:vfs_read { trace(retval); }"));
    }

    @Test
    void argumentsOnlyInEntryAndOffsetProbes() {
        assertEquals(List.of("arg1 is only available in entry and offset probes, not in fbt::f:return"),
                messages("fbt::f:return { trace(arg1); }"));
        assertEquals(List.of("arg0 is only available in entry and offset probes, not in END"),
                messages("END { trace(arg0); }"));
    }

    @Test
    void processBuiltinsAreUnavailableWhereTheTracerRuns() {
        String tracer = ": BEGIN, END and timer probes run in the tracer, not in the traced process";
        assertEquals(List.of("pid is not available in BEGIN" + tracer), messages("BEGIN { trace(pid); }"));
        assertEquals(List.of("tid is not available in END" + tracer), messages("END { trace(tid); }"));
        assertEquals(List.of("uid is not available in tick-1s" + tracer), messages("tick-1s { trace(uid); }"));
        assertEquals(List.of("execname is not available in interval:ms:10" + tracer),
                messages("interval:ms:10 { trace(comm); }"));
        assertEquals(List.of("cgroup is not available in tick-1s" + tracer),
                messages("fbt::f:entry, tick-1s { trace(cgroup); }"));
        assertEquals(List.of("context is not available in BEGIN" + tracer), messages("BEGIN { trace(context); }"));
        assertEquals(List.of("context is not available in interval:s:1" + tracer),
                messages("fbt::f:entry, interval:s:1 { @[context] = count(); }"));
    }

    /** bpftrace's kstack: the stack() value, without parentheses, where stack() is allowed. */
    @Test
    void kstackIsAStackValue() {
        check("""
                fbt::f:entry { @[kstack] = count(); @[stack()] = count(); @by[kstack, comm] = count();
                    printf("%s %k\\n", kstack, kstack); trace(kstack); self->s = kstack; @last = kstack;
                    this->same = kstack == stack() || self->s != kstack; }
                """);
        String tracer = ": BEGIN, END and timer probes run in the tracer, not in the traced process";
        assertEquals(List.of("kstack is not available in END" + tracer), messages("END { @[kstack] = count(); }"));
        assertEquals(List.of("kstack is not available in tick-1s" + tracer),
                messages("fbt::f:entry, tick-1s { printf(\"%k\", kstack); }"));
        assertEquals(List.of("'%d' expects an integer, but this argument has type stack"),
                messages("fbt::f:entry { printf(\"%d\", kstack); }"));
        assertEquals(List.of("operator '+' cannot be applied to stack"), messages("fbt::f:entry { trace(kstack + 1); }"));
        assertEquals(List.of("cannot assign to built-in variable 'kstack'"), messages("fbt::f:entry { kstack = 1; }"));
    }

    /** Only kstack and stack are called: other built-in variables say to drop the parentheses. */
    @Test
    void builtinVariablesAreNotFunctions() {
        assertEquals(List.of("pid is a built-in variable, not a function"), messages("fbt::f:entry { trace(pid()); }"));
    }

    @Test
    void builtinNamesAreReserved() {
        assertEquals(List.of("cannot assign to built-in variable 'timestamp'"), messages("BEGIN { nsecs = 1; }"));
        assertEquals(List.of("cannot assign to built-in variable 'context'"),
                messages("fbt::f:entry { context = \"x\"; }"));
    }

    /** context is a string like execname: a key, a printf %s argument, compared with == and != only. */
    @Test
    void contextIsAString() {
        check("""
                fbt::f:entry /context == "hardirq" || context != comm/ { @[context, comm] = count();
                    printf("%s %s\\n", context, execname); self->c = context; this->k = context == "nmi" ? "x" : context; }
                """);
        assertEquals(List.of("'%d' expects an integer, but this argument has type string"),
                messages("fbt::f:entry { printf(\"%d\\n\", context); }"));
        assertEquals(List.of("cannot compare string with int using '=='"),
                messages("fbt::f:entry /context == 1/ { @ = count(); }"));
        assertEquals(List.of("operator '+' cannot be applied to string"), messages("fbt::f:entry { trace(context + 1); }"));
    }
}
