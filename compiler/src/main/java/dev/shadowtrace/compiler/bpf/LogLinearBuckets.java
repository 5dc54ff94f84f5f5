package dev.shadowtrace.compiler.bpf;

import dev.shadowtrace.lang.types.LogLinearRange;

import java.util.ArrayList;
import java.util.List;

/**
 * The log-linear buckets of DTrace's {@code llquantize(value, factor, low, high, nsteps)}: below
 * {@code factor^low} one underflow bucket; then each order of magnitude m = low..high, the values
 * [factor^m, factor^(m+1)), in linear steps of width {@code factor^(m+1) / min(factor^(m+1), nsteps)};
 * from {@code factor^(high+1)} one overflow bucket. This is DTrace's
 * {@code dtrace_aggregate_llquantize_bucket}, for the ranges {@link LogLinearRange} accepts:
 *
 * <pre>
 * llquantize(x, 10, 0, 2, 20):  &lt; 1 | 1 2 ... 9 | 10 15 ... 95 | 100 105 ... 995 | &gt;= 1000
 * </pre>
 */
public final class LogLinearBuckets implements BucketLayout {
    private final LogLinearRange range;
    private final List<LogLinearRange.Magnitude> orders;
    private final int bucketCount;

    public LogLinearBuckets(LogLinearRange range) {
        this.range = range;
        this.orders = range.magnitudes();
        this.bucketCount = range.bucketCount();
    }

    public LogLinearRange range() {
        return range;
    }

    /** factor^low: the underflow bucket holds the values below it. */
    public long bottom() {
        return orders.get(0).first();
    }

    /** factor^(high+1): the overflow bucket holds the values from it. */
    public long top() {
        return orders.get(orders.size() - 1).end();
    }

    @Override
    public int bucketCount() {
        return bucketCount;
    }

    @Override
    public int bucketOf(long value) {
        if (value < bottom()) {
            return 0;
        }
        for (LogLinearRange.Magnitude order : orders) {
            if (value < order.end()) {
                return (int) (order.firstBucket() + (value - order.first()) / order.width());
            }
        }
        return bucketCount - 1;
    }

    @Override
    public long lowerBound(int bucket) {
        checkBucket(bucket);
        if (bucket == 0) {
            return Long.MIN_VALUE;
        }
        if (bucket == bucketCount - 1) {
            return top();
        }
        for (int i = orders.size() - 1; i >= 0; i--) {
            LogLinearRange.Magnitude order = orders.get(i);
            if (bucket >= order.firstBucket()) {
                return order.first() + (bucket - order.firstBucket()) * order.width();
            }
        }
        throw new IllegalStateException("bucket " + bucket);
    }

    @Override
    public long upperBound(int bucket) {
        checkBucket(bucket);
        return bucket == bucketCount - 1 ? Long.MAX_VALUE : lowerBound(bucket + 1) - 1;
    }

    @Override
    public String label(int bucket) {
        checkBucket(bucket);
        if (bucket == 0) {
            return "< " + bottom();
        }
        return bucket == bucketCount - 1 ? ">= " + top() : Long.toString(lowerBound(bucket));
    }

    /**
     * Emits {@code dst = bucketOf(src)}: a compare with each magnitude's end, then for the
     * magnitude found {@code (src - first) / width + firstBucket} (unsigned division of a
     * non-negative dividend). src is preserved; tmp is clobbered.
     */
    public void emitBucketIndex(Assembler asm, Reg dst, Reg src, Reg tmp) {
        Registers.requireDistinct(dst, src, tmp);
        String done = asm.newLabel("llquantize.done");
        asm.mov64(dst, 0).ldImm64(tmp, bottom()).jslt(src, tmp, done);
        List<String> labels = new ArrayList<>();
        for (LogLinearRange.Magnitude order : orders) {
            String label = asm.newLabel("llquantize.order");
            labels.add(label);
            asm.ldImm64(tmp, order.end()).jslt(src, tmp, label);
        }
        asm.mov64(dst, bucketCount - 1).ja(done);
        for (int i = 0; i < orders.size(); i++) {
            LogLinearRange.Magnitude order = orders.get(i);
            asm.label(labels.get(i)).mov64(dst, src).ldImm64(tmp, order.first()).sub64(dst, tmp)
                    .ldImm64(tmp, order.width()).div64(dst, tmp).add64(dst, order.firstBucket()).ja(done);
        }
        asm.label(done);
    }

    private void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= bucketCount) {
            throw new IndexOutOfBoundsException("llquantize bucket " + bucket + " of " + bucketCount);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogLinearBuckets b && b.range.equals(range);
    }

    @Override
    public int hashCode() {
        return range.hashCode();
    }
}
