package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizeBucketsTest {
    private static final QuantizeBuckets Q = QuantizeBuckets.INSTANCE;

    /** 0..4, 2^k - 1, 2^k, 2^k + 1 and their negations, the extremes, and random values. */
    static List<Long> interestingValues() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 2L, 3L, 4L, Long.MAX_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, -2L, -3L, -4L, -5L));
        for (int k = 1; k < 63; k++) {
            for (long v : new long[] {(1L << k) - 1, 1L << k, (1L << k) + 1}) {
                values.add(v);
                values.add(-v);
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        return values;
    }

    @Test
    void bucketsAtBoundaries() {
        assertEquals(64, Q.bucketOf(0));
        assertEquals(65, Q.bucketOf(1));
        assertEquals(66, Q.bucketOf(2));
        assertEquals(66, Q.bucketOf(3));
        assertEquals(67, Q.bucketOf(4));
        assertEquals(67, Q.bucketOf(7));
        assertEquals(64 + 10, Q.bucketOf((1L << 10) - 1));
        assertEquals(64 + 11, Q.bucketOf(1L << 10));
        assertEquals(127, Q.bucketOf(1L << 62));
        assertEquals(127, Q.bucketOf(Long.MAX_VALUE));
        assertEquals(63, Q.bucketOf(-1));
        assertEquals(62, Q.bucketOf(-2));
        assertEquals(61, Q.bucketOf(-3));
        assertEquals(61, Q.bucketOf(-4));
        assertEquals(60, Q.bucketOf(-5));
        assertEquals(1, Q.bucketOf(-(1L << 62)));
        assertEquals(0, Q.bucketOf(-(1L << 62) - 1));
        assertEquals(0, Q.bucketOf(Long.MIN_VALUE));
    }

    @Test
    void boundsAndLabelsMatchDtrace() {
        assertEquals("0", Q.label(64));
        assertEquals("1", Q.label(65));
        assertEquals("4", Q.label(67));
        assertEquals("4611686018427387904", Q.label(127));
        assertEquals("-1", Q.label(63));
        assertEquals("-4", Q.label(61));
        assertEquals(-4, Q.lowerBound(61));
        assertEquals(-3, Q.upperBound(61));
        assertEquals(Long.MIN_VALUE, Q.lowerBound(0));
        assertEquals(Long.MAX_VALUE, Q.upperBound(127));
        assertThrows(IndexOutOfBoundsException.class, () -> Q.lowerBound(128));
    }

    @Test
    void bucketsAreAdjacentAndConsistentWithBucketOf() {
        for (int i = 0; i < QuantizeBuckets.BUCKETS; i++) {
            assertEquals(i, Q.bucketOf(Q.lowerBound(i)), "lower bound of " + i);
            assertEquals(i, Q.bucketOf(Q.upperBound(i)), "upper bound of " + i);
            if (i > 0) {
                assertEquals(Q.upperBound(i - 1) + 1, Q.lowerBound(i), "gap before " + i);
            }
        }
    }

    @Test
    void emittedCodeComputesBucketOf() {
        Assembler asm = new Assembler();
        Q.emitBucketIndex(asm, R0, R1, R2, R3);
        Program p = asm.exit().assemble();
        assertEquals(QuantizeBuckets.EMITTED_INSNS + 1, p.length());
        ProgramChecker.requireValid(p);
        for (long v : interestingValues()) {
            assertEquals(Q.bucketOf(v), BpfInterpreter.run(p, v), "value " + v);
        }
    }

    @Test
    void emittedCodePreservesSource() {
        Assembler asm = new Assembler();
        Q.emitBucketIndex(asm, R2, R1, R3, R0);
        Program p = asm.mov64(R0, R1).exit().assemble();
        assertEquals(-12345, BpfInterpreter.run(p, -12345));
    }

    @Test
    void emitterRejectsAliasedRegisters() {
        assertThrows(IllegalArgumentException.class,
                () -> Q.emitBucketIndex(new Assembler(), R0, R1, R1, R2));
        assertThrows(IllegalArgumentException.class,
                () -> Q.emitBucketIndex(new Assembler(), R0, R1, R2, Reg.R10));
    }
}
