package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The functions an ELF file defines, by name, each at its <em>file offset</em>: what a uprobe is
 * placed at ({@code perf_event_attr.probe_offset}). Read from {@code .symtab} and {@code .dynsym}
 * (a stripped binary keeps only the second): defined {@code STT_FUNC} and {@code STT_GNU_IFUNC}
 * symbols with a non-zero value. A symbol's value is a virtual address; the {@code PT_LOAD}
 * program header that maps it gives the file offset ({@code st_value - p_vaddr + p_offset}).
 * ELF64 little-endian only (x86-64, the only architecture the tracer supports).
 */
public final class ElfFunctions {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int PT_LOAD = 1;
    private static final int PF_X = 1;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int SHN_UNDEF = 0;
    private static final int SYM_SIZE = 24;

    private final Path path;
    private final NavigableMap<String, List<Long>> offsets;
    private final Map<Long, Long> sizes;

    private ElfFunctions(Path path, NavigableMap<String, List<Long>> offsets, Map<Long, Long> sizes) {
        this.path = path;
        this.offsets = offsets;
        this.sizes = Map.copyOf(sizes);
    }

    /** Reads the functions of {@code path}; an {@link IOException} says why a file is no ELF64 file. */
    public static ElfFunctions read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            Map<Long, Long> sizes = new HashMap<>();
            return new ElfFunctions(path, parse(map.order(ByteOrder.LITTLE_ENDIAN), path, sizes), sizes);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException(path + " is not a well-formed ELF file (" + e.getMessage() + ")", e);
        }
    }

    /** Parses an ELF image held in {@code elf} (little-endian order set). */
    static NavigableMap<String, List<Long>> parse(ByteBuffer elf, Path path) throws IOException {
        return parse(elf, path, new HashMap<>());
    }

    /**
     * As {@link #parse(ByteBuffer, Path)}, putting each function's size ({@code st_size}) by its
     * file offset in {@code sizes}.
     */
    static NavigableMap<String, List<Long>> parse(ByteBuffer elf, Path path, Map<Long, Long> sizes) throws IOException {
        NavigableMap<String, TreeSet<Long>> found = new TreeMap<>();
        forEachFunction(elf, path, (name, offset, size) -> {
            found.computeIfAbsent(name, k -> new TreeSet<>()).add(offset);
            sizes.merge(offset, size, Math::max);
        });
        NavigableMap<String, List<Long>> offsets = new TreeMap<>();
        found.forEach((name, set) -> offsets.put(name, List.copyOf(set)));
        return Collections.unmodifiableNavigableMap(offsets);
    }

    /** What {@link #forEachFunction} gives each function symbol to. */
    interface FunctionSink {
        /**
         * @param name   the symbol without its version ({@code memcpy} of {@code memcpy@@GLIBC_2.14})
         * @param offset the file offset of its first byte
         * @param size   its {@code st_size} (0: unknown)
         */
        void function(String name, long offset, long size);
    }

    /**
     * Gives every defined function symbol of {@code .symtab} and {@code .dynsym} (in that order, so a
     * function of both comes twice) that an executable {@code PT_LOAD} segment maps, at its file offset.
     */
    static void forEachFunction(ByteBuffer elf, Path path, FunctionSink sink) throws IOException {
        requireElf64(elf, path);
        List<long[]> loads = new ArrayList<>(); // vaddr, memsz, offset of executable PT_LOAD segments
        long phoff = elf.getLong(32);
        int phentsize = Short.toUnsignedInt(elf.getShort(54));
        int phnum = Short.toUnsignedInt(elf.getShort(56));
        for (int i = 0; i < phnum; i++) {
            int ph = Math.toIntExact(phoff + (long) i * phentsize);
            if (elf.getInt(ph) == PT_LOAD && (elf.getInt(ph + 4) & PF_X) != 0) {
                loads.add(new long[] {elf.getLong(ph + 16), elf.getLong(ph + 40), elf.getLong(ph + 8)});
            }
        }
        long shoff = elf.getLong(40);
        int shentsize = Short.toUnsignedInt(elf.getShort(58));
        int shnum = Short.toUnsignedInt(elf.getShort(60));
        for (int wanted : new int[] {SHT_SYMTAB, SHT_DYNSYM}) {
            for (int i = 0; i < shnum; i++) {
                int sh = Math.toIntExact(shoff + (long) i * shentsize);
                if (elf.getInt(sh + 4) != wanted) {
                    continue;
                }
                int strtab = Math.toIntExact(shoff + (long) elf.getInt(sh + 40) * shentsize);
                long strOffset = elf.getLong(strtab + 24);
                long symOffset = elf.getLong(sh + 24);
                long count = elf.getLong(sh + 32) / SYM_SIZE;
                for (long s = 0; s < count; s++) {
                    int sym = Math.toIntExact(symOffset + s * SYM_SIZE);
                    int info = elf.get(sym + 4) & 0xff;
                    int symType = info & 0xf;
                    int shndx = Short.toUnsignedInt(elf.getShort(sym + 6));
                    long value = elf.getLong(sym + 8);
                    if ((symType != STT_FUNC && symType != STT_GNU_IFUNC) || shndx == SHN_UNDEF || value == 0) {
                        continue;
                    }
                    String name = cString(elf, Math.toIntExact(strOffset + Integer.toUnsignedLong(elf.getInt(sym))));
                    int at = name.indexOf('@'); // versioned names of .symtab: memcpy@@GLIBC_2.14
                    if (at > 0) {
                        name = name.substring(0, at);
                    }
                    for (long[] load : loads) {
                        if (value >= load[0] && value < load[0] + load[1]) {
                            sink.function(name, value - load[0] + load[2], elf.getLong(sym + 16));
                            break;
                        }
                    }
                }
            }
        }
    }

    /** Fails unless {@code elf} starts with the header of an ELF64 little-endian file. */
    static void requireElf64(ByteBuffer elf, Path path) throws IOException {
        if (elf.limit() < 64 || elf.getInt(0) != 0x464c457f) {
            throw new IOException(path + " is not an ELF file");
        }
        if (elf.get(4) != 2 || elf.get(5) != 1) {
            throw new IOException(path + " is not a 64-bit little-endian ELF file");
        }
    }

    /** The NUL-terminated UTF-8 string at {@code start}. */
    static String cString(ByteBuffer elf, int start) {
        int end = start;
        while (elf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        elf.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Path path() {
        return path;
    }

    /** The size in bytes ({@code st_size}) of the function at file offset {@code offset}; 0 if unknown. */
    public long sizeAt(long offset) {
        return sizes.getOrDefault(offset, 0L);
    }

    /** Function name to its file offsets (usually one; local functions of several files may share a name). */
    public NavigableMap<String, List<Long>> offsets() {
        return offsets;
    }
}
