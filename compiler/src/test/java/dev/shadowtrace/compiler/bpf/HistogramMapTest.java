package dev.shadowtrace.compiler.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HistogramMapTest {
    private final HistogramMap map = new HistogramMap("lat", QuantizeBuckets.INSTANCE, 4, 10240);

    @Test
    void specIsAPerCpuHashWithBucketFirst() {
        assertEquals(new MapSpec("lat", MapType.PERCPU_HASH, 12, 8, 10240, 0), map.spec());
    }

    @Test
    void keyIsLittleEndianBucketThenAggregationKey() {
        byte[] key = map.key(new byte[] {1, 2, 3, 4}, 67);
        assertEquals("4300000000000000" + "01020304", HexFormat.of().formatHex(key));
        assertEquals(67, map.bucketOf(key));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, map.aggregationKeyOf(key));
    }

    @Test
    void keylessAggregationHasEightByteKeys() {
        HistogramMap keyless = new HistogramMap("h", new LinearBuckets(0, 10, 1), 0, 16);
        assertEquals(8, keyless.spec().keySize());
        assertEquals(11, keyless.bucketOf(keyless.key(new byte[0], 11)));
    }

    @Test
    void rejectsMalformedKeys() {
        assertThrows(IllegalArgumentException.class, () -> map.bucketOf(new byte[8]));
        byte[] outOfRange = HexFormat.of().parseHex("8000000000000000" + "00000000");
        assertThrows(IllegalArgumentException.class, () -> map.bucketOf(outOfRange));
        assertThrows(IndexOutOfBoundsException.class, () -> map.key(new byte[4], 128));
    }

    @Test
    void sumsPerCpuValues() {
        byte[] threeCpus = HexFormat.of().parseHex(
                "0100000000000000" + "0200000000000000" + "0001000000000000");
        assertEquals(1 + 2 + 256, HistogramMap.sumPerCpu(threeCpus));
    }
}
