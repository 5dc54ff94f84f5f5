package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The libraries an ELF file needs, and where it tells the loader to look: the {@code DT_NEEDED},
 * {@code DT_RPATH} and {@code DT_RUNPATH} entries of its dynamic section ({@code PT_DYNAMIC}),
 * strings such as {@code libc.so.6} or {@code $ORIGIN/../lib} in the string table {@code DT_STRTAB}
 * points to (a virtual address, turned into a file offset by the {@code PT_LOAD} segment that maps
 * it). A static executable has none. ELF64 little-endian only, as {@link ElfFunctions}.
 *
 * @param needed  the {@code DT_NEEDED} names, in the order of the dynamic section
 * @param rpath   the {@code DT_RPATH} search path, or null; null also when the file has a
 *                {@code DT_RUNPATH}, which makes the loader ignore it (glibc's
 *                {@code get_dynamic_info})
 * @param runpath the {@code DT_RUNPATH} search path, or null
 */
public record ElfNeeded(List<String> needed, String rpath, String runpath) {
    private static final ElfNeeded NONE = new ElfNeeded(List.of(), null, null);
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final int DYN_SIZE = 16;

    public ElfNeeded {
        needed = List.copyOf(needed);
    }

    /** What {@code path}'s dynamic section says; an {@link IOException} says why it is no ELF64 file. */
    public static ElfNeeded of(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return parse(map.order(ByteOrder.LITTLE_ENDIAN), path);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException(path + " is not a well-formed ELF file (" + e.getMessage() + ")", e);
        }
    }

    /** Parses an ELF image held in {@code elf} (little-endian order set). */
    static ElfNeeded parse(ByteBuffer elf, Path path) throws IOException {
        ElfFunctions.requireElf64(elf, path);
        List<long[]> loads = new ArrayList<>(); // vaddr, filesz, offset
        long dynamic = -1;
        long dynamicSize = 0;
        long phoff = elf.getLong(32);
        int phentsize = Short.toUnsignedInt(elf.getShort(54));
        int phnum = Short.toUnsignedInt(elf.getShort(56));
        for (int i = 0; i < phnum; i++) {
            int ph = Math.toIntExact(phoff + (long) i * phentsize);
            int type = elf.getInt(ph);
            if (type == PT_LOAD) {
                loads.add(new long[] {elf.getLong(ph + 16), elf.getLong(ph + 32), elf.getLong(ph + 8)});
            } else if (type == PT_DYNAMIC) {
                dynamic = elf.getLong(ph + 8);
                dynamicSize = elf.getLong(ph + 32);
            }
        }
        if (dynamic < 0) {
            return NONE; // static
        }
        List<Long> needed = new ArrayList<>();
        long strtab = -1;
        long rpath = -1;
        long runpath = -1;
        for (long at = dynamic; at + DYN_SIZE <= dynamic + dynamicSize; at += DYN_SIZE) {
            long tag = elf.getLong(Math.toIntExact(at));
            long value = elf.getLong(Math.toIntExact(at + 8));
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                needed.add(value);
            } else if (tag == DT_STRTAB) {
                strtab = value;
            } else if (tag == DT_RPATH) {
                rpath = value;
            } else if (tag == DT_RUNPATH) {
                runpath = value;
            }
        }
        if (needed.isEmpty() && rpath < 0 && runpath < 0) {
            return NONE;
        }
        long strings = fileOffset(loads, strtab);
        if (strings < 0) {
            throw new IOException(path + " has DT_NEEDED or search path entries but no string table in a loaded"
                    + " segment");
        }
        List<String> names = new ArrayList<>();
        for (long name : needed) {
            names.add(ElfFunctions.cString(elf, Math.toIntExact(strings + name)));
        }
        String runpathText = runpath < 0 ? null : ElfFunctions.cString(elf, Math.toIntExact(strings + runpath));
        String rpathText = rpath < 0 || runpathText != null ? null
                : ElfFunctions.cString(elf, Math.toIntExact(strings + rpath));
        return new ElfNeeded(names, rpathText, runpathText);
    }

    private static long fileOffset(List<long[]> loads, long vaddr) {
        for (long[] load : loads) {
            if (vaddr >= load[0] && vaddr < load[0] + load[1]) {
                return vaddr - load[0] + load[2];
            }
        }
        return -1;
    }
}
