package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.Program;
import dev.shadowtrace.compiler.bpf.ProgramChecker;
import dev.shadowtrace.compiler.codegen.ClauseCompiler;
import dev.shadowtrace.compiler.codegen.CompileError;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.compiler.codegen.StackValues;
import dev.shadowtrace.compiler.codegen.EventTable;
import dev.shadowtrace.compiler.codegen.ProbeNameTable;
import dev.shadowtrace.compiler.codegen.TracepointFollowers;
import dev.shadowtrace.compiler.codegen.TracepointScope;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.ProbeResolver;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a checked script for a kernel:
 *
 * <pre>{@code
 * CheckedScript checked = Lang.parseAndCheck("read.d", text);
 * CompiledScript compiled = new ScriptCompiler(KernelSnapshot.read()).compile(checked);
 * }</pre>
 *
 * Resolves every kernel probe to its sites, plans where the data lives, and generates one program
 * per clause with kernel probes. Every generated program passes {@link ProgramChecker}.
 */
public final class ScriptCompiler {
    private final KernelInfo kernel;
    private final Limits limits;
    private final UserTarget target;

    public ScriptCompiler(KernelInfo kernel) {
        this(kernel, Limits.DEFAULTS);
    }

    public ScriptCompiler(KernelInfo kernel, Limits limits) {
        this(kernel, limits, UserTarget.NONE);
    }

    /** A compiler whose pid probes ({@code pid$target::FUNC:entry}) probe the files of {@code target}. */
    public ScriptCompiler(KernelInfo kernel, Limits limits, UserTarget target) {
        this.kernel = kernel;
        this.limits = limits;
        this.target = target;
    }

    /**
     * @throws ScriptException with every error found: unknown or untraceable functions, and
     *     constructs that cannot be compiled, each at its position in the script
     */
    public CompiledScript compile(CheckedScript checked) throws ScriptException {
        SourceFile source = checked.script().source();
        List<Clause> clauses = checked.script().clauses();
        List<Diagnostic> errors = new ArrayList<>();
        List<List<ProbeSite>> sites = resolve(clauses, source, errors);
        DataPlan plan = plan(checked, errors);
        requireNone(errors);

        EventTable events = new EventTable();
        ProbeNameTable probeNames = new ProbeNameTable();
        ClauseCompiler generator = new ClauseCompiler(plan, events, probeNames, kernel.textFunctions(), kernel::btf);
        List<ProbeProgram> programs = new ArrayList<>();
        List<TracerClause> tracerClauses = new ArrayList<>();
        generator.typeVariables(clauses, sites).forEach(e -> errors.add(e.diagnostic(source)));
        for (int i = 0; i < clauses.size(); i++) {
            Clause clause = clauses.get(i);
            if (!sites.get(i).isEmpty()) {
                try {
                    Program program = generator.compile(i, clause, checked.clauseLocals().get(i).values(), sites.get(i));
                    ProgramChecker.requireValid(program);
                    programs.add(new ProbeProgram(i + 1, clause, sites.get(i), program, programName(i + 1, clause)));
                } catch (CompileError e) {
                    errors.add(e.diagnostic(source));
                }
            }
            List<ProbeDescription> tracerProbes = clause.probes().stream().filter(p -> !p.kind().isKernel()).toList();
            if (!tracerProbes.isEmpty()) {
                tracerClauses.add(new TracerClause(i + 1, clause, tracerProbes));
            }
        }
        requireNone(errors);
        List<MapSpec> maps = maps(plan, programs);
        List<ScopeProgram> scopePrograms = maps.contains(TracepointScope.SPEC)
                ? TracepointFollowers.of(kernel.tracepoints()) : List.of();
        return new CompiledScript(source.name(), kernel.release(), kernel.hasBtf(), programs, maps,
                events.formats(), probeNames.names(), tracerClauses, plan.maps(), plan.globals(), plan.threadLocals(),
                scopePrograms);
    }

    /** The sites of each clause's kernel probes (empty for tracer-only clauses). */
    private List<List<ProbeSite>> resolve(List<Clause> clauses, SourceFile source, List<Diagnostic> errors) {
        ProbeResolver resolver = new ProbeResolver(kernel, target);
        List<List<ProbeSite>> sites = new ArrayList<>();
        for (Clause clause : clauses) {
            List<ProbeSite> clauseSites = new ArrayList<>();
            for (ProbeDescription probe : clause.probes()) {
                if (probe.kind().isKernel()) {
                    try {
                        clauseSites.addAll(resolver.resolve(probe, source));
                    } catch (ScriptException e) {
                        errors.addAll(e.diagnostics());
                    }
                }
            }
            long profiles = clause.probes().stream().filter(p -> p.kind() == ProbeKind.PROFILE).count();
            if (profiles > 0 && clauseSites.stream().anyMatch(s -> s.kind() != ProbeKind.PROFILE)) {
                errors.add(source.error(clause.probes().get(0).pos(), "a profile probe runs a program of another"
                        + " type than function and user probes: it cannot share a clause with them",
                        "give the profile probe a clause of its own"));
            }
            boolean tracepoint = clauseSites.stream().anyMatch(ProbeSite::isTracepoint);
            if (tracepoint && !clauseSites.stream().allMatch(ProbeSite::isTracepoint)) {
                errors.add(source.error(clause.probes().get(0).pos(), "a tracepoint probe runs a program of another"
                        + " type than function, syscall, user and profile probes: it cannot share a clause with them",
                        "give the tracepoint probes a clause of their own"));
            }
            sites.add(clauseSites);
        }
        return sites;
    }

    private DataPlan plan(CheckedScript checked, List<Diagnostic> errors) {
        try {
            return DataPlan.of(checked, limits);
        } catch (ScriptException e) {
            errors.addAll(e.diagnostics());
            return null;
        }
    }

    private static void requireNone(List<Diagnostic> errors) throws ScriptException {
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
            throw new ScriptException(errors.stream().distinct().toList());
        }
    }

    /** Script maps always (tracer clauses may use them), the others when a program or the script needs them. */
    private static List<MapSpec> maps(DataPlan plan, List<ProbeProgram> programs) {
        Set<String> used = new HashSet<>();
        programs.forEach(p -> used.addAll(p.program().mapNames()));
        List<MapSpec> maps = new ArrayList<>();
        if (!plan.globals().fields().isEmpty()) {
            maps.add(plan.globalsSpec());
        }
        if (used.contains(DataPlan.THREADS)) {
            maps.add(plan.threadsSpec());
        }
        if (used.contains(DataPlan.THREADS_ZERO)) {
            maps.add(plan.threadsZeroSpec());
        }
        plan.maps().forEach(m -> maps.add(m.spec()));
        if (used.contains(DataPlan.EVENTS)) {
            maps.add(plan.eventsSpec());
        }
        used.stream().filter(StackValues::isStackMap).sorted().forEach(name -> maps.add(plan.stacksSpec(name)));
        if (used.contains(DataPlan.DROPS)) {
            maps.add(plan.dropsSpec());
        }
        if (used.contains(TracepointScope.MAP)) {
            maps.add(TracepointScope.SPEC);
        }
        return maps;
    }

    /** {@code c2_vfs_read}: the clause number and its first function, cut to the kernel's 15 characters. */
    private static String programName(int number, Clause clause) {
        String function = clause.probes().stream().filter(p -> p.kind().isKernel()).findFirst()
                .orElseThrow().function().replaceAll("[^A-Za-z0-9_.]", "_");
        String name = "c" + number + "_" + function;
        return name.length() <= MapSpec.MAX_NAME_LENGTH ? name : name.substring(0, MapSpec.MAX_NAME_LENGTH);
    }
}
