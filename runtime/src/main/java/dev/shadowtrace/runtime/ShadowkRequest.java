package dev.shadowtrace.runtime;

/** The requests of the protocol, by their name in the header and in messages. */
public enum ShadowkRequest {
    VERSION(ShadowkAbi.IOC_VERSION),
    CREATE(ShadowkAbi.IOC_CREATE),
    PATCH(ShadowkAbi.IOC_PATCH),
    CHECK(ShadowkAbi.IOC_CHECK),
    BIND(ShadowkAbi.IOC_BIND),
    UNBIND(ShadowkAbi.IOC_UNBIND),
    INFO(ShadowkAbi.IOC_INFO),
    STATS(ShadowkAbi.IOC_STATS),
    LIST(ShadowkAbi.IOC_LIST),
    ATTACH(ShadowkAbi.IOC_ATTACH),
    DETACH(ShadowkAbi.IOC_DETACH),
    PROBES(ShadowkAbi.IOC_PROBES),
    CALLERS(ShadowkAbi.IOC_CALLERS),
    TRACEPOINT(ShadowkAbi.IOC_TRACEPOINT);

    private final long number;

    ShadowkRequest(long number) {
        this.number = number;
    }

    /** The ioctl request number, SHADOWK_IOC_name. */
    public long number() {
        return number;
    }
}
