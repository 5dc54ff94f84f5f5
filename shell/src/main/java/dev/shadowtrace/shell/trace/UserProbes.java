package dev.shadowtrace.shell.trace;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.perf.PerfEvent;
import dev.shadowtrace.runtime.perf.PerfEventException;
import dev.shadowtrace.runtime.perf.UprobePmu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user probes of a script ({@code uprobe:PATH:FUNC}, {@code uretprobe:PATH:FUNC}), attached per
 * traced process: for each process and each site one event of the kernel's uprobe PMU, opened for
 * that process (pid = its id, any cpu), with the clause's program attached to it. The kernel's
 * filter of such an event ({@code uprobe_perf_filter}) matches the process's address space, so the
 * breakpoint is installed in that address space only, and the program runs for every thread of
 * the process; the program of a site runs once per hit however many traced processes there are,
 * since each event is a local uprobe of its own. Events are not inherited: a child gets a new
 * address space, and is probed only if it is added itself ({@link #add}).
 */
final class UserProbes implements AutoCloseable {
    /** One site and the descriptor of its clause's program. */
    private record Site(ProbeSite site, int programFd) {
        String what() {
            return site.probe().text() + " (" + site.probe().module() + " " + site.function() + " at file offset 0x"
                    + Long.toHexString(site.address()) + ")";
        }
    }

    private final List<Site> sites;
    private final Map<Integer, List<PerfEvent>> events = new LinkedHashMap<>();
    private UprobePmu pmu;

    private UserProbes(List<Site> sites) {
        this.sites = List.copyOf(sites);
    }

    /** The user sites of {@code script}, with {@code programFds[i]} the descriptor of its program i. */
    static UserProbes of(CompiledScript script, int[] programFds) {
        List<Site> sites = new ArrayList<>();
        List<ProbeProgram> programs = script.programs();
        for (int i = 0; i < programs.size(); i++) {
            for (ProbeSite site : programs.get(i).sites()) {
                if (site.probe().isUser()) {
                    sites.add(new Site(site, programFds[i]));
                }
            }
        }
        return new UserProbes(sites);
    }

    boolean isEmpty() {
        return sites.isEmpty();
    }

    /** How many sites, and in how many processes they are attached now. */
    String summary() {
        return sites.size() + " user probe site(s) in " + events.size() + " process(es)";
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
            if (pmu == null) {
                pmu = UprobePmu.open();
            }
            for (Site s : sites) {
                PerfEvent event = pmu.open(s.site().probe().module(), s.site().address(),
                        s.site().kind() == ProbeKind.RETURN, pid, s.what());
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
            throw TraceException.plain(e.getMessage(), e);
        }
        events.put(pid, opened);
        return true;
    }

    /** Detaches the sites from process {@code pid}, if they were attached. */
    synchronized void remove(int pid) {
        List<PerfEvent> gone = events.remove(pid);
        if (gone != null) {
            gone.forEach(PerfEvent::close);
        }
    }

    /** Detaches every site from every process: closing an event unregisters its uprobe and program. */
    @Override
    public synchronized void close() {
        events.values().forEach(list -> list.forEach(PerfEvent::close));
        events.clear();
    }
}
