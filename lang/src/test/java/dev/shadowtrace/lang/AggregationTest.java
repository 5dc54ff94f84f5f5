package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.check.MapSymbol;
import dev.shadowtrace.lang.types.AggregationKind;
import dev.shadowtrace.lang.types.AggregationType;
import dev.shadowtrace.lang.types.LinearRange;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.messages;
import static dev.shadowtrace.lang.Scripts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregationTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "count() => COUNT => count()",
        "sum(arg2) => SUM => sum()",
        "min(arg2) => MIN => min()",
        "max(arg2) => MAX => max()",
        "avg(arg2) => AVG => avg()",
        "quantize(arg2) => QUANTIZE => quantize()",
        "hist(arg2) => QUANTIZE => quantize()",
        "lquantize(arg2, 0, 100, 10) => LQUANTIZE => lquantize(0, 100, 10)",
        "lquantize(arg2, -10, 10) => LQUANTIZE => lquantize(-10, 10, 1)",
        "lhist(arg2, 0, 64 * 1024, 4096) => LQUANTIZE => lquantize(0, 65536, 4096)",
        "hdr(arg2) => HDR => hdr(2 digits)",
        "hdr(arg2, 1 + 2) => HDR => hdr(3 digits)",
        "hdr(arg2, 1) => HDR => hdr(1 digit)",
    })
    void everyAggregatingFunction(String call, AggregationKind kind, String type) {
        CheckedScript checked = check("fbt::f:entry { @a[execname] = " + call + "; }");
        Aggregate aggregate = (Aggregate) checked.script().clauses().get(0).body().get(0);
        assertEquals(kind, aggregate.call().kind());
        assertEquals(type, aggregate.call().type().toString());
        assertEquals(aggregate.call().type(), aggregate.target().type());
        MapSymbol symbol = checked.maps().get("@a");
        assertTrue(symbol.isAggregation());
        assertEquals(List.of(ScalarType.STRING), symbol.keys());
        assertEquals(aggregate.call().type(), symbol.value());
    }

    @Test
    void lquantizeRangeIsInTheType() {
        CheckedScript checked = check("fbt::f:entry { @a = lquantize(arg0, 0, 100, 10); }");
        assertEquals(AggregationType.lquantize(new LinearRange(0, 100, 10)), checked.maps().get("@a").value());
        assertEquals(10, new LinearRange(0, 100, 10).buckets());
        assertEquals(4, new LinearRange(0, 10, 3).buckets());
    }

    @Test
    void keysAndAnonymousAggregations() {
        CheckedScript checked = check("""
                fbt::f:entry {
                    @ = count();
                    @[stack()] = count();
                    @byproc[execname, pid] = sum(arg2);
                    @total = count();
                }
                """.replace("@[stack()]", "@stacks[stack()]"));
        assertEquals(List.of("@", "@stacks", "@byproc", "@total"), List.copyOf(checked.maps().keySet()));
        assertEquals(List.of(), checked.maps().get("@").keys());
        assertEquals(List.of(ScalarType.STACK), checked.maps().get("@stacks").keys());
        assertEquals(List.of(ScalarType.STRING, ScalarType.INT), checked.maps().get("@byproc").keys());
    }

    @Test
    void anonymousAggregationWithKeys() {
        assertEquals("(= @[execname] count())", Scripts.body(parse("fbt::f:entry { @[execname] = count(); }")));
        assertEquals(List.of(ScalarType.STRING), check("fbt::f:entry { @[execname] = count(); }").maps().get("@").keys());
    }

    @Test
    void plainMapsKeepTheLastValue() {
        CheckedScript checked = check("fbt::f:entry { @last[tid] = arg0; @name[pid] = execname; @n++; }");
        MapSymbol last = checked.maps().get("@last");
        assertFalse(last.isAggregation());
        assertEquals(ScalarType.INT, last.value());
        assertEquals(ScalarType.STRING, checked.maps().get("@name").value());
        assertEquals(ScalarType.INT, checked.maps().get("@n").value());
    }

    @Test
    void oneAggregatingFunctionPerAggregation() {
        assertEquals(List.of("@a already aggregates with count() (at 1:16); it cannot also use sum()"),
                messages("fbt::f:entry { @a = count(); } fbt::g:entry { @a = sum(arg0); }"));
        assertEquals(List.of("@a already aggregates with lquantize(0, 100, 10) (at 1:16); it cannot also use "
                        + "lquantize(0, 100, 5)"),
                messages("fbt::f:entry { @a = lquantize(arg0, 0, 100, 10); @a = lquantize(arg0, 0, 100, 5); }"));
        check("fbt::f:entry { @a = quantize(arg0); @a = hist(arg1); }");
    }

    @Test
    void aggregationsAndPlainMapsDoNotMix() {
        assertEquals(List.of("@a is an aggregation (count() at 1:16) and cannot be assigned a value"),
                messages("fbt::f:entry { @a = count(); @a = 1; }"));
        assertEquals(List.of("@a is a plain map (first assigned at 1:16) and cannot also aggregate count()"),
                messages("fbt::f:entry { @a = 1; @a = count(); }"));
        assertEquals(List.of("@a is an aggregation; its values cannot be read"),
                messages("fbt::f:entry { @a = count(); x = @a; }"));
        assertEquals(List.of("@a is an aggregation (count() at 1:16) and cannot be assigned a value"),
                messages("fbt::f:entry { @a = count(); @a++; }"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "x = count() => count() is an aggregating function; it can only be used as '@name[keys] = count(...)'",
        "self->x = sum(1) => sum() is an aggregating function; it can only be used as '@name[keys] = sum(...)'",
        "@a += count() => count() is an aggregating function; it can only be used as '@name[keys] = count(...)'",
        "printf(\"%d\", count()) => count() is an aggregating function; it can only be used as '@name[keys] = count(...)'",
        "@a[count()] = 1 => count() is an aggregating function; it can only be used as '@name[keys] = count(...)'",
        "@a = count() + 1 => count() is an aggregating function; it can only be used as '@name[keys] = count(...)'",
    })
    void aggregatingFunctionsOnlyOnTheRightOfAMapAssignment(String statement, String message) {
        assertEquals(List.of(message), messages("fbt::f:entry { " + statement + "; }"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "@a = count(1) => count() takes no arguments, but 1 was given",
        "@a = sum() => sum() takes exactly 1 argument, but 0 were given",
        "@a = quantize(1, 2) => quantize() takes exactly 1 argument, but 2 were given",
        "@a = lhist(arg0, 1) => lhist() takes 3 or 4 arguments, but 2 were given",
        "@a = sum(execname) => sum() aggregates integers, but this argument has type string",
        "@a = lquantize(arg0, 0, arg1, 1) => the upper bound of lquantize() must be an integer constant",
        "@a = lquantize(arg0, arg1, 10) => the lower bound of lquantize() must be an integer constant",
        "@a = lquantize(arg0, 0, 100, 0) => the step of lquantize() must be positive",
        "@a = lquantize(arg0, 10, 10) => the upper bound of lquantize() must be greater than its lower bound 10",
        "@a = lquantize(arg0, 0, 100000) => lquantize() would have more than 65535 buckets; use a larger step or a smaller range",
        "@a = hdr() => hdr() takes 1 or 2 arguments, but 0 were given",
        "@a = hdr(arg0, 4) => the significant digits of hdr() must be 1 to 3, not 4",
        "@a = hdr(arg0, 0) => the significant digits of hdr() must be 1 to 3, not 0",
        "@a = hdr(arg0, arg1) => the significant digits of hdr() must be an integer constant",
        "@a = hdr(execname) => hdr() aggregates integers, but this argument has type string",
        "@a = hdr(arg0); @a = hdr(arg0, 3) => @a already aggregates with hdr(2 digits) (at 1:16); it cannot also use hdr(3 digits)",
    })
    void aggregatingFunctionArguments(String statement, String message) {
        assertEquals(List.of(message), messages("fbt::f:entry { " + statement + "; }"));
    }
}
