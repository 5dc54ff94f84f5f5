package dev.shadowtrace.lang;

import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;

/** buf() and copyin(): buffer values, where they may go, and their errors with script positions. */
class BufferTest {

    @Test
    void buffersAreValuesForKeysVariablesPrintfAndStringof() throws ScriptException {
        CheckedScript script = check("""
                syscall::write:entry { @[buf(arg1, 8)] = count(); self->b = copyin(arg1, 4); $x = buf(arg1, arg2);
                    @last = $x; printf("%r %s %s\\n", self->b, self->b, stringof(self->b)); buf(curtask->comm); }
                """);
        ExprStatement printf = (ExprStatement) script.script().clauses().get(0).body().get(4);
        Call call = (Call) printf.expr();
        assertEquals(ScalarType.BUFFER, call.args().get(1).type());
        assertEquals(ScalarType.STRING, call.args().get(3).type());
    }

    /** bpftrace's %rx and %rh are buffer conversions of their own, not %r followed by a letter. */
    @Test
    void hexConversions() throws ScriptException {
        check("fbt::vfs_read:entry { printf(\"%rx|%rh|%-20rx|%r\\n\", buf(arg0, 2), buf(arg0, 2), buf(arg0, 2), buf(arg0, 2)); }");
        assertEquals("""
                test.d:1:37: error: '%rx' expects a buffer (buf(), copyin()), but this argument has type int
                fbt::vfs_read:entry { printf("%rx", arg0); }
                                                    ^""", errors("fbt::vfs_read:entry { printf(\"%rx\", arg0); }"));
        assertEquals("""
                test.d:1:30: error: the format has 2 conversions, but 1 argument follows it""".lines().findFirst().orElseThrow(),
                errors("fbt::vfs_read:entry { printf(\"%rh %d\", buf(arg0, 2)); }").lines().findFirst().orElseThrow());
    }

    /** DTrace's tracemem(addr, n[, size]): n an integer constant from 1 to 64; an address or a buffer. */
    @Test
    void tracemem() throws ScriptException {
        check("fbt::vfs_read:entry { tracemem(arg0, 64); tracemem(copyin(arg1, 8), 8, arg2); }");
        assertEquals("""
                test.d:1:38: error: tracemem()'s byte count must be an integer constant, as in DTrace
                fbt::vfs_read:entry { tracemem(arg0, arg1); }
                                                     ^
                hint: give the largest count as the second argument and the actual one as the third: tracemem(p, 64, n)""",
                errors("fbt::vfs_read:entry { tracemem(arg0, arg1); }"));
        assertEquals("""
                test.d:1:38: error: tracemem() dumps 1 to 64 bytes, not 65
                fbt::vfs_read:entry { tracemem(arg0, 65); }
                                                     ^
                hint: dump the part you need, e.g. tracemem(p, 64)""",
                errors("fbt::vfs_read:entry { tracemem(arg0, 65); }"));
        assertEquals("""
                test.d:1:9: error: tracemem() is not available in BEGIN: BEGIN, END and timer probes run in the tracer, not in the traced process
                BEGIN { tracemem(0, 1); }
                        ^""", errors("BEGIN { tracemem(0, 1); }"));
        assertEquals("test.d:1:32: error: tracemem() needs an address or a buffer, but this has type string",
                errors("fbt::vfs_read:entry { tracemem(comm, 8); }").lines().findFirst().orElseThrow());
    }

    @Test
    void constantLengthOutOfRange() {
        assertEquals("""
                test.d:1:35: error: buf() copies 0 to 64 bytes, not 65
                fbt::vfs_read:entry { @[buf(arg0, 65)] = count(); }
                                                  ^
                hint: copy the part you need, e.g. buf(p, 64)""",
                errors("fbt::vfs_read:entry { @[buf(arg0, 65)] = count(); }"));
    }

    @Test
    void typeErrors() {
        assertEquals("""
                test.d:1:30: error: copyin() needs an integer argument, but this has type string
                fbt::vfs_read:entry { copyin("x", 2); }
                                             ^""", errors("fbt::vfs_read:entry { copyin(\"x\", 2); }"));
        assertEquals("""
                test.d:1:36: error: '%d' expects an integer, but this argument has type buffer
                fbt::vfs_read:entry { printf("%d", buf(arg0, 2)); }
                                                   ^""", errors("fbt::vfs_read:entry { printf(\"%d\", buf(arg0, 2)); }"));
        assertEquals("""
                test.d:1:36: error: '%r' expects a buffer (buf(), copyin()), but this argument has type int
                fbt::vfs_read:entry { printf("%r", arg0); }
                                                   ^""", errors("fbt::vfs_read:entry { printf(\"%r\", arg0); }"));
        assertEquals("""
                test.d:1:35: error: buffers cannot be compared with '=='
                fbt::vfs_read:entry /buf(arg0, 2) == buf(arg1, 2)/ { }
                                                  ^
                hint: compare their text: stringof(a) == stringof(b)""",
                errors("fbt::vfs_read:entry /buf(arg0, 2) == buf(arg1, 2)/ { }"));
        assertEquals("""
                test.d:1:13: error: copyin() is not available in BEGIN: BEGIN, END and timer probes run in the tracer, not in the traced process
                BEGIN { @ = copyin(0, 1); }
                            ^""", errors("BEGIN { @ = copyin(0, 1); }"));
    }

    @Test
    void aggregatingABufferIsAnError() {
        assertEquals("""
                test.d:1:31: error: sum() aggregates integers, but this argument has type buffer
                fbt::vfs_read:entry { @ = sum(buf(arg0, 2)); @q = quantize(copyin(arg0, 2)); }
                                              ^
                test.d:1:60: error: quantize() aggregates integers, but this argument has type buffer
                fbt::vfs_read:entry { @ = sum(buf(arg0, 2)); @q = quantize(copyin(arg0, 2)); }
                                                                           ^""",
                errors("fbt::vfs_read:entry { @ = sum(buf(arg0, 2)); @q = quantize(copyin(arg0, 2)); }"));
    }
}
