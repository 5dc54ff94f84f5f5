package dev.shadowtrace.runtime.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The threads of a process as {@code /proc/PID/task} lists them now, the process's own id first. A
 * perf event opened on a thread follows only what that thread creates, so a process attached with
 * {@code -p} is followed through each of the threads it already has.
 */
final class ProcessThreads {
    private ProcessThreads() {
    }

    /**
     * The thread ids of process {@code pid}, {@code pid} first; just {@code pid} if the listing cannot be
     * read (the process is gone, and opening an event on it says so).
     */
    static List<Integer> of(int pid) {
        return of(Path.of("/proc"), pid);
    }

    static List<Integer> of(Path proc, int pid) {
        List<Integer> tids = new ArrayList<>();
        tids.add(pid);
        try (Stream<Path> tasks = Files.list(proc.resolve(Integer.toString(pid)).resolve("task"))) {
            tasks.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit) && !name.isEmpty())
                    .map(Integer::valueOf)
                    .filter(tid -> tid != pid)
                    .sorted()
                    .forEach(tids::add);
        } catch (IOException | RuntimeException e) {
            return List.of(pid);
        }
        return tids;
    }
}
