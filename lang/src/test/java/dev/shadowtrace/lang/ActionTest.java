package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.types.MapType;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.checkExpr;
import static dev.shadowtrace.lang.Scripts.expr;
import static dev.shadowtrace.lang.Scripts.messages;
import static dev.shadowtrace.lang.Scripts.parseExpr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ActionTest {

    private static final String AGG = "fbt::g:entry { @a[execname] = count(); @m[pid] = arg0; }";

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "printf(\"hi\\n\") => PRINTF => void",
        "printf(\"%d %s %x %c %p\", pid, execname, arg0, 65, arg1) => PRINTF => void",
        "printf(\"%-16s %5d %lu %llx %ld %%\", execname, pid, arg0, arg1, arg2) => PRINTF => void",
        "printf(\"%s\\n%k\", stack(), stack()) => PRINTF => void",
        "printa(@a) => PRINTA => void",
        "printa(\"%-16s %@8d\\n\", @a) => PRINTA => void",
        "print(@a) => PRINT => void",
        "print(@m) => PRINT => void",
        "clear(@a) => CLEAR => void",
        "clear(@m) => CLEAR => void",
        "trunc(@a) => TRUNC => void",
        "trunc(@a, 5) => TRUNC => void",
        "trace(pid) => TRACE => void",
        "trace(execname) => TRACE => void",
        "stack() => STACK => stack",
        "exit() => EXIT => void",
        "exit(1) => EXIT => void",
        "str(arg0) => STR => string",
        "stringof(arg0) => STR => string",
    })
    void everyAction(String source, BuiltinFunction function, String type) {
        Call call = (Call) checkExpr(AGG, source);
        assertEquals(function, call.function());
        assertEquals(type, call.type().toString());
        call.args().forEach(arg -> assertEquals(true, arg.type() != ScalarType.UNRESOLVED, arg.toString()));
    }

    @Test
    void aBareMapArgumentIsTheWholeMap() {
        Call printa = (Call) parseExpr("printa(\"%s %@d\", @a)");
        assertInstanceOf(MapRef.class, printa.args().get(1));
        Call typed = (Call) checkExpr(AGG, "printa(@a)");
        assertEquals(new MapType(List.of(ScalarType.STRING), typed.args().get(0).type() instanceof MapType m
                ? m.value() : null), typed.args().get(0).type());
        assertEquals("map[string] of count()", typed.args().get(0).type().toString());
        // for functions that take values, @m is the value of a map without keys
        assertInstanceOf(MapAccess.class, ((Call) parseExpr("trace(@m)")).args().get(0));
    }

    @Test
    void aliasesKeepTheirSpelling() {
        Call call = (Call) parseExpr("stringof(arg0)");
        assertEquals("stringof", call.name());
        assertEquals(BuiltinFunction.STR, call.function());
    }

    @Test
    void stackIsAValueAndAKey() {
        Expr e = checkExpr("fbt::g:entry { @s[stack()] = count(); self->st = stack(); }", "trace(self->st == stack())");
        assertEquals(ScalarType.VOID, e.type());
        assertEquals("trace((== self->st stack()))", expr("trace(self->st == stack())"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "printf() => printf() takes at least 1 argument, but 0 were given",
        "printa() => printa() takes 1 or 2 arguments, but 0 were given",
        "printa(\"%s\", @a, 1) => printa() takes 1 or 2 arguments, but 3 were given",
        "print(@a, 1, 2) => print() takes 1 or 2 arguments, but 3 were given",
        "clear() => clear() takes exactly 1 argument, but 0 were given",
        "trunc(@a, 1, 2) => trunc() takes 1 or 2 arguments, but 3 were given",
        "trace() => trace() takes exactly 1 argument, but 0 were given",
        "stack(5, 6) => stack() takes at most a frame count, not 2 arguments",
        "exit(1, 2) => exit() takes at most 1 argument, but 2 were given",
        "str() => str() takes exactly 1 argument, but 0 were given",
        "stringof(arg0, 8) => stringof() takes exactly 1 argument, but 2 were given",
    })
    void argumentCounts(String source, String message) {
        assertEquals(List.of(message), messages(AGG + " fbt::f:entry { " + source + "; }"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "printa(@m) => printa() needs an aggregation, but @m is a plain map",
        "trunc(@m) => trunc() needs an aggregation, but @m is a plain map",
        "printa(@a[\"x\"]) => printa() takes a whole map such as @a, not an element @a[...]",
        "clear(pid) => clear() takes a map such as @name",
        "print(@nope) => unknown map @nope",
        "printa(\"%d %@d\", @a) => '%d' expects an integer, but key 1 of @a has type string",
        "printa(\"%s %s %@d\", @a) => the format has 2 key conversions, but @a has 1 key",
        "printa(\"%s %@s\", @a) => '%@s' cannot print the value of @a; use an integer conversion such as %@d",
        "printa(execname, @a) => the format of printa() must be a string literal",
        "trunc(@a, -1) => trunc() needs a non-negative integer constant as its count",
        "trunc(@a, arg0) => trunc() needs a non-negative integer constant as its count",
        "trace(exit()) => exit() returns no value",
        "exit(execname) => exit() needs an integer argument, but this has type string",
        "str(execname) => str() needs an address or a buffer, but this has type string",
        "stringof(\"x\") => stringof() needs an address or a buffer, but this has type string",
    })
    void argumentTypes(String source, String message) {
        assertEquals(List.of(message), messages(AGG + " fbt::f:entry { " + source + "; }"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "printf(\"%d\\n\") => the format has 1 conversion, but 0 arguments follow it",
        "printf(\"%d %d\", 1) => the format has 2 conversions, but 1 argument follows it",
        "printf(\"hi\", 1) => the format has 0 conversions, but 1 argument follows it",
        "printf(\"%d\", execname) => '%d' expects an integer, but this argument has type string",
        "printf(\"%s\", pid) => '%s' expects a string, but this argument has type int",
        "printf(\"%k\", execname) => '%k' expects a stack, but this argument has type string",
        "printf(\"%lx\", stack()) => '%lx' expects an integer, but this argument has type stack",
        "printf(\"%y\", 1) => unknown conversion '%y' in the format",
        "printf(\"%-*d\", 8, 1) => '*' widths and precisions are not supported",
        "printf(\"100%\") => incomplete conversion '%' at the end of the format",
        "printf(\"%@d\", 1) => '%@d' is only valid in printa() formats",
        "printf(execname) => the format of printf() must be a string literal",
        "printf(\"%d\", printf(\"x\")) => printf() returns no value",
    })
    void printfFormatsAreCheckedAgainstTheArguments(String source, String message) {
        assertEquals(List.of(message), messages("fbt::f:entry { " + source + "; }"));
    }

    @Test
    void stackOnlyInKernelProbes() {
        assertEquals(List.of("stack() is not available in BEGIN: BEGIN, END and timer probes run in the tracer, "
                + "not in the traced process"), messages("BEGIN { trace(stack()); }"));
    }

    @Test
    void unknownFunctionsSuggestNearNames() {
        assertEquals(List.of("unknown function 'printff'; did you mean 'printf', 'print' or 'printa'?"),
                messages("BEGIN { printff(\"x\"); }"));
        assertEquals(List.of("unknown function 'quantise'; did you mean 'quantize' or 'lquantize'?"),
                messages("fbt::f:entry { @a = quantise(1); }"));
        assertEquals(List.of("unknown function 'frobnicate'"), messages("BEGIN { frobnicate(); }"));
    }
}
