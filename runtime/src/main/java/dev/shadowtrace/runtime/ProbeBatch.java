package dev.shadowtrace.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The user array of struct shadowk_probe that one SHADOWK_IOC_ATTACH carries: encoded from the
 * requests, and read back after the request for each probe's id, site and error. Kept apart from
 * {@link Shadow} so that the encoding can be checked without the module. The array is written and
 * read through a direct buffer over its memory, not with one native call per field (7 per probe:
 * 260000 for the 37000 probes of {@code fbt::*:entry}).
 */
final class ProbeBatch implements AutoCloseable {
    private final List<ProbeRequest> requests;
    private final Memory array;
    /** {@link #array}'s bytes, in the machine's order as the module reads them. */
    private final ByteBuffer bytes;

    /** Encodes {@code requests} (1 to {@link ShadowkAbi#ATTACH_MAX}): inputs set, outputs and reserved zero. */
    ProbeBatch(List<ProbeRequest> requests) throws ShadowkException {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no probe to attach");
        }
        if (requests.size() > ShadowkAbi.ATTACH_MAX) {
            throw new ShadowkException(Errno.E2BIG, "attaching " + requests.size() + " probes",
                    "more than one shadow may have (" + ShadowkAbi.MAX_PROBES + "); narrow the probe"
                            + " globs", false);
        }
        this.requests = List.copyOf(requests);
        long size = (long) requests.size() * ShadowkAbi.PROBE_SIZE;
        this.array = new Memory(size);
        array.clear();
        this.bytes = array.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        for (int i = 0; i < requests.size(); i++) {
            ProbeRequest r = requests.get(i);
            int at = i * ShadowkAbi.PROBE_SIZE;
            bytes.putLong(at + ShadowkAbi.PROBE_OFF_ADDR, r.address());
            bytes.putInt(at + ShadowkAbi.PROBE_OFF_KIND, r.kind().code());
            bytes.putInt(at + ShadowkAbi.PROBE_OFF_FLAGS, r.flags());
            bytes.putInt(at + ShadowkAbi.PROBE_OFF_PROG_FD, r.progFd());
        }
    }

    int count() {
        return requests.size();
    }

    Pointer array() {
        return array;
    }

    /** Fills a struct shadowk_attach for this batch. */
    void fill(Pointer attach, boolean bestEffort) {
        attach.clear(ShadowkAbi.ATTACH_SIZE);
        attach.setLong(ShadowkAbi.ATTACH_OFF_PROBES, Pointer.nativeValue(array));
        attach.setInt(ShadowkAbi.ATTACH_OFF_COUNT, requests.size());
        attach.setInt(ShadowkAbi.ATTACH_OFF_FLAGS, bestEffort ? ShadowkAbi.ATTACH_BEST_EFFORT : 0);
    }

    /** What the module wrote back, in request order; the error field holds a negative errno. */
    List<ProbeResult> results() {
        List<ProbeResult> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            int at = i * ShadowkAbi.PROBE_SIZE;
            int error = bytes.getInt(at + ShadowkAbi.PROBE_OFF_ERROR);
            out.add(new ProbeResult(requests.get(i), bytes.getLong(at + ShadowkAbi.PROBE_OFF_ID),
                    bytes.getLong(at + ShadowkAbi.PROBE_OFF_SITE), error < 0 ? -error : error));
        }
        return out;
    }

    @Override
    public void close() {
        array.close();
    }
}
