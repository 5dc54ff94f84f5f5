package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/** An open /dev/shadowk: the JNA binding of the module's ioctl protocol. */
public final class ShadowkDevice implements AutoCloseable {
    private final int fd;
    private boolean closed;

    private ShadowkDevice(int fd) {
        this.fd = fd;
    }

    public static ShadowkDevice open() throws ShadowkException {
        return open(ShadowkAbi.DEVICE_PATH);
    }

    public static ShadowkDevice open(String path) throws ShadowkException {
        try {
            return new ShadowkDevice(LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw ShadowkException.onOpen(path, e.getErrorCode());
        }
    }

    public ModuleVersion version() throws ShadowkException {
        try (Memory buf = new Memory(ShadowkAbi.VERSION_SIZE)) {
            buf.clear();
            ioctl("VERSION", ShadowkAbi.IOC_VERSION, buf);
            return new ModuleVersion(
                    buf.getInt(ShadowkAbi.VERSION_OFF_ABI_VERSION),
                    ModuleVersion.Backend.of(buf.getInt(ShadowkAbi.VERSION_OFF_BACKEND)),
                    buf.getInt(ShadowkAbi.VERSION_OFF_FEATURES),
                    cString(buf, ShadowkAbi.VERSION_OFF_MODULE_VERSION, ShadowkAbi.VERSION_LEN_MODULE_VERSION),
                    cString(buf, ShadowkAbi.VERSION_OFF_KERNEL_RELEASE, ShadowkAbi.VERSION_LEN_KERNEL_RELEASE));
        }
    }

    private void ioctl(String name, long request, Pointer arg) throws ShadowkException {
        if (closed) {
            throw new IllegalStateException("/dev/shadowk handle already closed");
        }
        try {
            LibC.ioctl(fd, new NativeLong(request), arg);
        } catch (LastErrorException e) {
            throw ShadowkException.onIoctl(name, e.getErrorCode());
        }
    }

    static String cString(Pointer p, long offset, int maxLen) {
        byte[] bytes = p.getByteArray(offset, maxLen);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                LibC.close(fd);
            } catch (LastErrorException ignored) {
                // close(2) on a character device only fails for a bad fd, which cannot happen here.
            }
        }
    }
}
