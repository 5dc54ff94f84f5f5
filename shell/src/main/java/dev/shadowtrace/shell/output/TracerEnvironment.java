package dev.shadowtrace.shell.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the built-ins that make sense in the tracer read there: {@code timestamp} and {@code cpu}.
 * Kernel programs read {@code bpf_ktime_get_ns()}, which is {@code CLOCK_MONOTONIC}, as is
 * {@link System#nanoTime()} on Linux, so {@code timestamp} compares across BEGIN, kernel probes and
 * END.
 */
interface TracerEnvironment {

    /** Nanoseconds of {@code CLOCK_MONOTONIC}. */
    long timestamp();

    /** The CPU the tracer's thread runs on. */
    long cpu();

    /** The running system. */
    TracerEnvironment SYSTEM = new TracerEnvironment() {
        private final Path stat = Path.of("/proc/thread-self/stat");

        @Override
        public long timestamp() {
            return System.nanoTime();
        }

        /** Field 39 ("processor") of /proc/thread-self/stat, the CPU the thread last ran on; 0 if unreadable. */
        @Override
        public long cpu() {
            try {
                String line = Files.readString(stat);
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[39 - 3]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    };
}
