package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearBucketsTest {

    @Test
    void evenlyDividedRange() {
        LinearBuckets l = new LinearBuckets(0, 100, 10);
        assertEquals(10, l.levels());
        assertEquals(12, l.bucketCount());
        assertEquals(0, l.bucketOf(-1));
        assertEquals(0, l.bucketOf(Long.MIN_VALUE));
        assertEquals(1, l.bucketOf(0));
        assertEquals(1, l.bucketOf(9));
        assertEquals(2, l.bucketOf(10));
        assertEquals(10, l.bucketOf(99));
        assertEquals(11, l.bucketOf(100));
        assertEquals(11, l.bucketOf(Long.MAX_VALUE));
        assertEquals("< 0", l.label(0));
        assertEquals("0", l.label(1));
        assertEquals("90", l.label(10));
        assertEquals(">= 100", l.label(11));
    }

    @Test
    void unevenRangeEndsAtLastFullStepAsInDtrace() {
        LinearBuckets l = new LinearBuckets(0, 10, 3); // levels 3: [0,2] [3,5] [6,8], >= 9
        assertEquals(3, l.levels());
        assertEquals(9, l.top());
        assertEquals(3, l.bucketOf(8));
        assertEquals(4, l.bucketOf(9));
        assertEquals(">= 9", l.label(4));
    }

    @Test
    void boundsAreAdjacentAndConsistentWithBucketOf() {
        for (LinearBuckets l : layouts()) {
            assertEquals(Long.MIN_VALUE, l.lowerBound(0));
            assertEquals(Long.MAX_VALUE, l.upperBound(l.bucketCount() - 1));
            for (int i = 0; i < l.bucketCount(); i++) {
                assertEquals(i, l.bucketOf(l.lowerBound(i)), l + " lower bound of " + i);
                assertEquals(i, l.bucketOf(l.upperBound(i)), l + " upper bound of " + i);
                if (i > 0) {
                    assertEquals(l.upperBound(i - 1) + 1, l.lowerBound(i));
                }
            }
        }
    }

    @Test
    void emittedCodeComputesBucketOf() {
        for (LinearBuckets l : layouts()) {
            Assembler asm = new Assembler();
            l.emitBucketIndex(asm, R0, R1);
            Program p = asm.exit().assemble();
            ProgramChecker.requireValid(p);
            for (long v : QuantizeBucketsTest.interestingValues()) {
                assertEquals(l.bucketOf(v), BpfInterpreter.run(p, v), l + " value " + v);
            }
            for (int i = 0; i < l.bucketCount() && i < 50; i++) {
                for (long v : new long[] {l.lowerBound(i), l.upperBound(i)}) {
                    assertEquals(i, BpfInterpreter.run(p, v), l + " value " + v);
                }
            }
        }
    }

    @Test
    void rejectsWhatDtraceRejects() {
        assertThrows(IllegalArgumentException.class, () -> new LinearBuckets(0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearBuckets(10, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new LinearBuckets(0, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new LinearBuckets(0, 70_000, 1));
    }

    private static List<LinearBuckets> layouts() {
        return List.of(
                new LinearBuckets(0, 100, 10),
                new LinearBuckets(0, 10, 3),
                new LinearBuckets(-50, 50, 7),
                new LinearBuckets(Integer.MIN_VALUE, Integer.MAX_VALUE, 65536),
                new LinearBuckets(Integer.MAX_VALUE - 10, Integer.MAX_VALUE, 1),
                new LinearBuckets(-1_000_000, -999_000, 1));
    }
}
