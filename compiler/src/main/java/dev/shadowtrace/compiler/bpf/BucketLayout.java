package dev.shadowtrace.compiler.bpf;

/**
 * How an aggregation function sorts values into numbered buckets. Bucket {@code i} holds exactly
 * the values in {@code [lowerBound(i), upperBound(i)]}; buckets are ordered by value, adjacent and
 * together cover every 64-bit signed value. The kernel-side program computes {@link #bucketOf}
 * with instructions emitted by the layout's {@code emitBucketIndex}.
 */
public sealed interface BucketLayout permits QuantizeBuckets, LinearBuckets, LogLinearBuckets, HdrBuckets {
    int bucketCount();

    /** The bucket holding {@code value}, in {@code [0, bucketCount())}. */
    int bucketOf(long value);

    /** The smallest value in the bucket. */
    long lowerBound(int bucket);

    /** The largest value in the bucket (inclusive). */
    long upperBound(int bucket);

    /** The bucket's entry in DTrace's "value" column. */
    String label(int bucket);
}
