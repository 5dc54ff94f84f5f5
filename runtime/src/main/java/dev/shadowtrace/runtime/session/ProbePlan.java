package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.ProbeRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The probes a compiled script asks the module for: one per program, kind and address. Sites are
 * merged when two probe descriptions of a clause resolve to the same function
 * ({@code fbt::vfs_read:entry, fbt::vfs_*:entry}), since the module refuses the same program twice
 * at one place; each probe remembers the descriptions it serves, so that a refusal is reported at
 * the right place in the script.
 */
public final class ProbePlan {
    /**
     * One probe to attach.
     *
     * @param programIndex the program's index in {@link CompiledScript#programs()}, or in the list
     *                     of programs the plan was made of
     * @param program      the clause's program
     * @param kind         entry, return or offset
     * @param address      the function's address (entry, return) or the instruction's (offset)
     * @param where        the function as users name it: {@code vfs_read}, {@code tcp_v4_rcv+0x1c}
     * @param sites        the resolved sites it serves, at least one
     */
    public record Probe(int programIndex, ProbeProgram program, ProbeRequest.Kind kind, long address, String where,
                 List<ProbeSite> sites) {

        /** The description to report it under: the first one written without a glob, else the first. */
        public ProbeDescription description() {
            return sites.stream().map(ProbeSite::probe).filter(d -> !d.isGlob()).findFirst()
                    .orElse(sites.get(0).probe());
        }

        /** Whether every description it serves is a glob: then a refusal skips the function. */
        public boolean fromGlobsOnly() {
            return sites.stream().allMatch(s -> s.probe().isGlob());
        }

        ProbeRequest request(int progFd, boolean union) {
            return new ProbeRequest(kind, address, progFd, union, where);
        }
    }

    /**
     * A kind of probe at an address: where two sites of a program are one probe. A plain class, as
     * this is hashed once per site (37000 for fbt::*:entry) and a record's generated hashCode is
     * slow in a JVM without its optimizing compiler, as bin/shadowtrace runs it.
     */
    private static final class Place {
        private final ProbeKind kind;
        private final long address;

        Place(ProbeKind kind, long address) {
            this.kind = kind;
            this.address = address;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Place p && p.kind == kind && p.address == address;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(address) * 31 + kind.ordinal();
        }
    }

    private final List<Probe> probes;

    private ProbePlan(List<Probe> probes) {
        this.probes = List.copyOf(probes);
    }

    static ProbePlan of(CompiledScript script) {
        return of(script.programs());
    }

    /**
     * The probes of {@code programs}, some of a script's (the interactive shell attaches each new
     * clause of a growing script on its own); program indexes are into this list.
     */
    static ProbePlan of(List<ProbeProgram> programs) {
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            ProbeProgram program = programs.get(i);
            Map<Place, List<ProbeSite>> byPlace = new LinkedHashMap<>();
            for (ProbeSite site : program.sites()) {
                if (ProcessProbes.isPerProcess(site)) {
                    continue; // attached per process by ProcessProbes, not in the shadow
                }
                byPlace.computeIfAbsent(new Place(site.kind(), site.address()), k -> new ArrayList<>()).add(site);
            }
            for (List<ProbeSite> same : byPlace.values()) {
                ProbeSite first = same.get(0);
                probes.add(new Probe(i, program, kind(first), first.address(), where(first), List.copyOf(same)));
            }
        }
        return new ProbePlan(probes);
    }

    List<Probe> probes() {
        return probes;
    }

    /**
     * Globs attach best effort: of the thousands of functions {@code fbt::*:entry} matches, some
     * cannot be probed (their ftrace site is busy, they are on the blacklist), and the rest should
     * still be traced. Named functions are all or nothing.
     */
    boolean bestEffort() {
        return probes.stream().anyMatch(p -> p.sites().stream().anyMatch(s -> s.probe().isGlob()));
    }

    /**
     * With {@code -U}: offset probes have no union fallback (the module refuses it for them), so a
     * script with offset probes is an error at each one, before anything is installed.
     */
    public static void requireUnionFallback(CompiledScript script, SourceFile source) throws TraceException {
        Set<ProbeDescription> offsets = new LinkedHashSet<>();
        for (ProbeProgram program : script.programs()) {
            program.sites().stream().map(ProbeSite::probe).filter(d -> d.kind() == ProbeKind.OFFSET)
                    .forEach(offsets::add);
        }
        if (!offsets.isEmpty()) {
            throw TraceException.at(offsets.stream()
                    .map(d -> source.error(d.pos(), "offset probe " + d.text() + " cannot fire outside process"
                            + " context: the union fallback (-U) applies to entry and return probes only",
                            "trace without -U, or probe the function's entry or return instead"))
                    .map(Diagnostic::render).collect(Collectors.joining("\n")), "");
        }
    }

    /** The requests, in plan order, with each program's descriptor from {@code programFds}. */
    List<ProbeRequest> requests(int[] programFds, boolean union) {
        return probes.stream().map(p -> p.request(programFds[p.programIndex()], union)).toList();
    }

    private static ProbeRequest.Kind kind(ProbeSite site) {
        return switch (site.kind()) {
            case ENTRY -> ProbeRequest.Kind.ENTRY;
            case RETURN -> ProbeRequest.Kind.RETURN;
            case OFFSET -> ProbeRequest.Kind.OFFSET;
            default -> throw new IllegalArgumentException("not a kernel probe: " + site);
        };
    }

    private static String where(ProbeSite site) {
        return switch (site.kind()) {
            case OFFSET -> site.function() + "+0x" + Long.toHexString(site.probe().offset());
            default -> site.function();
        };
    }
}
