package dev.shadowtrace.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** Fills a struct shadowk_patch for PATCH and CHECK, and reads back the owned end. */
final class PatchRequest {
    private PatchRequest() {}

    /**
     * Issues {@code request} on {@code fd} for {@code bytes} at {@code addr}; returns owned_end.
     * The length is checked here first, so that the module's EINVAL only ever means a mismatch.
     */
    static long issue(ShadowkFd fd, ShadowkRequest request, long addr, byte[] bytes) throws ShadowkException {
        if (bytes.length == 0 || bytes.length > ShadowkAbi.PATCH_MAX) {
            throw new ShadowkException(Errno.EINVAL, "patch at " + ShadowkErrors.hex(addr),
                    bytes.length == 0 ? "no bytes to write"
                            : bytes.length + " bytes is more than a patch may have (" + ShadowkAbi.PATCH_MAX + ")",
                    false);
        }
        try (Memory data = new Memory(bytes.length); Memory req = new Memory(ShadowkAbi.PATCH_SIZE)) {
            data.write(0, bytes, 0, bytes.length);
            req.clear();
            req.setLong(ShadowkAbi.PATCH_OFF_ADDR, addr);
            req.setLong(ShadowkAbi.PATCH_OFF_BYTES, Pointer.nativeValue(data));
            req.setInt(ShadowkAbi.PATCH_OFF_LEN, bytes.length);
            fd.ioctl(request, req, errno -> ShadowkErrors.patch(request, addr, errno));
            return req.getLong(ShadowkAbi.PATCH_OFF_OWNED_END);
        }
    }
}
