package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.ShadowInfo;
import dev.shadowtrace.runtime.session.TraceException;
import dev.shadowtrace.runtime.session.TraceSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the shell's commands do to the session: clauses compiled with the session's script and
 * attached to its one shadow, detached by number; maps printed and cleared; processes bound and
 * unbound; counters. Each method returns the text to show, or throws {@link ShellError} with it.
 */
final class ShellSession implements AutoCloseable {
    private final TraceSession trace;
    private final ClauseSource source;
    private final ClauseTable table = new ClauseTable();
    private final MapOutput output;

    ShellSession(TraceSession trace, KernelInfo kernel) {
        this.trace = trace;
        this.source = new ClauseSource(kernel);
        this.output = new MapOutput(trace.maps());
    }

    MapOutput output() {
        return output;
    }

    TraceSession trace() {
        return trace;
    }

    /** Compiles {@code text} with the clauses before it and attaches its probes; returns its number and probe count. */
    String add(String text) throws ShellError {
        ClauseSource.Compiled compiled;
        try {
            compiled = source.compile(text);
        } catch (ScriptException e) {
            throw new ShellError(e.render());
        } catch (IllegalArgumentException e) {
            throw new ShellError("shadowtrace: " + e.getMessage());
        }
        TraceSession.Attached attached;
        try {
            attached = trace.attach(compiled.script(), compiled.programs(), compiled.source(), false);
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
        source.accept(compiled);
        output.update(compiled.script());
        ClauseTable.Row row = table.add(text, attached.probeIds());
        StringBuilder out = new StringBuilder();
        attached.skipped().forEach(s -> out.append("shadowtrace: ").append(s).append('\n'));
        int n = attached.probeIds().size();
        out.append("clause ").append(row.number()).append(": ").append(n).append(n == 1 ? " probe" : " probes")
                .append(" attached\n");
        return out.toString();
    }

    /** The clauses and their hits. */
    String clauses() throws ShellError {
        return table.render(probeStats());
    }

    /** Detaches clause {@code number}. */
    String remove(int number) throws ShellError {
        ClauseTable.Row row = table.find(number).orElseThrow(() -> new ShellError("shadowtrace: no clause "
                + number + " is attached (see 'clauses')"));
        try {
            trace.detach(row.probeIds());
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
        table.remove(row);
        return "clause " + number + " removed\n";
    }

    String print(String map) throws ShellError {
        requireMap(map);
        try {
            return output.print(map);
        } catch (IOException e) {
            throw new ShellError("shadowtrace: " + e.getMessage());
        }
    }

    String clear(String map) throws ShellError {
        requireMap(map);
        try {
            output.clear(map);
            return "";
        } catch (IOException e) {
            throw new ShellError("shadowtrace: " + e.getMessage());
        }
    }

    /** Fails unless the session has the map {@code map}. */
    void requireMap(String map) throws ShellError {
        List<String> names = output.names();
        if (!names.contains(map)) {
            throw new ShellError("shadowtrace: no map " + map + " in this session" + (names.isEmpty()
                    ? " (no clause has made one yet)" : " (it has " + String.join(", ", names) + ")"));
        }
    }

    /** Probes, hits, skipped hits, and what the shadow costs in memory. */
    String stats() throws ShellError {
        List<ProbeStats> probes = probeStats();
        ShadowInfo info;
        try {
            info = trace.info();
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
        long hits = 0;
        long skipped = 0;
        long recursion = 0;
        long missed = 0;
        for (ProbeStats p : probes) {
            hits += p.hits() + p.unionHits();
            skipped += p.skipped();
            recursion += p.recursion();
            missed += p.missed();
        }
        return String.format("clauses %d, probes %d, hits %s, skipped %s, recursion %s, missed %s%n"
                        + "shadow %s: pages copied %s, page-table pages %s, bound processes %s%s%n",
                table.rows().size(), probes.size(), u(hits), u(skipped), u(recursion), u(missed),
                u(info.id()), u(info.pagesCopied()), u(info.tablePages()), u(info.boundMms()),
                trace.bound().isEmpty() ? "" : " (attached: " + trace.bound() + ")");
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    private List<ProbeStats> probeStats() throws ShellError {
        try {
            return trace.probeStats();
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
    }

    /** Binds running processes; stops at the first that cannot be bound. */
    String attach(List<Integer> pids) throws ShellError {
        List<Integer> done = new ArrayList<>();
        for (int pid : pids) {
            if (pid == ProcessHandle.current().pid()) {
                throw new ShellError("shadowtrace: " + pid + " is shadowtrace itself, which must run the pristine"
                        + " kernel");
            }
            try {
                trace.bind(pid);
                done.add(pid);
            } catch (TraceException e) {
                throw new ShellError((done.isEmpty() ? "" : "attached " + done + "\n") + e.text());
            }
        }
        return "attached " + done + "\n";
    }

    /** Unbinds every attached process. */
    String detach() {
        List<Integer> pids = trace.unbindAll();
        return pids.isEmpty() ? "no process attached\n" : "detached " + pids + "\n";
    }

    /** Runs {@code command} bound, in the foreground; returns its exit status. */
    int run(List<String> command) throws ShellError {
        try {
            return trace.run(command);
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
    }

    /** The attached probes' ids, for tests. */
    Set<Long> probeIds() {
        return table.probeIds();
    }

    @Override
    public void close() {
        trace.close();
    }
}
