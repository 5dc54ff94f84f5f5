package dev.shadowtrace.compiler.codegen;

/**
 * Offsets in x86-64 {@code struct pt_regs}, the context (r1) of a kprobe program:
 *
 * <pre>
 *   0 r15   8 r14  16 r13  24 r12  32 bp   40 bx   48 r11  56 r10
 *  64 r9   72 r8   80 ax   88 cx   96 dx  104 si  112 di  120 orig_ax
 * 128 ip  136 cs  144 flags  152 sp  160 ss
 * </pre>
 */
final class PtRegs {
    /** rax: the return value at a function's return. */
    static final int AX = 80;
    /** The instruction pointer: the probe site's address. */
    static final int IP = 128;

    /** Where arguments 0-5 arrive in the System V ABI: rdi, rsi, rdx, rcx, r8, r9. */
    private static final int[] ARGUMENTS = {112, 104, 96, 88, 72, 64};

    /** Where syscall arguments 0-5 arrive in the x86-64 syscall ABI: rdi, rsi, rdx, r10, r8, r9. */
    private static final int[] SYSCALL_ARGUMENTS = {112, 104, 96, 56, 72, 64};

    private PtRegs() {}

    static int syscallArgument(int n) {
        return SYSCALL_ARGUMENTS[n];
    }

    static int argument(int n) {
        return ARGUMENTS[n];
    }
}
