package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfKind;
import dev.shadowtrace.compiler.kernel.btf.BtfType;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.AssignOp;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.check.ConstantFolder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the script's variables and plain map values hold, script-wide: the static type of those assigned
 * typed kernel data ({@code $t = curtask}, {@code self->f = args->file}), so that {@code ->}, {@code .},
 * {@code [i]} and {@code sizeof} work on them as on the expression assigned, and which ones hold
 * addresses of user memory (a syscall's pointer argument), so that {@code str()} and {@code buf()} read
 * them from there.
 *
 * <p>A variable keeps the type of its first typed assignment in source order. Every other assignment of a
 * pointer-typed variable (a pointer, or the address of an array or struct member) must give the same type
 * (qualifiers aside) or the constant 0 (DTrace releases a thread-local assigned 0), and compound assignments
 * ({@code +=}, {@code ++}) to it are refused: each is a compile error naming both types. A variable typed as
 * a kernel integer or enum stays typed only if every assignment gives that type; otherwise it is a plain
 * integer, as integers convert freely. Types flow through variables ({@code $p = $t->parent}, and
 * {@code $n = $n->next} in a loop of clauses): the assignments are typed repeatedly until nothing changes.
 */
final class VariableTypes {
    /** One plain or compound assignment to a variable or plain map element, in clause {@code clause}. */
    private record Assignment(int clause, Assign assign, String key) {}

    private final Map<String, CType> types = new HashMap<>();
    private final Set<String> user = new HashSet<>();

    /** The type of variable or map value {@code e} read in clause {@code clause}, if it holds typed kernel data. */
    Optional<CType> typeOf(Expr e, int clause) {
        return key(e, clause).map(types::get);
    }

    /** Whether variable or map value {@code e}, read in clause {@code clause}, holds addresses of user memory. */
    boolean isUserAddress(Expr e, int clause) {
        return key(e, clause).filter(user::contains).isPresent();
    }

    /**
     * Types every variable of the script.
     *
     * @param readBtf the kernel's types, called only if a variable holds typed kernel data
     * @param contexts each clause's context, {@code null} for a clause without kernel probes (whose values
     *     are never kernel data)
     * @return the conflicting assignments, each a compile error at the assignment
     */
    List<CompileError> resolve(List<Clause> clauses, List<ClauseContext> contexts, Supplier<Btf> readBtf) {
        List<Assignment> assignments = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            collect(clauses.get(i).body(), i, assignments);
        }
        boolean changed = usesTypes(clauses);
        while (changed) {
            changed = false;
            for (Assignment a : assignments) {
                if (a.assign().op() == AssignOp.ASSIGN && !types.containsKey(a.key())) {
                    Optional<CType> type = typeOf(a, contexts);
                    if (type.isPresent()) {
                        types.put(a.key(), type.get());
                        changed = true;
                    }
                }
            }
        }
        List<CompileError> errors = new ArrayList<>();
        Btf btf = types.isEmpty() ? null : readBtf.get(); // read already, to type what is typed
        for (String key : List.copyOf(types.keySet())) {
            check(key, assignments.stream().filter(a -> a.key().equals(key)).toList(), contexts, btf, errors);
        }
        markUserAddresses(assignments, contexts);
        return errors;
    }

    /**
     * Whether a type can matter: some member, element, {@code sizeof(expr)} or {@code buf(x)} in the script.
     * Otherwise nothing is typed, so that a script that names no kernel data does not read BTF for {@code retval}.
     */
    private static boolean usesTypes(List<Clause> clauses) {
        return clauses.stream().flatMap(clause -> Subexpressions.of(clause).stream()).anyMatch(e ->
                e instanceof Member || e instanceof Index || e instanceof Call call
                        && (call.function() == BuiltinFunction.SIZEOF
                        || call.function() == BuiltinFunction.BUF && call.args().size() == 1));
    }

    /** Keeps the type of {@code key} from its first typed assignment, or drops it (integers), or reports conflicts. */
    private void check(String key, List<Assignment> assignments, List<ClauseContext> contexts, Btf btf,
            List<CompileError> errors) {
        Assignment first = null;
        CType type = null;
        for (Assignment a : assignments) {
            Optional<CType> t = a.assign().op() == AssignOp.ASSIGN ? typeOf(a, contexts) : Optional.empty();
            if (t.isPresent()) {
                first = a;
                type = t.get();
                break;
            }
        }
        if (first == null) {
            types.remove(key); // typed only by copying a variable that lost its type (an integer's) above
            return;
        }
        types.put(key, type);
        boolean pointer = isAddress(btf, type);
        String name = spelling(first.assign().target());
        String held = spell(btf, type);
        for (Assignment a : assignments) {
            if (a == first) {
                continue;
            }
            Assign assign = a.assign();
            Optional<CType> t = assign.op() == AssignOp.ASSIGN ? typeOf(a, contexts) : Optional.empty();
            if (!pointer) {
                if (assign.op() != AssignOp.ASSIGN || t.isEmpty() || !same(btf, t.get(), type)) {
                    types.remove(key); // integers convert freely: a plain integer
                    return;
                }
                continue;
            }
            String since = " (since " + first.assign().value().pos().line() + ":"
                    + first.assign().value().pos().column() + ")";
            if (assign.op() != AssignOp.ASSIGN) {
                errors.add(new CompileError(assign.pos(), "'" + assign.op().symbol() + "' on " + name + ", which holds a "
                        + held + since + ": arithmetic on typed pointers is not supported", Optional.of(
                        "compute into another variable, e.g. $a = " + name + " + 8, which is a plain integer")));
            } else if (t.isPresent() && !same(btf, t.get(), type)) {
                errors.add(new CompileError(assign.value().pos(), name + " holds a " + held + since
                        + ", so it cannot be assigned a " + spell(btf, t.get()), Optional.of(
                        "a variable keeps the type of its first assignment: use another variable")));
            } else if (t.isEmpty() && !ConstantFolder.evaluate(assign.value()).equals(Optional.of(0L))) {
                errors.add(new CompileError(assign.value().pos(), name + " holds a " + held + since
                        + ", so it cannot be assigned an integer that is not typed kernel data", Optional.of(
                        type.pointers() > 0 || btf.resolve(type.id()).kind() == BtfKind.PTR
                                ? "cast it, e.g. (" + held + ")x, or use another variable" : "use another variable")));
            }
        }
    }

    /** Marks the variables whose every non-zero plain assignment is a user-memory address, until none is added. */
    private void markUserAddresses(List<Assignment> assignments, List<ClauseContext> contexts) {
        Map<String, List<Assignment>> byKey = new HashMap<>();
        assignments.stream().filter(a -> a.assign().op() == AssignOp.ASSIGN
                && !ConstantFolder.evaluate(a.assign().value()).equals(Optional.of(0L)))
                .forEach(a -> byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, List<Assignment>> e : byKey.entrySet()) {
                if (!user.contains(e.getKey()) && !types.containsKey(e.getKey()) && e.getValue().stream().allMatch(a ->
                        contexts.get(a.clause()) != null && isUser(contexts.get(a.clause()), a.assign().value()))) {
                    user.add(e.getKey());
                    changed = true;
                }
            }
        }
    }

    private static boolean isUser(ClauseContext c, Expr value) {
        try {
            return c.isUserAddress(value);
        } catch (CompileError e) {
            return false; // reported where the clause is compiled
        }
    }

    private static Optional<CType> typeOf(Assignment a, List<ClauseContext> contexts) {
        ClauseContext c = contexts.get(a.clause());
        if (c == null) {
            return Optional.empty();
        }
        try {
            return c.kernelData.typeOf(a.assign().value());
        } catch (CompileError e) {
            return Optional.empty(); // reported where the clause is compiled
        }
    }

    private static void collect(List<Statement> statements, int clause, List<Assignment> into) {
        for (Statement s : statements) {
            if (s instanceof Assign assign) {
                key(assign.target(), clause).ifPresent(key -> into.add(new Assignment(clause, assign, key)));
            } else if (s instanceof If branch) {
                collect(branch.thenBody(), clause, into);
                collect(branch.elseBody(), clause, into);
            }
        }
    }

    /** {@code self->x}, {@code x}, {@code @m} for every clause; clause-locals with their clause's index. */
    private static Optional<String> key(Expr e, int clause) {
        if (e instanceof Variable v) {
            return Optional.of((v.scope().isClauseLocal() ? clause + ":" : "") + v.scope().prefix() + v.name());
        }
        return e instanceof MapAccess m ? Optional.of(m.name()) : Optional.empty();
    }

    private static String spelling(Expr target) {
        return target instanceof Variable v ? v.scope().prefix() + v.name() : ((MapAccess) target).name();
    }

    /** Whether a value of this type is an address: a pointer, or an array or struct member (which decays). */
    static boolean isAddress(Btf btf, CType type) {
        if (type.pointers() > 0) {
            return true;
        }
        BtfType resolved = btf.resolve(type.id());
        return resolved.kind() == BtfKind.PTR || resolved.kind() == BtfKind.ARRAY || resolved.kind().isComposite();
    }

    private static boolean same(Btf btf, CType a, CType b) {
        return unqualified(spell(btf, a)).equals(unqualified(spell(btf, b)));
    }

    private static String unqualified(String spelled) {
        return spelled.replace("const ", "").replace("volatile ", "").replace(" const", "");
    }

    static String spell(Btf btf, CType t) {
        return btf.spell(t.id()) + " *".repeat(t.pointers());
    }
}
