package dev.shadowtrace.compiler.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file mappings of a process, as {@code /proc/PID/maps} lists them ({@code start-end perms offset
 * dev inode path}): what turns an address of the process into a file and an offset in it. The file
 * offset, not the ELF virtual address, is what {@link ElfSymbols} names, so a position-independent
 * file (mapped anywhere) and a fixed one are the same computation: {@code address - start + offset}.
 */
public final class ProcMaps {

    /**
     * One mapping of a file.
     *
     * @param start      first address
     * @param end        the address after the last
     * @param executable whether its permissions have {@code x}
     * @param offset     the file offset mapped at {@code start}
     * @param path       the file ({@code " (deleted)"} stripped: {@link #deleted})
     * @param deleted    whether the file was deleted or replaced since it was mapped
     */
    public record Mapping(long start, long end, boolean executable, long offset, String path, boolean deleted) {
        /** Whether {@code address} lies in this mapping. */
        public boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
        }

        /** The file offset of {@code address}, which this mapping {@link #contains}. */
        public long fileOffset(long address) {
            return address - start + offset;
        }
    }

    private static final String DELETED = " (deleted)";

    private final List<Mapping> mappings;

    private ProcMaps(List<Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
    }

    /** Parses the lines of a {@code maps} file; anonymous mappings and pseudo-files ({@code [stack]}) are left out. */
    public static ProcMaps parse(List<String> lines) {
        List<Mapping> mappings = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) {
                continue;
            }
            int dash = f[0].indexOf('-');
            if (dash < 0) {
                continue;
            }
            try {
                long start = Long.parseUnsignedLong(f[0], 0, dash, 16);
                long end = Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16);
                long offset = Long.parseUnsignedLong(f[2], 16);
                String path = f[5];
                boolean deleted = path.endsWith(DELETED);
                if (deleted) {
                    path = path.substring(0, path.length() - DELETED.length());
                }
                mappings.add(new Mapping(start, end, f[1].indexOf('x') >= 0, offset, path, deleted));
            } catch (NumberFormatException e) {
                // not a mapping line
            }
        }
        return new ProcMaps(mappings);
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    /** The executable mapping that holds {@code address}, if any. */
    public Optional<Mapping> executableAt(long address) {
        return mappings.stream().filter(m -> m.executable() && m.contains(address)).findFirst();
    }
}
