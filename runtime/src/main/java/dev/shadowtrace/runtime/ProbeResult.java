package dev.shadowtrace.runtime;

/**
 * What SHADOWK_IOC_ATTACH answered for one probe (a struct shadowk_probe on its way out). A probe
 * is attached, refused, or neither: in an all-or-nothing batch that another probe failed.
 *
 * @param request what was asked
 * @param id      the probe's id in the shadow (for DETACH and PROBES), 0 when not attached
 * @param site    the address patched (the ftrace site for entry and return probes), 0 when not attached
 * @param errno   why the module refused it, 0 when it did not
 */
public record ProbeResult(ProbeRequest request, long id, long site, int errno) {

    /** The probe is in the shadow: the module gave it an id (ids are never 0). */
    public boolean attached() {
        return errno == 0 && id != 0;
    }

    public boolean refused() {
        return errno != 0;
    }

    /**
     * The refusal as a message naming the probe and saying what to do; {@link ShadowkException#refusal()}
     * tells refusals of the place (no ftrace site, blacklist...) from failures of the request.
     */
    public ShadowkException error() {
        if (!refused()) {
            throw new IllegalStateException(request.subject() + " was not refused");
        }
        return ShadowkErrors.probe(request, errno);
    }

    /**
     * As {@link #error()}, with {@code callerAdvice} (such as which callers to probe: {@code probe a
     * caller instead: fbt::ksys_read:entry}) in place of the plain {@code probe a caller} that ends
     * the reasons of ENOENT (no ftrace site) and EACCES (entry or noinstr text, kprobe blacklist);
     * other refusals are as {@link #error()} words them.
     */
    public ShadowkException error(String callerAdvice) {
        if (!refused()) {
            throw new IllegalStateException(request.subject() + " was not refused");
        }
        return ShadowkErrors.probe(request, errno, callerAdvice);
    }
}
