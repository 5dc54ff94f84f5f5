package dev.shadowtrace.compiler.kernel.btf;

import java.util.List;

/**
 * One BTF type record. {@code sizeOrType} is the size in bytes (int, struct, union, enum, float,
 * datasec) or the referred type's id (ptr, typedef, modifiers, func, var); {@code members} are a
 * struct's or union's members, an enum's values are not kept; {@code params} a func_proto's;
 * {@code elementType} and {@code elements} an array's, and for an int {@code elements} is its
 * encoding word (bit 24: signed).
 *
 * @param id   the type's id (1-based; 0 is void)
 * @param name the name, empty for anonymous types
 */
public record BtfType(int id, BtfKind kind, String name, int sizeOrType, List<Member> members, List<Param> params,
        int elementType, int elements) {

    /** A struct or union member; {@code bitOffset} from the start of the composite. */
    public record Member(String name, int type, long bitOffset, int bitfieldSize) {}

    /** A function parameter; the name is empty in prototypes without names. */
    public record Param(String name, int type) {}

    /** Whether this is a signed integer type ({@code int}, {@code long}, {@code s8}...). */
    public boolean isSignedInt() {
        return kind == BtfKind.INT && (elements & (1 << 24)) != 0;
    }

    public BtfType {
        members = List.copyOf(members);
        params = List.copyOf(params);
    }
}
