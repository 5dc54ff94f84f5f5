package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.checkExpr;
import static dev.shadowtrace.lang.Scripts.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** sizeof(struct NAME), sizeof(expr) and offsetof(struct NAME, member): integers the compiler takes from BTF. */
class TypeQueryTest {

    private static Call call(String expression) {
        Call trace = assertInstanceOf(Call.class, checkExpr("", "trace(" + expression + ")"));
        Call call = assertInstanceOf(Call.class, trace.args().get(0));
        assertEquals(ScalarType.INT, call.type());
        return call;
    }

    private static List<String> literals(Call call) {
        return call.args().stream().map(a -> ((StringLiteral) a).value()).toList();
    }

    @Test
    void typesAndMemberPathsAreKeptForTheCompiler() {
        Call size = call("sizeof(struct task_struct)");
        assertEquals(BuiltinFunction.TYPE_SIZE, size.function());
        assertEquals(List.of("struct task_struct"), literals(size));
        assertEquals(List.of("union bpf_attr *"), literals(call("sizeof(union bpf_attr *)")));
        Call offset = call("offsetof(struct dentry, d_name.name)");
        assertEquals(BuiltinFunction.OFFSETOF, offset.function());
        assertEquals(List.of("struct dentry", "d_name.name"), literals(offset));
        assertEquals(List.of("struct task_struct", "pid"), literals(call("offsetof(struct task_struct, pid)")));
    }

    @Test
    void sizeofAnExpression() {
        Call size = call("sizeof(curtask->comm)");
        assertEquals(BuiltinFunction.SIZEOF, size.function());
        Expr operand = size.args().get(0);
        assertEquals(ScalarType.INT, operand.type());
        assertEquals(BuiltinFunction.SIZEOF, call("sizeof(execname)").function());
        Scripts.check("fbt::f:entry /sizeof(struct path) == 16/ { @[offsetof(struct path, dentry) + sizeof(arg0)] = count(); }");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "sizeof(int x) => sizeof() knows kernel structs and unions, not 'int x'",
        "offsetof(enum x, a) => offsetof() knows kernel structs and unions, not 'enum x'",
        "sizeof(struct path, dentry) => sizeof() takes one type or expression",
        "offsetof(struct path) => offsetof() takes a struct or union type (not a pointer) and a member",
        "offsetof(struct path *, dentry) => offsetof() takes a struct or union type (not a pointer) and a member",
        "offsetof(arg0, 8) => offsetof() takes a struct or union type and a member",
        "strlen(struct path) => unknown function 'strlen'",
        "str(struct path) => str() takes values, not a type",
        "sizeof() => sizeof() takes exactly 1 argument, but 0 were given",
    })
    void errors(String expression, String message) {
        assertEquals(List.of(message), messages("fbt::f:entry { trace(" + expression + "); }"));
    }

    @Test
    void errorsPointAtTheTypeWithUsage() {
        assertEquals("""
                test.d:1:29: error: sizeof() knows kernel structs and unions, not 'enum pid_type'
                fbt::f:entry { trace(sizeof(enum pid_type)); }
                                            ^
                hint: write sizeof(struct NAME) or sizeof(expr)""",
                Scripts.errors("fbt::f:entry { trace(sizeof(enum pid_type)); }"));
        assertEquals(List.of("sizeof() is not available in BEGIN: BEGIN, END and timer probes run in the tracer,"
                + " not in the traced process"), messages("BEGIN { trace(sizeof(struct path)); }"));
    }
}
