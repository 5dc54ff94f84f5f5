package dev.shadowtrace.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kernel's symbol table as {@code /proc/kallsyms} shows it
 * ("ffffffff81000000 T _stext", module symbols with a "[module]" suffix),
 * resolving {@link SymbolRef}s to addresses. Only core-kernel text symbols
 * (types t and T, no module) can be patched; other names are recognised only
 * to say why they cannot be.
 */
public final class KernelSymbols {
    public static final Path KALLSYMS = Path.of("/proc/kallsyms");
    /** An ambiguous name's error lists at most this many of its addresses. */
    static final int AMBIGUOUS_SHOWN = 4;

    private record Entry(String name, long address) {}

    private final String source;
    private final Map<String, long[]> text;
    private final Map<String, String> elsewhere;
    private final Entry[] byAddress;
    private final boolean hidden;
    private final long etext;

    private KernelSymbols(String source, Map<String, long[]> text, Map<String, String> elsewhere,
            Entry[] byAddress, boolean hidden) {
        this.source = source;
        this.text = text;
        this.elsewhere = elsewhere;
        this.byAddress = byAddress;
        this.hidden = hidden;
        long[] e = text.get("_etext");
        this.etext = e != null && e.length == 1 ? e[0] : -1L;
    }

    public static KernelSymbols load() throws IOException {
        return load(KALLSYMS);
    }

    public static KernelSymbols load(Path path) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(path.toString(), in);
        }
    }

    /** Parses kallsyms lines from {@code in}; {@code source} names it in messages. */
    static KernelSymbols parse(String source, BufferedReader in) throws IOException {
        Map<String, long[]> text = new HashMap<>();
        Map<String, String> elsewhere = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        boolean anyNonZero = false;
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || f[1].length() != 1) {
                continue;
            }
            long address;
            try {
                address = Long.parseUnsignedLong(f[0], 16);
            } catch (NumberFormatException e) {
                continue;
            }
            anyNonZero |= address != 0;
            char type = f[1].charAt(0);
            String name = f[2];
            String module = f.length > 3 ? f[3] : null;
            if (module == null && (type == 't' || type == 'T')) {
                long[] seen = text.get(name);
                if (seen == null) {
                    text.put(name, new long[] {address});
                } else if (Arrays.stream(seen).noneMatch(a -> a == address)) {
                    long[] more = Arrays.copyOf(seen, seen.length + 1);
                    more[seen.length] = address;
                    text.put(name, more);
                }
                entries.add(new Entry(name, address));
            } else {
                elsewhere.putIfAbsent(name, module != null
                        ? "is in " + module + ", not in the core kernel text: shadows cover only the core"
                                + " kernel text (_stext.._etext)"
                        : "is not a function (kallsyms type '" + type + "'): only kernel text can be patched");
            }
        }
        Entry[] byAddress = entries.toArray(new Entry[0]);
        // Stable, so names sharing an address stay in file order; kernel addresses compare unsigned.
        Arrays.sort(byAddress, (a, b) -> Long.compareUnsigned(a.address(), b.address()));
        return new KernelSymbols(source, text, elsewhere, byAddress, !anyNonZero && !entries.isEmpty());
    }

    /** True when every address reads as 0: the reader may not see kernel addresses. */
    public boolean addressesHidden() {
        return hidden;
    }

    /** The address {@code ref} names; its symbol must be one core-text function. */
    public KernelAddress resolve(SymbolRef ref) throws SymbolException {
        if (ref.symbol() == null) {
            return locate(ref.base() + ref.offset());
        }
        String name = ref.symbol();
        long[] addresses = text.get(name);
        if (addresses == null) {
            String why = elsewhere.get(name);
            if (why != null) {
                throw new SymbolException("kernel symbol '" + name + "' " + why);
            }
            List<String> near = NameSuggestions.nearest(name, text.keySet());
            throw new SymbolException("unknown kernel function '" + name + "'" + (near.isEmpty()
                    ? " (not in " + source + ")" : "; did you mean " + NameSuggestions.phrase(near) + "?"));
        }
        if (hidden) {
            throw new SymbolException("kernel addresses are hidden: " + source + " shows 0 for every symbol;"
                    + " run as root (CAP_SYSLOG), and as root set kernel.kptr_restrict to 0 or 1"
                    + " (sysctl -w kernel.kptr_restrict=1)");
        }
        if (addresses.length > 1) {
            String shown = Arrays.stream(addresses).limit(AMBIGUOUS_SHOWN).mapToObj(ShadowkErrors::hex)
                    .collect(Collectors.joining(", "));
            throw new SymbolException("kernel function name '" + name + "' is ambiguous: " + addresses.length
                    + " functions have it (at " + shown + (addresses.length > AMBIGUOUS_SHOWN ? ", ..." : "")
                    + "); give the address instead, e.g. " + ShadowkErrors.hex(addresses[0])
                    + (ref.offset() == 0 ? "" : "+0x" + Long.toHexString(ref.offset())));
        }
        return new KernelAddress(name, ref.offset(), addresses[0] + ref.offset());
    }

    /** The core-text function containing {@code address} (symbol null when none, or addresses are hidden). */
    public KernelAddress locate(long address) {
        int lo = 0;
        int hi = byAddress.length - 1;
        int found = -1;
        while (lo <= hi && !hidden) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(byAddress[mid].address(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || (etext != -1L && Long.compareUnsigned(address, etext) >= 0)) {
            return new KernelAddress(null, 0, address);
        }
        while (found > 0 && byAddress[found - 1].address() == byAddress[found].address()) {
            found--;
        }
        Entry e = byAddress[found];
        return new KernelAddress(e.name(), address - e.address(), address);
    }
}
