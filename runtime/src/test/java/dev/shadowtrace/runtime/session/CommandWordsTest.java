package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class CommandWordsTest {
    @Test
    void blanksSeparateWords() {
        assertEquals(List.of("syscall-count", "1000", "0"), CommandWords.split("  syscall-count\t1000   0 "));
        assertEquals(List.of(), CommandWords.split("   "));
    }

    @Test
    void quotesAndBackslashesKeepBlanks() {
        assertEquals(List.of("sh", "-c", "echo $HOME; exit 3"), CommandWords.split("sh -c 'echo $HOME; exit 3'"));
        assertEquals(List.of("a b", "c\"d", "e\\f", ""), CommandWords.split("\"a b\" c\\\"d \"e\\f\" ''"));
        assertEquals(List.of("x y"), CommandWords.split("x\\ y"));
        assertEquals(List.of("ab"), CommandWords.split("a'b'"));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertEquals("unterminated double quote in the command: echo \"x",
                assertThrows(IllegalArgumentException.class, () -> CommandWords.split("echo \"x")).getMessage());
    }
}
