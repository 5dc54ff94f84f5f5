package dev.shadowtrace.compiler.kernel.btf;

import dev.shadowtrace.lang.diag.Suggest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's BTF type information ({@code /sys/kernel/btf/vmlinux}, the format of
 * include/uapi/linux/btf.h and Documentation/bpf/btf.rst): the types by id, the named structs,
 * unions and functions, member lookup through anonymous members, and C spellings of types for
 * error messages. Read once; immutable.
 */
public final class Btf {
    /** Where the running kernel exposes its BTF. */
    public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private static final int MAGIC = 0xeb9f;

    private final List<BtfType> types = new ArrayList<>();
    private final Map<String, Integer> composites = new HashMap<>();
    private final Map<String, Integer> functions = new HashMap<>();

    private Btf() {
        types.add(new BtfType(0, BtfKind.UNKNOWN, "void", 0, List.of(), List.of(), 0, 0));
    }

    public static Btf read(Path path) throws IOException {
        return parse(ByteBuffer.wrap(Files.readAllBytes(path)));
    }

    /** @throws IOException if the bytes are not BTF this reader understands */
    public static Btf parse(ByteBuffer data) throws IOException {
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 24 || (in.getShort(0) & 0xffff) != MAGIC) {
            throw new IOException("not BTF (no magic 0xeb9f in little-endian)");
        }
        int headerLength = in.getInt(4);
        int typeOffset = in.getInt(8);
        int typeLength = in.getInt(12);
        int stringOffset = in.getInt(16);
        int stringLength = in.getInt(20);
        ByteBuffer strings = in.slice(headerLength + stringOffset, stringLength).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer records = in.slice(headerLength + typeOffset, typeLength).order(ByteOrder.LITTLE_ENDIAN);
        Btf btf = new Btf();
        try {
            while (records.hasRemaining()) {
                btf.add(readType(btf.types.size(), records, strings));
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed BTF at type " + btf.types.size() + ": " + e.getMessage(), e);
        }
        return btf;
    }

    private void add(BtfType type) {
        types.add(type);
        if (type.kind().isComposite() && !type.name().isEmpty()) {
            composites.putIfAbsent(type.kind().name().toLowerCase() + " " + type.name(), type.id());
        }
        if (type.kind() == BtfKind.FUNC) {
            functions.putIfAbsent(type.name(), type.id());
        }
    }

    private static BtfType readType(int id, ByteBuffer in, ByteBuffer strings) {
        String name = string(strings, in.getInt());
        int info = in.getInt();
        int sizeOrType = in.getInt();
        int vlen = info & 0xffff;
        BtfKind kind = BtfKind.of((info >>> 24) & 0x1f);
        boolean kindFlag = (info >>> 31) != 0;
        List<BtfType.Member> members = new ArrayList<>();
        List<BtfType.Param> params = new ArrayList<>();
        int elementType = 0;
        int elements = 0;
        switch (kind) {
            case INT -> elements = in.getInt(); // the encoding word
            case VAR, DECL_TAG -> in.getInt();
            case ARRAY -> {
                elementType = in.getInt();
                in.getInt(); // index type
                elements = in.getInt();
            }
            case STRUCT, UNION -> {
                for (int i = 0; i < vlen; i++) {
                    String member = string(strings, in.getInt());
                    int type = in.getInt();
                    int offset = in.getInt();
                    members.add(kindFlag ? new BtfType.Member(member, type, offset & 0xffffff, offset >>> 24)
                            : new BtfType.Member(member, type, Integer.toUnsignedLong(offset), 0));
                }
            }
            case ENUM -> in.position(in.position() + 8 * vlen);
            case ENUM64, DATASEC -> in.position(in.position() + 12 * vlen);
            case FUNC_PROTO -> {
                for (int i = 0; i < vlen; i++) {
                    params.add(new BtfType.Param(string(strings, in.getInt()), in.getInt()));
                }
            }
            default -> { }
        }
        return new BtfType(id, kind, name, sizeOrType, members, params, elementType, elements);
    }

    private static String string(ByteBuffer strings, int offset) {
        int end = offset;
        while (strings.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        strings.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The number of types, void (id 0) included. */
    public int size() {
        return types.size();
    }

    public BtfType type(int id) {
        return types.get(id);
    }

    /** The type with typedefs and qualifiers removed. */
    public BtfType resolve(int id) {
        BtfType type = types.get(id);
        while (type.kind().isModifier()) {
            type = types.get(type.sizeOrType());
        }
        return type;
    }

    /** {@code struct NAME} or {@code union NAME}, as written in C. */
    public Optional<BtfType> composite(String spelled) {
        return Optional.ofNullable(composites.get(spelled)).map(types::get);
    }

    /** The prototype (a FUNC_PROTO) of the kernel function {@code name}. */
    public Optional<BtfType> prototype(String name) {
        return Optional.ofNullable(functions.get(name)).map(id -> types.get(types.get(id).sizeOrType()));
    }

    /**
     * The member {@code name} of a struct or union, found through anonymous members as C does, with
     * its bit offset from the start of {@code composite}.
     *
     * @throws BtfException naming the type, with the closest members as suggestions
     */
    public BtfType.Member member(BtfType composite, String name) throws BtfException {
        Optional<BtfType.Member> found = find(composite, name, 0);
        if (found.isPresent()) {
            return found.get();
        }
        List<String> names = new ArrayList<>();
        collectNames(composite, names);
        String message = spell(composite.id()) + " has no member '" + name + "'";
        throw new BtfException(Suggest.didYouMean(name, names).map(s -> message + "; " + s).orElse(message));
    }

    private Optional<BtfType.Member> find(BtfType composite, String name, long base) {
        for (BtfType.Member m : composite.members()) {
            if (m.name().equals(name)) {
                return Optional.of(new BtfType.Member(name, m.type(), base + m.bitOffset(), m.bitfieldSize()));
            }
            BtfType inner = resolve(m.type());
            if (m.name().isEmpty() && inner.kind().isComposite()) {
                Optional<BtfType.Member> nested = find(inner, name, base + m.bitOffset());
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }

    private void collectNames(BtfType composite, List<String> names) {
        for (BtfType.Member m : composite.members()) {
            BtfType inner = resolve(m.type());
            if (m.name().isEmpty() && inner.kind().isComposite()) {
                collectNames(inner, names);
            } else if (!m.name().isEmpty()) {
                names.add(m.name());
            }
        }
    }

    /** The C spelling of a type: {@code int}, {@code struct path *}, {@code const char *}, {@code u8[16]}. */
    public String spell(int id) {
        BtfType type = types.get(id);
        return switch (type.kind()) {
            case UNKNOWN -> "void";
            case PTR -> spell(type.sizeOrType()) + " *";
            case CONST -> "const " + spell(type.sizeOrType());
            case VOLATILE -> "volatile " + spell(type.sizeOrType());
            case RESTRICT, TYPE_TAG -> spell(type.sizeOrType());
            case ARRAY -> spell(type.elementType()) + "[" + type.elements() + "]";
            case STRUCT, UNION, ENUM, ENUM64 -> (type.kind() == BtfKind.ENUM64 ? "enum" : type.kind().name()
                    .toLowerCase()) + " " + (type.name().isEmpty() ? "(anonymous)" : type.name());
            case FUNC_PROTO -> "function";
            default -> type.name();
        };
    }

    /** The size in bytes of a value of the type (pointers 8); 0 for void and functions. */
    public long sizeOf(int id) {
        BtfType type = resolve(id);
        return switch (type.kind()) {
            case INT, STRUCT, UNION, ENUM, ENUM64, FLOAT -> Integer.toUnsignedLong(type.sizeOrType());
            case PTR -> 8;
            case ARRAY -> type.elements() * sizeOf(type.elementType());
            default -> 0;
        };
    }
}
