package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.runtime.session.Fixture;

import org.jline.reader.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellCompleterTest {
    private ShellCompleter completer;

    @BeforeEach
    void setUp() throws Exception {
        TreeSet<String> functions = new TreeSet<>(Fixture.kernel().traceableFunctions());
        completer = new ShellCompleter(() -> functions, () -> List.of("@n", "@lat"),
                () -> Map.of(42, "dd", 7, "sshd"));
    }

    /** The values offered for the last word of {@code line}, as JLine's prefix match would keep them. */
    private List<String> values(String line) {
        List<String> words = Arrays.asList(line.split(" ", -1));
        String word = words.get(words.size() - 1);
        return completer.candidates(words, words.size() - 1, word).stream().map(Candidate::value)
                .filter(v -> v.startsWith(word)).toList();
    }

    @Test
    void theFirstWordIsACommandOrTheProvider() {
        assertEquals(List.of("fbt::"), values("f"));
        assertEquals(List.of("watch"), values("wa"));
        assertTrue(values("").containsAll(ShellCommand.NAMES));
    }

    @Test
    void functionsOfTheRunningKernelThenProbeNames() {
        assertEquals(List.of("fbt::vfs_read:", "fbt::vfs_readlink:", "fbt::vfs_readv:"), values("fbt::vfs_read"));
        assertEquals(List.of("fbt::vfs_read:entry", "fbt::vfs_read:return"), values("fbt::vfs_read:"));
        assertEquals(List.of("fbt::vfs_read:return"), values("fbt::vfs_read:r"));
        assertTrue(values("fbt::no_such_function").isEmpty());
    }

    @Test
    void aGlobIsNotCompleted() {
        List<String> word = List.of("fbt::vfs_re*v");
        assertTrue(completer.candidates(word, 0, word.get(0)).isEmpty());
    }

    @Test
    void aClauseBodyCompletesBuiltinsAndMaps() {
        assertEquals(List.of("{@n", "{@lat"), values("fbt::vfs_read:entry {@"));
        assertEquals(List.of("count("), values("fbt::vfs_read:entry { @n = cou"));
        assertEquals(List.of("@[execname"), values("fbt::vfs_read:entry { @[exec"));
        assertFalse(values("fbt::vfs_read:entry { @n = ").isEmpty());
    }

    @Test
    void commandArguments() {
        assertEquals(List.of("@n", "@lat"), values("print @"));
        assertEquals(List.of("@lat"), values("watch @l"));
        List<Candidate> pids = completer.candidates(List.of("attach", ""), 1, "");
        assertEquals(2, pids.size());
        assertTrue(pids.stream().anyMatch(c -> c.value().equals("42") && c.descr().equals("dd")), pids.toString());
        assertTrue(values("remove ").isEmpty());
    }
}
