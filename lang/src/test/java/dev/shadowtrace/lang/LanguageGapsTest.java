package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.checkExpr;
import static dev.shadowtrace.lang.Scripts.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The constructs bpftrace and DTrace users write at once: delete(), zero(), print(@m, n),
 * positional parameters and $target, strncmp(), curtask, ksym(), kaddr(), cgroupid().
 */
class LanguageGapsTest {

    private static CheckedScript checkWith(ScriptParameters parameters, String text) throws ScriptException {
        return Lang.parseAndCheck(Scripts.NAME, text, parameters);
    }

    private static Expr predicate(CheckedScript script) {
        return script.script().clauses().get(0).predicate().orElseThrow();
    }

    @Test
    void deleteOfAnElementInBothSpellings() {
        for (String delete : List.of("delete(@m[pid, execname])", "delete(@m, pid, execname)")) {
            Expr e = checkExpr("fbt::g:entry { @m[pid, execname] = 1; }", delete);
            Call call = assertInstanceOf(Call.class, e);
            assertEquals(BuiltinFunction.DELETE, call.function());
            assertEquals(ScalarType.VOID, call.type());
            MapAccess element = assertInstanceOf(MapAccess.class, call.args().get(0));
            assertEquals("@m", element.name());
            assertEquals(List.of(ScalarType.INT, ScalarType.STRING),
                    element.keys().stream().map(Expr::type).toList());
        }
        checkExpr("fbt::g:entry { @c[pid] = count(); }", "delete(@c[pid])");
    }

    @Test
    void deleteErrors() {
        assertEquals(List.of("delete() removes one element: write delete(@m[key]) or delete(@m, key)"),
                messages("fbt::f:entry { @m[pid] = 1; delete(@m); }"));
        assertEquals(List.of("key 1 of @m has type int (first used at 1:16), but this key has type string"),
                messages("fbt::f:entry { @m[pid] = 1; delete(@m, execname); }"));
        assertEquals(List.of("delete() cannot remove one element of @q, a quantize() histogram"),
                messages("fbt::f:entry { @q[pid] = quantize(arg0); delete(@q[pid]); }"));
        assertEquals(List.of("unknown map @x; did you mean '@m'?"),
                messages("fbt::f:entry { @m[pid] = 1; delete(@x[pid]); }"));
        assertEquals(List.of("delete() takes a map element such as @m[key], or a map and its keys: @m, key"),
                messages("fbt::f:entry { delete(pid); }"));
    }

    @Test
    void zeroIsClearAndPrintTakesATopCount() {
        Call zero = assertInstanceOf(Call.class, checkExpr("fbt::g:entry { @c[pid] = count(); }", "zero(@c)"));
        assertEquals(BuiltinFunction.CLEAR, zero.function());
        Call print = assertInstanceOf(Call.class, checkExpr("fbt::g:entry { @c[pid] = count(); }", "print(@c, 2 * 5)"));
        assertEquals(2, print.args().size());
        assertEquals(List.of("print() needs a non-negative integer constant as its count"),
                messages("fbt::f:entry { @c[pid] = count(); print(@c, pid); }"));
    }

    @Test
    void positionalParametersAreLiterals() throws ScriptException {
        ScriptParameters parameters = new ScriptParameters(List.of("42", "dd", "0x10", "-3"), OptionalLong.empty());
        CheckedScript script = checkWith(parameters,
                "fbt::f:entry /pid == $1 && comm == $2/ { @[$3, $4, $#] = count(); }");
        String printed = AstPrinter.print(predicate(script));
        assertTrue(printed.contains("42") && printed.contains("\"dd\""), printed);
        List<Expr> keys = ((dev.shadowtrace.lang.ast.Aggregate) script.script().clauses().get(0).body().get(0))
                .target().keys();
        assertEquals(List.of(16L, -3L, 4L), keys.stream().map(k -> ((IntLiteral) k).value()).toList());
    }

    @Test
    void missingPositionalParameterIsAnError() {
        ScriptException e = assertThrows(ScriptException.class, () -> checkWith(
                new ScriptParameters(List.of("1"), OptionalLong.empty()), "fbt::f:entry /pid == $2/ { }"));
        assertEquals("""
                test.d:1:22: error: positional parameter $2 is not given: only 1 parameter follows the script
                fbt::f:entry /pid == $2/ { }
                                     ^
                hint: give them after the script: shadowtrace -e 'SCRIPT' WORD... or shadowtrace FILE WORD...""", e.render());
        assertEquals(List.of("positional parameter $1 is not given: no parameters follow the script"),
                messages("BEGIN { x = $1; }"));
        assertEquals(List.of("positional parameters start at $1"), messages("BEGIN { x = $0; }"));
        Expr count = ((dev.shadowtrace.lang.ast.Assign) check("BEGIN { x = $#; }").script().clauses().get(0).body()
                .get(0)).value();
        assertEquals(0, ((IntLiteral) count).value(), "$# without parameters");
    }

    @Test
    void targetIsTheTracedPid() throws ScriptException {
        CheckedScript script = checkWith(new ScriptParameters(List.of(), OptionalLong.of(4242)),
                "fbt::f:entry /pid == $target/ { @ = count(); }");
        assertTrue(AstPrinter.print(predicate(script)).contains("4242"), AstPrinter.print(predicate(script)));
        assertEquals(List.of("$target is the pid of the traced process, and this trace has none"),
                messages("fbt::f:entry /pid == $target/ { @ = count(); }"));
        String cli = assertThrows(ScriptException.class, () -> checkWith(ScriptParameters.NONE,
                "fbt::f:entry /pid == $target/ { }")).render();
        assertTrue(cli.contains("-c CMD ($target is the command's pid) or -p PID"), cli);
        String shell = assertThrows(ScriptException.class, () -> checkWith(new ScriptParameters(List.of(),
                OptionalLong.empty(), "attach PID first"), "fbt::f:entry /pid == $target/ { }")).render();
        assertTrue(shell.contains("attach PID first") && !shell.contains("-c CMD"), shell);
    }

    @Test
    void stringParameterLongerThanAStringIsAnError() {
        ScriptException e = assertThrows(ScriptException.class, () -> checkWith(
                new ScriptParameters(List.of("x".repeat(80)), OptionalLong.empty()), "BEGIN { s = $1; }"));
        assertTrue(e.render().contains("1:13: error: string literal is 80 bytes long"), e.render());
    }

    @Test
    void strncmpTakesTwoStringsAndAConstantLength() {
        Expr e = checkExpr("", "strncmp(execname, \"dd\", 2)");
        assertEquals(ScalarType.INT, e.type());
        assertEquals(List.of("strncmp() compares strings, but this argument has type int"),
                messages("fbt::f:entry { x = strncmp(pid, \"dd\", 2); }"));
        assertEquals(List.of("strncmp() needs a non-negative integer constant as its length"),
                messages("fbt::f:entry { x = strncmp(execname, \"dd\", pid); }"));
        assertEquals(List.of("strncmp() takes exactly 3 arguments, but 2 were given"),
                messages("fbt::f:entry { x = strncmp(execname, \"dd\"); }"));
    }

    @Test
    void kernelAddressesAndTasks() {
        assertEquals(ScalarType.INT, checkExpr("", "curtask").type());
        assertEquals(ScalarType.INT, checkExpr("", "kaddr(\"vfs_read\")").type());
        assertEquals(ScalarType.STRING, checkExpr("", "ksym(arg0)").type());
        assertEquals(ScalarType.INT, checkExpr("", "cgroupid(\"/sys/fs/cgroup/system.slice\")").type());
        assertInstanceOf(StringLiteral.class, ((Call) checkExpr("", "kaddr(\"jiffies\")")).args().get(0));
        assertEquals(List.of("kaddr() needs a string literal: a kernel symbol's name, such as kaddr(\"jiffies\")"),
                messages("fbt::f:entry { $s = \"x\"; a = kaddr($s); }"));
        assertEquals(List.of("cgroupid() needs a string literal: a cgroup v2 directory, such as"
                + " cgroupid(\"/sys/fs/cgroup/system.slice\")"), messages("fbt::f:entry { a = cgroupid(execname); }"));
        assertEquals(List.of("ksym() needs an integer argument, but this has type string"),
                messages("fbt::f:entry { printf(\"%s\", ksym(execname)); }"));
        assertTrue(messages("BEGIN { t = curtask; }").get(0).startsWith("curtask is not available in BEGIN"),
                messages("BEGIN { t = curtask; }").toString());
    }

    @Test
    void alreadyThere() {
        check("fbt::f:entry { if (pid == 1) { @a = count(); } else if (pid == 2) { @b = count(); } else { @c = count(); } }");
        check("fbt::f:entry /comm == \"dd\" && execname != \"sh\"/ { $x = 1; $x++; $x--; @m[pid, comm] = 1; @m[pid, comm]++; }");
        ExprStatement s = (ExprStatement) check("fbt::f:entry { comm == \"dd\"; }").script().clauses().get(0).body().get(0);
        assertEquals(ScalarType.INT, s.expr().type());
    }

    @Test
    void statsAndLlquantizeAreAggregations() {
        CheckedScript script = check("fbt::f:entry { @s = stats(arg0); @l = llquantize(arg0, 10, 0, 6, 20); }");
        assertEquals("stats()", script.maps().get("@s").value().toString());
        assertEquals("llquantize(10, 0, 6, 20)", script.maps().get("@l").value().toString());
        assertEquals(List.of("llquantize(): the steps per magnitude (30) must be a multiple of the factor (10) that"
                + " divides a power of it, such as 10 or 100"),
                messages("fbt::f:entry { @l = llquantize(arg0, 10, 0, 6, 30); }"));
        assertEquals(List.of("the factor of llquantize() must be an integer constant"),
                messages("fbt::f:entry { @l = llquantize(arg0, pid, 0, 6, 20); }"));
        assertEquals(List.of("delete() cannot remove one element of @l, a llquantize() histogram"),
                messages("fbt::f:entry { @l[pid] = llquantize(arg0, 10, 0, 6, 20); delete(@l[pid]); }"));
        checkExpr("fbt::g:entry { @s[pid] = stats(arg0); }", "delete(@s[pid])");
    }
}
