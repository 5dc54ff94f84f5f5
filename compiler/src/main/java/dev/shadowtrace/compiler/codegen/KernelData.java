package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;
import dev.shadowtrace.compiler.kernel.btf.BtfKind;
import dev.shadowtrace.compiler.kernel.btf.BtfType;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.check.ConstantFolder;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.diag.SourcePos;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Typed kernel data from BTF: the static type of fbt arguments by name, casts and {@code curtask},
 * and the members {@code p->m} and {@code s.m} of what they point to, read with
 * {@code bpf_probe_read_kernel} (a fault reads 0). An integer or pointer member is its value, sign-
 * or zero-extended to 64 bits; a char array or struct member is its address, as C arrays decay, so
 * that {@code str()} reads it and {@code .} can follow it.
 */
final class KernelData {
    private final ClauseContext c;
    private final Supplier<Optional<Btf>> btf;

    KernelData(ClauseContext c, Supplier<Optional<Btf>> btf) {
        this.c = c;
        this.btf = btf;
    }

    /** Pushes the value of {@code m}. */
    void push(Member m) {
        Located member = pushMember(m);
        if (member.bitSize() != 0) {
            readBits(member, m.namePos(), "member '" + m.name() + "'");
        } else {
            read(member.type(), m.namePos(), "member '" + m.name() + "'");
        }
    }

    /**
     * A member's BTF type at the address pushed; for a bit field, its first bit within the byte there and its
     * width in bits (0 for any other member).
     */
    private record Located(int type, int bitInByte, int bitSize) {}

    /**
     * Replaces the address on top of the value stack with the bit field there: the bytes holding its bits are
     * read into a zeroed word (little-endian, so the field's bits start at bit {@code bitInByte}), shifted up to
     * the word's top and back down, arithmetically if its type is a signed integer.
     */
    private void readBits(Located field, SourcePos pos, String what) {
        Btf types = types(pos);
        BtfType resolved = types.resolve(field.type());
        if (resolved.kind() != BtfKind.INT && resolved.kind() != BtfKind.ENUM && resolved.kind() != BtfKind.ENUM64) {
            throw new CompileError(pos, what + " is a bit field of type " + types.spell(field.type())
                    + ", which cannot be read as an integer", Optional.empty());
        }
        int bits = field.bitInByte() + field.bitSize();
        int bytes = (bits + 7) / 8;
        if (bytes > 8) {
            throw new CompileError(pos, what + " is a bit field over " + bytes + " bytes, more than one 8-byte"
                    + " read can hold", Optional.empty());
        }
        int buffer = c.frame.alloc(8);
        Reg address = c.values.pop().load(c.asm, R3);
        if (address != R3) {
            c.asm.mov64(R3, address);
        }
        c.asm.st(Size.DW, Reg.R10, buffer, 0);
        c.maps.pointer(R1, buffer);
        c.asm.mov64(R2, bytes).call(Helper.PROBE_READ_KERNEL); // on a fault the helper zeroes the bytes it read
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.ldx(Size.DW, t, Reg.R10, buffer);
        if (bits < 64) {
            c.asm.lsh64(t, 64 - bits);
        }
        if (field.bitSize() < 64) {
            if (resolved.isSignedInt()) {
                c.asm.arsh64(t, 64 - field.bitSize());
            } else {
                c.asm.rsh64(t, 64 - field.bitSize());
            }
        }
        s.store(c.asm, t);
    }

    /** Pushes the value of {@code e}, an element of an array or through a pointer. */
    void push(Index e) {
        read(pushAddress(e), e.pos(), "the element");
    }

    /**
     * Replaces the address on top of the value stack with the value of the BTF type {@code type} there:
     * an integer, enum or pointer is read, sign- or zero-extended; an array or struct stays its address.
     */
    private void read(int type, SourcePos pos, String what) {
        Btf types = types(pos);
        BtfType resolved = types.resolve(type);
        if (resolved.kind() == BtfKind.ARRAY || resolved.kind().isComposite()) {
            return; // its address
        }
        if (resolved.kind() != BtfKind.INT && resolved.kind() != BtfKind.PTR && resolved.kind() != BtfKind.ENUM
                && resolved.kind() != BtfKind.ENUM64) {
            throw new CompileError(pos, what + " is a " + types.spell(type)
                    + ", which cannot be read as an integer", Optional.empty());
        }
        int bytes = (int) types.sizeOf(type);
        Size size = Arrays.stream(Size.values()).filter(s -> s.bytes() == bytes).findFirst().orElseThrow(() ->
                new CompileError(pos, what + " is a " + bytes + "-byte "
                        + types.spell(type) + ": only 1, 2, 4 and 8-byte integers can be read", Optional.empty()));
        int buffer = c.frame.alloc(8);
        Reg address = c.values.pop().load(c.asm, R3);
        if (address != R3) {
            c.asm.mov64(R3, address);
        }
        c.maps.pointer(R1, buffer);
        c.asm.mov64(R2, bytes).call(Helper.PROBE_READ_KERNEL); // on a fault the helper zeroes the buffer
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.ldx(size, t, Reg.R10, buffer);
        if (resolved.isSignedInt() && bytes < 8) {
            c.asm.lsh64(t, 64 - 8 * bytes).arsh64(t, 64 - 8 * bytes);
        }
        s.store(c.asm, t);
    }

    /**
     * Pushes the address of {@code base[index]}; returns the element's BTF type. A constant index of an
     * array must lie within it (a compile error otherwise); a variable one outside it gives address 0,
     * which reads as 0. Through a pointer the index is not checked.
     */
    private int pushAddress(Index e) {
        Btf types = types(e.pos());
        CType base = typeOf(e.base()).orElseThrow(() -> new CompileError(e.pos(), "'[]' needs a kernel array or"
                + " typed pointer on its left, which this is not", Optional.of(
                "index an array member (curtask->comm[0]) or a pointer cast to its type")));
        Element element = element(types, base, e.pos());
        long size = types.sizeOf(element.type());
        if (size == 0) {
            throw new CompileError(e.pos(), "the elements of " + spell(types, base) + " have no size",
                    Optional.empty());
        }
        c.ints.push(e.base()); // an array's address (as a member it decays), or the pointer's value
        Optional<Long> constant = ConstantFolder.evaluate(e.index());
        if (constant.isPresent()) {
            long index = constant.get();
            if (element.length() >= 0 && (index < 0 || index >= element.length())) {
                throw new CompileError(e.index().pos(), "index " + index + " is out of bounds of "
                        + spell(types, base) + " (0 to " + (element.length() - 1) + ")", Optional.empty());
            }
            long offset = index * size;
            if (offset != 0) {
                Slot s = c.values.top();
                Reg r = s.load(c.asm, R0);
                if (offset == (int) offset) {
                    c.asm.add64(r, (int) offset);
                } else {
                    c.asm.ldImm64(R1, offset).add64(r, R1);
                }
                s.store(c.asm, r);
            }
            return element.type();
        }
        c.ints.push(e.index());
        Reg index = c.values.pop().load(c.asm, R2);
        Slot s = c.values.top();
        Reg address = s.load(c.asm, R1);
        String outside = c.asm.newLabel("index.outside");
        String done = c.asm.newLabel("index.done");
        if (element.length() >= 0) {
            c.asm.jge(index, (int) element.length(), outside); // unsigned: a negative index is outside too
        }
        if (size != (int) size) {
            throw new CompileError(e.pos(), "elements of " + size + " bytes are too large to index", Optional.empty());
        }
        c.asm.mul64(index, (int) size).add64(address, index);
        if (element.length() >= 0) {
            c.asm.ja(done).label(outside).mov64(address, 0).label(done);
        }
        s.store(c.asm, address);
        return element.type();
    }

    /** An element type, and the array's length (-1 through a pointer: unknown). */
    private record Element(int type, long length) {}

    private static Element element(Btf types, CType base, SourcePos pos) {
        if (base.pointers() > 0) {
            return new Element(base.id(), -1);
        }
        BtfType resolved = types.resolve(base.id());
        if (resolved.kind() == BtfKind.ARRAY) {
            return new Element(resolved.elementType(), Integer.toUnsignedLong(resolved.elements()));
        }
        if (resolved.kind() == BtfKind.PTR) {
            return new Element(resolved.sizeOrType(), -1);
        }
        throw new CompileError(pos, "'[]' needs an array or a pointer, not a " + spell(types, base),
                Optional.empty());
    }

    /** Pushes the address of {@code e}, a member or an element that is a struct (the left of '.'); returns its BTF type. */
    private int pushAddress(Expr e) {
        return e instanceof Index index ? pushAddress(index) : pushMember((Member) e).type();
    }

    /**
     * Pushes the address of member {@code m} (for a bit field, of the byte holding its first bit); returns the
     * member's BTF type and bits.
     */
    private Located pushMember(Member m) {
        Btf types = types(m.namePos());
        CType base = typeOf(m.base()).orElseThrow(() -> new CompileError(m.base().pos(), "'"
                + (m.arrow() ? "->" : ".") + m.name() + "' needs typed kernel data on its left, which this is not",
                Optional.of("cast it to a pointer to its type, e.g. (struct task_struct *)x")));
        BtfType composite;
        if (m.arrow()) {
            CType target = pointee(types, base).orElseThrow(() -> new CompileError(m.namePos(), "'->" + m.name()
                    + "' needs a pointer, not a " + spell(types, base), Optional.of(isComposite(types, base)
                    ? "use '." + m.name() + "'" : "cast it to a pointer to a struct")));
            composite = composite(types, target).orElseThrow(() -> new CompileError(m.namePos(), "'->" + m.name()
                    + "' needs a pointer to a struct or union, not a " + spell(types, base), Optional.empty()));
            c.ints.push(m.base());
        } else {
            composite = composite(types, base).orElseThrow(() -> new CompileError(m.namePos(), "'." + m.name()
                    + "' needs a struct or union, not a " + spell(types, base), Optional.of(
                    pointee(types, base).flatMap(t -> composite(types, t)).isPresent() ? "use '->" + m.name() + "'"
                            : "members are of structs and unions")));
            if (m.base() instanceof Member || m.base() instanceof Index) {
                pushAddress(m.base());
            } else if (m.base() instanceof Variable || m.base() instanceof MapAccess) {
                c.ints.push(m.base()); // a struct member stored in a variable is its address
            } else {
                throw new CompileError(m.namePos(), "'." + m.name() + "' needs a struct member on its left",
                        Optional.empty());
            }
        }
        BtfType.Member member;
        try {
            member = types.member(composite, m.name());
        } catch (BtfException e) {
            throw new CompileError(m.namePos(), e.getMessage(), Optional.empty());
        }
        long offset = member.bitOffset() / 8;
        if (offset != 0) {
            Slot s = c.values.pop();
            Reg r = s.load(c.asm, R0);
            c.asm.add64(r, (int) offset);
            c.values.push().store(c.asm, r);
        }
        return member.bitfieldSize() == 0 ? new Located(member.type(), 0, 0)
                : new Located(member.type(), (int) (member.bitOffset() % 8), member.bitfieldSize());
    }

    /**
     * The value of {@code sizeof(expr)}, {@code sizeof(struct NAME)} or {@code offsetof(struct NAME, a.b)},
     * from BTF: a compile-time constant; no code is generated for sizeof's expression. Script values
     * that are not kernel data have the size they are stored in: 8 bytes for an int or stack, 64 for a
     * string, 72 for a buffer.
     */
    long constant(Call call) {
        return switch (call.function()) {
            case SIZEOF -> {
                Expr operand = call.args().get(0);
                Optional<CType> type = typeOf(operand);
                if (type.isPresent()) {
                    yield type.get().pointers() > 0 ? 8 : types(operand.pos()).sizeOf(type.get().id());
                }
                yield operand.type() == ScalarType.STRING ? ScalarType.STRING_SIZE
                        : operand.type() == ScalarType.BUFFER ? Buffers.SIZE : 8;
            }
            case TYPE_SIZE -> {
                StringLiteral spelled = (StringLiteral) call.args().get(0);
                String name = spelled.value().replace(" *", "");
                BtfType type = namedComposite(name, spelled.pos());
                yield spelled.value().endsWith("*") ? 8 : types(spelled.pos()).sizeOf(type.id());
            }
            case OFFSETOF -> offsetOf((StringLiteral) call.args().get(0), (StringLiteral) call.args().get(1));
            default -> throw new IllegalArgumentException(call.name() + "() is not a type's constant");
        };
    }

    /**
     * The size in bytes of {@code e} if it is a kernel array (a member such as {@code curtask->comm},
     * which is its address), for {@code buf(array)}; empty for anything else.
     */
    Optional<Long> arrayBytes(Expr e) {
        if (!(e instanceof Member) && !(e instanceof Index) && !(e instanceof Variable) && !(e instanceof MapAccess)) {
            return Optional.empty();
        }
        Optional<CType> type = typeOf(e);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Btf types = types(e.pos());
        return type.filter(t -> t.pointers() == 0 && types.resolve(t.id()).kind() == BtfKind.ARRAY)
                .map(t -> types.sizeOf(t.id()));
    }

    /** {@code offsetof(struct NAME, a.b)}: the byte offset of the member path from the start of the type. */
    private long offsetOf(StringLiteral composite, StringLiteral path) {
        Btf types = types(composite.pos());
        BtfType current = namedComposite(composite.value(), composite.pos());
        long bits = 0;
        String[] names = path.value().split("\\.");
        for (int i = 0; i < names.length; i++) {
            BtfType.Member member;
            try {
                member = types.member(current, names[i]);
            } catch (BtfException e) {
                throw new CompileError(path.pos(), e.getMessage(), Optional.empty());
            }
            if (member.bitfieldSize() != 0) {
                throw new CompileError(path.pos(), "member '" + names[i] + "' of " + types.spell(current.id())
                        + " is a bit field, which has no byte offset", Optional.empty());
            }
            bits += member.bitOffset();
            if (i + 1 < names.length) {
                BtfType inner = types.resolve(member.type());
                if (!inner.kind().isComposite()) {
                    throw new CompileError(path.pos(), "'" + names[i] + "' of " + types.spell(current.id()) + " is a "
                            + types.spell(member.type()) + ", which has no member '" + names[i + 1] + "'",
                            Optional.of("a member path goes through struct and union members only"));
                }
                current = inner;
            }
        }
        return bits / 8;
    }

    private BtfType namedComposite(String spelled, SourcePos pos) {
        return types(pos).composite(spelled).orElseThrow(() -> new CompileError(pos, "the kernel has no type '"
                + spelled + "'", Optional.of("sizeof() and offsetof() know the kernel's structs and unions (BTF)")));
    }

    /** The static type of {@code e} if it is typed kernel data; reads BTF only for expressions that may be. */
    Optional<CType> typeOf(Expr e) {
        if (e instanceof Variable || e instanceof MapAccess) {
            return c.variables.typeOf(e, c.clause);
        }
        if (e instanceof Member m) {
            return Optional.of(new CType(memberType(types(e.pos()), m), 0));
        }
        if (e instanceof Index index) {
            CType base = typeOf(index.base()).orElseThrow(() -> new CompileError(index.pos(), "'[]' needs a kernel"
                    + " array or typed pointer on its left, which this is not", Optional.empty()));
            return Optional.of(new CType(element(types(e.pos()), base, index.pos()).type(), 0));
        }
        if (e instanceof Cast cast) {
            BtfType composite = types(e.pos()).composite(cast.composite()).orElseThrow(() -> new CompileError(
                    cast.typePos(), "the kernel has no type '" + cast.composite() + "'", Optional.empty()));
            return Optional.of(new CType(composite.id(), 1));
        }
        if (e instanceof BuiltinRef ref && ref.variable() == BuiltinVariable.CURTASK) {
            return types(e.pos()).composite("struct task_struct").map(t -> new CType(t.id(), 1));
        }
        if (e instanceof BuiltinRef ref && ref.variable() == BuiltinVariable.RETVAL
                && !c.syscallArgs.inSyscalls(ref.pos()) && c.probes.sites().stream().noneMatch(s -> s.probe().isUser())) {
            return Optional.of(returnType(types(e.pos()), ref));
        }
        if (e instanceof ProbeArg arg && !c.syscallArgs.inSyscalls(arg.pos()) && !c.tracepointArgs.inTracepoints()) {
            return Optional.of(new CType(c.functionArgs.resolve(arg).type(), 0));
        }
        return Optional.empty();
    }

    /** The return type of the clause's fbt functions, which must all have the same. */
    private CType returnType(Btf types, BuiltinRef ref) {
        Integer found = null;
        String foundIn = null;
        for (String function : c.probes.sites().stream().map(s -> s.function()).distinct().toList()) {
            int type = types.prototype(function).orElseThrow(() -> new CompileError(ref.pos(), "the kernel's BTF has"
                    + " no prototype of " + function + ", so retval is not typed kernel data", Optional.of(
                    "cast it, e.g. ((struct vfsmount *)retval)->mnt_flags"))).sizeOrType();
            if (found != null && !types.spell(type).equals(types.spell(found))) {
                throw new CompileError(ref.pos(), "retval is a " + types.spell(found) + " in " + foundIn + " but a "
                        + types.spell(type) + " in " + function, Optional.of("give these functions clauses of their own"));
            }
            if (found == null) {
                found = type;
                foundIn = function;
            }
        }
        return new CType(found, 0);
    }

    /** The BTF type of member {@code m}, without generating code. */
    private int memberType(Btf types, Member m) {
        CType base = typeOf(m.base()).orElseThrow(() -> new CompileError(m.base().pos(),
                "not typed kernel data", Optional.empty()));
        Optional<BtfType> composite = m.arrow() ? pointee(types, base).flatMap(t -> composite(types, t))
                : composite(types, base);
        try {
            return types.member(composite.orElseThrow(() -> new CompileError(m.namePos(), "'" + m.name()
                    + "' needs a struct or union on its left", Optional.empty())), m.name()).type();
        } catch (BtfException e) {
            throw new CompileError(m.namePos(), e.getMessage(), Optional.empty());
        }
    }

    private static Optional<CType> pointee(Btf types, CType t) {
        if (t.pointers() > 0) {
            return Optional.of(new CType(t.id(), t.pointers() - 1));
        }
        BtfType resolved = types.resolve(t.id());
        return resolved.kind() == BtfKind.PTR ? Optional.of(new CType(resolved.sizeOrType(), 0)) : Optional.empty();
    }

    private static Optional<BtfType> composite(Btf types, CType t) {
        BtfType resolved = types.resolve(t.id());
        return t.pointers() == 0 && resolved.kind().isComposite() ? Optional.of(resolved) : Optional.empty();
    }

    private static boolean isComposite(Btf types, CType t) {
        return composite(types, t).isPresent();
    }

    private static String spell(Btf types, CType t) {
        return types.spell(t.id()) + " *".repeat(t.pointers());
    }

    private Btf types(SourcePos pos) {
        return btf.get().orElseThrow(() -> new CompileError(pos, "struct members need the kernel's BTF types"
                + " (/sys/kernel/btf/vmlinux), which this kernel does not have", Optional.empty()));
    }
}
