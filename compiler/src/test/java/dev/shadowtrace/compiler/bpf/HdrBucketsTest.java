package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HdrBucketsTest {

    /** Every value's bucket is HdrHistogram's own sub-bucket: same bounds, in the same order. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void bucketsAreHdrHistogramsSubBuckets(int digits) {
        HdrBuckets layout = new HdrBuckets(digits);
        Histogram reference = new Histogram(1, Long.MAX_VALUE, digits);
        for (long v : QuantizeBucketsTest.interestingValues()) {
            if (v < 0) {
                assertEquals(0, layout.bucketOf(v), "value " + v);
                continue;
            }
            int bucket = layout.bucketOf(v);
            assertEquals(reference.lowestEquivalentValue(v), layout.lowerBound(bucket), "lower bound of " + v);
            long width = reference.sizeOfEquivalentValueRange(v);
            assertEquals(layout.lowerBound(bucket) + (width - 1), layout.upperBound(bucket), "upper bound of " + v);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void bucketsAreAdjacentAndCoverEveryValue(int digits) {
        HdrBuckets layout = new HdrBuckets(digits);
        assertEquals(Long.MIN_VALUE, layout.lowerBound(0));
        assertEquals(Long.MAX_VALUE, layout.upperBound(layout.bucketCount() - 1));
        for (int i = 0; i < layout.bucketCount(); i++) {
            assertEquals(i, layout.bucketOf(layout.lowerBound(i)), "lower bound of " + i);
            assertEquals(i, layout.bucketOf(layout.upperBound(i)), "upper bound of " + i);
            if (i > 0) {
                assertEquals(layout.upperBound(i - 1) + 1, layout.lowerBound(i), "gap before " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void oneBucketPerHdrHistogramCountPlusOneForNegatives(int digits) {
        Histogram reference = new Histogram(1, Long.MAX_VALUE, digits);
        long countsArrayLength = (reference.getEstimatedFootprintInBytes() - 512) / 8;
        assertEquals(1 + countsArrayLength, new HdrBuckets(digits).bucketCount());
        assertEquals(1 + new int[] {960, 7296, 55296}[digits - 1], new HdrBuckets(digits).bucketCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void emittedCodeComputesBucketOf(int digits) {
        HdrBuckets layout = new HdrBuckets(digits);
        Assembler asm = new Assembler();
        layout.emitBucketIndex(asm, R0, R1, R2, R3);
        Program p = asm.exit().assemble();
        assertEquals(HdrBuckets.EMITTED_INSNS + 1, p.length());
        ProgramChecker.requireValid(p);
        for (long v : QuantizeBucketsTest.interestingValues()) {
            assertEquals(layout.bucketOf(v), BpfInterpreter.run(p, v), "value " + v);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void countsLoadIntoAnHdrHistogramWithoutLoss(int digits) {
        HdrBuckets layout = new HdrBuckets(digits);
        Histogram direct = new Histogram(digits);
        long[] counts = new long[layout.bucketCount()];
        for (long v : QuantizeBucketsTest.interestingValues()) {
            if (v >= 0) {
                direct.recordValue(v);
            }
            counts[layout.bucketOf(v)]++;
        }
        Histogram loaded = layout.histogram(counts);
        assertEquals(direct, loaded);
        assertEquals(direct.getValueAtPercentile(99), loaded.getValueAtPercentile(99));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void onlyOneToThreeDigits(int digits) {
        assertThrows(IllegalArgumentException.class, () -> new HdrBuckets(digits));
    }

    @ParameterizedTest
    @ValueSource(ints = {1})
    void emittedCodePreservesSource(int digits) {
        Assembler asm = new Assembler();
        new HdrBuckets(digits).emitBucketIndex(asm, R2, R1, R3, R0);
        Program p = asm.mov64(R0, R1).exit().assemble();
        assertEquals(-12345, BpfInterpreter.run(p, -12345));
    }
}
