package dev.shadowtrace.compiler.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The contract between a kernel program that records a histogram aggregation ({@code @x[key] =
 * quantize(v)} / {@code lquantize(...)}) and the runtime that reads it: one {@link
 * MapType#PERCPU_HASH} map per aggregation, with
 *
 * <pre>
 * key   = bucket (u64, native byte order: little-endian on x86-64) at offset 0,
 *         followed by the aggregation key bytes (aggregationKeySize, possibly 0) at offset 8
 * value = count (u64) per possible CPU
 * </pre>
 *
 * <p>The kernel computes {@code bucket = layout.bucketOf(v)} with the layout's {@code
 * emitBucketIndex}, and for each event adds 1 to its own CPU's count: lookup the key; if found,
 * {@code *value += 1}; if not, update the key with value 1 and {@code BPF_ANY} (for a per-CPU hash
 * that writes only the current CPU's slot, zeroing the others, so no count is lost if another CPU
 * inserted the key meanwhile). Only buckets that received a value exist in the map.
 *
 * <p>The runtime iterates the keys, sums each value over all CPUs ({@link #sumPerCpu}) and
 * stores the sum at {@code counts[bucket]} of the aggregation key's {@code long[bucketCount()]}.
 */
public record HistogramMap(
        String name, BucketLayout layout, int aggregationKeySize, int maxEntries) {
    public static final int BUCKET_BYTES = 8;
    public static final int VALUE_SIZE = 8;

    public HistogramMap {
        if (aggregationKeySize < 0) {
            throw new IllegalArgumentException("negative aggregation key size");
        }
    }

    public int keySize() {
        return BUCKET_BYTES + aggregationKeySize;
    }

    /** The map to create. */
    public MapSpec spec() {
        return new MapSpec(name, MapType.PERCPU_HASH, keySize(), VALUE_SIZE, maxEntries, 0);
    }

    /** The map key for one bucket of one aggregation key. */
    public byte[] key(byte[] aggregationKey, int bucket) {
        if (aggregationKey.length != aggregationKeySize) {
            throw new IllegalArgumentException("aggregation key of " + aggregationKey.length
                    + " bytes, expected " + aggregationKeySize);
        }
        checkBucket(bucket);
        return ByteBuffer.allocate(keySize()).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(bucket).put(aggregationKey).array();
    }

    /** The bucket number stored in a map key. */
    public int bucketOf(byte[] key) {
        checkKey(key);
        long bucket = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (bucket < 0 || bucket >= layout.bucketCount()) {
            throw new IllegalArgumentException("bucket " + bucket + " out of range in map " + name);
        }
        return (int) bucket;
    }

    /** The aggregation key bytes of a map key. */
    public byte[] aggregationKeyOf(byte[] key) {
        checkKey(key);
        return Arrays.copyOfRange(key, BUCKET_BYTES, key.length);
    }

    /** Sums a per-CPU value as returned by a map lookup: one little-endian u64 per CPU. */
    public static long sumPerCpu(byte[] perCpuValues) {
        if (perCpuValues.length % VALUE_SIZE != 0) {
            throw new IllegalArgumentException("per-CPU value of " + perCpuValues.length + " bytes");
        }
        ByteBuffer values = ByteBuffer.wrap(perCpuValues).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        while (values.hasRemaining()) {
            sum += values.getLong();
        }
        return sum;
    }

    private void checkKey(byte[] key) {
        if (key.length != keySize()) {
            throw new IllegalArgumentException(
                    "key of " + key.length + " bytes, map " + name + " has " + keySize());
        }
    }

    private void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= layout.bucketCount()) {
            throw new IndexOutOfBoundsException("bucket " + bucket + " of " + layout.bucketCount());
        }
    }
}
