package dev.shadowtrace.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol SHADOWK_IOC_LIST and SHADOWK_IOC_PROBES share: the caller passes an array of
 * fixed-size records and its capacity; the module fills up to the capacity (and at most
 * {@code max}) and says how many exist. If more exist than fit, ask again with room for them.
 */
final class RecordArrayRequest {
    static final int INITIAL_CAPACITY = 16;

    /** Reads one record at an offset of the filled array. */
    interface RecordReader<T> {
        T read(Pointer array, long offset);
    }

    private RecordArrayRequest() {
    }

    /**
     * Issues {@code request} on {@code fd} until every record fits. The request structure is
     * {@code requestSize} bytes with the array pointer at {@code offArray} and the 32-bit count at
     * {@code offCount}; records are {@code recordSize} bytes.
     */
    static <T> List<T> fetch(ShadowkFd fd, ShadowkRequest request, int requestSize, int offArray, int offCount,
                             int recordSize, long max, RecordReader<T> reader) throws ShadowkException {
        long capacity = INITIAL_CAPACITY;
        while (true) {
            try (Memory array = new Memory(capacity * recordSize); Memory req = new Memory(requestSize)) {
                array.clear();
                req.clear();
                req.setLong(offArray, Pointer.nativeValue(array));
                req.setInt(offCount, (int) capacity);
                fd.ioctl(request, req, errno -> ShadowkErrors.request(request, errno));
                long exist = Integer.toUnsignedLong(req.getInt(offCount));
                if (exist <= capacity || capacity >= max) {
                    long n = Math.min(exist, capacity);
                    List<T> out = new ArrayList<>((int) n);
                    for (long i = 0; i < n; i++) {
                        out.add(reader.read(array, i * recordSize));
                    }
                    return out;
                }
                // More may appear between two requests: leave room for a few, up to what the module gives.
                capacity = Math.min(exist + INITIAL_CAPACITY, max);
            }
        }
    }
}
