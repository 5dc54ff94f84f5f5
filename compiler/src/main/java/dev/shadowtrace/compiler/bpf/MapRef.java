package dev.shadowtrace.compiler.bpf;

/**
 * A relocation: the ld_imm64 at {@code insnIndex} (a slot index) loads the file descriptor of the
 * map named {@code mapName}; the loader writes the fd into that slot's imm field.
 */
public record MapRef(int insnIndex, String mapName) {}
