package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The libraries a program will map, known before it runs: its {@code DT_NEEDED} names and theirs,
 * breadth first as the dynamic loader loads them, each found as the loader finds it: in the
 * directories of {@code LD_LIBRARY_PATH}, then in the loader's cache ({@link LdCache}), then in
 * the default directories. A name with a '/' is that path. Not followed (not yet): {@code DT_RPATH}
 * and {@code DT_RUNPATH}, {@code $ORIGIN}, {@code dlopen}ed libraries and {@code LD_PRELOAD}.
 */
public final class NeededLibraries {
    private static final List<Path> DEFAULT_DIRS = List.of(Path.of("/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/lib64"), Path.of("/usr/lib64"), Path.of("/lib"),
            Path.of("/usr/lib"));

    private final LdCache cache;
    private final List<Path> libraryPath;

    /**
     * @param cache       the loader's cache
     * @param libraryPath the directories of {@code LD_LIBRARY_PATH} the program will run with
     */
    public NeededLibraries(LdCache cache, List<Path> libraryPath) {
        this.cache = cache;
        this.libraryPath = List.copyOf(libraryPath);
    }

    /** The directories of an {@code LD_LIBRARY_PATH} value (null or empty: none). */
    public static List<Path> libraryPath(String value) {
        return value == null || value.isEmpty() ? List.of()
                : java.util.Arrays.stream(value.split(":")).filter(d -> !d.isEmpty()).map(Path::of).toList();
    }

    /**
     * The first library {@code program} needs, directly or through another, whose file name is
     * {@code library} or starts with it followed by '.' or '-' ({@link UserTarget#isLibrary}); empty
     * if none.
     */
    public Optional<Path> find(Path program, String library) throws IOException {
        Deque<Path> queue = new ArrayDeque<>(List.of(program));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Path file = queue.removeFirst();
            for (String name : ElfNeeded.of(file)) {
                if (!seen.add(name)) {
                    continue;
                }
                Optional<Path> path = locate(name);
                if (path.isEmpty()) {
                    continue; // the loader would fail to start the program: the error is its
                }
                if (UserTarget.isLibrary(path.get().getFileName().toString(), library)
                        || UserTarget.isLibrary(name, library)) {
                    return Optional.of(path.get());
                }
                queue.addLast(path.get());
            }
        }
        return Optional.empty();
    }

    private Optional<Path> locate(String name) throws IOException {
        if (name.contains("/")) {
            return Files.isRegularFile(Path.of(name)) ? Optional.of(Path.of(name)) : Optional.empty();
        }
        for (Path dir : libraryPath) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return Optional.of(dir.resolve(name));
            }
        }
        Optional<Path> cached = cache.find(name).filter(Files::isRegularFile);
        if (cached.isPresent()) {
            return cached;
        }
        return DEFAULT_DIRS.stream().map(d -> d.resolve(name)).filter(Files::isRegularFile).findFirst();
    }
}
