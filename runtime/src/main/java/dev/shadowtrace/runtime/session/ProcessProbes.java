package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.perf.PerfEvent;
import dev.shadowtrace.runtime.perf.PerfEventAttr;
import dev.shadowtrace.runtime.perf.PerfEventException;
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
 *   <li>user probes ({@code uprobe:PATH:FUNC}, {@code uretprobe:PATH:FUNC}): one event of the
 *       kernel's uprobe PMU per site and process. Its filter ({@code uprobe_perf_filter}) matches
 *       the process's address space, so the breakpoint is installed there only, and the program runs
 *       for every thread of the process. Not inherited (the kernel would re-read the path from the
 *       forking process's memory): a child is probed only if it is added itself;</li>
 *   <li>profile probes ({@code profile:hz:N}): one software CPU-clock event per process, sampling
 *       every period of CPU time the process's threads use, inherited by the threads and children
 *       it creates later (an inherited event keeps the program).</li>
 *   <li>tracepoint probes ({@code tracepoint:sched:sched_switch}): the kernel runs a tracepoint's
 *       programs for every task that hits it (they live in the tracepoint's one program array), so
 *       the program tests the scope itself ({@code TracepointScope}): here each process is added to
 *       the scope map when it is added, and removed with it. One perf event per tracepoint and
 *       program, opened with the first process on CPU 0 for every task, registers the tracepoint
 *       and attaches the program; the program returns 0, so the event never records anything. Two
 *       programs of no clause ({@link Follower}) are attached the same way before them: they add the
 *       new processes of a process in the scope map at their fork and delete freed ones, so the
 *       scope follows children as the shadow's binding does.</li>
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
    record Follower(String name, int tracepointId, int programFd) {}

    /** The user and profile sites, attached in each process. */
    private final List<Site> sites;
    /** The tracepoint sites, attached once; their programs test the scope map. */
    private final List<Site> tracepoints;
    private final Optional<BpfMap> scope;
    private final List<Follower> followers;
    private final Map<Integer, List<PerfEvent>> events = new LinkedHashMap<>();
    private final List<PerfEvent> tracepointEvents = new ArrayList<>();
    private final Set<Integer> scoped = new LinkedHashSet<>();
    private UprobePmu pmu;

    private ProcessProbes(List<Site> sites, List<Site> tracepoints, Optional<BpfMap> scope, List<Follower> followers) {
        this.sites = List.copyOf(sites);
        this.tracepoints = List.copyOf(tracepoints);
        this.scope = scope;
        this.followers = tracepoints.isEmpty() ? List.of() : List.copyOf(followers);
    }

    /**
     * The user, profile and tracepoint sites of {@code programs}, with {@code programFds[i]} the
     * descriptor of program i; {@code scope} is the tracepoint programs' scope map, if they have any,
     * and {@code followers} the programs that make it follow children (attached only with tracepoints).
     */
    static ProcessProbes of(List<ProbeProgram> programs, int[] programFds, Optional<BpfMap> scope,
            List<Follower> followers) {
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
        return new ProcessProbes(sites, tracepoints, scope, followers);
    }

    /** Whether {@code site} is attached here (per process, or a tracepoint), not in the shadow. */
    static boolean isPerProcess(ProbeSite site) {
        return site.probe().isUser() || site.kind() == ProbeKind.PROFILE || site.isTracepoint();
    }

    boolean isEmpty() {
        return sites.isEmpty() && tracepoints.isEmpty();
    }

    boolean hasTracepoints() {
        return !tracepoints.isEmpty();
    }

    /** How many user and profile sites. */
    int size() {
        return sites.size();
    }

    /** What -v says: where the probes are attached, and what that costs other processes. */
    synchronized String summary() {
        long user = sites.stream().filter(Site::isUser).count();
        long profile = sites.size() - user;
        List<String> parts = new ArrayList<>();
        if (user > 0) {
            parts.add(user + " user probe site(s) in " + events.size() + " process(es): one uprobe perf event per"
                    + " site and process; the kernel installs the breakpoints in these processes' address spaces"
                    + " only, other processes running the same files pay nothing; children forked later are not"
                    + " probed (not yet)");
        }
        if (profile > 0) {
            parts.add(profile + " profile probe(s) in " + events.size() + " process(es): one CPU-clock perf event"
                    + " per probe and process, inherited by its new threads and children; its timer runs only while"
                    + " they are on a CPU, other processes pay nothing");
        }
        if (!tracepoints.isEmpty()) {
            parts.add(tracepoints.size() + " tracepoint(s) (" + tracepoints.stream().map(t -> t.site().function())
                    .distinct().collect(Collectors.joining(", ")) + "), scoped to " + scoped.size() + " process(es)"
                    + " by a test in the program: the kernel runs a tracepoint's programs for every task that hits it,"
                    + " so every process hitting these tracepoints pays the record's assembly and the program's"
                    + " scope test (a hash lookup of its pid); " + (followers.isEmpty()
                    ? "children forked later are not in the scope (this kernel lacks task:task_newtask or"
                    + " sched:sched_process_free)"
                    : "children forked later join the scope at their fork and leave it when freed (programs on"
                    + " task:task_newtask and sched:sched_process_free: every fork on the machine pays one more hash"
                    + " lookup, every exit a hash delete)"));
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
                scope.orElseThrow().update(key(pid), new byte[] {1}, BpfMap.ANY);
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
        Site current = null;
        try {
            for (Site s : sites) {
                current = s;
                PerfEvent event = open(s, pid);
                opened.add(event);
                event.setBpf(s.programFd());
                event.enable();
            }
        } catch (PerfEventException e) {
            opened.forEach(PerfEvent::close);
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw TraceException.plain(e.getMessage()
                    + refusedInstruction(current == null ? null : current.site(), e.errno()), e);
        } catch (IOException e) {
            opened.forEach(PerfEvent::close);
            throw TraceException.plain(e.getMessage(), e);
        }
        events.put(pid, opened);
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

    /** Opens the tracepoints' events and attaches their programs, once. */
    private void openTracepoints() throws TraceException {
        if (!tracepointEvents.isEmpty()) {
            return;
        }
        try {
            // the followers first: a process added to the scope from here on has its children followed
            for (Follower f : followers) {
                openTracepoint(f.tracepointId(), f.programFd(), f.name());
            }
            for (Site s : tracepoints) {
                openTracepoint(s.site().address(), s.programFd(), "tracepoint " + s.site().function());
            }
        } catch (PerfEventException e) {
            tracepointEvents.forEach(PerfEvent::close);
            tracepointEvents.clear();
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    private void openTracepoint(long id, int programFd, String what) throws PerfEventException {
        try (PerfEventAttr attr = new PerfEventAttr(TRACEPOINT, id)) {
            attr.flags(PerfEventAttr.DISABLED).samplePeriod(1).wakeupEvents(1);
            PerfEvent event = PerfEvent.open(attr, -1, 0, what);
            tracepointEvents.add(event);
            event.setBpf(programFd);
            event.enable();
        }
    }

    /** The scope map's key of a process: its pid (tgid) as a native-endian u32. */
    private static byte[] key(int pid) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(pid).array();
    }

    private PerfEvent open(Site s, int pid) throws PerfEventException, IOException {
        if (s.isUser()) {
            if (pmu == null) {
                pmu = UprobePmu.open();
            }
            return pmu.open(s.site().probe().module(), s.site().address(), s.site().kind() == ProbeKind.RETURN,
                    pid, s.what());
        }
        // cpu-clock counts nanoseconds: a period in ns is what freq=1 with sample_freq=N becomes in the kernel
        try (PerfEventAttr attr = new PerfEventAttr(SOFTWARE, CPU_CLOCK)) {
            attr.flags(PerfEventAttr.DISABLED | PerfEventAttr.INHERIT).samplePeriod(s.site().probe().periodNanos());
            return PerfEvent.open(attr, pid, -1, s.what());
        }
    }

    /** Detaches the sites from process {@code pid}, if they were attached. */
    synchronized void remove(int pid) {
        if (scoped.remove(pid)) {
            try {
                scope.orElseThrow().delete(key(pid));
            } catch (BpfException e) {
                // the map goes with the session; a stale entry only matters if the pid is reused meanwhile
            }
        }
        List<PerfEvent> gone = events.remove(pid);
        if (gone != null) {
            gone.forEach(PerfEvent::close);
        }
    }

    /** Detaches every site from every process: closing an event detaches its program. */
    @Override
    public synchronized void close() {
        events.values().forEach(list -> list.forEach(PerfEvent::close));
        events.clear();
        tracepointEvents.forEach(PerfEvent::close);
        tracepointEvents.clear();
        scoped.clear();
        if (!tracepoints.isEmpty()) {
            // the followers are detached: the children they added would stay in the scope that a later
            // set of tracepoint clauses in the shell uses (one set at a time), with their pids reused
            try {
                for (byte[] key : scope.orElseThrow().keys()) {
                    scope.orElseThrow().delete(key);
                }
            } catch (BpfException e) {
                // the map goes with the session
            }
        }
    }
}
