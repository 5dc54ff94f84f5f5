package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What DTrace's {@code $target} is for the pid provider: the traced process ({@code -p}: its pid)
 * or the command's executable ({@code -c}: its path, before it runs); and how a process's files are
 * found: its executable from {@code /proc/PID/exe}, a library by its name in {@code /proc/PID/maps}.
 *
 * @param pid        the process of -p, if any
 * @param executable the resolved path of -c's command, if any
 * @param proc       where /proc is (tests give another)
 */
public record UserTarget(Optional<Integer> pid, Optional<Path> executable, Path proc) {

    /** No target: {@code pid$target} probes are an error. */
    public static final UserTarget NONE = new UserTarget(Optional.empty(), Optional.empty(), Path.of("/proc"));

    public static UserTarget process(int pid) {
        return new UserTarget(Optional.of(pid), Optional.empty(), Path.of("/proc"));
    }

    public static UserTarget command(Path executable) {
        return new UserTarget(Optional.empty(), Optional.of(executable), Path.of("/proc"));
    }

    /** The executable of process {@code pid}: where {@code /proc/PID/exe} points. */
    public Path executableOf(int pid) throws IOException {
        return Files.readSymbolicLink(proc.resolve(pid + "/exe"));
    }

    /**
     * The file of process {@code pid} mapped under the name {@code library}: the mapped path whose
     * file name is {@code library}, or starts with it followed by '.' or '-' ({@code libc} is
     * {@code libc.so.6}); empty if none is mapped.
     */
    public Optional<Path> libraryOf(int pid, String library) throws IOException {
        List<String> lines = Files.readAllLines(proc.resolve(pid + "/maps"));
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) {
                continue;
            }
            String name = Path.of(f[5]).getFileName().toString();
            if (name.equals(library) || name.startsWith(library + ".") || name.startsWith(library + "-")) {
                return Optional.of(Path.of(f[5]));
            }
        }
        return Optional.empty();
    }
}
