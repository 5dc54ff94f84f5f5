package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ShadowkException;
import dev.shadowtrace.runtime.perf.PerfEvent;
import dev.shadowtrace.runtime.perf.PerfEventAttr;
import dev.shadowtrace.runtime.perf.PerfEventException;
import dev.shadowtrace.runtime.perf.UprobeEvents;
import dev.shadowtrace.runtime.perf.UprobePmu;

import dev.shadowtrace.compiler.codegen.TracepointScope;
import dev.shadowtrace.runtime.bpf.BpfException;
import dev.shadowtrace.runtime.bpf.BpfMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probes of a script that are perf events opened per traced process rather than sites in the
 * shadow, each with its clause's program attached ({@code PERF_EVENT_IOC_SET_BPF}):
 *
 * <ul>
 *   <li>user probes ({@code uprobe:PATH:FUNC}, {@code uretprobe:PATH:FUNC}): one perf event per
 *       site and process, on a uprobe event this tracer defines in tracefs for that site and process
 *       ({@link UprobeEvents}), inherited by the threads and children the process creates later. Its
 *       filter ({@code uprobe_perf_filter}) matches the address spaces of the process and of those
 *       children, so the breakpoint is installed there only, and the program runs for every thread
 *       of them. Where tracefs cannot be written, an event of the kernel's uprobe PMU instead, not
 *       inherited (the kernel would re-read its path from the forking process's memory, and the fork
 *       would fail): children are then not probed;</li>
 *   <li>profile probes ({@code profile:hz:N}): one software CPU-clock event per process, sampling
 *       every period of CPU time the process's threads use, inherited by the threads and children
 *       it creates later (an inherited event keeps the program).</li>
 *   <li>tracepoint probes ({@code tracepoint:sched:sched_switch}): the kernel runs a tracepoint's
 *       programs for every task that hits it (they live in the tracepoint's one program array), so
 *       the program tests the scope itself ({@code TracepointScope}): here each process is added to
 *       the scope map when it is added, and removed with it. One perf event per tracepoint and
 *       program, opened with the first process on CPU 0 for every task, registers the tracepoint
 *       and attaches the program; the program returns 0, so the event never records anything. Then
 *       the shadow is asked to hold each clause's tracepoint ({@link TracepointHolder}): where it
 *       can, the tracepoint is enabled in the shadow's view only, and other processes run its NOP;
 *       where it cannot, it stays enabled for every task, and the scope test does the work. Two
 *       programs of no clause ({@link Follower}) are attached the same way before them: they add the
 *       new processes of a process in the scope map at their fork and delete freed ones, so the
 *       scope follows children as the shadow's binding does. The map and the followers are the
 *       session's, shared by every group of tracepoint clauses attached at a time
 *       ({@link SharedScope}).</li>
 * </ul>
 */
final class ProcessProbes implements AutoCloseable {
    /** {@code PERF_TYPE_SOFTWARE}, {@code PERF_COUNT_SW_CPU_CLOCK}. */
    private static final int SOFTWARE = 1;
    /** {@code PERF_TYPE_TRACEPOINT}: config is the tracepoint's id. */
    private static final int TRACEPOINT = 2;
    private static final long CPU_CLOCK = 0;

    /** One site and the descriptor of its clause's program. */
    private record Site(ProbeSite site, int programFd) {
        boolean isUser() {
            return site.probe().isUser();
        }

        String what() {
            return isUser() ? site.probe().text() + " (" + site.probe().module() + " " + site.function()
                    + " at file offset 0x" + Long.toHexString(site.address()) + ")" : site.probe().text();
        }
    }

    /**
     * A program of no clause on a tracepoint that keeps the scope map following the traced processes'
     * children ({@code TracepointFollowers}): attached with the tracepoint clauses' programs.
     */
    record Follower(String name, String tracepoint, int tracepointId, int programFd, boolean inTraced) {}

    /** The user and profile sites, attached in each process. */
    private final List<Site> sites;
    /**
     * Asks the trace's shadow to enable a tracepoint in its view only ({@code SHADOWK_IOC_TRACEPOINT}),
     * given the perf event that registered it and carries its program.
     */
    @FunctionalInterface
    interface TracepointHolder {
        /** How many jump sites the shadow holds; throws where the tracepoint stays enabled for every task. */
        int hold(int perfFd) throws ShadowkException;
    }

    /** The tracepoint sites, attached once; their programs test the scope map. */
    private final List<Site> tracepoints;
    private final Optional<SharedScope> scope;
    /** Whether this group has joined the scope (its tracepoints are attached). */
    private boolean joined;
    private final List<Follower> followers;
    private final Map<Integer, List<PerfEvent>> events = new LinkedHashMap<>();
    /** The names of the tracefs uprobe events defined for each process's user sites. */
    private final Map<Integer, List<String>> definitions = new LinkedHashMap<>();
    private final List<PerfEvent> tracepointEvents = new ArrayList<>();
    private final TracepointHolder holder;
    /** Per tracepoint, once attached: where it is enabled (for -v). */
    private final Map<String, String> tracepointModes = new LinkedHashMap<>();
    /** The same for the followers' tracepoints, when this group attached them. */
    private final Map<String, String> followerModes = new LinkedHashMap<>();
    private final Set<Integer> scoped = new LinkedHashSet<>();
    private UprobePmu pmu;
    /** This tracer's tracefs uprobe events; null until the first user site is opened, empty if tracefs cannot be written. */
    private Optional<UprobeEvents> uprobeEvents;
    /** How many user sites were opened on the PMU (their processes' children not followed). */
    private int notInherited;

    private ProcessProbes(List<Site> sites, List<Site> tracepoints, Optional<SharedScope> scope,
            List<Follower> followers, TracepointHolder holder) {
        this.sites = List.copyOf(sites);
        this.tracepoints = List.copyOf(tracepoints);
        this.scope = scope;
        this.followers = tracepoints.isEmpty() ? List.of() : List.copyOf(followers);
        this.holder = holder;
    }

    /**
     * The user, profile and tracepoint sites of {@code programs}, with {@code programFds[i]} the
     * descriptor of program i; {@code scope} is the tracepoint programs' scope map, if they have any,
     * and {@code followers} the programs that make it follow children (attached only with tracepoints);
     * {@code holder} asks the shadow to hold the clauses' tracepoints.
     */
    static ProcessProbes of(List<ProbeProgram> programs, int[] programFds, Optional<SharedScope> scope,
            List<Follower> followers, TracepointHolder holder) {
        List<Site> sites = new ArrayList<>();
        List<Site> tracepoints = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            for (ProbeSite site : programs.get(i).sites()) {
                if (site.isTracepoint()) {
                    Site s = new Site(site, programFds[i]);
                    if (tracepoints.stream().noneMatch(t -> t.programFd() == s.programFd()
                            && t.site().address() == site.address())) {
                        tracepoints.add(s); // a program is attached to a tracepoint once
                    }
                } else if (isPerProcess(site)) {
                    sites.add(new Site(site, programFds[i]));
                }
            }
        }
        if (!tracepoints.isEmpty() && scope.isEmpty()) {
            throw new IllegalArgumentException("tracepoint programs without their scope map");
        }
        return new ProcessProbes(sites, tracepoints, scope, followers, holder);
    }

    /** Whether {@code site} is attached here (per process, or a tracepoint), not in the shadow. */
    static boolean isPerProcess(ProbeSite site) {
        return site.probe().isUser() || site.kind() == ProbeKind.PROFILE || site.isTracepoint();
    }

    boolean isEmpty() {
        return sites.isEmpty() && tracepoints.isEmpty();
    }

    /** How many user and profile sites. */
    int size() {
        return sites.size();
    }

    /** How many tracepoints (each with a program). */
    int tracepointCount() {
        return tracepoints.size();
    }

    /** What -v says: where the probes are attached, and what that costs other processes. */
    synchronized String summary() {
        long user = sites.stream().filter(Site::isUser).count();
        long profile = sites.size() - user;
        List<String> parts = new ArrayList<>();
        if (user > 0) {
            parts.add(user + " user probe site(s) in " + events.size() + " process(es): uprobe perf events per"
                    + " site and process; the kernel installs the breakpoints in these processes' address spaces"
                    + " only, other processes running the same files pay nothing; " + (notInherited == 0
                    ? "children they fork later are probed too (the events are inherited; each is on a uprobe event"
                    + " defined in tracefs, group " + (uprobeEvents == null ? "not opened yet"
                    : uprobeEvents.map(UprobeEvents::group).orElse("none"))
                    + ", removed at the end)"
                    : notInherited + " site(s) opened on the kernel's uprobe PMU (tracefs's uprobe_events cannot be"
                    + " written, or the path cannot be written there): children forked later are not probed there"));
        }
        if (profile > 0) {
            parts.add(profile + " profile probe(s) in " + events.size() + " process(es): one CPU-clock perf event"
                    + " per probe and thread, inherited by the threads and children it creates; its timer runs only while"
                    + " they are on a CPU, other processes pay nothing");
        }
        if (!tracepoints.isEmpty()) {
            long distinct = tracepoints.stream().map(t -> t.site().function()).distinct().count();
            parts.add(distinct + " tracepoint(s), scoped to " + scoped.size() + " process(es) by a test in"
                    + " the program (a hash lookup of the pid): " + tracepointModes.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")) + "; "
                    + (followers.isEmpty()
                    ? "children forked later are not in the scope (this kernel lacks task:task_newtask or"
                    + " sched:sched_process_free)"
                    : "children forked later join the scope at their fork and leave it when freed (programs on"
                    + " task:task_newtask, a hash lookup per fork where it runs, and sched:sched_process_free, a hash"
                    + " delete per exit" + (followerModes.isEmpty() ? ", attached by the session's first group of"
                    + " tracepoint clauses" : ": " + followerModes.entrySet().stream().map(e -> e.getKey() + " "
                    + e.getValue()).collect(Collectors.joining("; "))) + ")"));
        }
        return String.join("\n", parts);
    }

    /**
     * Attaches every site in process {@code pid} (once: a process added again keeps its events).
     *
     * @return false if the process does not exist (any more)
     */
    synchronized boolean add(int pid) throws TraceException {
        if (!tracepoints.isEmpty()) {
            openTracepoints();
            try {
                scope.orElseThrow().map().update(key(pid), new byte[] {1}, BpfMap.ANY);
                scoped.add(pid);
            } catch (BpfException e) {
                throw TraceException.plain("cannot add pid " + pid + " to the tracepoints' scope: " + e.getMessage()
                        + (scoped.size() >= TracepointScope.MAX_PROCESSES ? " (at most "
                        + TracepointScope.MAX_PROCESSES + " processes)" : ""), e);
            }
        }
        if (sites.isEmpty() || events.containsKey(pid)) {
            return true;
        }
        List<PerfEvent> opened = new ArrayList<>();
        List<String> defined = new ArrayList<>();
        Site current = null;
        try {
            for (Site s : sites) {
                current = s;
                open(s, pid, defined, opened);
            }
        } catch (PerfEventException e) {
            opened.forEach(PerfEvent::close);
            undefine(defined);
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw TraceException.plain(e.getMessage()
                    + refusedInstruction(current == null ? null : current.site(), e.errno()), e);
        } catch (IOException e) {
            opened.forEach(PerfEvent::close);
            undefine(defined);
            throw TraceException.plain(e.getMessage(), e);
        }
        events.put(pid, opened);
        definitions.put(pid, defined);
        return true;
    }

    /** {@code ENOTSUPP}, the kernel-internal errno of an instruction a uprobe cannot be placed on. */
    static final int ENOTSUPP = 524;

    /**
     * Why the kernel refused a user offset probe with {@code errno}, if that is how it refuses its
     * instruction (x86's uprobe analysis: EINVAL, ENOEXEC for bytes it cannot decode, ENOTSUPP for
     * instructions it cannot step); else "".
     */
    static String refusedInstruction(ProbeSite site, int errno) {
        if (site == null || !site.probe().isUser() || site.kind() != ProbeKind.OFFSET
                || (errno != Errno.EINVAL && errno != Errno.ENOEXEC && errno != ENOTSUPP)) {
            return "";
        }
        return " (the kernel refuses a uprobe at offset 0x" + Long.toHexString(site.probe().offset())
                + " of " + site.function() + ": it is not the first byte of an instruction, or an instruction"
                + " a uprobe cannot step; give an instruction's offset from objdump -d)";
    }

    /**
     * Joins the session's scope and attaches the tracepoints' programs, once; the first group to join
     * attaches its followers for every group ({@link SharedScope}).
     */
    private void openTracepoints() throws TraceException {
        if (joined) {
            return;
        }
        boolean first = scope.orElseThrow().join();
        joined = true;
        try {
            if (first) {
                // the followers first: a process added to the scope from here on has its children followed
                for (Follower f : followers) {
                    PerfEvent event = openTracepoint(f.tracepointId(), f.programFd(), f.name());
                    scope.orElseThrow().adopt(event);
                    if (f.inTraced()) {
                        hold(f.tracepoint(), event, followerModes);
                    } else {
                        followerModes.put(f.tracepoint(), "for every task (it fires where the task is freed, in"
                                + " whatever view runs there)");
                    }
                }
            }
            for (Site s : tracepoints) {
                tracepointEvents.add(openTracepoint(s.site().address(), s.programFd(),
                        "tracepoint " + s.site().function()));
            }
            // once all are open: two programs on one tracepoint are two users, and it stays global
            for (int i = 0; i < tracepoints.size(); i++) {
                hold(tracepoints.get(i).site().function(), tracepointEvents.get(i), tracepointModes);
            }
        } catch (PerfEventException e) {
            tracepointEvents.forEach(PerfEvent::close);
            tracepointEvents.clear();
            joined = false;
            scope.orElseThrow().leave();
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    /**
     * Asks the shadow to enable tracepoint {@code name} in its view only; where it cannot, the kernel
     * runs the program for every task that hits the tracepoint, and -v says why.
     */
    private void hold(String name, PerfEvent event, Map<String, String> modes) {
        String mode;
        try {
            mode = "in the shadow only (" + holder.hold(event.fd()) + " jump site(s) enabled in the traced"
                    + " processes' view; every other process runs the tracepoint's NOP and pays nothing, until"
                    + " another user enables it: then the kernel enables it for every task again)";
        } catch (ShadowkException e) {
            mode = "for every task (" + e.reason() + "): every process hitting it pays the record's assembly"
                    + " and the program's scope test";
        }
        modes.merge(name, mode, (a, b) -> a.startsWith("for every task") ? a : b);
    }

    private static PerfEvent openTracepoint(long id, int programFd, String what) throws PerfEventException {
        try (PerfEventAttr attr = new PerfEventAttr(TRACEPOINT, id)) {
            attr.flags(PerfEventAttr.DISABLED).samplePeriod(1).wakeupEvents(1);
            PerfEvent event = PerfEvent.open(attr, -1, 0, what);
            try {
                event.setBpf(programFd);
                event.enable();
            } catch (PerfEventException e) {
                event.close();
                throw e;
            }
            return event;
        }
    }

    /** The scope map's key of a process: its pid (tgid) as a native-endian u32. */
    private static byte[] key(int pid) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(pid).array();
    }

    /**
     * Opens site {@code s} in process {@code pid} with its program attached and enabled: its events
     * are added to {@code opened}, the tracefs definitions it makes to {@code defined}.
     */
    private void open(Site s, int pid, List<String> defined, List<PerfEvent> opened)
            throws PerfEventException, IOException {
        if (s.isUser()) {
            openUser(s, pid, defined, opened);
            return;
        }
        // cpu-clock counts nanoseconds: a period in ns is what freq=1 with sample_freq=N becomes in the kernel
        try (PerfEventAttr attr = new PerfEventAttr(SOFTWARE, CPU_CLOCK)) {
            attr.flags(PerfEventAttr.DISABLED | PerfEventAttr.INHERIT).samplePeriod(s.site().probe().periodNanos());
            for (int tid : ProcessThreads.of(pid)) {
                PerfEvent event = openThread(attr, pid, tid, s.what());
                if (event != null) {
                    attach(event, s.programFd(), opened);
                }
            }
        }
    }

    /**
     * An event of {@code attr} on thread {@code tid} of process {@code pid}; null if that thread (not the
     * process's first) has exited since it was listed.
     */
    private static PerfEvent openThread(PerfEventAttr attr, int pid, int tid, String what)
            throws PerfEventException {
        try {
            return PerfEvent.open(attr, tid, -1, what);
        } catch (PerfEventException e) {
            if (e.errno() == Errno.ESRCH && tid != pid) {
                return null;
            }
            throw e;
        }
    }

    /**
     * A user site in process {@code pid}. On a tracefs uprobe event defined for this site and
     * process, two kinds of perf events: on each of its threads, one inherited by the threads and
     * children that thread creates from now on, without a program, whose copies put each child's
     * address space in the uprobe's filter;
     * and one not inherited that carries the program. The program is in the definition's one
     * program array, which runs at every hit that passes the filter; it must not be attached
     * through the inherited event: since Linux 6.10 an inherited copy takes the parent's program
     * ({@code perf_event_alloc()}), and freeing the copy when a child exits detaches that program
     * from the array for everyone ({@code perf_event_free_bpf_prog()} ->
     * {@code perf_event_detach_bpf_prog()}). Where no definition can be made, one event of the
     * uprobe PMU, not inherited.
     */
    private void openUser(Site s, int pid, List<String> defined, List<PerfEvent> opened)
            throws PerfEventException, IOException {
        String path = s.site().probe().module();
        boolean retprobe = s.site().kind() == ProbeKind.RETURN;
        if (uprobeEvents == null) {
            uprobeEvents = UprobeEvents.open();
        }
        if (uprobeEvents.isPresent() && UprobeEvents.canDefine(path)) {
            UprobeEvents.Definition definition = uprobeEvents.get().define(path, s.site().address(), retprobe);
            defined.add(definition.name());
            try (PerfEventAttr follower = new PerfEventAttr(TRACEPOINT, definition.id());
                 PerfEventAttr carrier = new PerfEventAttr(TRACEPOINT, definition.id())) {
                follower.flags(PerfEventAttr.DISABLED | PerfEventAttr.INHERIT).samplePeriod(1).wakeupEvents(1);
                carrier.flags(PerfEventAttr.DISABLED).samplePeriod(1).wakeupEvents(1);
                for (int tid : ProcessThreads.of(pid)) {
                    PerfEvent inherited = openThread(follower, pid, tid, s.what());
                    if (inherited != null) {
                        opened.add(inherited);
                        inherited.enable();
                    }
                }
                attach(PerfEvent.open(carrier, pid, -1, s.what()), s.programFd(), opened);
            }
            return;
        }
        if (pmu == null) {
            pmu = UprobePmu.open();
        }
        notInherited++;
        attach(pmu.open(path, s.site().address(), retprobe, pid, s.what()), s.programFd(), opened);
    }

    /** Adds {@code event} to {@code opened}, attaches the program {@code programFd} and enables it. */
    private static void attach(PerfEvent event, int programFd, List<PerfEvent> opened) throws PerfEventException {
        opened.add(event);
        event.setBpf(programFd);
        event.enable();
    }

    /** Removes tracefs definitions whose events are closed. */
    private void undefine(List<String> names) {
        if (uprobeEvents != null && uprobeEvents.isPresent()) {
            names.forEach(uprobeEvents.get()::remove);
        }
    }

    /** Detaches the sites from process {@code pid}, if they were attached. */
    synchronized void remove(int pid) {
        if (scoped.remove(pid)) {
            try {
                scope.orElseThrow().map().delete(key(pid));
            } catch (BpfException e) {
                // the map goes with the session; a stale entry only matters if the pid is reused meanwhile
            }
        }
        List<PerfEvent> gone = events.remove(pid);
        if (gone != null) {
            gone.forEach(PerfEvent::close); // with the events its children inherited
        }
        List<String> names = definitions.remove(pid);
        if (names != null) {
            undefine(names);
        }
    }

    /** Detaches every site from every process: closing an event detaches its program. */
    @Override
    public synchronized void close() {
        events.values().forEach(list -> list.forEach(PerfEvent::close));
        events.clear();
        definitions.values().forEach(this::undefine);
        definitions.clear();
        tracepointEvents.forEach(PerfEvent::close);
        tracepointEvents.clear();
        tracepointModes.clear();
        followerModes.clear();
        scoped.clear();
        if (joined) {
            // the last group to leave detaches the followers and empties the scope
            joined = false;
            scope.orElseThrow().leave();
        }
    }
}
