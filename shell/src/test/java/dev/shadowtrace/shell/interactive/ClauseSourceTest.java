package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.runtime.session.Fixture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClauseSourceTest {
    private ClauseSource source;

    @BeforeEach
    void setUp() throws Exception {
        source = new ClauseSource(Fixture.kernel());
    }

    private ClauseSource.Compiled add(String input) throws ScriptException {
        ClauseSource.Compiled compiled = source.compile(input);
        source.accept(compiled);
        return compiled;
    }

    private static MapSpec spec(ClauseSource.Compiled c, String map) {
        return c.script().mapDescriptors().stream().filter(m -> m.name().equals(map)).findFirst().orElseThrow().spec();
    }

    @Test
    void aMapIsTheSameBpfMapInEveryClauseThatNamesIt() throws Exception {
        ClauseSource.Compiled first = add("fbt::vfs_read:entry { @n = count(); }");
        ClauseSource.Compiled second = add("fbt::vfs_write:entry { @m = sum(arg2); @n = count(); }");
        assertEquals(spec(first, "@n"), spec(second, "@n"));
        assertEquals("m0_n", spec(second, "@n").name());
        assertFalse(spec(second, "@m").name().equals(spec(second, "@n").name()));
        for (MapSpec old : first.script().maps()) {
            assertTrue(second.script().maps().contains(old), "a map of the first clause changed: " + old);
        }
    }

    @Test
    void onlyTheNewInputsProgramsAreReturned() throws Exception {
        add("fbt::vfs_read:entry { @n = count(); }");
        ClauseSource.Compiled second = add("fbt::vfs_write:entry { @n = count(); } fbt::vfs_readv:entry { @n = count(); }");
        assertEquals(3, second.script().programs().size());
        assertEquals(List.of("fbt::vfs_write:entry", "fbt::vfs_readv:entry"),
                second.programs().stream().map(p -> p.probes()).toList());
    }

    @Test
    void anErrorIsAtItsLineAndColumnInTheSession() throws Exception {
        add("fbt::vfs_read:entry { @n = count(); }");
        String error = assertThrows(ScriptException.class, () -> source.compile("fbt::vfs_write:entry { @n = sum(1); }"))
                .render();
        assertTrue(error.startsWith("<shell>:2:"), error);
        assertTrue(error.contains("\nfbt::vfs_write:entry { @n = sum(1); }\n"), error);
        assertTrue(error.contains("^"), error);
    }

    @Test
    void aRefusedInputIsForgotten() throws Exception {
        assertThrows(ScriptException.class, () -> source.compile("fbt::vfs_read:entry { @n = ; }"));
        ClauseSource.Compiled ok = add("fbt::vfs_read:entry { @n = count(); }");
        assertEquals(1, ok.programs().get(0).clause().pos().line());
        assertEquals("fbt::vfs_read:entry { @n = count(); }\n", source.text());
    }

    @Test
    void aCompiledInputIsNotKeptUntilAccepted() throws Exception {
        source.compile("fbt::vfs_read:entry { @n = count(); }");
        assertEquals("", source.text());
    }

    @Test
    void beginEndAndTimerClausesComeBackAsTheInputsTracerClausesWithItsLines() throws Exception {
        add("fbt::vfs_read:entry { @n = count(); }");
        add("BEGIN { @n = count(); }");
        ClauseSource.Compiled third = add("tick-1s { print(@n); }\nEND { clear(@n); }");
        assertEquals(List.of(), third.programs());
        assertEquals(2, third.tracer().size());
        assertEquals(3, third.firstLine());
        assertEquals(4, third.lastLine());
        assertEquals(3, third.script().tracerClauses().size(), "the session's script has every tracer clause");
    }

    @Test
    void anInputWithoutAClauseIsRefused() {
        String error = assertThrows(ScriptException.class, () -> source.compile("")).render();
        assertTrue(error.contains("no clause to attach") || error.contains("error"), error);
    }
}
