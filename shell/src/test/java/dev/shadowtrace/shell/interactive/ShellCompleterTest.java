package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.runtime.session.Fixture;

import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.impl.DefaultParser;
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
    void aGlobOffersTheFunctionsItMatches() {
        List<String> word = List.of("fbt::vfs_re*v");
        assertEquals(List.of("fbt::vfs_readv:"), completer.candidates(word, 0, word.get(0)).stream()
                .map(Candidate::value).toList());
        List<String> more = List.of("fbt::vfs_rea?");
        assertEquals(List.of("fbt::vfs_read:"), completer.candidates(more, 0, more.get(0)).stream()
                .map(Candidate::value).toList());
    }

    /** What JLine keeps of the candidates for a word, with the shell's matcher. */
    private static List<String> kept(String word, List<String> values) {
        GlobMatcher matcher = new GlobMatcher();
        matcher.compile(Map.of(), false, (CompletingParsedLine) new DefaultParser().parse(word, word.length()), false,
                0, "");
        return matcher.matches(values.stream().map(Candidate::new).toList()).stream().map(Candidate::value)
                .sorted().toList();
    }

    @Test
    void theMatcherKeepsWhatAGlobMatchesAndOtherwiseWhatJLineKeeps() {
        List<String> values = List.of("fbt::vfs_read:", "fbt::vfs_readv:", "fbt::vfs_write:");
        assertEquals(List.of("fbt::vfs_read:", "fbt::vfs_readv:"), kept("fbt::vfs_re*", values));
        assertEquals(List.of("fbt::vfs_read:"), kept("fbt::vfs_rea?", values));
        assertEquals(List.of("fbt::vfs_read:", "fbt::vfs_readv:"), kept("fbt::vfs_read", values));
        assertEquals(List.of(), kept("fbt::nothing*", values));
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
