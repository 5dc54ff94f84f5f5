package dev.shadowtrace.shell;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionsTest {
    @Test
    void shadowtraceCompletesItsOptionsAndProbeNamesAfterList() {
        String s = Completions.script("shadowtrace");
        assertTrue(s.contains("--verbose"), "the options come from picocli's definitions");
        assertTrue(s.contains("function _complete_shadowtrace()"), s);
        assertTrue(s.endsWith("complete -F _shadowtrace_with_probes -o default shadowtrace\n"),
                "probe names wrap picocli's completion, and the wrapper is the one bash uses");
        assertTrue(s.contains("shadowtrace -l \"${cur}*\""), s);
    }

    @Test
    void shadowkCompletesItsSubcommands() {
        String s = Completions.script("shadowk");
        assertTrue(s.contains("function _picocli_shadowk_run()"), s);
        assertTrue(s.contains("--no-fork-inherit"), s);
    }

    @Test
    void anotherToolIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Completions.script("bpftrace"));
    }
}
