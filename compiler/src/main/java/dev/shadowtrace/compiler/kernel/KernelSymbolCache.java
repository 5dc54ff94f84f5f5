package dev.shadowtrace.compiler.kernel;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The core kernel's symbol facts of one boot (function addresses, the functions ftrace can patch,
 * the kprobe blacklist), kept in a file so that later tracer starts of the same boot need not read
 * {@code /proc/kallsyms} and {@code available_filter_functions} again: the kernel spends seconds of
 * CPU printing them in an emulated guest, and the tracer more parsing them. They cannot change
 * while the kernel runs (core text is not loaded or unloaded; ftrace drops the {@code __init}
 * functions before userspace starts), so the file is valid for exactly the boot whose id it holds.
 *
 * <p>It holds kernel addresses, which only root may see: it is read only if it and its directory
 * belong to the reading user and nobody else may read or write them (no symlinks), and written the
 * same way, atomically. Anything unexpected (another boot, another format, a short file, other
 * owners) makes {@link #load} answer empty, and the caller reads the kernel's files as without a
 * cache; a failed {@link #store} is silent for the same reason.
 */
public final class KernelSymbolCache {
    /** Where the running tracer keeps it: a tmpfs on Debian, cleared at every boot anyway. */
    public static final Path DEFAULT = Path.of("/run/shadowtrace/kernel-symbols");

    private static final int MAGIC = 0x53544b53; // "STKS"
    private static final int FORMAT = 1;
    private static final Set<PosixFilePermission> NOBODY_ELSE = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path file;

    public KernelSymbolCache(Path file) {
        this.file = file;
    }

    /**
     * The symbols kept for this boot and release, as a kernel with {@code formats}, or empty when
     * there are none that can be trusted.
     */
    public Optional<KernelSnapshot> load(String bootId, String release, boolean hasBtf, SyscallFormats formats) {
        try {
            if (!privateToUs(file.getParent()) || !privateToUs(file)) {
                return Optional.empty();
            }
            ByteBuffer in;
            try (SeekableByteChannel channel = Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS)) {
                in = ByteBuffer.allocate(Math.toIntExact(channel.size()));
                while (in.hasRemaining() && channel.read(in) > 0) {
                    // the whole file: a few MB
                }
                in.flip();
            }
            if (in.getInt() != MAGIC || in.getInt() != FORMAT || !string(in).equals(bootId)
                    || !string(in).equals(release)) {
                return Optional.empty();
            }
            int names = count(in);
            String[] keys = new String[names];
            List<?>[] values = new List<?>[names];
            for (int i = 0; i < names; i++) {
                keys[i] = string(in);
                if (i > 0 && keys[i].compareTo(keys[i - 1]) <= 0) {
                    return Optional.empty(); // not in name order: not a file we wrote
                }
                Long[] addresses = new Long[in.get() & 0xff];
                for (int j = 0; j < addresses.length; j++) {
                    addresses[j] = in.getLong();
                }
                values[i] = List.of(addresses);
            }
            Set<String> traceable = names(in);
            Set<String> blacklist = names(in);
            if (in.getInt() != MAGIC || in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new KernelSnapshot(release, hasBtf, new TreeMap<>(new SortedEntries(keys, values)),
                    traceable, blacklist, formats));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable, short, or not ours: the kernel's files are read instead
        }
    }

    /** Keeps {@code kernel}'s symbols for this boot, replacing what was kept; failures are ignored. */
    public void store(String bootId, KernelSnapshot kernel) {
        Path dir = file.getParent();
        Path temporary = null;
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            if (!privateToUs(dir)) {
                return; // someone else's directory: not a place for kernel addresses
            }
            temporary = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(temporary), 1 << 16))) {
                write(out, bootId, kernel);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return; // never a half-written file under the real name
            }
            temporary = null;
        } catch (IOException | RuntimeException e) {
            // no cache: the next start reads the kernel's files again
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a stray temporary file in our own directory, ignored by load
                }
            }
        }
    }

    /**
     * The format: MAGIC, FORMAT, boot id, release, the functions in name order (name, number of
     * addresses, addresses), the traceable names, the blacklisted names, MAGIC. A string is its
     * length (two bytes) and its bytes: kernel symbol names are ASCII, read back as ISO 8859-1.
     */
    private static void write(DataOutputStream out, String bootId, KernelSnapshot kernel) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        string(out, bootId);
        string(out, kernel.release());
        out.writeInt(kernel.textFunctions().size());
        for (Map.Entry<String, List<Long>> e : kernel.textFunctions().entrySet()) {
            if (e.getValue().size() > 255) {
                throw new IOException("more than 255 functions named " + e.getKey());
            }
            string(out, e.getKey());
            out.writeByte(e.getValue().size());
            for (long address : e.getValue()) {
                out.writeLong(address);
            }
        }
        names(out, kernel.traceableFunctions());
        names(out, kernel.kprobeBlacklist());
        out.writeInt(MAGIC);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length > 0xffff || !s.equals(new String(bytes, StandardCharsets.ISO_8859_1))) {
            throw new IOException("not a kernel symbol name: " + s);
        }
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static String string(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        String s = new String(in.array(), in.position(), length, StandardCharsets.ISO_8859_1);
        in.position(in.position() + length);
        return s;
    }

    private static int count(ByteBuffer in) throws IOException {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IOException("bad count");
        }
        return count;
    }

    private static void names(DataOutputStream out, Collection<String> names) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            string(out, name);
        }
    }

    /** The names as an immutable set, which the snapshot then keeps without copying. */
    private static Set<String> names(ByteBuffer in) throws IOException {
        String[] names = new String[count(in)];
        for (int i = 0; i < names.length; i++) {
            names[i] = string(in);
        }
        return Set.of(names); // a name twice: IllegalArgumentException, not a file we wrote
    }

    /** Whether {@code path} is ours alone: not a symlink, owned by this process's user, private. */
    private static boolean privateToUs(Path path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink() || attributes.isOther()) {
            return false;
        }
        UserPrincipal us = Files.getOwner(Path.of("/proc/self"));
        return attributes.owner().equals(us)
                && attributes.permissions().stream().noneMatch(NOBODY_ELSE::contains);
    }

    /**
     * Names and their addresses, already in name order, as a {@link SortedMap} for the one use a
     * {@link TreeMap} makes of it when built from one: it then links its nodes in order, without
     * comparing a single name (else 100k names cost a second of an emulated CPU).
     */
    private static final class SortedEntries extends AbstractMap<String, List<Long>>
            implements SortedMap<String, List<Long>> {
        private final String[] keys;
        private final List<?>[] values;

        SortedEntries(String[] keys, List<?>[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public Set<Map.Entry<String, List<Long>>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, List<Long>>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        @SuppressWarnings("unchecked")
                        public Map.Entry<String, List<Long>> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], (List<Long>) values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }

        @Override
        public Comparator<? super String> comparator() {
            return null; // natural order, as TreeMap's default
        }

        @Override
        public SortedMap<String, List<Long>> subMap(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, List<Long>> headMap(String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, List<Long>> tailMap(String from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String firstKey() {
            return keys[0];
        }

        @Override
        public String lastKey() {
            return keys[keys.length - 1];
        }
    }
}
