package dev.shadowtrace.runtime.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The number of possible CPUs, which sizes per-CPU map values: a lookup returns one value per
 * possible CPU ({@code num_possible_cpus()}), each rounded up to 8 bytes.
 */
public final class PossibleCpus {
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");

    private PossibleCpus() {}

    /** The number of possible CPUs of this machine, from {@code /sys/devices/system/cpu/possible}. */
    public static int count() {
        try {
            return parse(Files.readString(POSSIBLE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POSSIBLE, e);
        }
    }

    /** Counts the CPUs in a kernel cpu list such as {@code 0-3,6,8-9}. */
    static int parse(String cpuList) {
        int count = 0;
        for (String range : cpuList.strip().split(",")) {
            String[] ends = range.split("-", 2);
            int first = Integer.parseInt(ends[0]);
            int last = ends.length == 2 ? Integer.parseInt(ends[1]) : first;
            if (last < first) {
                throw new IllegalArgumentException("bad cpu range " + range);
            }
            count += last - first + 1;
        }
        return count;
    }
}
