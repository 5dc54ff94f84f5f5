package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An ELF file's functions by <em>file offset</em>, for naming user-space code: a frame of a user stack
 * (the kernel gives it as a build id and a file offset) or an address a process maps from the file
 * ({@link ProcMaps} turns it into a file offset). The same symbols {@link ElfFunctions} reads
 * ({@code .symtab}, then {@code .dynsym}: the first name at an offset wins), and the file's GNU build
 * id ({@code NT_GNU_BUILD_ID} in a {@code PT_NOTE} segment), which says whether this file is the one a
 * stack was recorded from.
 */
public final class ElfSymbols {
    private static final int PT_NOTE = 4;
    private static final int NT_GNU_BUILD_ID = 3;

    private record Function(String name, long size) {
    }

    private final Path path;
    private final Optional<String> buildId;
    private final NavigableMap<Long, Function> byOffset;

    private ElfSymbols(Path path, Optional<String> buildId, NavigableMap<Long, Function> byOffset) {
        this.path = path;
        this.buildId = buildId;
        this.byOffset = byOffset;
    }

    /** Reads the functions and the build id of {@code path}; an {@link IOException} says why a file is no ELF64 file. */
    public static ElfSymbols read(Path path) throws IOException {
        ByteBuffer elf = map(path);
        try {
            NavigableMap<Long, Function> byOffset = new TreeMap<>();
            ElfFunctions.forEachFunction(elf, path, (name, offset, size) ->
                    byOffset.putIfAbsent(offset, new Function(name, size)));
            return new ElfSymbols(path, buildId(elf, path), byOffset);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException(path + " is not a well-formed ELF file (" + e.getMessage() + ")", e);
        }
    }

    /** The build id of {@code path} in lower-case hex, without reading its symbols; empty if it has none. */
    public static Optional<String> readBuildId(Path path) throws IOException {
        ByteBuffer elf = map(path);
        try {
            return buildId(elf, path);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException(path + " is not a well-formed ELF file (" + e.getMessage() + ")", e);
        }
    }

    private static ByteBuffer map(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return map.order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** The descriptor of the first {@code NT_GNU_BUILD_ID} note named "GNU" of a {@code PT_NOTE} segment. */
    static Optional<String> buildId(ByteBuffer elf, Path path) throws IOException {
        ElfFunctions.requireElf64(elf, path);
        long phoff = elf.getLong(32);
        int phentsize = Short.toUnsignedInt(elf.getShort(54));
        int phnum = Short.toUnsignedInt(elf.getShort(56));
        for (int i = 0; i < phnum; i++) {
            int ph = Math.toIntExact(phoff + (long) i * phentsize);
            if (elf.getInt(ph) != PT_NOTE) {
                continue;
            }
            long at = elf.getLong(ph + 8);
            long end = at + elf.getLong(ph + 32);
            while (at + 12 <= end) {
                int n = Math.toIntExact(at);
                int nameSize = elf.getInt(n);
                int descSize = elf.getInt(n + 4);
                int type = elf.getInt(n + 8);
                int name = n + 12;
                int desc = name + align4(nameSize);
                if (type == NT_GNU_BUILD_ID && nameSize == 4 && ElfFunctions.cString(elf, name).equals("GNU")) {
                    byte[] id = new byte[descSize];
                    elf.get(desc, id);
                    return Optional.of(HexFormat.of().formatHex(id));
                }
                at = desc + (long) align4(descSize);
            }
        }
        return Optional.empty();
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    public Path path() {
        return path;
    }

    /** The GNU build id in lower-case hex, if the file has one. */
    public Optional<String> buildId() {
        return buildId;
    }

    /**
     * The function holding the byte at {@code fileOffset}, as a frame: {@code name+0xoffset} ({@code name}
     * at its first byte); empty when no function symbol covers it (beyond a sized symbol's end).
     */
    public Optional<String> frame(long fileOffset) {
        return covering(fileOffset).map(e -> e.getKey() == fileOffset ? e.getValue().name()
                : e.getValue().name() + "+0x" + Long.toHexString(fileOffset - e.getKey()));
    }

    /** The name of the function holding the byte at {@code fileOffset}, if a function symbol covers it. */
    public Optional<String> function(long fileOffset) {
        return covering(fileOffset).map(e -> e.getValue().name());
    }

    private Optional<Map.Entry<Long, Function>> covering(long fileOffset) {
        Map.Entry<Long, Function> e = byOffset.floorEntry(fileOffset);
        if (e == null || e.getValue().size() > 0 && fileOffset - e.getKey() >= e.getValue().size()) {
            return Optional.empty();
        }
        return Optional.of(e);
    }
}
