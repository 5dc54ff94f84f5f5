package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.user.ElfSymbols;
import dev.shadowtrace.compiler.user.ProcMaps;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Names the frames of user stacks. The kernel records a user frame as the build id of the ELF file
 * mapped there and the offset in that file ({@code BPF_F_STACK_BUILD_ID}), so naming it needs a file
 * with that build id, not the process, which may have exited long before the stack is printed (a
 * {@code -c} command at END). Files are found, by build id, among:
 * <ol>
 *   <li>the files the tracer was told of ({@link #addFile}: the {@code -c} command's executable);</li>
 *   <li>the files mapped executable by the tracer itself and by every live process
 *       ({@code /proc/PID/maps}), scanned when a build id is not known yet, at most once per
 *       {@link #RESCAN_MILLIS} ms.</li>
 * </ol>
 * A file's build id is read once per path, again when its size or modification time changes (a
 * rebuilt binary); its symbols once per build id. A frame whose file is not found prints as
 * {@code [unknown]} with the build id's first bytes and the offset.
 */
final class UserNames {
    /** How often at most the live processes' maps are scanned for a build id not known yet. */
    static final long RESCAN_MILLIS = 1000;

    private record Seen(long size, long modified, Optional<String> buildId) {
    }

    private final Path proc;
    private final LongSupplier clock;
    private final Set<Path> told = new LinkedHashSet<>();
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, Optional<ElfSymbols>> symbols = new HashMap<>();
    private long lastScan = Long.MIN_VALUE;

    UserNames() {
        this(Path.of("/proc"), System::currentTimeMillis);
    }

    UserNames(Path proc, LongSupplier clock) {
        this.proc = proc;
        this.clock = clock;
    }

    /** A file whose build id may be met in stacks though no live process maps it (the -c command's executable). */
    void addFile(Path file) {
        told.add(file.toAbsolutePath());
    }

    /** A frame recorded as the build id (lower-case hex) and an offset in that file: {@code inner+0x4}. */
    String frame(String buildId, long offset) {
        Optional<ElfSymbols> elf = symbols(buildId);
        if (elf.isEmpty()) {
            return "[unknown] (build id " + buildId.substring(0, Math.min(16, buildId.length())) + " +0x"
                    + Long.toHexString(offset) + ")";
        }
        return elf.get().frame(offset).orElse("[unknown] (" + elf.get().path() + "+0x" + Long.toHexString(offset)
                + ")");
    }

    /** The file a build id was found in, if any. */
    Optional<Path> file(String buildId) {
        return symbols(buildId).map(ElfSymbols::path);
    }

    private Optional<ElfSymbols> symbols(String buildId) {
        Optional<ElfSymbols> known = symbols.get(buildId);
        if (known != null && known.isPresent()) {
            return known;
        }
        Path file = find(buildId);
        Optional<ElfSymbols> read = Optional.empty();
        if (file != null) {
            try {
                ElfSymbols elf = ElfSymbols.read(file);
                if (elf.buildId().map(UserNames::key).equals(Optional.of(buildId))) {
                    read = Optional.of(elf);
                }
            } catch (IOException e) {
                // replaced or unreadable since: unknown
            }
        }
        symbols.put(buildId, read);
        return read;
    }

    /** The path of a file with this build id: a known one still unchanged, else one of a new scan. */
    private Path find(String buildId) {
        Path known = files.get(buildId);
        if (known != null && current(known).flatMap(Seen::buildId).equals(Optional.of(buildId))) {
            return known;
        }
        for (Path file : told) {
            if (current(file).flatMap(Seen::buildId).equals(Optional.of(buildId))) {
                return file;
            }
        }
        long now = clock.getAsLong();
        if (lastScan != Long.MIN_VALUE && now - lastScan < RESCAN_MILLIS) {
            return null;
        }
        lastScan = now;
        for (Path file : mappedFiles()) {
            current(file);
        }
        return files.get(buildId);
    }

    /** The files mapped executable by this process and every live process, each once. */
    private Set<Path> mappedFiles() {
        Set<Path> mapped = new LinkedHashSet<>();
        addMapped(proc.resolve("self/maps"), mapped);
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path pid : pids) {
                addMapped(pid.resolve("maps"), mapped);
            }
        } catch (IOException e) {
            // no /proc: only the files told of
        }
        return mapped;
    }

    private static void addMapped(Path maps, Set<Path> mapped) {
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException e) {
            return; // exited meanwhile, or not ours to read
        }
        for (ProcMaps.Mapping m : ProcMaps.parse(lines).mappings()) {
            if (m.executable() && !m.deleted()) {
                mapped.add(Path.of(m.path()));
            }
        }
    }

    /** The build id of {@code file} as it is now, read again when its size or modification time changed. */
    private Optional<Seen> current(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Seen before = seen.get(file);
        if (before != null && before.size() == size && before.modified() == modified) {
            return Optional.of(before);
        }
        Optional<String> id;
        try {
            id = attributes.isRegularFile() ? ElfSymbols.readBuildId(file).map(UserNames::key) : Optional.empty();
        } catch (IOException e) {
            id = Optional.empty();
        }
        Seen now = new Seen(size, modified, id);
        seen.put(file, now);
        id.ifPresent(b -> files.put(b, file));
        return Optional.of(now);
    }

    /**
     * A build id as the kernel records it: {@code BUILD_ID_SIZE_MAX} (20) bytes, a shorter id padded
     * with zeros; in lower-case hex.
     */
    static String key(String buildId) {
        return buildId.length() >= 40 ? buildId : buildId + "0".repeat(40 - buildId.length());
    }
}
