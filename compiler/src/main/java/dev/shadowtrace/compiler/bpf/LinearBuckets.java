package dev.shadowtrace.compiler.bpf;

/**
 * The linear buckets of DTrace's {@code lquantize(value, lo, hi, step)} (bpftrace's {@code
 * lhist()}). With {@code levels = (hi - lo) / step} (integer division, as DTrace) and {@code top =
 * lo + levels * step}, there are {@code levels + 2} buckets:
 *
 * <pre>
 * bucket         values                                    label
 * 0              [Long.MIN_VALUE, lo - 1]                  "&lt; lo"
 * i = 1..levels  [lo + (i-1)*step, lo + i*step - 1]        lo + (i-1)*step
 * levels + 1     [top, Long.MAX_VALUE]                     "&gt;= top"
 * </pre>
 *
 * <p>As in DTrace, lo and hi are 32-bit and there are at most {@value #MAX_LEVELS} levels; if
 * {@code hi - lo} is not a multiple of step, the overflow bucket starts at top, below hi.
 */
public record LinearBuckets(int lo, int hi, int step) implements BucketLayout {
    public static final int MAX_LEVELS = 65535;

    public LinearBuckets {
        if (step < 1) {
            throw new IllegalArgumentException("lquantize step must be positive, not " + step);
        }
        if (hi <= lo) {
            throw new IllegalArgumentException("lquantize upper bound " + hi + " must exceed " + lo);
        }
        long levels = ((long) hi - lo) / step;
        if (levels < 1 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("lquantize(" + lo + ", " + hi + ", " + step + ") has "
                    + levels + " levels; it needs 1 to " + MAX_LEVELS);
        }
    }

    /** Number of in-range buckets, {@code (hi - lo) / step}. */
    public int levels() {
        return (int) (((long) hi - lo) / step);
    }

    /** Lower bound of the overflow bucket, {@code lo + levels * step}. */
    public int top() {
        return (int) (lo + (long) levels() * step);
    }

    @Override
    public int bucketCount() {
        return levels() + 2;
    }

    @Override
    public int bucketOf(long value) {
        if (value < lo) {
            return 0;
        }
        if (value >= top()) {
            return levels() + 1;
        }
        return (int) ((value - lo) / step) + 1;
    }

    @Override
    public long lowerBound(int bucket) {
        checkBucket(bucket);
        return bucket == 0 ? Long.MIN_VALUE : lo + (long) (bucket - 1) * step;
    }

    @Override
    public long upperBound(int bucket) {
        checkBucket(bucket);
        return bucket == levels() + 1 ? Long.MAX_VALUE : lo + (long) bucket * step - 1;
    }

    @Override
    public String label(int bucket) {
        checkBucket(bucket);
        if (bucket == 0) {
            return "< " + lo;
        }
        return bucket == levels() + 1 ? ">= " + top() : Long.toString(lowerBound(bucket));
    }

    /**
     * Emits code computing {@code dst = bucketOf(src)} with signed 64-bit comparisons and one
     * unsigned division (its dividend {@code src - lo} is then in [0, top - lo)); src is preserved.
     * Eight instructions, two forward branches:
     *
     * <pre>
     *   dst = 0;          if src s&lt; lo goto done
     *   dst = levels + 1; if src s&gt;= top goto done
     *   dst = src; dst -= lo; dst /= step; dst += 1
     * done:
     * </pre>
     */
    public void emitBucketIndex(Assembler asm, Reg dst, Reg src) {
        Registers.requireDistinct(dst, src);
        String done = asm.newLabel("lquantize.done");
        asm.mov64(dst, 0).jslt(src, lo, done);
        asm.mov64(dst, levels() + 1).jsge(src, top(), done);
        asm.mov64(dst, src).sub64(dst, lo).div64(dst, step).add64(dst, 1);
        asm.label(done);
    }

    private void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= bucketCount()) {
            throw new IndexOutOfBoundsException("lquantize bucket " + bucket + " of " + bucketCount());
        }
    }
}
