package dev.shadowtrace.shell.interactive;

import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GlobMatcherTest {
    private static List<String> matches(String typed, String... values) {
        CompletingParsedLine line = (CompletingParsedLine) new ShellParser().parse(typed, typed.length(),
                Parser.ParseContext.COMPLETE);
        GlobMatcher matcher = new GlobMatcher();
        matcher.compile(Map.of(), false, line, false, 0, null);
        return matcher.matches(List.of(values).stream().map(Candidate::new).toList()).stream()
                .map(Candidate::value).sorted().toList();
    }

    @Test
    void aProbeWithAGlobKeepsTheCandidatesItMatchesAtTheirStart() {
        assertEquals(List.of("fbt::vfs_readv:", "fbt::vfs_removexattr:"),
                matches("fbt::vfs_re*v", "fbt::vfs_readv:", "fbt::vfs_removexattr:", "fbt::vfs_read:", "watch"));
    }

    @Test
    void otherWordsKeepTheCandidatesTheyStart() {
        assertEquals(List.of("fbt::vfs_read:", "fbt::vfs_readv:"),
                matches("fbt::vfs_rea", "fbt::vfs_readv:", "fbt::vfs_read:", "fbt::vfs_write:"));
        assertEquals(List.of("watch"), matches("wa", "watch", "stats"));
    }
}
