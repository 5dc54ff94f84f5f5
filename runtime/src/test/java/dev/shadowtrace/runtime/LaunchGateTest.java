package dev.shadowtrace.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A spawned command's pid is known before it runs; a gate never released leaves no process behind. */
@Timeout(30)
class LaunchGateTest {

    @Test
    void theCommandRunsOnlyWhenReleasedAndKeepsTheGatesPid(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pid");
        try (LaunchGate gate = LaunchGate.spawn(List.of("sh", "-c", "echo $$ > " + out))) {
            Thread.sleep(200);
            assertFalse(Files.exists(out), "the command ran before its gate was released");
            assertTrue(gate.process().isAlive());
            Process command = gate.release();
            assertEquals(0, command.waitFor());
            assertEquals(String.valueOf(gate.pid()), Files.readString(out).strip(), "the command's pid is the gate's");
        }
    }

    @Test
    void closingAnUnreleasedGateKillsAndReapsItsShell(@TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("ran");
        LaunchGate gate = LaunchGate.spawn(List.of("touch", marker.toString()));
        ProcessHandle shell = gate.process().toHandle();
        gate.close();
        gate.close(); // idempotent
        assertFalse(shell.isAlive(), "the gate's shell still runs");
        assertTrue(ProcessHandle.current().children().noneMatch(c -> c.pid() == shell.pid()), "not reaped");
        assertFalse(Files.exists(marker), "the command of a closed gate ran");
    }
}
