package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R6;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.LValue;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.types.ScalarType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * String values: fixed-size stack buffers, NUL-terminated and zero-padded after the NUL, so that
 * equal strings have equal bytes: buffers compare eight bytes at a time, and strings in map keys
 * give equal keys. Sizes: {@value #COMM_SIZE} bytes for execname ({@code TASK_COMM_LEN}), 8 for
 * context, the literal's length rounded up to 8 for literals, {@link ScalarType#STRING_SIZE}
 * otherwise.
 */
final class Strings {
    static final int COMM_SIZE = 16;

    private final ClauseContext c;

    Strings(ClauseContext c) {
        this.c = c;
    }

    /** The smallest buffer that holds every value of {@code e}. */
    static int naturalSize(Expr e) {
        if (e instanceof StringLiteral literal) {
            return (literal.value().getBytes(StandardCharsets.UTF_8).length + 8) / 8 * 8;
        }
        if (e instanceof BuiltinRef ref && ref.variable() == BuiltinVariable.EXECNAME) {
            return COMM_SIZE;
        }
        if (e instanceof BuiltinRef ref && ref.variable() == BuiltinVariable.CONTEXT) {
            return HitContext.STRING_SIZE;
        }
        if (e instanceof Conditional k) {
            return Math.max(naturalSize(k.ifTrue()), naturalSize(k.ifFalse()));
        }
        return ScalarType.STRING_SIZE;
    }

    /** Whether {@code e} is probefunc or probename, which hold numbers that the tracer prints as names. */
    static boolean isProbeBuiltin(Expr e) {
        return e instanceof BuiltinRef ref
                && (ref.variable() == BuiltinVariable.PROBEFUNC || ref.variable() == BuiltinVariable.PROBENAME);
    }

    /** Whether {@code e} is ksym(addr), an address that the tracer prints as the name of its function. */
    static boolean isKsym(Expr e) {
        return e instanceof Call call && call.function() == BuiltinFunction.KSYM;
    }

    /** Whether {@code e} is usym(addr), a process's address that the tracer prints as the name of its function. */
    static boolean isUsym(Expr e) {
        return e instanceof Call call && call.function() == BuiltinFunction.USYM;
    }

    private static CompileError ksymOnly(Expr e) {
        return new CompileError(e.pos(), ((Call) e).name() + "() can only be a map key or an argument of printf()"
                + " or trace()", Optional.of("it holds the address, which the tracer prints as the name of its"
                + " function"));
    }

    /** Writes the string {@code e} into the {@code size}-byte buffer at r10 + {@code offset}, zero-padded. */
    void materialize(Expr e, int offset, int size) {
        if (size < naturalSize(e)) {
            throw new IllegalArgumentException(size + "-byte buffer for a " + naturalSize(e) + "-byte string");
        }
        if (e instanceof StringLiteral literal) {
            literal(literal.value(), offset, size);
        } else if (isKsym(e) || isUsym(e)) {
            throw ksymOnly(e);
        } else if (isProbeBuiltin(e)) {
            BuiltinRef ref = (BuiltinRef) e;
            throw new CompileError(ref.pos(), ref.variable().canonicalName() + " can only be a map key, an argument"
                    + " of printf() or trace(), or compared with a string literal", Optional.of("it holds the "
                    + (ref.variable() == BuiltinVariable.PROBEFUNC ? "function's address" : "probe name's number")
                    + ", which the tracer prints as a name"));
        } else if (e instanceof BuiltinRef ref && ref.variable() == BuiltinVariable.CONTEXT) {
            context(offset, size);
        } else if (e instanceof BuiltinRef) {
            c.maps.zero(offset, size);
            c.maps.pointer(R1, offset);
            c.asm.mov64(R2, COMM_SIZE).call(Helper.GET_CURRENT_COMM);
        } else if (e instanceof LValue lvalue) {
            c.storage.locate(lvalue).loadBytes(offset, ScalarType.STRING_SIZE);
        } else if (e instanceof Conditional k) {
            String otherwise = c.asm.newLabel("cond.else");
            String end = c.asm.newLabel("cond.end");
            c.conditions.branch(k.condition(), false, otherwise);
            materialize(k.ifTrue(), offset, size);
            c.asm.ja(end).label(otherwise);
            materialize(k.ifFalse(), offset, size);
            c.asm.label(end);
        } else if (e instanceof Call call && call.function() == BuiltinFunction.STR
                && call.args().get(0).type() == ScalarType.BUFFER) {
            int buffer = c.buffers.temporary(call.args().get(0));
            c.maps.zero(offset, size);
            c.maps.pointer(R3, buffer + FieldType.BUFFER_HEADER);
            c.maps.pointer(R1, offset);
            c.asm.mov64(R2, Math.min(size, ScalarType.BUFFER_SIZE)).call(Helper.PROBE_READ_KERNEL_STR); // to the first NUL
        } else if (e instanceof Call call && call.function() == BuiltinFunction.STR
                && call.args().get(0) instanceof ProbeArg arg && c.tracepointArgs.inTracepoints()) {
            c.tracepointArgs.string(arg, offset, size);
        } else if (e instanceof Call call && call.function() == BuiltinFunction.STR) {
            Expr address = call.args().get(0);
            string(address, offset, size,
                    c.isUserAddress(address) ? Helper.PROBE_READ_USER_STR : Helper.PROBE_READ_KERNEL_STR);
        } else if (e instanceof Call call && call.function() == BuiltinFunction.COPYINSTR) {
            string(call.args().get(0), offset, size, Helper.PROBE_READ_USER_STR);
        } else {
            throw new IllegalStateException("not a string expression at " + e.pos());
        }
    }

    /** Materializes {@code e} into a new temporary buffer of its natural size; returns its offset. */
    int temporary(Expr e) {
        int offset = c.frame.alloc(naturalSize(e));
        materialize(e, offset, naturalSize(e));
        return offset;
    }

    /** A buffer of {@code size} bytes holding {@code e}: a clause-local's own, or a new temporary. */
    private int buffer(Expr e, int size) {
        if (e instanceof Variable v && v.scope().isClauseLocal()) {
            return ((ClauseLocalLocation) c.storage.locate(v)).offset();
        }
        int offset = c.frame.alloc(size);
        materialize(e, offset, size);
        return offset;
    }

    /** Jumps to {@code label} if the two strings of {@code b} are equal ({@code jumpIfEqual}) or differ. */
    void branchEqual(Binary b, boolean jumpIfEqual, String label) {
        if (isKsym(b.left()) || isKsym(b.right()) || isUsym(b.left()) || isUsym(b.right())) {
            throw ksymOnly(isKsym(b.left()) || isUsym(b.left()) ? b.left() : b.right());
        }
        if (isProbeBuiltin(b.left()) || isProbeBuiltin(b.right())) {
            probeEqual(b, jumpIfEqual, label);
        } else if (b.right() instanceof StringLiteral literal) {
            literalEqual(b.left(), literal.value(), jumpIfEqual, label);
        } else if (b.left() instanceof StringLiteral literal) {
            literalEqual(b.right(), literal.value(), jumpIfEqual, label);
        } else {
            int size = Math.max(naturalSize(b.left()), naturalSize(b.right()));
            int left = buffer(b.left(), size);
            int right = buffer(b.right(), size);
            String differ = jumpIfEqual ? c.asm.newLabel("str.ne") : label;
            for (int i = 0; i < size; i += 8) {
                c.asm.ldx(Size.DW, R1, R10, left + i).ldx(Size.DW, R2, R10, right + i).jne(R1, R2, differ);
            }
            equalTail(jumpIfEqual, label, differ);
        }
    }

    /**
     * strncmp(a, b, n): pushes 0 if the first n bytes of the two strings are equal, else 1. Both are
     * compared in buffers of the larger natural size, zero-padded after their NUL, so bytes past
     * the end of the shorter string compare as its NUL padding, and n past the buffers' size
     * compares the whole buffers.
     */
    void pushStrncmp(Call call, long n) {
        Expr a = call.args().get(0);
        Expr b = call.args().get(1);
        int size = Math.max(naturalSize(a), naturalSize(b));
        int length = (int) Math.min(n, size);
        int left = buffer(a, size);
        int right = buffer(b, size);
        String differ = c.asm.newLabel("strncmp.ne");
        String done = c.asm.newLabel("strncmp.end");
        int words = length / 8 * 8;
        for (int i = 0; i < words; i += 8) {
            c.asm.ldx(Size.DW, R1, R10, left + i).ldx(Size.DW, R2, R10, right + i).jne(R1, R2, differ);
        }
        for (int i = words; i < length; i++) {
            c.asm.ldx(Size.B, R1, R10, left + i).ldx(Size.B, R2, R10, right + i).jne(R1, R2, differ);
        }
        if (length == 0) {
            c.conditions.constant(false, true, differ); // keeps the "differ" path reachable
        }
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.mov64(t, 0);
        s.store(c.asm, t);
        c.asm.ja(done).label(differ).mov64(t, 1);
        s.store(c.asm, t);
        c.asm.label(done);
    }

    /**
     * Compares a string with a literal, word by word against constants. If the literal does not fit
     * the buffer, the compare still runs on the buffer's size: the buffer's last byte is always NUL
     * and the literal's is not, so it is false, as it should be.
     */
    private void literalEqual(Expr e, String literal, boolean jumpIfEqual, String label) {
        int size = naturalSize(e);
        int offset = buffer(e, size);
        long[] words = words(literal, size);
        String differ = jumpIfEqual ? c.asm.newLabel("str.ne") : label;
        for (int i = 0; i < words.length; i++) {
            c.asm.ldx(Size.DW, R1, R10, offset + 8 * i);
            if (words[i] == (int) words[i]) {
                c.asm.jne(R1, (int) words[i], differ);
            } else {
                c.asm.ldImm64(R2, words[i]).jne(R1, R2, differ);
            }
        }
        equalTail(jumpIfEqual, label, differ);
    }

    private void equalTail(boolean jumpIfEqual, String label, String differ) {
        if (jumpIfEqual) {
            c.asm.ja(label).label(differ);
        }
    }

    /**
     * probefunc or probename compared with a literal. probename is a constant; so is probefunc in a
     * clause with one function. Otherwise ctx->ip is compared with the addresses of the sites in the
     * function named by the literal.
     */
    private void probeEqual(Binary b, boolean jumpIfEqual, String label) {
        BuiltinRef ref = (BuiltinRef) (isProbeBuiltin(b.left()) ? b.left() : b.right());
        Expr other = ref == b.left() ? b.right() : b.left();
        if (!(other instanceof StringLiteral literal)) {
            throw new CompileError(other.pos(), ref.variable().canonicalName()
                    + " can only be compared with a string literal");
        }
        String name = literal.value();
        if (ref.variable() == BuiltinVariable.PROBENAME) {
            c.conditions.constant(c.probes.probeName(ref.pos()).equals(name), jumpIfEqual, label);
            return;
        }
        if (c.probes.function().isPresent()) {
            c.conditions.constant(c.probes.function().get().equals(name), jumpIfEqual, label);
            return;
        }
        List<Long> addresses = c.probes.siteAddresses(name);
        if (addresses.isEmpty()) {
            c.conditions.constant(false, jumpIfEqual, label);
            return;
        }
        String equal = jumpIfEqual ? label : c.asm.newLabel("func.eq");
        c.asm.ldx(Size.DW, R1, R6, PtRegs.IP);
        for (long address : addresses) {
            c.asm.ldImm64(R2, address).jeq(R1, R2, equal);
        }
        if (!jumpIfEqual) {
            c.asm.ja(label).label(equal);
        }
    }

    /** The literal's bytes as little-endian words, zero-padded or cut to {@code size} bytes. */
    static long[] words(String literal, int size) {
        byte[] bytes = Arrays.copyOf(literal.getBytes(StandardCharsets.UTF_8), size);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] words = new long[size / 8];
        for (int i = 0; i < words.length; i++) {
            words[i] = buffer.getLong();
        }
        return words;
    }

    private void literal(String value, int offset, int size) {
        long[] words = words(value, size);
        for (int i = 0; i < words.length; i++) {
            if (words[i] == (int) words[i]) {
                c.asm.st(Size.DW, R10, offset + 8 * i, (int) words[i]);
            } else {
                c.asm.ldImm64(R1, words[i]).stx(Size.DW, R10, offset + 8 * i, R1);
            }
        }
    }

    /**
     * context: the attach cookie shadowk gives every program, one of {@link HitContext}, chosen by a
     * chain of compares; each case stores its name as a literal, then the rest of the buffer is zeroed.
     */
    private void context(int offset, int size) {
        c.asm.mov64(R1, R6).call(Helper.GET_ATTACH_COOKIE);
        String end = c.asm.newLabel("ctx.end");
        List<String> cases = new ArrayList<>();
        for (HitContext h : HitContext.values()) {
            String label = c.asm.newLabel("ctx." + h.text());
            cases.add(label);
            c.asm.jeq(R0, h.cookie(), label);
        }
        literal(HitContext.UNKNOWN, offset, HitContext.STRING_SIZE);
        for (HitContext h : HitContext.values()) {
            c.asm.ja(end).label(cases.get(h.ordinal()));
            literal(h.text(), offset, HitContext.STRING_SIZE);
        }
        c.asm.label(end);
        c.maps.zero(offset + HitContext.STRING_SIZE, size - HitContext.STRING_SIZE);
    }

    /**
     * str(address) and copyinstr(address): bpf_probe_read_kernel_str or, for user memory,
     * bpf_probe_read_user_str into the zeroed buffer (zeroed again by the helper on a fault).
     */
    private void string(Expr address, int offset, int size, Helper read) {
        c.ints.push(address);
        c.maps.zero(offset, size);
        Reg pointer = c.values.pop().load(c.asm, R3);
        if (pointer != R3) {
            c.asm.mov64(R3, pointer);
        }
        c.maps.pointer(R1, offset);
        c.asm.mov64(R2, size).call(read);
    }
}
