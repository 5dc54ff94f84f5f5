package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.LValue;
import dev.shadowtrace.lang.check.ConstantFolder;
import dev.shadowtrace.lang.types.ScalarType;

import java.util.Optional;

/**
 * Buffer values ({@code buf()}, {@code copyin()}): {@value #SIZE}-byte stack buffers holding a u64
 * length, then up to {@link ScalarType#BUFFER_SIZE} bytes copied with {@code bpf_probe_read_user}
 * or {@code bpf_probe_read_kernel}, zero past the length, so that equal buffers have equal bytes
 * (map keys). A fault gives the empty buffer.
 */
final class Buffers {
    /** The size of a buffer value: its length word and its data. */
    static final int SIZE = FieldType.BUFFER_HEADER + ScalarType.BUFFER_SIZE;

    private final ClauseContext c;

    Buffers(ClauseContext c) {
        this.c = c;
    }

    /** Writes the buffer {@code e} into the {@value #SIZE}-byte buffer at r10 + {@code offset}. */
    void materialize(Expr e, int offset) {
        if (e instanceof Call call && call.function() == BuiltinFunction.COPYIN) {
            copy(call, offset, Helper.PROBE_READ_USER);
        } else if (e instanceof Call call && call.function() == BuiltinFunction.BUF) {
            copy(call, offset, c.isUserAddress(call.args().get(0)) ? Helper.PROBE_READ_USER : Helper.PROBE_READ_KERNEL);
        } else if (e instanceof LValue lvalue) {
            c.storage.locate(lvalue).loadBytes(offset, SIZE);
        } else if (e instanceof Conditional k) {
            String otherwise = c.asm.newLabel("cond.else");
            String end = c.asm.newLabel("cond.end");
            c.conditions.branch(k.condition(), false, otherwise);
            materialize(k.ifTrue(), offset);
            c.asm.ja(end).label(otherwise);
            materialize(k.ifFalse(), offset);
            c.asm.label(end);
        } else {
            throw new IllegalStateException("not a buffer expression at " + e.pos());
        }
    }

    /** Materializes {@code e} into a new temporary buffer; returns its offset. */
    int temporary(Expr e) {
        int offset = c.frame.alloc(SIZE);
        materialize(e, offset);
        return offset;
    }

    /**
     * buf(ptr, n), buf(array), copyin(addr, n): the length word, then the read into the zeroed data.
     * A constant length is cut to {@link ScalarType#BUFFER_SIZE} when compiling; a variable one is
     * bounded to 0..{@link ScalarType#BUFFER_SIZE} when the probe runs.
     */
    private void copy(Call call, int offset, Helper read) {
        Expr address = call.args().get(0);
        Optional<Long> constant = call.args().size() == 2 ? ConstantFolder.evaluate(call.args().get(1))
                : Optional.of(c.kernelData.arrayBytes(address).orElseThrow(() -> new CompileError(call.pos(),
                        call.name() + "() of this value needs a length: " + call.name() + "(ptr, n)",
                        Optional.of("only a kernel array member, such as buf(curtask->comm), gives its own length"))));
        c.maps.zero(offset, SIZE);
        c.ints.push(address);
        if (constant.isPresent()) {
            int length = (int) Math.max(0, Math.min(constant.get(), ScalarType.BUFFER_SIZE));
            loadAddress();
            c.asm.st(Size.DW, R10, offset, length).mov64(R2, length);
        } else {
            c.ints.push(call.args().get(1));
            Reg length = c.values.pop().load(c.asm, R2);
            if (length != R2) {
                c.asm.mov64(R2, length);
            }
            loadAddress();
            String atMost = c.asm.newLabel("buf.le");
            String nonNegative = c.asm.newLabel("buf.ge");
            c.asm.jsle(R2, ScalarType.BUFFER_SIZE, atMost).mov64(R2, ScalarType.BUFFER_SIZE).label(atMost);
            c.asm.jsge(R2, 0, nonNegative).mov64(R2, 0).label(nonNegative); // the verifier sees [0, 64]
            c.asm.stx(Size.DW, R10, offset, R2);
        }
        c.maps.pointer(R1, offset + FieldType.BUFFER_HEADER);
        c.asm.call(read); // on a fault the helper zeroes the data
        String copied = c.asm.newLabel("buf.read");
        c.asm.jsge(R0, 0, copied).st(Size.DW, R10, offset, 0).label(copied); // a fault: the empty buffer
    }

    /** Pops the address into r3. */
    private void loadAddress() {
        Reg pointer = c.values.pop().load(c.asm, R3);
        if (pointer != R3) {
            c.asm.mov64(R3, pointer);
        }
    }
}
