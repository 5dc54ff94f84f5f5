package dev.shadowtrace.runtime;

import java.util.List;

/**
 * SHADOWK_IOC_CALLERS: a struct shadowk_callers for one function, answered with the addresses of the
 * core-text functions that call or jump to it directly, asking again until all fit.
 */
final class CallersRequest {
    private CallersRequest() {}

    /** The direct callers of the function at {@code addr}, function start addresses in address order. */
    static List<Long> issue(ShadowkFd fd, long addr) throws ShadowkException {
        return fetch(req -> fd.ioctl(ShadowkRequest.CALLERS, req, errno -> ShadowkErrors.callers(addr, errno)),
                addr);
    }

    /** As {@link #issue}, through {@code issuer}; for tests, which stand in for the module. */
    static List<Long> fetch(RecordArrayRequest.Issuer issuer, long addr) throws ShadowkException {
        return RecordArrayRequest.fetch(issuer, req -> req.setLong(ShadowkAbi.CALLERS_OFF_ADDR, addr),
                ShadowkAbi.CALLERS_SIZE, ShadowkAbi.CALLERS_OFF_CALLERS, ShadowkAbi.CALLERS_OFF_COUNT, Long.BYTES,
                ShadowkAbi.CALLERS_MAX, (array, offset) -> array.getLong(offset));
    }
}
