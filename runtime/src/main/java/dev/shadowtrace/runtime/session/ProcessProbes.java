package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.perf.PerfEvent;
import dev.shadowtrace.runtime.perf.PerfEventAttr;
import dev.shadowtrace.runtime.perf.PerfEventException;
import dev.shadowtrace.runtime.perf.UprobePmu;

import java.io.IOException;
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
 * </ul>
 */
final class ProcessProbes implements AutoCloseable {
    /** {@code PERF_TYPE_SOFTWARE}, {@code PERF_COUNT_SW_CPU_CLOCK}. */
    private static final int SOFTWARE = 1;
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

    private final List<Site> sites;
    private final Map<Integer, List<PerfEvent>> events = new LinkedHashMap<>();
    private UprobePmu pmu;

    private ProcessProbes(List<Site> sites) {
        this.sites = List.copyOf(sites);
    }

    /** The user and profile sites of {@code programs}, with {@code programFds[i]} the descriptor of program i. */
    static ProcessProbes of(List<ProbeProgram> programs, int[] programFds) {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            for (ProbeSite site : programs.get(i).sites()) {
                if (isPerProcess(site)) {
                    sites.add(new Site(site, programFds[i]));
                }
            }
        }
        return new ProcessProbes(sites);
    }

    /** Whether {@code site} is attached per process here, not in the shadow. */
    static boolean isPerProcess(ProbeSite site) {
        return site.probe().isUser() || site.kind() == ProbeKind.PROFILE;
    }

    boolean isEmpty() {
        return sites.isEmpty();
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
                    + " only, other processes running the same files pay nothing");
        }
        if (profile > 0) {
            parts.add(profile + " profile probe(s) in " + events.size() + " process(es): one CPU-clock perf event"
                    + " per probe and process, inherited by its new threads and children; its timer runs only while"
                    + " they are on a CPU, other processes pay nothing");
        }
        return String.join("\n", parts);
    }

    /**
     * Attaches every site in process {@code pid} (once: a process added again keeps its events).
     *
     * @return false if the process does not exist (any more)
     */
    synchronized boolean add(int pid) throws TraceException {
        if (sites.isEmpty() || events.containsKey(pid)) {
            return true;
        }
        List<PerfEvent> opened = new ArrayList<>();
        try {
            for (Site s : sites) {
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
            throw TraceException.plain(e.getMessage(), e);
        } catch (IOException e) {
            opened.forEach(PerfEvent::close);
            throw TraceException.plain(e.getMessage(), e);
        }
        events.put(pid, opened);
        return true;
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
    }
}
