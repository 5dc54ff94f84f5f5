package dev.shadowtrace.runtime.bpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

import dev.shadowtrace.runtime.Epoll;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The consumer side of a {@code BPF_MAP_TYPE_RINGBUF} map, as the kernel documents it
 * (Documentation/bpf/ringbuf.rst, and libbpf's ringbuf.c does the same):
 *
 * <ul>
 *   <li>the consumer page, read-write, at mmap offset 0: {@code consumer_pos} at its start;
 *   <li>the producer page and then the data pages mapped twice in a row, read-only, at offset
 *       one page: {@code producer_pos} at the producer page's start. The double mapping makes a
 *       record that wraps around the end contiguous;
 *   <li>each record: a 32-bit length whose bit 31 says the producer has not committed it yet
 *       (BUSY) and bit 30 that it was discarded, 4 bytes of page offset, then the data; records
 *       start 8-aligned;
 *   <li>the positions only grow; a record lies at {@code pos & (size - 1)}.
 * </ul>
 *
 * Positions and lengths are read with acquire loads and {@code consumer_pos} written with a
 * release store, so no record is read before it is committed and none is overwritten before it is
 * read. Waiting is an epoll on the map's descriptor, which the kernel makes readable when a
 * program commits a record while the consumer had caught up, so {@link #poll(RecordHandler)} must
 * drain everything before the next wait.
 */
public final class BpfRingBuffer implements AutoCloseable {
    static final int BUSY_BIT = 1 << 31;
    static final int DISCARD_BIT = 1 << 30;
    static final int HEADER_SIZE = 8;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** Receives each record's data; returns false to stop consuming after this record. */
    @FunctionalInterface
    public interface RecordHandler {
        boolean accept(ByteBuffer record);
    }

    private final String name;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer data;
    private final int size;
    private final Mapping mapping;
    private final Epoll epoll;
    private final int fd;
    private boolean closed;

    /** The two mappings (either may be null while opening), for unmapping. */
    record Mapping(Pointer consumer, long consumerLength, Pointer producer, long producerLength) {
        void unmap() {
            try {
                if (consumer != null) {
                    Syscalls.LIBC.munmap(consumer, consumerLength);
                }
                if (producer != null) {
                    Syscalls.LIBC.munmap(producer, producerLength);
                }
            } catch (LastErrorException e) {
                throw new IllegalStateException("munmap of a ring buffer failed: " + BpfException.errnoName(e.getErrorCode()), e);
            }
        }
    }

    /**
     * Over buffers laid out as the kernel maps them: {@code consumer} and {@code producer} hold the
     * positions at offset 0, {@code data} is {@code 2 * size} bytes with the second half mirroring
     * the first. Tests build them in ordinary memory.
     */
    BpfRingBuffer(String name, ByteBuffer consumer, ByteBuffer producer, ByteBuffer data, int size, Mapping mapping,
            Epoll epoll, int fd) {
        if (Integer.bitCount(size) != 1 || data.capacity() < 2L * size) {
            throw new IllegalArgumentException("ring buffer " + name + ": size " + size + " is not a power of two"
                    + " with its data mapped twice");
        }
        this.name = name;
        this.consumer = consumer;
        this.producer = producer;
        this.data = data;
        this.size = size;
        this.mapping = mapping;
        this.epoll = epoll;
        this.fd = fd;
    }

    /** Maps the ring buffer {@code map} for reading. The map must stay open while this is. */
    public static BpfRingBuffer open(BpfMap map) throws IOException {
        if (map.type() != BpfMap.RINGBUF) {
            throw new IllegalArgumentException("map " + map.name() + " is not a ring buffer");
        }
        long page = Syscalls.LIBC.sysconf(Syscalls.SC_PAGESIZE);
        int size = map.maxEntries();
        if (page + 2L * size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ring buffer " + map.name() + " of " + size + " bytes is too large to map");
        }
        Pointer consumer = null;
        Pointer producer = null;
        Epoll epoll = null;
        try {
            consumer = Syscalls.LIBC.mmap(null, page, Syscalls.PROT_READ | Syscalls.PROT_WRITE, Syscalls.MAP_SHARED,
                    map.fd(), 0);
            producer = Syscalls.LIBC.mmap(null, page + 2L * size, Syscalls.PROT_READ, Syscalls.MAP_SHARED, map.fd(),
                    page);
            epoll = Epoll.create();
            epoll.add(map.fd(), 0);
            return new BpfRingBuffer(map.name(), consumer.getByteBuffer(0, page), producer.getByteBuffer(0, page),
                    producer.getByteBuffer(page, 2L * size), size, new Mapping(consumer, page, producer, page + 2L * size),
                    epoll, map.fd());
        } catch (LastErrorException e) {
            new Mapping(consumer, page, producer, page + 2L * size).unmap();
            throw new IOException("cannot map ring buffer " + map.name() + ": " + BpfException.errnoName(e.getErrorCode()));
        } catch (IOException | RuntimeException e) {
            if (epoll != null) {
                epoll.close();
            }
            new Mapping(consumer, page, producer, page + 2L * size).unmap();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The map's descriptor, readable when records wait; for callers that wait on more than this. */
    public int fd() {
        return fd;
    }

    /**
     * Hands every committed record to {@code handler}, in order, each as a little-endian buffer of
     * its own bytes (a copy: the space goes back to the producers at once); discarded records are
     * skipped. Stops at a record not yet committed, or after the handler returns false. Returns
     * the number of records handed over.
     */
    public int poll(RecordHandler handler) {
        long cons = (long) LONG.getAcquire(consumer, 0);
        int delivered = 0;
        while (true) {
            boolean progressed = false;
            long prod = (long) LONG.getAcquire(producer, 0);
            while (cons < prod) {
                int at = (int) (cons & (size - 1));
                int header = (int) INT.getAcquire(data, at);
                if ((header & BUSY_BIT) != 0) {
                    return delivered;
                }
                progressed = true;
                int length = header & ~(BUSY_BIT | DISCARD_BIT);
                if (length > size - HEADER_SIZE) {
                    throw new IllegalStateException("ring buffer " + name + ": record of " + length + " bytes at"
                            + " position " + cons + " in " + size + " bytes: corrupt");
                }
                cons += (length + HEADER_SIZE + 7) & ~7L;
                boolean more = true;
                if ((header & DISCARD_BIT) == 0) {
                    byte[] record = new byte[length];
                    data.get(at + HEADER_SIZE, record);
                    delivered++;
                    more = handler.accept(ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN));
                }
                LONG.setRelease(consumer, 0, cons);
                if (!more) {
                    return delivered;
                }
            }
            if (!progressed) {
                return delivered;
            }
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) for records unless some are already there,
     * then hands them over as {@link #poll(RecordHandler)} does.
     */
    public int poll(int timeoutMillis, RecordHandler handler) throws IOException {
        if (epoll == null) {
            throw new IllegalStateException("ring buffer " + name + " has no descriptor to wait on");
        }
        int delivered = poll(handler);
        if (delivered > 0) {
            return delivered;
        }
        epoll.await(timeoutMillis);
        return poll(handler);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (epoll != null) {
            epoll.close();
        }
        if (mapping != null) {
            mapping.unmap();
        }
    }
}
