package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** A command that cannot start is refused before anything is bound. */
class CommandTargetTest {
    @Test
    void programsAreFoundInPathOrByTheirPath(@TempDir Path tmp) throws Exception {
        CommandTarget.requireRunnable("sh", "/nonexistent:/bin:/usr/bin");
        CommandTarget.requireRunnable("/bin/sh", null);
        assertEquals("cannot run no-such-program-here: not found in PATH", assertThrows(TraceException.class,
                () -> CommandTarget.requireRunnable("no-such-program-here", "/bin:/usr/bin")).getMessage());
        assertEquals("cannot run ./nothing: no such file", assertThrows(TraceException.class,
                () -> CommandTarget.requireRunnable("./nothing", "/bin")).getMessage());
        Path plain = Files.writeString(tmp.resolve("plain"), "not a program");
        assertEquals("cannot run " + plain + ": not an executable file", assertThrows(TraceException.class,
                () -> CommandTarget.requireRunnable(plain.toString(), "/bin")).getMessage());
    }
}
