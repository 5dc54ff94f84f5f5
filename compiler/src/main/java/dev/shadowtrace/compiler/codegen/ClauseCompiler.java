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
     * @param locals the clause's {@code this->} and {@code $} variables
     * @throws CompileError if the clause uses something that cannot run in the kernel as written
     */
    public Program compile(Clause clause, Collection<VariableSymbol> locals, List<ProbeSite> sites) {
        ClauseContext c = new ClauseContext(plan, events, new ClauseProbes(sites, probeNames), compileTime, this::btf);
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
