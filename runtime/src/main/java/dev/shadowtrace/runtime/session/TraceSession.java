package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.ScopeProgram;
import dev.shadowtrace.compiler.codegen.TracepointScope;
import dev.shadowtrace.compiler.kernel.CallerSuggestion;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.BoundLauncher;
import dev.shadowtrace.runtime.LaunchGate;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ProbeResult;
import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.Shadow;
import dev.shadowtrace.runtime.ShadowInfo;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;
import dev.shadowtrace.runtime.aggregate.MapContents;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.runtime.aggregate.MapRow;
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
 * The trace-session API: compiled clauses in, probes installed in one shadow, processes bound to
 * it, aggregations and events out, one clean close. Both the one-shot CLI ({@code Tracer}: the
 * whole script in one {@link #attach}, a {@link TraceTarget} bound, everything detached at the end)
 * and the interactive shell (clauses attached and detached one at a time while processes run)
 * drive it.
 *
 * <ul>
 *   <li>{@link #attach}: creates the maps the clauses need (a map keeps its BPF name, its kernel map
 *       and contents across clauses), loads the new programs (the verifier), creates the shadow on
 *       first use and attaches every program at every site in one ATTACH request. The shadow is
 *       made after the programs load, and probes go in before anything is bound, so no running
 *       process is stopped to patch it.
 *   <li>{@link #bind}, {@link #join}/{@link #leave} (a cgroup's members), {@link #launch} and
 *       {@link #run} (a command bound from its exec), {@link #unbindAll}.
 *   <li>{@link #maps()}: the maps as the output side reads them; {@link #read} one aggregation as
 *       rows of merged values ({@code org.HdrHistogram} histograms, distributions, plain values);
 *       {@link #events()}: the ring buffer of event records.
 *   <li>{@link #close}: detaches every probe, unbinds every process bound through the session (a
 *       running process returns to the pristine kernel), closes the shadow, programs, maps and
 *       device. If the tool dies instead, closing the shadow's descriptor does the same in the
 *       kernel, except that a process still bound keeps the shadow until it exits.
 * </ul>
 *
 * <p>Thread-safe: a shell's event thread reads the ring buffer while the prompt attaches, and a
 * cgroup's poller binds while the trace loop reads counters. Nothing may be called after
 * {@link #close} began.
 */
public final class TraceSession implements Membership, AutoCloseable {
    /**
     * One {@link #attach}: its probes by id in the shadow, one warning per glob and reason of what
     * it skipped (functions a glob matched that cannot be probed), and its user and profile probe
     * sites ({@link ProcessProbes}: perf events in each bound process) and its tracepoints, numbered
     * {@code group} in the session for {@link #detach(Attached)} (0: none).
     */
    public record Attached(Map<Long, ProbePlan.Probe> probes, List<String> skipped, long group,
            int perProcessSites, int tracepoints) {
        public Attached {
            probes = Collections.unmodifiableMap(new LinkedHashMap<>(probes));
            skipped = List.copyOf(skipped);
        }

        /** Kernel probes only. */
        public Attached(Map<Long, ProbePlan.Probe> probes, List<String> skipped) {
            this(probes, skipped, 0, 0, 0);
        }

        public Set<Long> probeIds() {
            return probes.keySet();
        }
    }

    private final ShadowkDevice device;
    private final CallerSuggestion callers;
    private final LiveMaps reader;
    private final Consumer<String> warn;
    private final CoherenceWatch coherence;
    private final Map<String, MapSpec> specs = new LinkedHashMap<>();
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final Map<Long, ProbePlan.Probe> probes = new LinkedHashMap<>();
    private final Map<Long, List<BpfProgram>> programsByProbe = new LinkedHashMap<>();
    private final Set<Integer> bound = new LinkedHashSet<>();
    /** Every program loaded and not closed yet. */
    private final Set<BpfProgram> loadedPrograms = new LinkedHashSet<>();
    /**
     * The user and profile probes of each attach that has some, by group number: perf events per
     * bound process, not sites in the shadow; with the programs they run.
     */
    private final Map<Long, ProcessProbes> groups = new LinkedHashMap<>();
    /** The tracepoint scope every group of tracepoint clauses shares; null before the first. */
    private SharedScope sharedScope;
    private final Map<Long, List<BpfProgram>> groupPrograms = new LinkedHashMap<>();
    private long nextGroup = 1;
    private Shadow shadow;
    private BpfRingBuffer events;
    private long attachNanos;
    private boolean closed;

    private TraceSession(ShadowkDevice device, CallerSuggestion callers, LiveMaps reader, Consumer<String> warn) {
        this.device = device;
        this.callers = callers;
        this.reader = reader;
        this.warn = warn;
        this.coherence = CoherenceWatch.start(device);
    }

    /**
     * A session through the module at {@code devicePath}, checked first so that a missing or stale
     * module is reported before any other work. Its maps are read through {@code maps}, made before
     * the session so that the output side can check a script before anything touches the kernel.
     * When the module refuses to probe a function a script names, {@code callers} names the callers
     * to probe instead; warnings that do not stop the trace go to {@code warn}.
     */
    public static TraceSession open(String devicePath, CallerSuggestion callers, LiveMaps maps,
            Consumer<String> warn) throws TraceException {
        ShadowkDevice device;
        try {
            device = ShadowkDevice.open(devicePath);
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        try {
            device.requireCompatible();
        } catch (ShadowkException e) {
            device.close();
            throw TraceException.plain(e.getMessage(), e);
        }
        return new TraceSession(device, callers, maps, warn);
    }

    /** A session with maps of its own ({@link #maps()}). */
    public static TraceSession open(String devicePath, CallerSuggestion callers, Consumer<String> warn)
            throws TraceException {
        return open(devicePath, callers, new LiveMaps(), warn);
    }

    /**
     * Attaches every clause of {@code script}, compiled from {@code source}: the one-shot trace. Its
     * user and profile probes ({@link ProcessProbes}) are perf events opened in each process the
     * session binds, joins or launches from here on.
     */
    public Attached attach(CompiledScript script, SourceFile source, boolean union) throws TraceException {
        return attach(script, script.programs(), source, union);
    }

    /**
     * Attaches {@code programs}, some clauses' programs of {@code script} (compiled from {@code
     * source}, the whole text: a shell's script grows a clause at a time). A map attached clauses
     * created must keep its layout; a clause that would change one (a new global or thread-local
     * variable changes the layout of all of them) is refused. With {@code union}, every probe also
     * fires outside process context (the union fallback). User and profile probes are perf events
     * opened at once in every process bound now, and in every process bound, joined or launched
     * later, until {@link #detach(Attached)}. On any error nothing of these programs stays attached
     * or loaded, and the maps made for them are gone.
     */
    public synchronized Attached attach(CompiledScript script, List<ProbeProgram> programs, SourceFile source,
            boolean union) throws TraceException {
        requireOpen();
        Optional<ProbeProgram> tracepoint = programs.stream().filter(ProbeProgram::isTracepoint).findFirst();
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
                    int type = p.isProfile() ? BpfProgram.PERF_EVENT
                            : p.isTracepoint() ? BpfProgram.TRACEPOINT : BpfProgram.KPROBE;
                    loaded.add(BpfProgram.load(p.name(), type, p.program().encode(fds), "GPL"));
                } catch (BpfException e) {
                    throw rejected(p, e, source);
                }
            }
            int[] programFds = loaded.stream().mapToInt(BpfProgram::fd).toArray();
            List<ProcessProbes.Follower> followers = new ArrayList<>();
            if (tracepoint.isPresent()) {
                for (ScopeProgram f : script.scopePrograms()) {
                    BpfProgram program;
                    try {
                        program = BpfProgram.load(f.name(), BpfProgram.TRACEPOINT, f.program().encode(fds), "GPL");
                    } catch (BpfException e) {
                        throw TraceException.plain("cannot load " + f.name() + ", which " + f.purpose() + ": "
                                + e.getMessage(), e);
                    }
                    loaded.add(program); // after programFds: closed with the clauses' programs
                    followers.add(new ProcessProbes.Follower(f.name(), f.tracepoint().category() + ":"
                            + f.tracepoint().name(), f.tracepoint().id(), program.fd(), f.inTraced()));
                }
            }
            Shadow s = shadow();
            ProbePlan plan = ProbePlan.of(programs);
            ProcessProbes user = ProcessProbes.of(programs, programFds, tracepointScope(), followers,
                    s::holdTracepoint);
            long start = System.nanoTime();
            List<ProbeResult> results;
            try {
                results = plan.probes().isEmpty() ? List.of() : s.attach(plan.requests(programFds, union),
                        plan.bestEffort());
            } catch (ShadowkException e) {
                throw TraceException.plain(e.getMessage(), e);
            }
            attachNanos = System.nanoTime() - start;
            AttachReport report = new AttachReport(plan, results, source, callers);
            Optional<String> error = report.error();
            if (error.isPresent()) {
                detachQuietly(report.attached().keySet());
                throw TraceException.at(error.get(), "");
            }
            long group = 0;
            if (!user.isEmpty()) {
                try {
                    for (int pid : bound) {
                        user.add(pid);
                    }
                } catch (TraceException | RuntimeException e) {
                    user.close();
                    detachQuietly(report.attached().keySet());
                    throw e;
                }
                group = nextGroup++;
                groups.put(group, user);
                groupPrograms.put(group, loaded);
            }
            report.attached().keySet().forEach(id -> programsByProbe.put(id, loaded));
            loadedPrograms.addAll(loaded);
            probes.putAll(report.attached());
            return new Attached(report.attached(), report.skipped(), group, user.size(), user.tracepointCount());
        } catch (TraceException | RuntimeException e) {
            loaded.forEach(BpfProgram::close);
            forget(created); // a later clause may give these names other layouts
            throw e;
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

    /** The shadow, created on first use. */
    private Shadow shadow() throws TraceException {
        if (shadow == null) {
            try {
                shadow = device.createShadow();
            } catch (ShadowkException e) {
                throw TraceException.plain(e.getMessage(), e);
            }
        }
        return shadow;
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

    /** The maps as the output side reads them: those of every clause attached so far. */
    public MapReader maps() {
        return reader;
    }

    /** One aggregation or map of the session's script, now: its keys with values merged over CPUs. */
    public List<MapRow> read(MapDescriptor map) throws IOException {
        return new MapContents(reader).read(map);
    }

    /** The {@code events} ring buffer, once a clause sends events. */
    public synchronized Optional<BpfRingBuffer> events() {
        return Optional.ofNullable(events);
    }

    /**
     * The probes attached now by id, in attach order, for their counters; a detached probe is no
     * longer here, so a caller that reports counters after detaching keeps this copy from before.
     */
    public synchronized Map<Long, ProbePlan.Probe> attached() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(probes));
    }

    /** How long the last ATTACH request took. */
    public synchronized long attachNanos() {
        return attachNanos;
    }

    /**
     * Detaches the probes {@code ids} (one clause's) in one request, then closes their programs.
     * Their maps stay, with their contents: a later clause or {@code print} may use them.
     */
    public synchronized void detach(Set<Long> ids) throws TraceException {
        requireOpen();
        if (ids.isEmpty()) {
            return;
        }
        try {
            shadow.detach(ids.stream().mapToLong(Long::longValue).toArray());
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        closePrograms(ids);
    }

    /**
     * The session's tracepoint scope, shared by every group of tracepoint clauses (every tracepoint
     * program of the session tests the one map); empty before a script has one. A new one when the
     * map is not the one it had (a failed attach that made it forgets it), which can only be while no
     * group uses it.
     */
    private Optional<SharedScope> tracepointScope() {
        BpfMap map = maps.get(TracepointScope.MAP);
        if (map == null) {
            return Optional.empty();
        }
        if (sharedScope == null || sharedScope.map() != map) {
            sharedScope = new SharedScope(map);
        }
        return Optional.of(sharedScope);
    }

    /**
     * Detaches what one {@link #attach} attached: its probes in the shadow and its user and profile
     * probes' perf events in every process; then closes its programs. Its maps stay.
     */
    public synchronized void detach(Attached attached) throws TraceException {
        requireOpen();
        ProcessProbes user = groups.remove(attached.group());
        if (user != null) {
            user.close();
            groupPrograms.remove(attached.group());
        }
        detach(attached.probeIds());
        if (user != null) {
            closePrograms(Set.of());
        }
    }

    /**
     * Detaches every probe at once: from here on no program runs and the maps hold still, so that
     * what is printed at the end is one consistent picture.
     */
    public synchronized void detachAll() throws TraceException {
        groups.values().forEach(ProcessProbes::close);
        groups.clear();
        groupPrograms.clear();
        detach(Set.copyOf(programsByProbe.keySet()));
        closePrograms(Set.of());
    }

    private void detachQuietly(Set<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            shadow.detach(ids.stream().mapToLong(Long::longValue).toArray());
        } catch (ShadowkException e) {
            warn.accept(e.getMessage());
        }
    }

    /**
     * Forgets the probes {@code ids} and closes every program no attached probe or per-process group
     * runs any more (those of the probes, and those of groups detached meanwhile).
     */
    private void closePrograms(Set<Long> ids) {
        ids.forEach(id -> {
            programsByProbe.remove(id);
            probes.remove(id);
        });
        Set<BpfProgram> used = new LinkedHashSet<>();
        programsByProbe.values().forEach(used::addAll);
        groupPrograms.values().forEach(used::addAll);
        for (BpfProgram p : loadedPrograms) {
            if (!used.contains(p)) {
                p.close();
            }
        }
        loadedPrograms.retainAll(used);
    }

    /** Binds the running process {@code pid} (and the children it forks from now on) until unbound or closed. */
    public synchronized void bind(int pid) throws TraceException {
        requireOpen();
        try {
            shadow().bind(pid, 0);
            bound.add(pid);
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        addUser(pid);
    }

    /** Opens every group's perf events in {@code pid}; false if it is no process (any more). */
    private boolean addUser(int pid) throws TraceException {
        boolean alive = true;
        for (ProcessProbes user : groups.values()) {
            alive &= user.add(pid);
        }
        return alive;
    }

    private void removeUser(int pid) {
        groups.values().forEach(user -> user.remove(pid));
    }

    /** With user or profile probes, what -v says of them: where they are attached, and what that costs others. */
    public synchronized Optional<String> userProbes() {
        return groups.isEmpty() ? Optional.empty() : Optional.of(groups.values().stream().map(ProcessProbes::summary)
                .collect(java.util.stream.Collectors.joining("\n")));
    }

    /** Binds a process that joined a traced group; see {@link Membership#join}. */
    @Override
    public synchronized Joined join(int pid) throws TraceException {
        requireOpen();
        try {
            shadow().bind(pid, 0);
            bound.add(pid);
            return addUser(pid) ? Joined.BOUND : Joined.NOT_A_PROCESS;
        } catch (ShadowkException e) {
            if (e.errno() == Errno.EBUSY) {
                bound.add(pid);
                addUser(pid);
                return Joined.ALREADY_BOUND;
            }
            if (e.errno() == Errno.ESRCH || e.errno() == Errno.EINVAL) {
                return Joined.NOT_A_PROCESS;
            }
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void leave(int pid) throws TraceException {
        bound.remove(pid);
        removeUser(pid);
        try {
            unbind(pid);
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    /** Unbinds {@code pid}; one that exited meanwhile is no error. */
    private void unbind(int pid) throws ShadowkException {
        try {
            shadow.unbind(pid);
        } catch (ShadowkException e) {
            if (e.errno() != Errno.ESRCH && e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    /**
     * Unbinds every process the session bound, and closes the user and profile probes' perf events
     * in them; one that exited meanwhile is no error. Returns their pids.
     */
    public synchronized List<Integer> unbindAll() {
        List<Integer> pids = List.copyOf(bound);
        for (int pid : pids) {
            removeUser(pid);
            try {
                unbind(pid);
            } catch (ShadowkException e) {
                warn.accept(e.getMessage());
            }
        }
        bound.clear();
        return pids;
    }

    /** The processes bound through the session and not unbound since. */
    public synchronized Set<Integer> bound() {
        return Set.copyOf(bound);
    }

    /** Starts {@code command} bound to the shadow from its exec: nothing the launcher does is traced. */
    public Process launch(List<String> command) throws TraceException {
        LaunchGate gate;
        try {
            gate = LaunchGate.spawn(command);
        } catch (IOException e) {
            throw TraceException.plain(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TraceException.plain("interrupted while starting " + String.join(" ", command), e);
        }
        return launch(gate);
    }

    /**
     * Binds the command waiting at {@code gate} (spawned before the script was compiled, so that
     * {@code $target} is its pid) and lets it exec; on failure the gate's shell is killed.
     */
    public Process launch(LaunchGate gate) throws TraceException {
        try {
            return BoundLauncher.forShadow(openShadow(), 0, this::addUserProbes).start(gate);
        } catch (ShadowkException | IOException e) {
            throw TraceException.plain(e.getMessage(), e);
        } catch (TraceException | RuntimeException e) {
            gate.close();
            throw e;
        }
    }

    /**
     * Runs {@code command} bound to the shadow in the foreground and returns its exit status;
     * meanwhile this process ignores SIGINT and SIGQUIT, which the command gets from the terminal.
     */
    public int run(List<String> command) throws TraceException {
        Shadow s = openShadow();
        CommandTarget.requireRunnable(command.get(0), System.getenv("PATH"));
        int[] launched = {0};
        try {
            return BoundLauncher.forShadow(s, 0, pid -> {
                launched[0] = pid;
                addUserProbes(pid);
            }).run(command);
        } catch (ShadowkException | IOException e) {
            throw TraceException.plain(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TraceException.plain("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (launched[0] > 0) {
                synchronized (this) { // the command exited: its perf events go
                    removeUser(launched[0]);
                }
            }
        }
    }

    /** The per-process probes, attached to the launcher's shell before it execs the command (the events survive exec). */
    private synchronized void addUserProbes(int pid) throws ShadowkException {
        try {
            addUser(pid);
        } catch (TraceException e) {
            throw new ShadowkException(0, e.getMessage());
        }
    }

    /** The shadow, for a launcher that must not hold the session's lock while the command runs. */
    private synchronized Shadow openShadow() throws TraceException {
        requireOpen();
        return shadow();
    }

    /** The counters of every attached probe (empty once they are detached). */
    public synchronized List<ProbeStats> probeStats() throws TraceException {
        requireOpen();
        try {
            return shadow().probes();
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    /** The shadow's counters (pages copied, ...). */
    public synchronized ShadowInfo info() throws TraceException {
        requireOpen();
        try {
            return shadow().info();
        } catch (ShadowkException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    private void requireOpen() throws TraceException {
        if (closed) {
            throw TraceException.plain("the session is closed");
        }
    }

    /** The one way out; idempotent: the shell closes it on quit and from its shutdown hook (SIGTERM). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        groups.values().forEach(ProcessProbes::close);
        groups.clear();
        groupPrograms.clear();
        if (events != null) {
            events.close();
        }
        if (shadow != null) {
            detachQuietly(Set.copyOf(programsByProbe.keySet()));
            unbindAll();
            shadow.close();
        }
        closePrograms(Set.copyOf(programsByProbe.keySet()));
        maps.values().forEach(BpfMap::close);
        coherence.lost(device).ifPresent(warn);
        device.close();
    }
}
