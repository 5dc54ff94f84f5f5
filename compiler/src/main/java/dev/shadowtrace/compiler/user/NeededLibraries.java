package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The libraries a program will map, known before it runs: its {@code DT_NEEDED} names and theirs,
 * breadth first as the dynamic loader loads them, each found where glibc's loader finds it
 * ({@code _dl_map_object}): a name with a '/' is that path; otherwise the {@code DT_RPATH} of the
 * object that needs it, then of the object that loaded that one, and so on up to the executable
 * (objects with a {@code DT_RUNPATH} have none, and a requester with a {@code DT_RUNPATH} skips this
 * step), then the directories of {@code LD_LIBRARY_PATH}, then the requester's own
 * {@code DT_RUNPATH}, then the loader's cache ({@link LdCache}), then the default directories. In
 * search paths {@code $ORIGIN} is the directory of the object that holds the path, {@code $LIB}
 * Debian's {@code lib/x86_64-linux-gnu} and {@code $PLATFORM} {@code x86_64}. Preloaded libraries
 * ({@code LD_PRELOAD}, then {@code /etc/ld.so.preload}) come first, found as the program's own needs
 * (glibc's {@code do_preload} maps them with the program as the requester). A library the program
 * will {@code dlopen} cannot be known before: {@link #findLoadable} finds the file a {@code dlopen}
 * of an exact file name would, as if the program asked for it.
 */
public final class NeededLibraries {
    private static final List<Path> DEFAULT_DIRS = List.of(Path.of("/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/lib64"), Path.of("/usr/lib64"), Path.of("/lib"),
            Path.of("/usr/lib"));

    private final LdCache cache;
    private final List<Path> libraryPath;
    private final List<String> preload;

    /** A mapped object: its file, what its dynamic section says, and the object that loaded it (null: the program). */
    private record Loaded(Path file, ElfNeeded dynamic, Loaded loader) {}

    /**
     * @param cache       the loader's cache
     * @param libraryPath the directories of {@code LD_LIBRARY_PATH} the program will run with
     */
    public NeededLibraries(LdCache cache, List<Path> libraryPath) {
        this(cache, libraryPath, List.of());
    }

    /**
     * @param cache       the loader's cache
     * @param libraryPath the directories of {@code LD_LIBRARY_PATH} the program will run with
     * @param preload     the libraries it will preload, in order: names or paths
     */
    public NeededLibraries(LdCache cache, List<Path> libraryPath, List<String> preload) {
        this.cache = cache;
        this.libraryPath = List.copyOf(libraryPath);
        this.preload = List.copyOf(preload);
    }

    /** The same search for a program that runs with another {@code LD_LIBRARY_PATH} (a running process's). */
    public NeededLibraries withLibraryPath(List<Path> dirs) {
        return new NeededLibraries(cache, dirs, preload);
    }

    /**
     * The libraries of an {@code LD_PRELOAD} value and of {@code /etc/ld.so.preload}'s text (either
     * null: none), in the loader's order: the elements of each, separated by spaces, tabs, colons or
     * newlines as glibc's {@code rtld} splits them.
     */
    public static List<String> preloadList(String ldPreload, String etcPreload) {
        List<String> names = new ArrayList<>();
        for (String value : new String[] {ldPreload, etcPreload}) {
            if (value != null) {
                for (String name : value.split("[ \t:\n]+")) {
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /** The text of {@code /etc/ld.so.preload}, or null if there is none (or it cannot be read: the loader ignores it then). */
    public static String systemPreload() {
        try {
            return Files.readString(Path.of("/etc/ld.so.preload"));
        } catch (IOException e) {
            return null;
        }
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
        // the program's $ORIGIN is where its file really is, as the loader reads it from /proc/self/exe
        Deque<Loaded> queue = new ArrayDeque<>(List.of(new Loaded(program.toRealPath(), ElfNeeded.of(program), null)));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Loaded requester = queue.removeFirst();
            // the preloaded libraries are searched before the program's first DT_NEEDED one
            List<String> names = requester.loader() == null ? concat(preload, requester.dynamic().needed())
                    : requester.dynamic().needed();
            for (String name : names) {
                if (!seen.add(name)) {
                    continue;
                }
                Optional<Path> path = locate(name, requester);
                if (path.isEmpty()) {
                    continue; // the loader would fail to start the program: the error is its
                }
                if (UserTarget.isLibrary(path.get().getFileName().toString(), library)
                        || UserTarget.isLibrary(name, library)) {
                    return Optional.of(path.get());
                }
                queue.addLast(new Loaded(path.get(), ElfNeeded.of(path.get()), requester));
            }
        }
        return Optional.empty();
    }

    /**
     * The file that {@code program}'s {@code dlopen(fileName)} would map, where {@code fileName} is
     * the library's exact file name ({@code libfoo.so.1}; a name with a '/' is that path): found as
     * for a need of the program itself (its {@code DT_RPATH}, {@code LD_LIBRARY_PATH}, its
     * {@code DT_RUNPATH}, the cache, the default directories). A library that {@code dlopen}s it
     * with search paths of its own may find another file: those are not known before it runs.
     */
    public Optional<Path> findLoadable(Path program, String fileName) throws IOException {
        return locate(fileName, new Loaded(program.toRealPath(), ElfNeeded.of(program), null));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private Optional<Path> locate(String name, Loaded requester) throws IOException {
        if (name.contains("/")) {
            return Files.isRegularFile(Path.of(name)) ? Optional.of(Path.of(name)) : Optional.empty();
        }
        List<Path> rpath = new ArrayList<>();
        if (requester.dynamic().runpath() == null) {
            for (Loaded l = requester; l != null; l = l.loader()) {
                rpath.addAll(searchPath(l.dynamic().rpath(), l.file()));
            }
        }
        Optional<Path> found = firstIn(rpath, name, true);
        if (found.isEmpty()) {
            found = firstIn(libraryPath, name, false);
        }
        if (found.isEmpty()) {
            found = firstIn(searchPath(requester.dynamic().runpath(), requester.file()), name, true);
        }
        if (found.isPresent()) {
            return found;
        }
        Optional<Path> cached = cache.find(name).filter(Files::isRegularFile);
        if (cached.isPresent()) {
            return cached;
        }
        return DEFAULT_DIRS.stream().map(d -> d.resolve(name)).filter(Files::isRegularFile).findFirst();
    }

    /**
     * {@code name} in the first of {@code dirs} that holds it; {@code real}: as its real path (the
     * directories of search paths are often relative to {@code $ORIGIN}, {@code .../bin/../lib}).
     */
    private static Optional<Path> firstIn(List<Path> dirs, String name, boolean real) throws IOException {
        for (Path dir : dirs) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(real ? file.toRealPath() : file);
            }
        }
        return Optional.empty();
    }

    /**
     * The directories of a {@code DT_RPATH} or {@code DT_RUNPATH} value (null: none) held by
     * {@code object}, its dynamic string tokens substituted; an empty element is the current
     * directory, as for the loader.
     */
    static List<Path> searchPath(String value, Path object) {
        if (value == null) {
            return List.of();
        }
        Path absolute = object.toAbsolutePath();
        String origin = absolute.getParent() == null ? "/" : absolute.getParent().toString();
        List<Path> dirs = new ArrayList<>();
        for (String element : value.split(":", -1)) {
            dirs.add(Path.of(substitute(element, origin)));
        }
        return dirs;
    }

    /** {@code $ORIGIN}, {@code $LIB} and {@code $PLATFORM}, also as {@code ${...}}; any other '$' is kept as it is. */
    private static String substitute(String element, String origin) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < element.length()) {
            char c = element.charAt(i);
            String token = c == '$' ? token(element, i + 1) : null;
            if (token == null) {
                out.append(c);
                i++;
                continue;
            }
            String name = token.startsWith("{") ? token.substring(1, token.length() - 1) : token;
            out.append(switch (name) {
                case "ORIGIN" -> origin;
                case "LIB" -> "lib/x86_64-linux-gnu";
                default -> "x86_64"; // PLATFORM
            });
            i += 1 + token.length();
        }
        return out.toString();
    }

    /** The known token at {@code at} ("ORIGIN" or "{ORIGIN}", ...), or null. */
    private static String token(String s, int at) {
        for (String name : List.of("ORIGIN", "LIB", "PLATFORM")) {
            String braced = "{" + name + "}";
            if (s.startsWith(braced, at)) {
                return braced;
            }
            // unbraced: the name must not run on into more identifier characters ($ORIGINAL is no token)
            if (s.startsWith(name, at) && (at + name.length() == s.length()
                    || !(Character.isLetterOrDigit(s.charAt(at + name.length())) || s.charAt(at + name.length()) == '_'))) {
                return name;
            }
        }
        return null;
    }
}
