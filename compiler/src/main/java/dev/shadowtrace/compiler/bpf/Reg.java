package dev.shadowtrace.compiler.bpf;

/**
 * The eleven eBPF registers. R0 holds helper and program return values, R1-R5 carry helper
 * arguments (R1 holds the context pointer at program entry) and are clobbered by calls, R6-R9
 * survive calls, R10 is the read-only frame pointer.
 */
public enum Reg {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    /** The register number as encoded in the 4-bit dst/src fields of {@code struct bpf_insn}. */
    public int number() {
        return ordinal();
    }

    @Override
    public String toString() {
        return "r" + number();
    }
}
