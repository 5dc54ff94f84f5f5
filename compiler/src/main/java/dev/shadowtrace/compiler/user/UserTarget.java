package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What DTrace's {@code $target} is for the pid provider: the traced process ({@code -p}: its pid)
 * or the command's executable ({@code -c}: its path, before it runs); and how a process's files are
 * found: its executable from {@code /proc/PID/exe}, a library by its name in {@code /proc/PID/maps};
 * a command's libraries, not mapped yet, from its executable's {@code DT_NEEDED} entries and its
 * preloaded libraries ({@link NeededLibraries}); and a library a process or command has not mapped
 * yet, named by its exact file name, where its {@code dlopen} would find it.
 *
 * @param pid        the process of -p, if any
 * @param executable the resolved path of -c's command, if any
 * @param proc       where /proc is (tests give another)
 * @param libraries  how the libraries of -c's command are found
 */
public record UserTarget(Optional<Integer> pid, Optional<Path> executable, Path proc, NeededLibraries libraries) {

    /** No target: {@code pid$target} probes are an error. */
    public static final UserTarget NONE = new UserTarget(Optional.empty(), Optional.empty(), Path.of("/proc"));

    /**
     * With the system's loader cache, this process's {@code LD_LIBRARY_PATH} and {@code LD_PRELOAD}
     * (which a -c command inherits) and {@code /etc/ld.so.preload}.
     */
    public UserTarget(Optional<Integer> pid, Optional<Path> executable, Path proc) {
        this(pid, executable, proc, new NeededLibraries(LdCache.system(),
                NeededLibraries.libraryPath(System.getenv("LD_LIBRARY_PATH")),
                NeededLibraries.preloadList(System.getenv("LD_PRELOAD"), NeededLibraries.systemPreload())));
    }

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
            if (isLibrary(Path.of(f[5]).getFileName().toString(), library)) {
                return Optional.of(Path.of(f[5]));
            }
        }
        return Optional.empty();
    }

    /** The library -c's command will map under the name {@code library} (as {@link #libraryOf}), before it runs. */
    public Optional<Path> commandLibrary(String library) throws IOException {
        return executable.isEmpty() ? Optional.empty() : libraries.find(executable.get(), library);
    }

    /**
     * The file process {@code pid} would map if it called {@code dlopen(fileName)} now, with
     * {@code fileName} a library's exact file name: searched from its executable with the
     * {@code LD_LIBRARY_PATH} it started with ({@code /proc/PID/environ}).
     */
    public Optional<Path> loadableOf(int pid, String fileName) throws IOException {
        String environ = new String(Files.readAllBytes(proc.resolve(pid + "/environ")), StandardCharsets.ISO_8859_1);
        String dirs = null;
        for (String variable : environ.split("\0")) {
            if (variable.startsWith("LD_LIBRARY_PATH=")) {
                dirs = variable.substring("LD_LIBRARY_PATH=".length());
            }
        }
        return libraries.withLibraryPath(NeededLibraries.libraryPath(dirs)).findLoadable(executableOf(pid), fileName);
    }

    /** The file -c's command would map if it called {@code dlopen(fileName)} ({@link NeededLibraries#findLoadable}). */
    public Optional<Path> commandLoadable(String fileName) throws IOException {
        return executable.isEmpty() ? Optional.empty() : libraries.findLoadable(executable.get(), fileName);
    }

    /**
     * Whether the file {@code name} is the library {@code library}: that name, or it followed by
     * '.' or '-' ({@code libc} is {@code libc.so.6}).
     */
    static boolean isLibrary(String name, String library) {
        return name.equals(library) || name.startsWith(library + ".") || name.startsWith(library + "-");
    }
}
