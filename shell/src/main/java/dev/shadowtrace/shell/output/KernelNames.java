package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.TracerClause;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.runtime.KernelAddress;
import dev.shadowtrace.runtime.KernelSymbols;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the numbers the kernel records for {@code probefunc}, {@code probename} and stack frames
 * into names. Kernel addresses are resolved through {@link KernelSymbols}, loaded the first time
 * one is needed (reading {@code /proc/kallsyms} takes a while and most scripts print no address);
 * when they cannot be resolved they print in hex, as DTrace does.
 *
 * <p>Probe names: the compiled programs record an index into {@link CompiledScript#probeNames()}.
 * BEGIN, END and timer clauses run in the tracer and may store their {@code probename} in the same
 * map keys, so their names get the indexes after those.
 */
final class KernelNames {
    /** Loads the kernel's symbols. */
    interface SymbolSource {
        KernelSymbols load() throws IOException;
    }

    private final SymbolSource source;
    private final UserSymbols userSymbols;
    private final List<String> probeNames;
    private KernelSymbols symbols;
    private boolean unavailable;

    KernelNames(CompiledScript script, SymbolSource source) {
        this(script, source, new UserSymbols(Path.of("/proc")));
    }

    /** With {@code usym()} values named by {@code userSymbols}. */
    KernelNames(CompiledScript script, SymbolSource source, UserSymbols userSymbols) {
        this.source = source;
        this.userSymbols = userSymbols;
        this.probeNames = new ArrayList<>(script.probeNames());
        for (TracerClause clause : script.tracerClauses()) {
            for (ProbeDescription probe : clause.probes()) {
                if (!probeNames.contains(probe.name())) {
                    probeNames.add(probe.name());
                }
            }
        }
    }

    /** The function holding {@code address}: {@code vfs_read}; "" for 0 (a tracer clause's probefunc). */
    String function(long address) {
        if (address == 0) {
            return "";
        }
        KernelAddress where = locate(address);
        return where.symbol() != null ? where.symbol() : hex(address);
    }

    /** A stack frame as DTrace prints it: {@code vfs_read+0x1a}, {@code vfs_read} at its start, or the address. */
    String frame(long address) {
        KernelAddress where = locate(address);
        if (where.symbol() == null) {
            return hex(address);
        }
        return where.offset() == 0 ? where.symbol() : where.symbol() + "+0x" + Long.toHexString(where.offset());
    }

    /**
     * A string, buffer, {@code probefunc}, {@code usym()} or {@code probename} value as text: the string,
     * the buffer as bpftrace's {@code %r} prints it, the function's name, the probe's name. Numbers and stacks are not names: their callers print them.
     */
    String text(Value v) {
        if (v instanceof Value.Str s) {
            return s.value();
        }
        if (v instanceof Value.Buf b) {
            return b.escaped();
        }
        if (v instanceof Value.Symbol s) {
            return function(s.address());
        }
        if (v instanceof Value.UserSymbol u) {
            return userSymbols.name(u.pid(), u.address());
        }
        if (v instanceof Value.ProbeName p) {
            return probeName(p.id());
        }
        throw new IllegalArgumentException("not a name: " + v);
    }

    String probeName(long id) {
        return id >= 0 && id < probeNames.size() ? probeNames.get((int) id) : "probe name #" + id;
    }

    /** The number a tracer clause stores for its probe's name. */
    long probeNameId(String name) {
        int id = probeNames.indexOf(name);
        if (id < 0) {
            throw new IllegalArgumentException("no probe is named '" + name + "'");
        }
        return id;
    }

    private KernelAddress locate(long address) {
        if (symbols == null && !unavailable) {
            try {
                symbols = source.load();
            } catch (IOException | RuntimeException e) {
                unavailable = true;
            }
        }
        return symbols == null ? new KernelAddress(null, 0, address) : symbols.locate(address);
    }

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
