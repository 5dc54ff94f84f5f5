package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R10;

import dev.shadowtrace.compiler.bpf.AluOp;
import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.compiler.layout.Layout;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.LValue;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.check.VariableSymbol;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the {@link Location} of variables and map elements: clause-locals in the stack frame,
 * globals in the one entry of the {@code globals} array, thread-locals in the {@code self} hash
 * keyed by thread id, map elements in the map's BPF map under a key built on the stack.
 */
final class Storage {
    private final ClauseContext c;
    private final Map<String, Integer> clauseLocals = new HashMap<>();
    private int threadKey;

    Storage(ClauseContext c) {
        this.c = c;
    }

    /** Allocates the thread id key of the {@code self} map and stores the current thread's id in it. */
    void initThreadKey() {
        threadKey = c.frame.alloc(8);
        c.asm.call(Helper.GET_CURRENT_PID_TGID).alu32(AluOp.MOV, R0, R0).stx(Size.DW, R10, threadKey, R0);
    }

    /** Allocates the clause-locals and zeroes them (a local assigned in only one branch of an if reads 0 otherwise). */
    void initClauseLocals(Collection<VariableSymbol> locals) {
        for (VariableSymbol local : locals) {
            int size = FieldType.sizeOf(FieldType.of(local.type()));
            int offset = c.frame.alloc(size);
            c.maps.zero(offset, size);
            clauseLocals.put(local.displayName(), offset);
        }
    }

    /** The location of a variable, or of a map element (whose key this builds, emitting code). */
    Location locate(LValue target) {
        if (target instanceof MapAccess access) {
            MapDescriptor map = c.plan.map(access.name());
            return new MapElementLocation(c, map, c.keys.build(access, map));
        }
        Variable v = (Variable) target;
        return switch (v.scope()) {
            case CLAUSE, SCRATCH -> new ClauseLocalLocation(c, clauseLocals.get(v.scope().prefix() + v.name()));
            case GLOBAL -> new GlobalLocation(c, field(c.plan.globals(), v.name()));
            case THREAD -> new ThreadLocation(c, field(c.plan.threadLocals(), v.name()), c.plan.threadLocals(),
                    threadKey);
        };
    }

    private static Field field(Layout layout, String name) {
        return layout.field(name).orElseThrow(() -> new IllegalStateException("no storage for " + name));
    }
}
