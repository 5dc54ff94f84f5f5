package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.kernel.btf.Btf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R6;

import dev.shadowtrace.compiler.bpf.Program;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.VarScope;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.check.VariableSymbol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Generates the program of one clause for its kernel probe sites:
 *
 * <pre>
 *   r6 = r1                          keep the context (struct pt_regs *; a tracepoint's record)
 *   [tracepoints: current process in tp_scope, else → exit]
 *   [thread id → stack key]          if the clause uses self-> variables
 *   [predicate, false → exit]
 *   [zero the clause-locals]
 *   [statements]
 * exit:
 *   r0 = 0; exit
 * </pre>
 */
public final class ClauseCompiler {
    private static final String EXIT = "exit";

    private final DataPlan plan;
    private final EventTable events;
    private final ProbeNameTable probeNames;
    private final CompileTimeValues compileTime;

    private final Supplier<Optional<Btf>> readBtf;
    private final VariableTypes variables = new VariableTypes();
    private Optional<Btf> btf; // null until a clause needs types: parsing vmlinux BTF is a large part of a start

    /** @param kernelFunctions the kernel's text symbols ({@code KernelInfo.textFunctions}), for kaddr() */
    public ClauseCompiler(DataPlan plan, EventTable events, ProbeNameTable probeNames,
            NavigableMap<String, List<Long>> kernelFunctions) {
        this(plan, events, probeNames, kernelFunctions, Optional::empty);
    }

    /**
     * @param btf reads the kernel's BTF types ({@code KernelInfo::btf}), for fbt arguments by name, members,
     *     casts and typed return values; called at most once, and only if a clause uses types
     */
    public ClauseCompiler(DataPlan plan, EventTable events, ProbeNameTable probeNames,
            NavigableMap<String, List<Long>> kernelFunctions, Supplier<Optional<Btf>> btf) {
        this.readBtf = btf;
        this.plan = plan;
        this.events = events;
        this.probeNames = probeNames;
        this.compileTime = new CompileTimeValues(kernelFunctions);
    }

    private Optional<Btf> btf() {
        if (btf == null) {
            btf = readBtf.get();
        }
        return btf;
    }

    /**
     * Finds what the script's variables hold (typed kernel data, user addresses: {@link VariableTypes}); call
     * before {@link #compile}.
     *
     * @param sites each clause's kernel probe sites, empty for a clause without kernel probes
     * @return the assignments that conflict with a variable's type
     */
    public List<CompileError> typeVariables(List<Clause> clauses, List<List<ProbeSite>> sites) {
        List<ClauseContext> contexts = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            contexts.add(sites.get(i).isEmpty() ? null : context(i, sites.get(i)));
        }
        return variables.resolve(clauses, contexts, () -> btf().orElseThrow());
    }

    private ClauseContext context(int index, List<ProbeSite> sites) {
        return new ClauseContext(index, plan, events, new ClauseProbes(sites, probeNames), compileTime, this::btf,
                variables);
    }

    /**
     * @param index the clause's index in the script
     * @param locals the clause's {@code this->} and {@code $} variables
     * @throws CompileError if the clause uses something that cannot run in the kernel as written
     */
    public Program compile(int index, Clause clause, Collection<VariableSymbol> locals, List<ProbeSite> sites) {
        ClauseContext c = context(index, sites);
        c.asm.mov64(R6, R1);
        if (c.tracepointArgs.inTracepoints()) {
            new TracepointScope(c).test(EXIT);
        }
        if (usesThreadLocals(clause)) {
            c.storage.initThreadKey();
        }
        clause.predicate().ifPresent(predicate -> {
            int mark = c.frame.mark();
            c.conditions.branch(predicate, false, EXIT);
            c.frame.release(mark);
        });
        c.storage.initClauseLocals(locals);
        new Statements(c).emit(clause.body());
        c.asm.label(EXIT).mov64(R0, 0).exit();
        if (c.frame.bytesNeeded() > StackFrame.SIZE) {
            throw new CompileError(clause.pos(), "this clause needs " + c.frame.bytesNeeded() + " bytes of BPF stack,"
                    + " more than the " + StackFrame.SIZE + " available", Optional.of("split it into several clauses,"
                    + " or use fewer strings in one statement"));
        }
        return c.asm.assemble();
    }

    private static boolean usesThreadLocals(Clause clause) {
        return Subexpressions.of(clause).stream()
                .anyMatch(e -> e instanceof Variable v && v.scope() == VarScope.THREAD);
    }
}
