package dev.shadowtrace.runtime.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer's reading of the ring buffer protocol, over memory laid out as the kernel maps it:
 * here a producer written in Java stands in for bpf_ringbuf_output.
 */
class BpfRingBufferTest {
    private static final int SIZE = 64;

    private final ByteBuffer consumer = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
    private final ByteBuffer producer = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
    private final ByteBuffer data = ByteBuffer.allocateDirect(2 * SIZE).order(ByteOrder.nativeOrder());
    private final BpfRingBuffer ring = new BpfRingBuffer("events", consumer, producer, data, SIZE, null, null, -1);
    private long producerPos;
    private final List<String> seen = new ArrayList<>();

    /** Writes a record as the kernel does, into both mappings of the data; flags BUSY/DISCARD. */
    private long produce(String text, int flags) {
        byte[] bytes = text.getBytes();
        long at = producerPos;
        putMirrored(at, (bytes.length | flags), 4);
        putMirrored(at + 4, 0, 4);
        for (int i = 0; i < bytes.length; i++) {
            int o = (int) ((at + 8 + i) & (SIZE - 1));
            data.put(o, bytes[i]);
            data.put(o + SIZE, bytes[i]);
        }
        producerPos += (bytes.length + 8 + 7) & ~7;
        producer.putLong(0, producerPos);
        return at;
    }

    private void putMirrored(long pos, int value, int size) {
        int o = (int) (pos & (SIZE - 1));
        data.putInt(o, value);
        data.putInt(o + SIZE, value);
    }

    private boolean record(ByteBuffer r) {
        assertEquals(ByteOrder.LITTLE_ENDIAN, r.order());
        byte[] b = new byte[r.remaining()];
        r.get(b);
        seen.add(new String(b));
        return true;
    }

    @Test
    void recordsArriveInOrderAndTheirSpaceIsGivenBack() {
        produce("one", 0);
        produce("twotwo", 0);
        assertEquals(2, ring.poll(this::record));
        assertEquals(List.of("one", "twotwo"), seen);
        assertEquals(producerPos, consumer.getLong(0), "consumer_pos after the last record, 8-aligned");
        assertEquals(0, ring.poll(this::record));
    }

    @Test
    void aRecordAcrossTheEndIsReadWhole() {
        for (int i = 0; i < 5; i++) {
            produce("abcdefgh", 0); // 16 bytes each: the fifth starts at 64 = 0 again
            assertEquals(1, ring.poll(this::record));
        }
        produce("0123456789", 0);
        produce("wraps-around-the-end", 0);
        assertEquals(2, ring.poll(this::record));
        assertEquals("wraps-around-the-end", seen.get(seen.size() - 1));
    }

    @Test
    void anUncommittedRecordStopsTheReadingUntilItIsCommitted() {
        produce("a", 0);
        long busy = produce("b", BpfRingBuffer.BUSY_BIT);
        produce("c", 0);
        assertEquals(1, ring.poll(this::record));
        assertEquals(busy, consumer.getLong(0), "stops before the busy record");
        putMirrored(busy, 1, 4); // committed: length 1, busy bit cleared
        assertEquals(2, ring.poll(this::record));
        assertEquals(List.of("a", "b", "c"), seen);
    }

    @Test
    void discardedRecordsAreSkipped() {
        produce("kept", 0);
        produce("dropped", BpfRingBuffer.DISCARD_BIT);
        produce("also-kept", 0);
        assertEquals(2, ring.poll(this::record));
        assertEquals(List.of("kept", "also-kept"), seen);
        assertEquals(producerPos, consumer.getLong(0));
    }

    @Test
    void theHandlerCanStopAfterARecord() {
        produce("exit", 0);
        produce("after", 0);
        assertEquals(1, ring.poll(r -> false));
        assertEquals(16, consumer.getLong(0), "the stopping record is consumed, the next one is not");
        assertEquals(1, ring.poll(this::record));
        assertEquals(List.of("after"), seen);
    }

    @Test
    void aCorruptLengthIsNotFollowed() {
        putMirrored(0, SIZE, 4);
        producer.putLong(0, 8);
        assertThrows(IllegalStateException.class, () -> ring.poll(this::record));
    }

    @Test
    void onlyPowerOfTwoSizesWithDoubleMappedData() {
        assertThrows(IllegalArgumentException.class,
                () -> new BpfRingBuffer("x", consumer, producer, data, 48, null, null, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new BpfRingBuffer("x", consumer, producer, ByteBuffer.allocateDirect(SIZE), SIZE, null, null, -1));
    }
}
