package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R6;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.compiler.kernel.TracepointField;
import dev.shadowtrace.compiler.kernel.TracepointFormat;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.diag.Suggest;

import java.util.List;
import java.util.Optional;

/**
 * The arguments of tracepoint probes, {@code args->FIELD}: fields of the tracepoint's record, which
 * is the program's context (r6). Integers are loaded straight from the context, sign-extended when
 * the format says signed; strings ({@code char comm[16]}, {@code __data_loc char[]}) are read with
 * {@code str(args->FIELD)} through {@code bpf_probe_read_kernel_str}. In a clause of several
 * tracepoints the field must be at the same offset with the same size and kind in each.
 */
final class TracepointArgs {
    /**
     * The record's first bytes, which a tracepoint program cannot read ({@code tp_prog_is_valid_access}:
     * {@code perf_trace_run_bpf_submit()} stores the {@code pt_regs} pointer there): the common fields.
     */
    static final int HIDDEN_BYTES = 8;

    private final ClauseContext c;

    TracepointArgs(ClauseContext c) {
        this.c = c;
    }

    /** Whether this clause's probes are tracepoints. */
    boolean inTracepoints() {
        List<ProbeSite> sites = c.probes.sites();
        return !sites.isEmpty() && sites.stream().allMatch(ProbeSite::isTracepoint);
    }

    /** Pushes the integer field {@code args->NAME}. */
    void push(ProbeArg arg) {
        TracepointField f = resolve(arg);
        if (f.kind() != TracepointField.Kind.INTEGER) {
            throw new CompileError(arg.pos(), "args->" + arg.name() + " is " + f.declaration() + ", not an integer",
                    Optional.of(f.isString() ? "read it as a string: str(args->" + arg.name() + ")"
                            : "fields of this type cannot be read yet"));
        }
        Size size = switch (f.size()) {
            case 1 -> Size.B;
            case 2 -> Size.H;
            case 4 -> Size.W;
            default -> Size.DW;
        };
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.ldx(size, t, R6, f.offset());
        if (f.signed() && f.size() < 8) {
            int shift = 64 - 8 * f.size();
            c.asm.lsh64(t, shift).arsh64(t, shift);
        }
        s.store(c.asm, t);
    }

    /** Writes the string field {@code args->NAME} into the zeroed {@code size}-byte buffer at r10 + {@code offset}. */
    void string(ProbeArg arg, int offset, int size) {
        TracepointField f = resolve(arg);
        c.maps.zero(offset, size);
        int read = size;
        switch (f.kind()) {
            case CHAR_ARRAY -> {
                c.asm.mov64(R3, R6).add64(R3, f.offset());
                read = Math.min(size, f.size());
            }
            case DATA_LOC_STRING, REL_LOC_STRING -> {
                c.asm.ldx(Size.W, R3, R6, f.offset()).and64(R3, 0xffff);
                if (f.kind() == TracepointField.Kind.REL_LOC_STRING) {
                    c.asm.add64(R3, f.offset() + f.size());
                }
                c.asm.add64(R3, R6);
            }
            default -> throw new CompileError(arg.pos(), "args->" + arg.name() + " is " + f.declaration()
                    + ", not a string", Optional.of(f.kind() == TracepointField.Kind.INTEGER
                            ? "a pointer field points to kernel memory: str(args->" + arg.name() + ") reads a string"
                            + " there only for char fields; use the value as a number"
                            : "fields of this type cannot be read yet"));
        }
        c.maps.pointer(R1, offset);
        c.asm.mov64(R2, read).call(Helper.PROBE_READ_KERNEL_STR);
    }

    /** Whether {@code args->NAME} names a string field (a char array or a dynamic string) in this clause. */
    boolean isString(ProbeArg arg) {
        return resolve(arg).isString();
    }

    /** The field {@code args->NAME} of every tracepoint of the clause, which must agree in all. */
    private TracepointField resolve(ProbeArg arg) {
        TracepointField found = null;
        String foundIn = null;
        for (TracepointFormat format : c.probes.sites().stream().map(s -> s.tracepoint().orElseThrow()).distinct()
                .toList()) {
            TracepointField f = field(format, arg);
            if (found != null && (f.offset() != found.offset() || f.size() != found.size()
                    || f.kind() != found.kind() || f.signed() != found.signed())) {
                throw new CompileError(arg.namePos(), "args->" + arg.name() + " is " + found.declaration()
                        + " at offset " + found.offset() + " in " + foundIn + " but " + f.declaration() + " at offset "
                        + f.offset() + " in " + format.fullName(), Optional.of("give these tracepoints clauses of"
                        + " their own"));
            }
            found = f;
            foundIn = format.fullName();
        }
        return found;
    }

    private static TracepointField field(TracepointFormat format, ProbeArg arg) {
        TracepointField f = format.field(arg.name()).orElseThrow(() -> {
            List<String> names = format.fields().stream().map(TracepointField::name).toList();
            String message = "tracepoint " + format.fullName() + " has no field '" + arg.name() + "'";
            Optional<String> suggestion = Suggest.didYouMean(arg.name(), names);
            String list = "its fields are " + String.join(", ", names);
            return new CompileError(arg.namePos(), suggestion.map(s -> message + "; " + s).orElse(message),
                    Optional.of(list));
        });
        if (f.offset() < HIDDEN_BYTES) {
            throw new CompileError(arg.namePos(), "args->" + arg.name() + " cannot be read: a tracepoint program"
                    + " sees its record from byte " + HIDDEN_BYTES + " on (the kernel keeps its registers' address in"
                    + " the first " + HIDDEN_BYTES + ")", Optional.of("use pid, tid or cpu instead of the common_"
                    + " fields"));
        }
        return f;
    }
}
