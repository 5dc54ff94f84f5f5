package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.compiler.kernel.btf.Btf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The kernel facts read once: release, BTF presence, core-text function symbols, the functions
 * ftrace can patch and, when debugfs lets it be read, the kprobe blacklist (else empty); the
 * syscalls' tracepoint formats are read from tracefs when a probe needs them.
 */
public record KernelSnapshot(String release, boolean hasBtf, NavigableMap<String, List<Long>> textFunctions,
                             Set<String> traceableFunctions, Set<String> kprobeBlacklist,
                             SyscallFormats syscallFormats) implements KernelInfo {

    private static final Path KALLSYMS = Path.of("/proc/kallsyms");
    private static final Path RELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Path BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final List<Path> FILTER_FUNCTIONS = List.of(
            Path.of("/sys/kernel/tracing/available_filter_functions"),
            Path.of("/sys/kernel/debug/tracing/available_filter_functions"));
    private static final Path KPROBE_BLACKLIST = Path.of("/sys/kernel/debug/kprobes/blacklist");

    public KernelSnapshot {
        textFunctions = Collections.unmodifiableNavigableMap(new TreeMap<>(textFunctions));
        traceableFunctions = Set.copyOf(traceableFunctions);
        kprobeBlacklist = Set.copyOf(kprobeBlacklist);
    }

    /** A kernel whose syscall formats are not known. */
    public KernelSnapshot(String release, boolean hasBtf, NavigableMap<String, List<Long>> textFunctions,
                          Set<String> traceableFunctions, Set<String> kprobeBlacklist) {
        this(release, hasBtf, textFunctions, traceableFunctions, kprobeBlacklist, SyscallFormats.NONE);
    }

    /** A kernel whose kprobe blacklist is not known. */
    public KernelSnapshot(String release, boolean hasBtf, NavigableMap<String, List<Long>> textFunctions,
                          Set<String> traceableFunctions) {
        this(release, hasBtf, textFunctions, traceableFunctions, Set.of());
    }

    /** The running kernel's BTF ({@link Btf#VMLINUX}, read once when first asked) if it has BTF. */
    @Override
    public Optional<Btf> btf() {
        return hasBtf ? VmlinuxBtf.get() : Optional.empty();
    }

    /**
     * Reads the running kernel. Needs root: without it /proc/kallsyms shows zero addresses and
     * tracefs is not readable. The kprobe blacklist is read too if debugfs is mounted and readable;
     * if not, it stays unknown (empty). The symbols of this boot are kept in {@link
     * KernelSymbolCache#DEFAULT} after the first read, and taken from there by later starts.
     */
    public static KernelSnapshot read() throws IOException {
        return read(new KernelSymbolCache(KernelSymbolCache.DEFAULT));
    }

    /** {@link #read()} with the symbols kept in {@code cache}. */
    static KernelSnapshot read(KernelSymbolCache cache) throws IOException {
        Path filterFunctions = FILTER_FUNCTIONS.stream().filter(Files::isReadable).findFirst()
                .orElseThrow(() -> new IOException("cannot read available_filter_functions: mount tracefs"
                        + " (mount -t tracefs tracefs /sys/kernel/tracing) and run as root"));
        SyscallFormats formats = SyscallFormats.in(filterFunctions.getParent());
        String release = Files.readString(RELEASE).strip();
        boolean hasBtf = Files.exists(BTF);
        Optional<String> bootId = bootId();
        if (bootId.isPresent()) {
            Optional<KernelSnapshot> kept = cache.load(bootId.get(), release, hasBtf, formats);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        KernelSnapshot snapshot;
        try (InputStream kallsyms = Files.newInputStream(KALLSYMS);
                InputStream traceable = Files.newInputStream(filterFunctions)) {
            snapshot = parse(release, hasBtf, kallsyms, traceable);
        }
        boolean hidden = snapshot.textFunctions().values().stream().flatMap(List::stream).allMatch(a -> a == 0);
        if (hidden) {
            throw new IOException("/proc/kallsyms shows no addresses: run as root (or lower kernel.kptr_restrict)");
        }
        snapshot = snapshot.withKprobeBlacklistFrom(KPROBE_BLACKLIST);
        if (bootId.isPresent()) {
            cache.store(bootId.get(), snapshot);
        }
        return snapshot.withSyscallFormats(formats);
    }

    /** This boot's id ({@code /proc/sys/kernel/random/boot_id}), if the kernel tells it. */
    private static Optional<String> bootId() {
        try {
            String id = Files.readString(BOOT_ID).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** This kernel with the kprobe blacklist in the file at {@code path}, or as it is if it cannot be read. */
    KernelSnapshot withKprobeBlacklistFrom(Path path) {
        try (InputStream blacklist = Files.newInputStream(path)) {
            return withKprobeBlacklist(blacklist);
        } catch (IOException | UncheckedIOException e) {
            return this; // no debugfs, no permission (lockdown): the suggestions just may name blacklisted callers
        }
    }

    /**
     * This kernel with the kprobe blacklist in the text of {@code /sys/kernel/debug/kprobes/blacklist}:
     * one {@code 0xSTART-0xEND\tNAME [MODULE]} line per blacklisted function. Kept: the names of core
     * kernel functions and, where the start address is shown (readers who may not see kernel
     * addresses see 0), every other name at that address, since the file gives a function one name
     * only.
     */
    public KernelSnapshot withKprobeBlacklist(Reader blacklist) throws IOException {
        return withKprobeBlacklist(bytes(blacklist));
    }

    /** {@link #withKprobeBlacklist(Reader)} from the file's bytes. */
    public KernelSnapshot withKprobeBlacklist(InputStream blacklist) throws IOException {
        Set<String> names = new HashSet<>();
        Set<Long> starts = new HashSet<>();
        KernelTextLines f = new KernelTextLines(blacklist);
        while (f.next()) {
            int dash = f.count() == 0 ? -1 : f.indexOf(0, '-');
            if (f.count() != 2 || !f.startsWith(0, "0x") || dash < 0) {
                continue; // a module's function (NAME [MODULE]), or not a blacklist line
            }
            names.add(f.get(1));
            try {
                long start = f.parseHex(0, 2, dash);
                if (start != 0) {
                    starts.add(start);
                }
            } catch (NumberFormatException e) {
                // a name without a usable address: kept by name only
            }
        }
        if (!starts.isEmpty()) {
            textFunctions.forEach((name, addresses) -> {
                for (long a : addresses) {
                    if (starts.contains(a)) {
                        names.add(name);
                    }
                }
            });
        }
        names.retainAll(textFunctions.keySet());
        return new KernelSnapshot(release, hasBtf, textFunctions, traceableFunctions, names, syscallFormats);
    }

    /** This kernel with its syscalls' tracepoint formats read from {@code formats}. */
    public KernelSnapshot withSyscallFormats(SyscallFormats formats) {
        return new KernelSnapshot(release, hasBtf, textFunctions, traceableFunctions, kprobeBlacklist, formats);
    }

    /** The tracepoints under the tracefs the syscall formats come from, if they come from one. */
    @Override
    public Tracepoints tracepoints() {
        return syscallFormats instanceof SyscallFormats.Tracefs tracefs ? Tracepoints.in(tracefs.root())
                : Tracepoints.NONE;
    }

    @Override
    public Optional<String> syscallFormat(String syscall) {
        return syscallFormats.format(syscall);
    }

    /**
     * Parses the text of {@code /proc/kallsyms} ({@code ADDRESS TYPE NAME [\tMODULE]}) and of {@code
     * available_filter_functions} ({@code NAME [MODULE]}). Kept: text symbols ({@code t}, {@code T})
     * of the core kernel, except the {@code __pfx_}/{@code __cfi_} padding symbols that precede
     * functions on kernels built with call-depth tracking or CFI, which are not functions.
     */
    public static KernelSnapshot parse(String release, boolean hasBtf, Reader kallsyms, Reader filterFunctions)
            throws IOException {
        return parse(release, hasBtf, bytes(kallsyms), bytes(filterFunctions));
    }

    /** {@link #parse(String, boolean, Reader, Reader)} from the files' bytes. */
    public static KernelSnapshot parse(String release, boolean hasBtf, InputStream kallsyms,
            InputStream filterFunctions) throws IOException {
        // Bytes scanned in place, a String only for a name kept: this runs at every tracer start over
        // ~150k lines, mostly under an emulated CPU in the VM tests.
        Map<String, List<Long>> byName = new HashMap<>();
        KernelTextLines f = new KernelTextLines(kallsyms);
        while (f.next()) {
            if (f.count() == 3 && f.length(1) == 1 && (f.charAt(1, 0) == 't' || f.charAt(1, 0) == 'T')
                    && !f.startsWith(2, "__pfx_") && !f.startsWith(2, "__cfi_")) {
                byName.merge(f.get(2), List.of(f.parseHex(0)), KernelSnapshot::union);
            }
        }
        Set<String> traceable = new HashSet<>();
        f = new KernelTextLines(filterFunctions);
        while (f.next()) {
            if (f.count() == 1) {
                traceable.add(f.get(0));
            }
        }
        addAliases(byName, traceable);
        return new KernelSnapshot(release, hasBtf, new TreeMap<>(byName), traceable);
    }

    /** The sorted, distinct union of a name's addresses (most names have one). */
    private static List<Long> union(List<Long> a, List<Long> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).sorted().distinct().toList();
    }

    /**
     * ftrace lists one name per site, but a function can have several names at one address
     * ({@code __x64_sys_getppid} is {@code __do_sys_getppid} on Debian's 6.1): every name at the
     * address of a traceable function with a single address is traceable too.
     */
    private static void addAliases(Map<String, List<Long>> functions, Set<String> traceable) {
        Set<Long> sites = new HashSet<>();
        for (String name : traceable) {
            List<Long> addresses = functions.get(name);
            if (addresses != null && addresses.size() == 1) {
                sites.add(addresses.get(0));
            }
        }
        functions.forEach((name, addresses) -> {
            if (addresses.size() == 1 && sites.contains(addresses.get(0))) {
                traceable.add(name);
            }
        });
    }

    /** The text's bytes (the kernel's files are ASCII). */
    private static InputStream bytes(Reader text) throws IOException {
        StringWriter all = new StringWriter();
        text.transferTo(all);
        return new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
