package dev.shadowtrace.shell.interactive;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellCommandTest {
    @Test
    void commandsAreParsedWithTheirArguments() {
        assertEquals(new ShellCommand.Clauses(), ShellCommand.parse("clauses"));
        assertEquals(new ShellCommand.Remove(3), ShellCommand.parse("  remove 3 "));
        assertEquals(new ShellCommand.Attach(List.of(12, 34)), ShellCommand.parse("attach 12 34"));
        assertEquals(new ShellCommand.Run(List.of("sh", "-c", "echo a b")), ShellCommand.parse("run sh -c 'echo a b'"));
        assertEquals(new ShellCommand.Run(List.of()), ShellCommand.parse("run"));
        assertEquals(new ShellCommand.Detach(), ShellCommand.parse("detach"));
        assertEquals(new ShellCommand.Print("@n"), ShellCommand.parse("print @n"));
        assertEquals(new ShellCommand.Print("@n"), ShellCommand.parse("print n"));
        assertEquals(new ShellCommand.Clear("@"), ShellCommand.parse("clear @"));
        assertEquals(new ShellCommand.Watch("@lat", 1), ShellCommand.parse("watch @lat"));
        assertEquals(new ShellCommand.Watch("@lat", 0.5), ShellCommand.parse("watch @lat 0.5"));
        assertEquals(new ShellCommand.Stats(), ShellCommand.parse("stats"));
        assertEquals(new ShellCommand.Help(), ShellCommand.parse("help"));
        assertEquals(new ShellCommand.Quit(), ShellCommand.parse("quit"));
        assertEquals(new ShellCommand.Quit(), ShellCommand.parse("exit"));
        assertEquals(new ShellCommand.Empty(), ShellCommand.parse("   "));
    }

    @Test
    void anythingElseIsAClause() {
        String clause = "fbt::vfs_read:entry\n{ @n = count(); }";
        assertEquals(new ShellCommand.Clause(clause), ShellCommand.parse(clause + "\n"));
    }

    @Test
    void wrongArgumentsGiveTheUsage() {
        assertUsage("remove", "usage: remove N");
        assertUsage("remove x", "usage: remove N");
        assertUsage("remove 0", "usage: remove N");
        assertUsage("attach", "usage: attach PID...");
        assertUsage("attach 12 x", "usage: attach PID...");
        assertUsage("print", "usage: print @name");
        assertUsage("print @a @b", "usage: print @name");
        assertUsage("print @a-b", "not a map name: @a-b");
        assertUsage("watch @n 0", "usage: watch @name [SECONDS] (SECONDS from 0.1 to 3600)");
        assertUsage("watch @n soon", "usage: watch @name [SECONDS]");
        assertUsage("stats now", "usage: stats (no arguments)");
        assertUsage("run sh -c 'unclosed", "");
    }

    private static void assertUsage(String input, String start) {
        String message = assertThrows(IllegalArgumentException.class, () -> ShellCommand.parse(input)).getMessage();
        assertTrue(message.startsWith(start), input + ": " + message);
    }
}
