package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.user.ElfFunctionsTestImage;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.runtime.session.Fixture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code $target} in a shell session: none until the first attach, then its first process, for good. */
class SessionTargetTest {
    private static final int PID = 4242;

    @TempDir
    Path dir;
    private Path proc;
    private SessionTarget target;
    private ClauseSource source;

    @BeforeEach
    void setUp() throws Exception {
        proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve(String.valueOf(PID)));
        target = new SessionTarget(proc);
        source = new ClauseSource(Fixture.kernel(), target);
    }

    private ClauseSource.Compiled add(String input) throws ScriptException {
        ClauseSource.Compiled compiled = source.compile(input);
        source.accept(compiled);
        return compiled;
    }

    /** The pid each of the session's programs compares {@code pid} with in its predicate {@code /pid == $target/}. */
    private static List<Long> predicatePids(ClauseSource.Compiled compiled) {
        return compiled.script().programs().stream().map(ProbeProgram::clause)
                .map(c -> ((IntLiteral) ((Binary) c.predicate().orElseThrow()).right()).value()).toList();
    }

    @Test
    void beforeAnAttachTargetIsAnErrorAtItsPlaceSayingWhatToDo() throws Exception {
        add("fbt::vfs_read:entry { @n = count(); }");
        String error = assertThrows(ScriptException.class,
                () -> source.compile("fbt::vfs_write:entry /pid == $target/ { @n = count(); }")).render();
        assertTrue(error.startsWith("<shell>:2:30: error: $target is the pid of the traced process"), error);
        assertTrue(error.contains("no target yet: `attach PID` first") && error.contains("-p PID")
                && error.contains("`run` starts its command (and -c's) after its clauses are attached"), error);
        assertFalse(error.contains("on the command line"), "the CLI's hint in the shell: " + error);
        error = assertThrows(ScriptException.class,
                () -> source.compile("fbt::vfs_write:entry { @n = count(); } pid$target::main:entry { @u = count(); }"))
                .render();
        assertTrue(error.startsWith("<shell>:2:40: error: pid$target::main:entry: $target is the traced process,"
                + " and this session has none"), error);
        assertTrue(error.contains("no target yet: `attach PID` first"), error);
        assertEquals(OptionalLong.empty(), target.pid());
        assertEquals("fbt::vfs_read:entry { @n = count(); }\n", source.text(), "a refused input is not kept");
    }

    @Test
    void targetIsTheFirstProcessOfTheFirstAttachAndAnotherAttachDoesNotChangeIt() throws Exception {
        assertFalse(target.attached(List.of()), "an attach that bound nothing gives no target");
        assertTrue(target.attached(List.of(PID, 77)));
        assertEquals(OptionalLong.of(PID), target.pid());
        ClauseSource.Compiled first = add("fbt::vfs_read:entry /pid == $target/ { @n = count(); }");
        assertEquals(List.of((long) PID), predicatePids(first));
        assertFalse(target.attached(List.of(99)), "a second attach took the target");
        ClauseSource.Compiled second = add("fbt::vfs_write:entry /pid == $target/ { @n = count(); }");
        assertEquals(List.of((long) PID, (long) PID), predicatePids(second),
                "the session's text, compiled again, is not what it was when attached");
        assertEquals(OptionalLong.of(PID), target.pid());
    }

    @Test
    void pidProbesAreTheTargetsExecutableAlsoAfterItExited() throws Exception {
        Path prog = dir.resolve("prog");
        Files.write(prog, ElfFunctionsTestImage.bytes());
        Path exe = proc.resolve(PID + "/exe");
        Files.createSymbolicLink(exe, prog);
        target.attached(List.of(PID));
        ClauseSource.Compiled entry = add("pid$target::target:entry { @u = count(); }");
        assertEquals(List.of(prog.toString(), "target"), List.of(entry.programs().get(0).sites().get(0).probe().module(),
                entry.programs().get(0).sites().get(0).function()));
        Files.delete(exe); // the target exited: its /proc entry is gone
        ClauseSource.Compiled later = add("fbt::vfs_read:entry { @n = count(); }");
        assertEquals(2, later.script().programs().size(), "the session's pid$target clause no longer compiles");
        ClauseSource.Compiled ret = add("pid$target::target:return { @r = count(); }");
        assertEquals(prog.toString(), ret.programs().get(0).sites().get(0).probe().module());
    }
}
