package dev.shadowtrace.compiler.bpf;

import org.HdrHistogram.Histogram;

/**
 * The buckets of {@code hdr(value, digits)}: HdrHistogram's own log-linear layout (lowest
 * discernible value 1, {@code digits} significant digits, every value up to 2^63 - 1 trackable), so
 * that bucket counts load into an {@code org.HdrHistogram.Histogram} of the same precision
 * without loss. Bucket 0 holds every negative value (HdrHistogram records none); bucket
 * {@code 1 + i} is HdrHistogram's counts-array index {@code i}.
 *
 * <p>With {@code m} = the sub-bucket count magnitude ({@code ceil(log2(2 * 10^digits))}: 5, 8 or
 * 11) and {@code half = 2^(m-1)}, HdrHistogram's {@code countsArrayIndex(v)} is, for v >= 0:
 *
 * <pre>
 * b   = bitLength(v | (2^m - 1)) - m       its "bucket index", from the highest bit
 * sub = v >> b                             its "sub-bucket index", in [0, 2^m) (>= half when b > 0)
 * i   = (b + 1) * half + sub - half = b * half + sub
 * </pre>
 *
 * <p>Sub-bucket {@code i} holds {@code [sub << b, ((sub + 1) << b) - 1]}: exact up to 2^m - 1,
 * then {@code 2^b} values wide, under {@code 10^-digits} of its lower bound.
 */
public final class HdrBuckets implements BucketLayout {
    /** Length of the code {@link #emitBucketIndex} emits. */
    public static final int EMITTED_INSNS = 59;

    private final int digits;
    private final int magnitude;
    private final int halfCount;
    private final int indexCount;

    /** @param digits HdrHistogram's numberOfSignificantValueDigits, 1 to 3 */
    public HdrBuckets(int digits) {
        if (digits < 1 || digits > 3) {
            throw new IllegalArgumentException("hdr() takes 1 to 3 significant digits, not " + digits);
        }
        this.digits = digits;
        long singleUnitResolution = 2 * (long) Math.pow(10, digits);
        this.magnitude = 64 - Long.numberOfLeadingZeros(singleUnitResolution - 1);
        this.halfCount = 1 << (magnitude - 1);
        this.indexCount = index(Long.MAX_VALUE) + 1;
    }

    public int digits() {
        return digits;
    }

    @Override
    public int bucketCount() {
        return 1 + indexCount;
    }

    @Override
    public int bucketOf(long value) {
        return value < 0 ? 0 : 1 + index(value);
    }

    @Override
    public long lowerBound(int bucket) {
        checkBucket(bucket);
        if (bucket == 0) {
            return Long.MIN_VALUE;
        }
        int i = bucket - 1;
        int b = i / halfCount - 1;
        int sub = i % halfCount + halfCount;
        if (b < 0) {
            b = 0;
            sub -= halfCount;
        }
        return (long) sub << b;
    }

    @Override
    public long upperBound(int bucket) {
        checkBucket(bucket);
        if (bucket == 0) {
            return -1;
        }
        int i = bucket - 1;
        int b = Math.max(i / halfCount - 1, 0);
        return lowerBound(bucket) + (1L << b) - 1;
    }

    @Override
    public String label(int bucket) {
        return bucket == 0 ? "< 0" : Long.toString(lowerBound(bucket));
    }

    /**
     * The HdrHistogram of the non-negative buckets (bucket 0, the negative values, is left out: use
     * {@code counts[0]}). Each count is recorded at its bucket's lower bound, which is the
     * histogram's own sub-bucket, so every count lands where HdrHistogram would have put its values.
     *
     * @param counts one count per bucket
     */
    public Histogram histogram(long[] counts) {
        if (counts.length != bucketCount()) {
            throw new IllegalArgumentException(counts.length + " counts for " + bucketCount() + " buckets");
        }
        Histogram histogram = new Histogram(digits);
        for (int bucket = 1; bucket < counts.length; bucket++) {
            if (counts[bucket] < 0) {
                throw new IllegalArgumentException("negative bucket count " + counts[bucket]);
            }
            if (counts[bucket] > 0) {
                histogram.recordValueWithCount(lowerBound(bucket), counts[bucket]);
            }
        }
        return histogram;
    }

    /** HdrHistogram's counts-array index of {@code value >= 0}. */
    private int index(long value) {
        int b = (64 - Long.numberOfLeadingZeros(value | ((1L << magnitude) - 1))) - magnitude;
        return (int) ((long) b * halfCount + (value >>> b));
    }

    /**
     * Emits {@value #EMITTED_INSNS} straight-line instructions computing {@code dst =
     * bucketOf(src)}; {@code src} is preserved, {@code tmp1} and {@code tmp2} are clobbered. The
     * bit length is found by a branch-free binary search ({@link BitLength}, valid because {@code u
     * = v ^ (v >> 63)} is below 2^63); negative values, whose
     * {@code u} is {@code ~v}, are sent to bucket 0 by masking the result with {@code ~(v >> 63)}.
     * No jumps, so the verifier walks it once.
     */
    public void emitBucketIndex(Assembler asm, Reg dst, Reg src, Reg tmp1, Reg tmp2) {
        Registers.requireDistinct(dst, src, tmp1, tmp2);
        Reg x = tmp1;
        Reg t = tmp2;
        asm.mov64(x, src).arsh64(x, 63).xor64(x, src).or64(x, (1 << magnitude) - 1);
        BitLength.emit(asm, dst, x, t);
        asm.sub64(dst, magnitude);                                    // dst = b
        asm.mov64(x, src).arsh64(x, 63).xor64(x, src).rsh64(x, dst);  // x = sub
        asm.lsh64(dst, magnitude - 1).add64(dst, x).add64(dst, 1);    // dst = 1 + index
        asm.mov64(t, src).arsh64(t, 63).xor64(t, -1).and64(dst, t);   // negative: 0
    }

    private void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= bucketCount()) {
            throw new IndexOutOfBoundsException("hdr bucket " + bucket + " of " + bucketCount());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdrBuckets h && h.digits == digits;
    }

    @Override
    public int hashCode() {
        return digits;
    }

    @Override
    public String toString() {
        return "hdr(" + digits + " digits)";
    }
}
