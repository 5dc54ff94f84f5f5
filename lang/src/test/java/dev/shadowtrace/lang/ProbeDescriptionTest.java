package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.SourcePos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.messages;
import static dev.shadowtrace.lang.Scripts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeDescriptionTest {

    private static ProbeDescription probe(String text) {
        return parse(text + " { }").clauses().get(0).probes().get(0);
    }

    /** provider:module:function:name, kind, offset, and glob flag of every kernel probe spelling. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fbt::vfs_read:entry        | fbt | ''      | vfs_read        | entry  | ENTRY  | 0   | false",
        "fbt::vfs_read:return       | fbt | ''      | vfs_read        | return | RETURN | 0   | false",
        "fbt::tcp_v4_rcv+0x1c       | fbt | ''      | tcp_v4_rcv      | ''     | OFFSET | 28  | false",
        "fbt::tcp_v4_rcv+28         | fbt | ''      | tcp_v4_rcv      | ''     | OFFSET | 28  | false",
        "fbt:ext4:ext4_*:return     | fbt | ext4    | ext4_*          | return | RETURN | 0   | true",
        "fbt:ext?:ext4_sync_fs:entry| fbt | ext?    | ext4_sync_fs    | entry  | ENTRY  | 0   | true",
        "fbt::vfs_*:entry           | fbt | ''      | vfs_*           | entry  | ENTRY  | 0   | true",
        "fbt::*:entry               | fbt | ''      | *               | entry  | ENTRY  | 0   | true",
        "fbt::vfs_rea?:entry        | fbt | ''      | vfs_rea?        | entry  | ENTRY  | 0   | true",
        "fbt::[abc]*_read:entry     | fbt | ''      | [abc]*_read     | entry  | ENTRY  | 0   | true",
        "fbt::foo.isra.0:entry      | fbt | ''      | foo.isra.0      | entry  | ENTRY  | 0   | false",
        "fbt::bar.constprop.0:return| fbt | ''      | bar.constprop.0 | return | RETURN | 0   | false",
        "kprobe:vfs_read            | fbt | ''      | vfs_read        | entry  | ENTRY  | 0   | false",
        "kprobe:vfs_read+0x1c       | fbt | ''      | vfs_read        | ''     | OFFSET | 28  | false",
        "kprobe:ext4:ext4_*         | fbt | ext4    | ext4_*          | entry  | ENTRY  | 0   | true",
        "kretprobe:vfs_read         | fbt | ''      | vfs_read        | return | RETURN | 0   | false",
        "kretprobe:foo.isra.0       | fbt | ''      | foo.isra.0      | return | RETURN | 0   | false",
        "syscall::openat:entry      | syscall | ''  | openat          | entry  | ENTRY  | 0   | false",
        "syscall::read:return       | syscall | ''  | read            | return | RETURN | 0   | false",
        "syscall::open*:entry       | syscall | ''  | open*           | entry  | ENTRY  | 0   | true",
        "tracepoint:syscalls:sys_enter_openat | syscall | '' | openat   | entry  | ENTRY  | 0   | false",
        "tracepoint:syscalls:sys_exit_read    | syscall | '' | read     | return | RETURN | 0   | false",
        "tracepoint:syscalls:sys_enter_*      | syscall | '' | *        | entry  | ENTRY  | 0   | true",
        "pid$target::main:entry               | pid | ''  | main            | entry  | ENTRY  | 0   | false",
        "pid123:libc:mall*:return             | pid | libc | mall*          | return | RETURN | 0   | true",
        "tracepoint:raw_syscalls:sys_enter    | tracepoint | raw_syscalls | sys_enter | '' | TRACEPOINT | 0 | false",
        "tracepoint:sched:sched_switch        | tracepoint | sched | sched_switch | ''  | TRACEPOINT | 0 | false",
        "tracepoint:sched:*                   | tracepoint | sched | *            | ''  | TRACEPOINT | 0 | true",
        "sched:::sched_switch                 | tracepoint | sched | sched_switch | ''  | TRACEPOINT | 0 | false",
        "sched:::sched_process_*              | tracepoint | sched | sched_process_* | '' | TRACEPOINT | 0 | true",
        "raw_syscalls:::sys_enter             | tracepoint | raw_syscalls | sys_enter | '' | TRACEPOINT | 0 | false",
        "syscalls:::sys_enter_openat          | syscall | '' | openat   | entry  | ENTRY  | 0   | false",
    })
    void kernelProbes(String text, String provider, String module, String function, String name, ProbeKind kind,
                      long offset, boolean glob) {
        ProbeDescription p = probe(text);
        assertEquals(List.of(provider, module, function, name), List.of(p.provider(), p.module(), p.function(), p.name()));
        assertEquals(kind, p.kind());
        assertEquals(offset, p.offset());
        assertEquals(glob, p.isGlob());
        assertEquals(text, p.text());
    }

    /** User probes: the file's path (with '/') in the module part, a glob allowed in the function. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "uprobe:/bin/bash:readline       | /bin/bash          | readline | entry  | ENTRY  | false",
        "uretprobe:/bin/bash:readline    | /bin/bash          | readline | return | RETURN | false",
        "uprobe:/usr/lib/libc.so.6:mall* | /usr/lib/libc.so.6 | mall*    | entry  | ENTRY  | true",
    })
    void userProbes(String text, String path, String function, String name, ProbeKind kind, boolean glob) {
        ProbeDescription p = probe(text);
        assertEquals(List.of(ProbeDescription.UPROBE, path, function, name),
                List.of(p.provider(), p.module(), p.function(), p.name()));
        assertEquals(kind, p.kind());
        assertTrue(p.isUser());
        assertEquals(glob, p.isGlob());
        assertEquals(text, p.text());
    }

    /** A predicate after a user probe: the path's '/' belongs to the probe, a blank starts the predicate. */
    @Test
    void userProbeWithPredicate() {
        var clause = parse("uprobe:/bin/bash:readline /pid == 1/ { }").clauses().get(0);
        assertEquals("/bin/bash", clause.probes().get(0).module());
        assertTrue(clause.predicate().isPresent());
    }

    @Test
    void userProbeErrors() {
        assertEquals(List.of("the file path 'bash' is not absolute in uprobe:PATH:FUNC"),
                messages("uprobe:bash:readline { }"));
        assertEquals(List.of("incomplete probe description 'uretprobe:/bin/bash'; expected"
                + " uretprobe:PATH:FUNC, e.g. uretprobe:/bin/bash:readline"), messages("uretprobe:/bin/bash { }"));
    }

    @ParameterizedTest
    @CsvSource({
        "BEGIN, BEGIN", "END, END", "dtrace:::BEGIN, BEGIN", "dtrace:::END, END",
    })
    void beginAndEnd(String text, ProbeKind kind) {
        ProbeDescription p = probe(text);
        assertEquals(kind, p.kind());
        assertEquals("dtrace", p.provider());
        assertEquals(kind.name(), p.name());
        assertFalse(p.isGlob());
    }

    @ParameterizedTest
    @CsvSource({
        "tick-1s, tick-1s, 1000000000",
        "tick-1sec, tick-1s, 1000000000",
        "tick-100ms, tick-100ms, 100000000",
        "tick-250us, tick-250us, 250000",
        "tick-5000ns, tick-5000ns, 5000",
        "tick-2m, tick-2m, 120000000000",
        "tick-1h, tick-1h, 3600000000000",
        "tick-1d, tick-1d, 86400000000000",
        "tick-100hz, tick-100hz, 10000000",
        "tick-4, tick-4hz, 250000000",
        "interval:s:1, tick-1s, 1000000000",
        "interval:ms:100, tick-100ms, 100000000",
        "interval:us:500, tick-500us, 500000",
        "interval:hz:99, tick-99hz, 10101010",
    })
    void timers(String text, String name, long periodNanos) {
        ProbeDescription p = probe(text);
        assertEquals(ProbeKind.TIMER, p.kind());
        assertEquals("profile", p.provider());
        assertEquals(name, p.name());
        assertEquals(periodNanos, p.periodNanos());
        assertFalse(p.kind().isKernel());
    }

    @Test
    void severalProbesOnOneClauseKeepTheirPositions() {
        List<ProbeDescription> probes = parse("fbt::vfs_read:entry,\n  kprobe:vfs_write, tick-1s {}")
                .clauses().get(0).probes();
        assertEquals(List.of("fbt::vfs_read:entry", "kprobe:vfs_write", "tick-1s"),
                probes.stream().map(ProbeDescription::text).toList());
        assertEquals(new SourcePos(1, 1), probes.get(0).pos());
        assertEquals(new SourcePos(2, 3), probes.get(1).pos());
        assertEquals(new SourcePos(2, 21), probes.get(2).pos());
    }

    @Test
    void functionPositionPointsAtTheFunctionPart() {
        assertEquals(new SourcePos(1, 6), probe("fbt::vfs_read:entry").functionPos());
        assertEquals(new SourcePos(1, 10), probe("fbt:ext4:ext4_sync_fs:entry").functionPos());
        assertEquals(new SourcePos(1, 8), probe("kprobe:vfs_read+4").functionPos());
    }

    @Test
    void kindsKnowWhetherTheyRunInTheKernel() {
        assertTrue(ProbeKind.ENTRY.isKernel());
        assertTrue(ProbeKind.RETURN.isKernel());
        assertTrue(ProbeKind.OFFSET.isKernel());
        assertFalse(ProbeKind.BEGIN.isKernel());
        assertFalse(ProbeKind.END.isKernel());
        assertFalse(ProbeKind.TIMER.isKernel());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fbt::vfs_read:entri    | unknown fbt probe name 'entri'; expected 'entry' or 'return'",
        "fbt::vfs_read:         | missing probe name after 'fbt::vfs_read:'; expected 'entry' or 'return'",
        "fbt::vfs_read          | incomplete probe description 'fbt::vfs_read'; expected fbt::FUNC:entry, fbt::FUNC:return or fbt::FUNC+OFFSET",
        "fbt:::entry            | missing function name",
        "fbt::vfs-read:entry    | invalid character '-' in function name",
        "fbt::vfs_[ab:entry     | unclosed '[' in function pattern",
        "fbt::vfs_*+0x10        | an offset probe needs one function, not the pattern 'vfs_*'",
        "fbt::vfs_read+0xzz     | invalid offset '0xzz'; expected a decimal or 0x hexadecimal number",
        "kretprobe:vfs_read+8   | a return probe cannot have an offset",
        "kprobe:a:b:c           | incomplete probe description 'kprobe:a:b:c'; expected kprobe:FUNC or kprobe:FUNC+OFFSET",
        "interval:s             | incomplete probe description 'interval:s'; expected interval:s:1 or interval:ms:100",
        "interval:fortnight:1   | unknown time unit 'fortnight'; expected ns, us, ms, s, m, h, d or hz",
        "tick-1x                | unknown time unit 'x'; expected ns, us, ms, s, m, h, d or hz",
        "tick-0s                | the timer in 'tick-0s' needs a period between 1 and 2^63-1",
        "tick-2000000000hz      | timer frequency 2000000000hz is above 1000000000hz",
        "tick-999999999999d     | timer period in 'tick-999999999999d' is too long",
        "tick-s                 | invalid timer 'tick-s'",
        "Begin                  | unknown probe 'Begin'; did you mean 'BEGIN'?",
        "kprobes:vfs_read       | unknown probe provider 'kprobes'; did you mean 'kprobe' or 'uprobe'?",
        "syscall::read:entri    | unknown syscall probe name 'entri'; expected 'entry' or 'return'",
        "syscall:vmlinux:read:entry | syscall probes have no module part",
        "syscall:::entry        | missing syscall name",
        "syscall::read          | incomplete probe description 'syscall::read'; expected syscall::NAME:entry or syscall::NAME:return",
        "tracepoint:syscalls:sys_enter_  | missing syscall name",
        "tracepoint:syscalls:read        | unknown syscalls tracepoint 'read'; expected sys_enter_NAME or sys_exit_NAME",
        "tracepoint:sched           | incomplete probe description 'tracepoint:sched'; expected tracepoint:CATEGORY:NAME, e.g. tracepoint:sched:sched_switch or tracepoint:syscalls:sys_enter_NAME",
        "tracepoint:sched:          | missing tracepoint name",
        "pid$target::main           | incomplete probe description 'pid$target::main'; expected pid$target::FUNC:entry, pid$target::FUNC:return, pid$target::FUNC:OFFSET or pid$target:LIB:FUNC:entry",
        "pid$target::main:0x1g      | unknown pid probe name '0x1g'; expected 'entry', 'return' or an instruction's offset in the function in hexadecimal (10 or 0x10)",
        "pid$target::ma*:10         | an offset probe needs one function, not the pattern 'ma*'",
        "pid$target::main:1234567890abcdef0 | offset '1234567890abcdef0' is too large",
        "uretprobe:/bin/sh:main+4   | a return probe cannot have an offset",
        "uprobe:/bin/sh:main+4x     | invalid offset '4x'; expected a decimal or 0x hexadecimal number",
        "uprobe:/bin/sh:ma*+4       | an offset probe needs one function, not the pattern 'ma*'",
        "pid$target:lib*:main:entry | the library of a pid probe cannot be a pattern",
        "tracepoint:sch-ed:x        | invalid character '-' in tracepoint category name",
        "syscal::read:entry     | unknown probe provider 'syscal'; did you mean 'syscall'?",
    })
    void malformedProbes(String text, String message) {
        assertEquals(List.of(message), messages(text + " { }"));
    }

    @Test
    void dtraceOwnProbesThatOneTracepointGivesAreThatTracepoint() {
        ProbeDescription exec = probe("proc:::exec-success");
        assertEquals(ProbeKind.TRACEPOINT, exec.kind());
        assertEquals(List.of("sched", "sched_process_exec"), List.of(exec.module(), exec.function()));
        ProbeDescription off = probe("sched:::off-cpu");
        assertEquals(List.of("sched", "sched_switch"), List.of(off.module(), off.function()));
        ProbeDescription send = probe("proc:::signal-send");
        assertEquals(List.of("signal", "signal_generate"), List.of(send.module(), send.function()));
        ProbeDescription handle = probe("proc:::signal-handle");
        assertEquals(List.of("signal", "signal_deliver"), List.of(handle.module(), handle.function()));
    }

    @Test
    void dtraceOnCpuCreateAndExitAreTheEntryOfAFunctionThatRunsOnceThenInThatThread() {
        ProbeDescription on = probe("sched:::on-cpu");
        assertEquals(List.of("fbt", "finish_task_switch", ProbeKind.ENTRY, "entry", "sched:::on-cpu"),
                List.of(on.provider(), on.function(), on.kind(), on.name(), on.text()));
        assertEquals(List.of("fbt", "tty_audit_fork", ProbeKind.ENTRY), List.of(probe("proc:::create").provider(),
                probe("proc:::create").function(), probe("proc:::create").kind()));
        assertEquals(List.of("fbt", "tty_audit_exit", ProbeKind.ENTRY), List.of(probe("proc:::exit").provider(),
                probe("proc:::exit").function(), probe("proc:::exit").kind()));
        assertEquals(List.of("fbt", "bprm_execve", ProbeKind.ENTRY), List.of(probe("proc:::exec").provider(),
                probe("proc:::exec").function(), probe("proc:::exec").kind()));
    }

    @Test
    void dtraceOwnProbesWithoutATracepointSayWhyAndWhatComesClosest() {
        String rendered = Scripts.errors("proc:::exec-failure { }");
        assertTrue(rendered.contains("DTrace's proc:::exec-failure is not provided: no probe fires for a failed"
                + " exec only; fbt::bprm_execve:return /(int)retval < 0/"), rendered);
        assertTrue(rendered.contains("the DTrace probes provided are proc:::create, proc:::exec, proc:::exec-success,"
                + " proc:::exit, proc:::signal-handle, proc:::signal-send, sched:::off-cpu, sched:::on-cpu"), rendered);
        assertTrue(Scripts.errors("proc:::no-such { }").contains("invalid character '-' in tracepoint name"));
        assertTrue(Scripts.errors("proc:::no-such { }").contains("of DTrace's own probes only proc:::create, proc:::exec, proc:::exec-success"));
        assertFalse(Scripts.errors("tracepoint:sch-ed:x { }").contains("DTrace's own"),
                "the hint is for a tracepoint name, not a category");
    }

    @Test
    void pidProbesKeepTheirTargetAndAreUserProbes() {
        assertEquals("$target", probe("pid$target::main:entry").pidTarget());
        assertEquals("4242", probe("pid4242:libc:malloc:return").pidTarget());
        assertTrue(probe("pid4242:libc:malloc:return").isUser());
        assertEquals("", probe("uprobe:/bin/sh:main").pidTarget());
    }

    @Test
    void userOffsetProbes() {
        ProbeDescription dtrace = probe("pid$target::main:10");
        assertEquals(List.of(ProbeKind.OFFSET, 0x10L, "main", ""), List.of(dtrace.kind(), dtrace.offset(),
                dtrace.function(), dtrace.module()));
        assertEquals(0x1cL, probe("pid$target:libc.so.6:getppid:0x1c").offset());
        ProbeDescription bpftrace = probe("uprobe:/bin/sh:main+16");
        assertEquals(List.of(ProbeDescription.UPROBE, ProbeKind.OFFSET, 16L, "main", "/bin/sh"), List.of(
                bpftrace.provider(), bpftrace.kind(), bpftrace.offset(), bpftrace.function(), bpftrace.module()));
        assertEquals(0x1cL, probe("uprobe:/bin/sh:main+0x1c").offset());
    }
}
