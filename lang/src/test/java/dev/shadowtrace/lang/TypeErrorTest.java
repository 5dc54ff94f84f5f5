package dev.shadowtrace.lang;

import dev.shadowtrace.lang.diag.ScriptException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.errors;
import static dev.shadowtrace.lang.Scripts.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Type errors: exact rendering for representative ones, messages for the rest. */
class TypeErrorTest {

    @Test
    void retvalInAnEntryProbe() {
        assertEquals("""
                read.d:2:18: error: retval is only available in return probes, not in fbt::vfs_read:entry
                    @bytes = sum(retval);
                                 ^
                hint: return probes are written fbt::FUNC:return or kretprobe:FUNC""",
                assertThrows(ScriptException.class, () -> Lang.parseAndCheck("read.d",
                        "fbt::vfs_read:entry {\n    @bytes = sum(retval);\n}\n")).render());
    }

    @Test
    void aggregationKindMixing() {
        assertEquals("""
                test.d:2:34: error: @a already aggregates with count() (at 1:23); it cannot also use sum()
                fbt::vfs_write:entry { @a[pid] = sum(arg2); }
                                                 ^
                hint: an aggregation uses the same aggregating function everywhere in the script""",
                errors("fbt::vfs_read:entry { @a[pid] = count(); }\nfbt::vfs_write:entry { @a[pid] = sum(arg2); }"));
    }

    @Test
    void wrongArgumentCount() {
        assertEquals("""
                test.d:1:31: error: lquantize() takes 3 or 4 arguments, but 2 were given
                fbt::f:entry { @a[execname] = lquantize(arg0, 10); }
                                              ^""", errors("fbt::f:entry { @a[execname] = lquantize(arg0, 10); }"));
    }

    @Test
    void stringComparedWithInt() {
        assertEquals("""
                test.d:1:31: error: cannot compare string with int using '=='
                fbt::vfs_read:entry /execname == 42/ { }
                                              ^""", errors("fbt::vfs_read:entry /execname == 42/ { }"));
    }

    @Test
    void printfFormatMismatch() {
        assertEquals("""
                test.d:1:35: error: '%s' expects a string, but this argument has type int
                fbt::f:entry { printf("%s: %d\\n", pid, execname); }
                                                  ^
                test.d:1:40: error: '%d' expects an integer, but this argument has type string
                fbt::f:entry { printf("%s: %d\\n", pid, execname); }
                                                       ^""",
                errors("fbt::f:entry { printf(\"%s: %d\\n\", pid, execname); }"));
    }

    @Test
    void unknownBuiltinSuggestsTheNearestName() {
        assertEquals("""
                test.d:1:41: error: unknown built-in 'exename'; did you mean 'execname'?
                fbt::vfs_read:entry { @calls[probefunc, exename] = count(); }
                                                        ^""",
                errors("fbt::vfs_read:entry { @calls[probefunc, exename] = count(); }"));
    }

    @Test
    void severalErrorsAreAllReportedInSourceOrder() {
        assertEquals(List.of(
                        "self->ts is never assigned; did you mean 'self->t'?",
                        "self->ts is never assigned; did you mean 'self->t'?",
                        "cannot compare string with int using '!='",
                        "x has type int (first assigned at 4:16), but is assigned a value of type string here"),
                messages("""
                        fbt::f:return /self->ts != 0/ { @t = quantize(timestamp - self->ts); }
                        fbt::f:entry { self->t = timestamp; }
                        fbt::g:entry /execname != 0/ { }
                        fbt::h:entry { x = 1; }
                        fbt::i:entry { x = execname; }
                        """));
    }

    @Test
    void operatorTypes() {
        assertEquals(List.of("operator '+' cannot be applied to string"), messages("BEGIN { x = \"a\" + 1; }"));
        assertEquals(List.of("operator '<' cannot be applied to string"),
                messages("fbt::f:entry { x = execname < \"m\"; }"));
        assertEquals(List.of("operator '-' cannot be applied to string"), messages("BEGIN { x = -\"a\"; }"));
        assertEquals(List.of("operator '&&' cannot be applied to stack"),
                messages("fbt::f:entry { x = stack() && 1; }"));
        assertEquals(List.of("the operand of '!' must be an integer, but has type string"),
                messages("BEGIN { x = !\"a\"; }"));
        assertEquals(List.of("cannot compare stack with int using '=='"),
                messages("fbt::f:entry { x = stack() == 1; }"));
    }

    @Test
    void conditionsMustBeIntegers() {
        assertEquals(List.of("the predicate must be an integer, but has type string"),
                messages("fbt::f:entry /execname/ { }"));
        assertEquals(List.of("the condition of 'if' must be an integer, but has type string"),
                messages("fbt::f:entry { if (execname) { } }"));
        assertEquals(List.of("the condition of '?:' must be an integer, but has type string"),
                messages("fbt::f:entry { x = execname ? 1 : 2; }"));
        assertEquals(List.of("the branches of '?:' have different types: int and string"),
                messages("fbt::f:entry { x = pid ? 1 : execname; }"));
    }

    @Test
    void variableTypesComeFromTheFirstAssignment() {
        assertEquals(List.of("self->ts has type int (first assigned at 1:16), but is assigned a value of type string here"),
                messages("fbt::f:entry { self->ts = timestamp; self->ts = execname; }"));
        assertEquals(List.of("'+=' needs an integer, but the value has type string"),
                messages("fbt::f:entry { n += execname; }"));
        assertEquals(List.of("cannot update s arithmetically: it has type string"),
                messages("fbt::f:entry { s = execname; s += 1; }"));
        assertEquals(List.of("cannot update @names arithmetically: it has type string"),
                messages("fbt::f:entry { @names[pid] = execname; @names[pid]++; }"));
        assertEquals(List.of("printf() returns no value"), messages("BEGIN { x = printf(\"x\"); }"));
    }

    @Test
    void mapsKeepTheirKeysAndValues() {
        assertEquals(List.of("@m has 1 key (first used at 1:16), but is used with 2 keys here"),
                messages("fbt::f:entry { @m[pid] = 1; @m[pid, tid] = 2; }"));
        assertEquals(List.of("key 1 of @m has type int (first used at 1:16), but this key has type string"),
                messages("fbt::f:entry { @m[pid] = 1; x = @m[execname]; }"));
        assertEquals(List.of("@m holds values of type int (first assigned at 1:16), but this value has type string"),
                messages("fbt::f:entry { @m[pid] = 1; @m[tid] = execname; }"));
        assertEquals(List.of("unknown map @cals; did you mean '@calls'?"),
                messages("fbt::f:entry { @calls = count(); } END { printa(@cals); }"));
    }

    @Test
    void undeclaredReads() {
        assertEquals(List.of("self->ts is never assigned"), messages("fbt::f:return { x = self->ts; }"));
        assertEquals(List.of("this->n is read before it is assigned in this clause"),
                messages("fbt::f:entry { x = this->n; this->n = 1; }"));
        assertEquals(List.of("$n is read before it is assigned in this clause"),
                messages("fbt::f:entry { $n = 1; } fbt::g:entry { x = $n; }"));
        assertEquals(List.of("$size is read before it is assigned in this clause; did you mean '$sizes'?"),
                messages("fbt::f:entry { $sizes = 1; x = $size; }"));
        assertEquals(List.of("unknown variable 'total'"), messages("END { printf(\"%d\", total); }"));
        assertEquals(List.of("unknown variable 'totl'; did you mean 'total'?"),
                messages("fbt::f:entry { total++; } END { printf(\"%d\", totl); }"));
    }

    @Test
    void threadLocalsOnlyInKernelProbes() {
        assertEquals(List.of("self->n is not available in tick-1s: BEGIN, END and timer probes run in the tracer, "
                + "not in the traced process"), messages("fbt::f:entry { self->n = 1; } tick-1s { x = self->n; }"));
    }

    @Test
    void stringLiteralsFitInAString() {
        String longest = "x".repeat(63);
        check("BEGIN { s = \"" + longest + "\"; }");
        assertEquals(List.of("string literal is 64 bytes long, but strings hold at most 63 bytes"),
                messages("BEGIN { s = \"" + longest + "x\"; }"));
        check("BEGIN { printf(\"" + longest.repeat(3) + "\"); }");
    }
}
