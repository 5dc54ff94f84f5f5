package dev.shadowtrace.compiler.codegen;

/**
 * The static type of typed kernel data: a BTF type id under {@code pointers} more levels of pointer (a
 * cast's, which BTF may lack).
 */
record CType(int id, int pointers) {}
