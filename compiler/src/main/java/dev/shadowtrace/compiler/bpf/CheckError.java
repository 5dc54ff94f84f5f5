package dev.shadowtrace.compiler.bpf;

/**
 * One problem found by {@link ProgramChecker}.
 *
 * @param index the offending instruction slot, or {@link #PROGRAM} for whole-program problems
 * @param message what is wrong, in the terms of the eBPF rules
 */
public record CheckError(int index, String message) {
    public static final int PROGRAM = -1;

    @Override
    public String toString() {
        return index == PROGRAM ? message : "insn " + index + ": " + message;
    }
}
