package dev.shadowtrace.shell.trace;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.kernel.CallerSuggestion;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.BoundLauncher;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ProbeResult;
import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.Shadow;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;
import dev.shadowtrace.runtime.bpf.BpfException;
import dev.shadowtrace.runtime.bpf.BpfMap;
import dev.shadowtrace.runtime.bpf.BpfProgram;
import dev.shadowtrace.runtime.bpf.BpfRingBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A compiled script installed in the kernel: its maps created, its programs loaded (and so
 * verified), and every program attached at every site of its clause in one new shadow, in one
 * ATTACH request. Nothing is bound yet: binding after attaching means the probes go into an
 * unused shadow, so no running process has to be stopped to patch it.
 *
 * <p>Closing detaches the probes, unbinds the processes bound with {@link #bind} or
 * {@link #join} (a running process that was traced returns to the pristine kernel), and closes
 * the shadow, programs and maps. Binding and unbinding may happen on another thread than the
 * rest (a cgroup's poller), but not after {@link #close} began.
 */
final class TraceSession implements Membership, AutoCloseable {
    private final CompiledScript script;
    private final Consumer<String> warn;
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final List<BpfProgram> programs = new ArrayList<>();
    private ShadowkDevice device;
    private Shadow shadow;
    private BpfRingBuffer events;
    private AttachReport report;
    private long attachNanos;
    private final Set<Integer> bound = Collections.synchronizedSet(new LinkedHashSet<>());
    private boolean detached;
    private ProcessProbes user;

    private TraceSession(CompiledScript script, Consumer<String> warn) {
        this.script = script;
        this.warn = warn;
    }

    /**
     * Installs {@code script}, compiled from {@code source}, through the module at {@code devicePath}.
     * Refusals come back as {@link TraceException}s that say what to do; warnings that do not stop
     * the trace (functions a glob matched that cannot be probed) go to {@code warn}; a function the
     * script names that the module refuses to probe is an error that names the callers to probe
     * instead, if {@code callers} finds any. With {@code union}, every probe also fires outside
     * process context (the union fallback).
     */
    static TraceSession open(CompiledScript script, SourceFile source, CallerSuggestion callers, String devicePath,
                             boolean union, Consumer<String> warn) throws TraceException {
        TraceSession session = new TraceSession(script, warn);
        try {
            session.openDevice(devicePath);
            session.createMaps();
            session.loadPrograms(source);
            session.attach(source, callers, union);
            return session;
        } catch (TraceException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The module first, so that a missing or stale module is reported before any other work. */
    private void openDevice(String path) throws TraceException {
        try {
            device = ShadowkDevice.open(path);
            device.requireCompatible();
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    private void createMaps() throws TraceException {
        for (MapSpec spec : script.maps()) {
            try {
                maps.put(spec.name(), BpfMap.create(spec.name(), spec.type().kernelId(), spec.keySize(),
                        spec.valueSize(), spec.maxEntries(), spec.flags()));
            } catch (BpfException e) {
                throw TraceException.plain(e.getMessage(), e);
            }
            if (spec.type() == MapType.RINGBUF) {
                try {
                    events = BpfRingBuffer.open(maps.get(spec.name()));
                } catch (IOException e) {
                    throw TraceException.plain(e.getMessage(), e);
                }
            }
        }
    }

    private void loadPrograms(SourceFile source) throws TraceException {
        Map<String, Integer> fds = new LinkedHashMap<>();
        maps.forEach((name, map) -> fds.put(name, map.fd()));
        for (ProbeProgram p : script.programs()) {
            try {
                programs.add(p.isProfile() ? BpfProgram.load(p.name(), BpfProgram.PERF_EVENT, p.program().encode(fds),
                        "GPL") : BpfProgram.loadKprobe(p.name(), p.program().encode(fds)));
            } catch (BpfException e) {
                throw rejected(p, e, source);
            }
        }
    }

    /** A program the kernel would not load, reported at its clause, with the verifier's log if any. */
    static TraceException rejected(ProbeProgram p, BpfException e, SourceFile source) {
        String clause = "clause " + p.clauseNumber() + " (" + p.probes() + ")";
        if (e.verifierLog().isEmpty()) {
            return TraceException.at(source.error(p.clause().pos(), "cannot load the program of " + clause
                    + ": " + e.getMessage()).render(), "");
        }
        String message = e.getMessage();
        String log = message.substring(message.indexOf('\n') + 1);
        return TraceException.at(source.error(p.clause().pos(), "the kernel's BPF verifier rejected " + clause
                        + ", compiled to program " + p.name(), "shadowtrace should never generate a program the"
                        + " verifier rejects: please report this, with the script, 'uname -r' and the log below")
                .render(), "verifier log of " + p.name() + ":\n" + log);
    }

    private void attach(SourceFile source, CallerSuggestion callers, boolean union) throws TraceException {
        try {
            shadow = device.createShadow();
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        ProbePlan plan = ProbePlan.of(script);
        int[] fds = programs.stream().mapToInt(BpfProgram::fd).toArray();
        user = ProcessProbes.of(script, fds);
        long start = System.nanoTime();
        List<ProbeResult> results;
        try {
            results = plan.probes().isEmpty() ? List.of() : shadow.attach(plan.requests(fds, union), plan.bestEffort());
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        attachNanos = System.nanoTime() - start;
        report = new AttachReport(plan, results, source, callers);
        Optional<String> error = report.error();
        if (error.isPresent()) {
            throw TraceException.at(error.get(), "");
        }
        report.skipped().forEach(warn);
    }

    /** The script's maps, for the output side. */
    Map<String, BpfMap> maps() {
        return maps;
    }

    /** The {@code events} ring buffer, if the script sends events. */
    Optional<BpfRingBuffer> events() {
        return Optional.ofNullable(events);
    }

    /** The attached probes by id, for their counters. */
    Map<Long, ProbePlan.Probe> attached() {
        return report.attached();
    }

    /** With user or profile probes, what -v says of them: where they are attached, and what that costs others. */
    Optional<String> userProbes() {
        return user == null || user.isEmpty() ? Optional.empty() : Optional.of(user.summary());
    }

    /** How long the ATTACH request took. */
    long attachNanos() {
        return attachNanos;
    }

    /** Binds the running process {@code pid}; it is unbound again when the session closes. */
    void bind(int pid) throws TraceException {
        try {
            shadow.bind(pid, 0);
            bound.add(pid);
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        user.add(pid);
    }

    /** Binds a process that joined a traced group; see {@link Membership#join}. */
    @Override
    public Joined join(int pid) throws TraceException {
        try {
            shadow.bind(pid, 0);
            bound.add(pid);
            return user.add(pid) ? Joined.BOUND : Joined.NOT_A_PROCESS;
        } catch (ShadowkException e) {
            if (e.errno() == Errno.EBUSY) {
                bound.add(pid);
                user.add(pid);
                return Joined.ALREADY_BOUND;
            }
            if (e.errno() == Errno.ESRCH || e.errno() == Errno.EINVAL) {
                return Joined.NOT_A_PROCESS;
            }
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    @Override
    public void leave(int pid) throws TraceException {
        bound.remove(pid);
        user.remove(pid);
        unbindQuietly(pid);
    }

    private void unbindQuietly(int pid) throws TraceException {
        try {
            shadow.unbind(pid);
        } catch (ShadowkException e) {
            if (e.errno() != Errno.ESRCH && e.errno() != Errno.ENOENT) {
                throw TraceException.plain(e.getMessage(), e);
            }
        }
    }

    /** Starts {@code command} bound to the shadow from its exec: nothing the launcher does is traced. */
    Process launch(List<String> command) throws TraceException {
        try {
            return BoundLauncher.forShadow(shadow, 0, this::addUserProbes).start(command);
        } catch (ShadowkException | IOException e) {
            throw TraceException.plain(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TraceException.plain("interrupted while starting " + String.join(" ", command), e);
        }
    }

    /** The per-process probes, attached to the launcher's shell before it execs the command (the events survive exec). */
    private void addUserProbes(int pid) throws ShadowkException {
        try {
            user.add(pid);
        } catch (TraceException e) {
            throw new ShadowkException(0, e.getMessage());
        }
    }

    /** The counters of every attached probe (empty once they are detached). */
    List<ProbeStats> probeStats() throws TraceException {
        try {
            return shadow.probes();
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    /**
     * Detaches every probe at once: from here on no program runs and the maps hold still, so that
     * what is printed at the end is one consistent picture. Done again by {@link #close} if needed.
     */
    void detach() throws TraceException {
        if (user != null) {
            user.close();
        }
        if (detached || shadow == null || report == null || report.attached().isEmpty()) {
            detached = true;
            return;
        }
        try {
            shadow.detach(report.attached().keySet().stream().mapToLong(Long::longValue).toArray());
            detached = true;
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        if (shadow != null) {
            try {
                detach();
            } catch (TraceException e) {
                warn.accept(e.getMessage());
            }
            for (int pid : List.copyOf(bound)) {
                try {
                    unbindQuietly(pid);
                } catch (TraceException e) {
                    warn.accept(e.getMessage());
                }
            }
            shadow.close();
        }
        programs.forEach(BpfProgram::close);
        maps.values().forEach(BpfMap::close);
        if (device != null) {
            device.close();
        }
    }
}
