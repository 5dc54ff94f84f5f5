package dev.shadowtrace.compiler.bpf;

/** The bit length of a register's value, in straight-line BPF code, for the histogram bucket indexes. */
final class BitLength {

    private BitLength() {}

    /**
     * Emits {@code dst = 64 - numberOfLeadingZeros(x)} for {@code 0 <= x < 2^63}, destroying
     * {@code x} and {@code t}. A binary search without branches: for s = 32, 16, 8, 4, 2, 1,
     * {@code t = ((x >> s) != 0) * s} (as {@code (-(x >> s)) >> 63 << log2(s)}, valid because x <
     * 2^63), {@code x >>= t}, {@code dst += t}; finally {@code dst += x}. No jumps, so the verifier
     * walks it once; it tracks the result as an unbounded scalar, which is fine for a map key.
     */
    static void emit(Assembler asm, Reg dst, Reg x, Reg t) {
        Registers.requireDistinct(dst, x, t);
        asm.mov64(dst, 0);
        for (int shift = 32; shift >= 1; shift >>= 1) {
            asm.mov64(t, x).rsh64(t, shift).neg64(t).rsh64(t, 63);
            if (shift > 1) {
                asm.lsh64(t, Integer.numberOfTrailingZeros(shift));
            }
            asm.rsh64(x, t).add64(dst, t);
        }
        asm.add64(dst, x);
    }
}
