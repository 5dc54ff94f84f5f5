package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.bpf.Program;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The kernel side of one clause: one KPROBE program, run once per hit of any of its sites with r1
 * = the {@code struct pt_regs *} at the site.
 *
 * @param clauseNumber the clause's number in the script, from 1
 * @param clause       the clause
 * @param sites        where it runs; several for globs and multi-probe clauses
 * @param program      the bytecode, map references still symbolic ({@link Program#encode})
 * @param name         the kernel program name, e.g. {@code c2_vfs_read}
 */
public record ProbeProgram(int clauseNumber, Clause clause, List<ProbeSite> sites, Program program, String name) {

    public ProbeProgram {
        sites = List.copyOf(sites);
    }

    /**
     * Whether this is the program of a profile clause ({@code profile:hz:99}): a
     * {@code BPF_PROG_TYPE_PERF_EVENT} program, whose context ({@code struct bpf_perf_event_data})
     * begins with the interrupted task's {@code struct pt_regs}; the others are KPROBE programs.
     */
    public boolean isProfile() {
        return sites.stream().allMatch(s -> s.kind() == ProbeKind.PROFILE);
    }

    /**
     * Whether this is the program of a tracepoint clause ({@code tracepoint:sched:sched_switch}): a
     * {@code BPF_PROG_TYPE_TRACEPOINT} program, whose context is the tracepoint's record.
     */
    public boolean isTracepoint() {
        return !sites.isEmpty() && sites.stream().allMatch(ProbeSite::isTracepoint);
    }

    /** The clause's kernel probes as written, e.g. {@code fbt::vfs_read:entry, fbt::vfs_write:entry}. */
    public String probes() {
        return sites.stream().map(ProbeSite::probe).distinct().map(ProbeDescription::text)
                .collect(Collectors.joining(", "));
    }
}
