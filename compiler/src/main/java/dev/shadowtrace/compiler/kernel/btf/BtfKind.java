package dev.shadowtrace.compiler.kernel.btf;

/** The kinds of BTF type records ({@code BTF_KIND_*} of include/uapi/linux/btf.h), by their number. */
public enum BtfKind {
    UNKNOWN, INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO,
    VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64;

    static BtfKind of(int number) {
        if (number <= 0 || number >= values().length) {
            throw new IllegalArgumentException("unknown BTF kind " + number);
        }
        return values()[number];
    }

    /** Kinds that only qualify or rename another type: typedef, const, volatile, restrict, type tag. */
    public boolean isModifier() {
        return this == TYPEDEF || this == CONST || this == VOLATILE || this == RESTRICT || this == TYPE_TAG;
    }

    public boolean isComposite() {
        return this == STRUCT || this == UNION;
    }
}
