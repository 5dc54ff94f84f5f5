package dev.shadowtrace.shell.trace;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.kernel.CallerSuggestion;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.BoundLauncher;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ProbeResult;
import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.Shadow;
import dev.shadowtrace.runtime.ShadowInfo;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;
import dev.shadowtrace.runtime.bpf.BpfException;
import dev.shadowtrace.runtime.bpf.BpfMap;
import dev.shadowtrace.runtime.bpf.BpfProgram;
import dev.shadowtrace.runtime.bpf.BpfRingBuffer;
import dev.shadowtrace.shell.output.MapReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A trace that changes while it runs, for the interactive shell: one shadow for the whole session,
 * to which clauses are attached and detached one batch at a time, and processes bound and
 * unbound. The script grows: each {@link #attach} gets the whole script compiled again with the
 * new clause at its end, so that a map keeps its BPF name (and so its kernel map and contents)
 * across clauses; only the new clause's programs are loaded and attached, and only the maps the
 * earlier clauses did not have are created.
 *
 * <p>Thread-safe: the shell's event thread reads the ring buffer while the prompt attaches.
 * Closing detaches every probe, unbinds the processes bound with {@link #bind}, and closes the
 * shadow, programs and maps; if the tool dies instead, closing the shadow's descriptor does the
 * same in the kernel, except that a process still bound keeps the shadow until it exits.
 */
public final class LiveTrace implements AutoCloseable {
    /** One attached clause: the ids of its probes in the shadow, and one warning per glob and reason of what it skipped. */
    public record Attached(Set<Long> probeIds, List<String> skipped) {}

    private final ShadowkDevice device;
    private final Shadow shadow;
    private final CallerSuggestion callers;
    private final Consumer<String> warn;
    private final Map<String, MapSpec> specs = new LinkedHashMap<>();
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final Map<Long, List<BpfProgram>> programsByProbe = new LinkedHashMap<>();
    private final Set<Integer> bound = new LinkedHashSet<>();
    private final LiveMaps reader = new LiveMaps();
    private BpfRingBuffer events;
    private boolean closed;

    private LiveTrace(ShadowkDevice device, Shadow shadow, KernelInfo kernel, Consumer<String> warn) {
        this.device = device;
        this.shadow = shadow;
        this.callers = new CallerSuggestion(kernel);
        this.warn = warn;
    }

    /** A new, empty shadow through the module at {@code devicePath}; {@code kernel} names callers in errors. */
    public static LiveTrace open(String devicePath, KernelInfo kernel, Consumer<String> warn) throws TraceException {
        ShadowkDevice device;
        try {
            device = ShadowkDevice.open(devicePath);
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        try {
            device.requireCompatible();
            return new LiveTrace(device, device.createShadow(), kernel, warn);
        } catch (ShadowkException e) {
            device.close();
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    /** The maps as the output side reads them: those of every clause attached so far. */
    public MapReader maps() {
        return reader;
    }

    /** The {@code events} ring buffer, once a clause sends events. */
    public synchronized Optional<BpfRingBuffer> events() {
        return Optional.ofNullable(events);
    }

    /**
     * Attaches {@code programs}, the new clause's programs of {@code script} (compiled from {@code
     * source}, the whole session's text). A map the earlier clauses created must keep its layout;
     * a clause that would change one (a new global or thread-local variable changes the layout of
     * all of them) is refused. On any error nothing of the clause stays attached or loaded.
     */
    public synchronized Attached attach(CompiledScript script, List<ProbeProgram> programs, SourceFile source)
            throws TraceException {
        requireOpen();
        for (ProbeProgram p : programs) {
            if (p.sites().stream().anyMatch(ProcessProbes::isPerProcess)) {
                throw TraceException.at(source.error(p.clause().pos(), "user and profile probes are not supported"
                        + " in the interactive shell yet", "trace them with shadowtrace -c or -p").render(), "");
            }
        }
        for (MapSpec spec : script.maps()) {
            MapSpec known = specs.get(spec.name());
            if (known != null && !known.equals(spec)) {
                throw TraceException.at(source.error(programs.get(0).clause().pos(), "this clause changes the"
                        + " layout of the map " + spec.name() + " that the clauses already attached use",
                        known.name().equals("globals") || known.name().equals("self")
                                ? "a new global or self-> variable cannot be added to a running session (not yet);"
                                + " use a map (@name) instead, or start a new shell"
                                : "start a new shell").render(), "");
            }
        }
        List<String> created = new ArrayList<>();
        List<BpfProgram> loaded = new ArrayList<>();
        try {
            for (MapSpec spec : script.maps()) {
                if (!specs.containsKey(spec.name())) {
                    createMap(spec);
                    created.add(spec.name());
                }
            }
            reader.connect(maps);
            Map<String, Integer> fds = new LinkedHashMap<>();
            maps.forEach((name, map) -> fds.put(name, map.fd()));
            for (ProbeProgram p : programs) {
                try {
                    loaded.add(BpfProgram.loadKprobe(p.name(), p.program().encode(fds)));
                } catch (BpfException e) {
                    throw TraceSession.rejected(p, e, source);
                }
            }
            ProbePlan plan = ProbePlan.of(programs);
            int[] programFds = loaded.stream().mapToInt(BpfProgram::fd).toArray();
            List<ProbeResult> results;
            try {
                results = shadow.attach(plan.requests(programFds, false), plan.bestEffort());
            } catch (ShadowkException e) {
                throw TraceException.plain(e.getMessage(), e);
            }
            AttachReport report = new AttachReport(plan, results, source, callers);
            Set<Long> ids = new LinkedHashSet<>(report.attached().keySet());
            Optional<String> error = report.error();
            if (error.isPresent()) {
                detachQuietly(ids);
                throw TraceException.at(error.get(), "");
            }
            ids.forEach(id -> programsByProbe.put(id, loaded));
            return new Attached(Set.copyOf(ids), report.skipped());
        } catch (TraceException | RuntimeException e) {
            loaded.forEach(BpfProgram::close);
            forget(created); // a later clause may give these names other layouts
            throw e;
        }
    }

    private void createMap(MapSpec spec) throws TraceException {
        BpfMap map;
        try {
            map = BpfMap.create(spec.name(), spec.type().kernelId(), spec.keySize(), spec.valueSize(),
                    spec.maxEntries(), spec.flags());
        } catch (BpfException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        if (spec.type() == MapType.RINGBUF) {
            try {
                events = BpfRingBuffer.open(map);
            } catch (IOException e) {
                map.close();
                throw TraceException.plain(e.getMessage(), e);
            }
        }
        specs.put(spec.name(), spec);
        maps.put(spec.name(), map);
    }

    private void forget(List<String> names) {
        for (String name : names) {
            if (events != null && name.equals(events.name())) {
                events.close();
                events = null;
            }
            specs.remove(name);
            maps.remove(name).close();
        }
        reader.connect(maps);
    }

    /**
     * Detaches the probes {@code ids} (one clause's) in one request, then closes their programs.
     * Their maps stay, with their contents: a later clause or {@code print} may use them.
     */
    public synchronized void detach(Set<Long> ids) throws TraceException {
        requireOpen();
        try {
            shadow.detach(ids.stream().mapToLong(Long::longValue).toArray());
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        closePrograms(ids);
    }

    private void detachQuietly(Set<Long> ids) {
        try {
            shadow.detach(ids.stream().mapToLong(Long::longValue).toArray());
        } catch (ShadowkException e) {
            warn.accept(e.getMessage());
        }
    }

    private void closePrograms(Set<Long> ids) {
        Set<BpfProgram> programs = new LinkedHashSet<>();
        ids.forEach(id -> programs.addAll(programsByProbe.remove(id)));
        programs.removeIf(p -> programsByProbe.values().stream().anyMatch(l -> l.contains(p)));
        programs.forEach(BpfProgram::close);
    }

    /** Binds the running process {@code pid} (and the children it forks from now on). */
    public synchronized void bind(int pid) throws TraceException {
        requireOpen();
        try {
            shadow.bind(pid, 0);
            bound.add(pid);
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    /** Unbinds every process {@link #bind} bound; one that exited meanwhile is no error. Returns their pids. */
    public synchronized List<Integer> unbindAll() {
        List<Integer> pids = List.copyOf(bound);
        for (int pid : pids) {
            try {
                shadow.unbind(pid);
            } catch (ShadowkException e) {
                if (e.errno() != Errno.ESRCH && e.errno() != Errno.ENOENT) {
                    warn.accept(e.getMessage());
                }
            }
        }
        bound.clear();
        return pids;
    }

    /** The processes bound with {@link #bind} and not unbound since. */
    public synchronized Set<Integer> bound() {
        return Set.copyOf(bound);
    }

    /**
     * Runs {@code command} bound to the shadow in the foreground and returns its exit status;
     * meanwhile this process ignores SIGINT and SIGQUIT, which the command gets from the terminal.
     */
    public int run(List<String> command) throws TraceException {
        Shadow s;
        synchronized (this) {
            requireOpen();
            s = shadow;
        }
        CommandTarget.requireRunnable(command.get(0), System.getenv("PATH"));
        try {
            return BoundLauncher.forShadow(s, 0).run(command);
        } catch (ShadowkException | IOException e) {
            throw TraceException.plain(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TraceException.plain("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The counters of every attached probe. */
    public synchronized List<ProbeStats> probeStats() throws TraceException {
        requireOpen();
        try {
            return shadow.probes();
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    /** The shadow's counters (pages copied, ...). */
    public synchronized ShadowInfo info() throws TraceException {
        requireOpen();
        try {
            return shadow.info();
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    private void requireOpen() throws TraceException {
        if (closed) {
            throw TraceException.plain("the session is closed");
        }
    }

    /** Idempotent: the shell closes it on quit and from its shutdown hook (SIGTERM). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (events != null) {
            events.close();
        }
        if (!programsByProbe.isEmpty()) {
            detachQuietly(Set.copyOf(programsByProbe.keySet()));
            closePrograms(Set.copyOf(programsByProbe.keySet()));
        }
        unbindAll();
        shadow.close();
        maps.values().forEach(BpfMap::close);
        device.close();
    }
}
