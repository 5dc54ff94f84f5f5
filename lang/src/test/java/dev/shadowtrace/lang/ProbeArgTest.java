package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.errors;
import static dev.shadowtrace.lang.Scripts.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** args->NAME and args.NAME: syscall arguments by name (the compiler checks the names), args->ret at return. */
class ProbeArgTest {

    private static ProbeArg traced(String text) {
        Call trace = (Call) ((ExprStatement) check(text).script().clauses().get(0).body().get(0)).expr();
        return (ProbeArg) trace.args().get(0);
    }

    @Test
    void bothSpellingsAreOneIntegerNode() {
        ProbeArg arrow = traced("syscall::openat:entry { trace(args->filename); }");
        ProbeArg dot = traced("tracepoint:syscalls:sys_enter_openat { trace(args.filename); }");
        assertEquals("filename", arrow.name());
        assertEquals("filename", dot.name());
        assertEquals(ScalarType.INT, arrow.type());
        assertEquals(37, arrow.namePos().column());
        assertEquals(ScalarType.INT, traced("syscall::read:return { trace(args->ret); }").type());
    }

    @Test
    void stringsOfArguments() {
        check("syscall::openat:entry { @[str(args->filename), copyinstr(arg1)] = count(); }");
        assertEquals(List.of("copyinstr() is not available in BEGIN: BEGIN, END and timer probes run in the tracer,"
                + " not in the traced process"), messages("BEGIN { trace(copyinstr(0)); }"));
    }

    @Test
    void onlySyscallAndFbtEntryProbesHaveArgumentsByName() {
        check("fbt::vfs_read:entry { trace(args->file); trace(args.count); }");
        assertEquals("""
                test.d:1:30: error: arguments by name (args->file) are only available in syscall, tracepoint and fbt entry probes, not in fbt::vfs_read:return
                fbt::vfs_read:return { trace(args->file); }
                                             ^
                hint: use retval for the return value; save an argument at entry, e.g. self->x = args->file;""",
                errors("fbt::vfs_read:return { trace(args->file); }"));
        assertEquals(List.of("arguments by name (args->x) are only available in syscall, tracepoint and fbt entry probes, not in"
                + " fbt::vfs_read+0x4"), messages("fbt::vfs_read+0x4 { trace(args->x); }"));
        assertEquals(List.of("arguments by name (args->x) are only available in syscall, tracepoint and fbt entry probes, not in BEGIN"),
                messages("BEGIN { trace(args->x); }"));
    }

    @Test
    void returnValueOnlyAtReturnAndNothingElseThere() {
        assertEquals("""
                test.d:1:35: error: args->ret is only available in return probes, not in syscall::read:entry
                syscall::read:entry { trace(args->ret); }
                                                  ^
                hint: return probes are written syscall::NAME:return or tracepoint:syscalls:sys_exit_NAME""",
                errors("syscall::read:entry { trace(args->ret); }"));
        assertEquals("""
                test.d:1:49: error: only args->ret (the return value) is available in tracepoint:syscalls:sys_exit_read, not args->count
                tracepoint:syscalls:sys_exit_read { trace(args->count); }
                                                                ^
                hint: save the argument at entry, e.g. self->x = args->count;""",
                errors("tracepoint:syscalls:sys_exit_read { trace(args->count); }"));
    }

    @Test
    void membersFollowAnyIntegerAndCastsNameAStructOrUnion() {
        check("fbt::vfs_open:entry { trace(args->path->dentry->d_name.name); trace(curtask->pid);"
                + " trace(((struct task_struct *)arg0)->comm); $t = (union u *)arg1; trace($t->x); }");
        assertEquals(List.of("unknown built-in 'argz'; did you mean 'arg0', 'arg1' or 'arg2'?"),
                messages("syscall::read:entry { trace(argz->count); }"));
        assertEquals(List.of("casts are only to pointers to kernel structs and unions, not to 'enum e *'"),
                messages("fbt::vfs_read:entry { trace((enum e *)arg0); }"));
        assertEquals(List.of("operator '->' cannot be applied to string"),
                messages("fbt::vfs_read:entry { trace(execname->x); }"));
    }
}
