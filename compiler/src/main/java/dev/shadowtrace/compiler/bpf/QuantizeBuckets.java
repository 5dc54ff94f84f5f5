package dev.shadowtrace.compiler.bpf;

/**
 * The power-of-two buckets of DTrace's {@code quantize()} (bpftrace's {@code hist()}), with
 * DTrace's separate buckets for negative values. There are {@value #BUCKETS} buckets; with {@code
 * Z} = {@value #ZERO_BUCKET}:
 *
 * <pre>
 * bucket       values                          label
 * Z            0                               0
 * Z + k        [2^(k-1), 2^k - 1], k = 1..63   2^(k-1)
 * Z - 1 - k    [-2^k, -2^(k-1) - 1], k = 1..63 -2^k
 * Z - 1        -1                              -1
 * </pre>
 *
 * <p>So 1 is in bucket 65, 2-3 in 66, 4-7 in 67, 2^62..2^63-1 in 127; -1 in 63, -2 in 62, -4..-3
 * in 61, -2^63..-2^62-1 in 0. Each bucket is labelled by its lower bound and holds values up to
 * the next label, as in DTrace (whose 127 buckets are these minus bucket 0).
 *
 * <p>The index is computed branch-free: with {@code s = v >> 63} (arithmetic, 0 or -1) and {@code
 * u = v ^ s} (v, or -v-1 for negatives; always in [0, 2^63)), {@code bucket = 64 + (bitLength(u)
 * ^ s)}, where {@code bitLength(u) = 64 - numberOfLeadingZeros(u)} is 0..63 and XOR with -1 turns
 * {@code 64 + b} into {@code 63 - b}.
 */
public final class QuantizeBuckets implements BucketLayout {
    public static final QuantizeBuckets INSTANCE = new QuantizeBuckets();

    public static final int BUCKETS = 128;
    public static final int ZERO_BUCKET = 64;

    /** Length of the code {@link #emitBucketIndex} emits. */
    public static final int EMITTED_INSNS = 50;

    private QuantizeBuckets() {}

    @Override
    public int bucketCount() {
        return BUCKETS;
    }

    @Override
    public int bucketOf(long value) {
        long sign = value >> 63;
        long magnitude = value ^ sign;
        int bitLength = 64 - Long.numberOfLeadingZeros(magnitude);
        return ZERO_BUCKET + (bitLength ^ (int) sign);
    }

    @Override
    public long lowerBound(int bucket) {
        checkBucket(bucket);
        if (bucket >= ZERO_BUCKET) {
            int k = bucket - ZERO_BUCKET;
            return k == 0 ? 0 : 1L << (k - 1);
        }
        return -(1L << (ZERO_BUCKET - 1 - bucket));
    }

    @Override
    public long upperBound(int bucket) {
        checkBucket(bucket);
        if (bucket >= ZERO_BUCKET) {
            return (1L << (bucket - ZERO_BUCKET)) - 1;
        }
        int k = ZERO_BUCKET - 1 - bucket;
        return k == 0 ? -1 : -(1L << (k - 1)) - 1;
    }

    @Override
    public String label(int bucket) {
        return Long.toString(lowerBound(bucket));
    }

    /**
     * Emits {@value #EMITTED_INSNS} straight-line instructions computing {@code dst =
     * bucketOf(src)}. {@code src} is preserved; {@code tmp1} and {@code tmp2} are clobbered. The
     * bit length of u (below 2^63) is found without branches ({@link BitLength}), so the verifier
     * walks the code once.
     */
    public void emitBucketIndex(Assembler asm, Reg dst, Reg src, Reg tmp1, Reg tmp2) {
        Registers.requireDistinct(dst, src, tmp1, tmp2);
        Reg u = tmp1;
        Reg t = tmp2;
        asm.mov64(u, src).arsh64(u, 63).xor64(u, src);
        BitLength.emit(asm, dst, u, t);
        asm.mov64(t, src).arsh64(t, 63).xor64(dst, t).add64(dst, ZERO_BUCKET);
    }

    private static void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= BUCKETS) {
            throw new IndexOutOfBoundsException("quantize bucket " + bucket);
        }
    }
}
