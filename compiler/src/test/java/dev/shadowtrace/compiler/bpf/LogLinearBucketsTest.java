package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.lang.types.LogLinearRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLinearBucketsTest {

    /** DTrace's llquantize(x, 10, 0, 2, 20): 1..9 by 1, 10..95 by 5, 100..995 by 50. */
    @Test
    void dtracesExample() {
        LogLinearBuckets b = new LogLinearBuckets(new LogLinearRange(10, 0, 2, 20));
        assertEquals(1 + 9 + 18 + 18 + 1, b.bucketCount());
        assertEquals(0, b.bucketOf(0));
        assertEquals(0, b.bucketOf(Long.MIN_VALUE));
        assertEquals(1, b.bucketOf(1));
        assertEquals(9, b.bucketOf(9));
        assertEquals(10, b.bucketOf(10));
        assertEquals(10, b.bucketOf(14));
        assertEquals(11, b.bucketOf(15));
        assertEquals(27, b.bucketOf(99));
        assertEquals(28, b.bucketOf(100));
        assertEquals(28, b.bucketOf(149));
        assertEquals(45, b.bucketOf(999));
        assertEquals(46, b.bucketOf(1000));
        assertEquals(46, b.bucketOf(Long.MAX_VALUE));
        assertEquals("< 1", b.label(0));
        assertEquals("1", b.label(1));
        assertEquals("15", b.label(11));
        assertEquals("950", b.label(45));
        assertEquals(">= 1000", b.label(46));
    }

    @Test
    void lowMagnitudeAboveZero() {
        LogLinearBuckets b = new LogLinearBuckets(new LogLinearRange(2, 3, 5, 4));
        // each magnitude [2^m, 2^(m+1)) is the upper half of 4 steps over [0, 2^(m+1)):
        // < 8 | 8 12 | 16 24 | 32 48 | >= 64
        assertEquals(8, b.bucketCount());
        assertEquals(0, b.bucketOf(7));
        assertEquals(1, b.bucketOf(8));
        assertEquals(1, b.bucketOf(11));
        assertEquals(2, b.bucketOf(12));
        assertEquals(3, b.bucketOf(16));
        assertEquals(6, b.bucketOf(63));
        assertEquals(7, b.bucketOf(64));
        assertEquals("48", b.label(6));
    }

    @Test
    void boundsAreAdjacentAndConsistentWithBucketOf() {
        for (LogLinearBuckets b : layouts()) {
            assertEquals(Long.MIN_VALUE, b.lowerBound(0));
            assertEquals(Long.MAX_VALUE, b.upperBound(b.bucketCount() - 1));
            for (int i = 0; i < b.bucketCount(); i++) {
                assertEquals(i, b.bucketOf(b.lowerBound(i)), b.range() + " lower bound of " + i);
                assertEquals(i, b.bucketOf(b.upperBound(i)), b.range() + " upper bound of " + i);
                if (i > 0) {
                    assertEquals(b.upperBound(i - 1) + 1, b.lowerBound(i));
                }
            }
        }
    }

    @Test
    void emittedCodeComputesBucketOf() {
        for (LogLinearBuckets b : layouts()) {
            Assembler asm = new Assembler();
            b.emitBucketIndex(asm, R0, R1, R2);
            Program p = asm.exit().assemble();
            ProgramChecker.requireValid(p);
            for (long v : QuantizeBucketsTest.interestingValues()) {
                assertEquals(b.bucketOf(v), BpfInterpreter.run(p, v), b.range() + " value " + v);
            }
            for (int i = 0; i < b.bucketCount(); i++) {
                for (long v : new long[] {b.lowerBound(i), b.upperBound(i)}) {
                    assertEquals(i, BpfInterpreter.run(p, v), b.range() + " value " + v);
                }
            }
        }
    }

    @Test
    void rejectsStepsThatDoNotDivideTheMagnitudes() {
        assertNull(LogLinearRange.problem(10, 0, 6, 20));
        assertTrue(LogLinearRange.problem(10, 0, 6, 30).contains("must be a multiple of the factor (10) that"
                + " divides a power of it"), LogLinearRange.problem(10, 0, 6, 30));
        assertTrue(LogLinearRange.problem(10, 0, 6, 7).contains("must be a multiple"));
        assertTrue(LogLinearRange.problem(1, 0, 6, 20).contains("factor must be 2 to 65535"));
        assertTrue(LogLinearRange.problem(10, 3, 2, 20).contains("0 <= low <= high"));
        assertTrue(LogLinearRange.problem(10, 0, 18, 10).contains("10^19 does not fit in 64 bits"));
        assertNull(LogLinearRange.problem(10, 0, 17, 10));
        assertTrue(LogLinearRange.problem(2, 0, 40, 32768).contains("more than 65535 buckets"));
    }

    private static List<LogLinearBuckets> layouts() {
        return List.of(new LogLinearBuckets(new LogLinearRange(10, 0, 6, 20)),
                new LogLinearBuckets(new LogLinearRange(2, 3, 5, 4)),
                new LogLinearBuckets(new LogLinearRange(10, 2, 4, 100)),
                new LogLinearBuckets(new LogLinearRange(10, 0, 17, 10)),
                new LogLinearBuckets(new LogLinearRange(2, 0, 61, 2)));
    }
}
