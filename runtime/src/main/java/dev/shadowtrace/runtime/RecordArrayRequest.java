package dev.shadowtrace.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The protocol SHADOWK_IOC_LIST, SHADOWK_IOC_PROBES and SHADOWK_IOC_CALLERS share: the caller
 * passes an array of fixed-size records and its capacity; the module fills up to the capacity (and
 * at most {@code max}) and says how many exist. If more exist than fit, ask again with room for them.
 */
final class RecordArrayRequest {
    static final int INITIAL_CAPACITY = 16;

    /** Reads one record at an offset of the filled array. */
    interface RecordReader<T> {
        T read(Pointer array, long offset);
    }

    /** Issues the filled request structure: the ioctl, or in tests a stand-in for the module. */
    interface Issuer {
        void issue(Pointer request) throws ShadowkException;
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
        return fetch(req -> fd.ioctl(request, req, errno -> ShadowkErrors.request(request, errno)), req -> { },
                requestSize, offArray, offCount, recordSize, max, reader);
    }

    /**
     * As above, through {@code issuer}, with the request's other input fields set by {@code inputs}
     * (on a zeroed structure, before the array and count are set) each time it is issued.
     */
    static <T> List<T> fetch(Issuer issuer, Consumer<Pointer> inputs, int requestSize, int offArray, int offCount,
                             int recordSize, long max, RecordReader<T> reader) throws ShadowkException {
        long capacity = Math.min(INITIAL_CAPACITY, max);
        while (true) {
            try (Memory array = new Memory(capacity * recordSize); Memory req = new Memory(requestSize)) {
                array.clear();
                req.clear();
                inputs.accept(req);
                req.setLong(offArray, Pointer.nativeValue(array));
                req.setInt(offCount, (int) capacity);
                issuer.issue(req);
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
