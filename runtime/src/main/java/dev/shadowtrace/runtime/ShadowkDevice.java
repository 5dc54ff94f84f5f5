package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** An open /dev/shadowk: the JNA binding of the module's ioctl protocol. */
public final class ShadowkDevice implements AutoCloseable {
    private final ShadowkFd fd;

    private ShadowkDevice(int fd, String path) {
        this.fd = new ShadowkFd(fd, path);
    }

    public static ShadowkDevice open() throws ShadowkException {
        return open(ShadowkAbi.DEVICE_PATH);
    }

    /**
     * Opens the device at {@code path}. When it is the module's own device, missing, and the tool
     * was installed from the package ({@link ModuleLoader#enabled()}), the module is loaded first.
     */
    public static ShadowkDevice open(String path) throws ShadowkException {
        try {
            return new ShadowkDevice(LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC), path);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ENOENT || !path.equals(ShadowkAbi.DEVICE_PATH) || !ModuleLoader.enabled()) {
                throw ShadowkException.onOpen(path, e.getErrorCode());
            }
        }
        ModuleLoader.load();
        try {
            return new ShadowkDevice(LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC), path);
        } catch (LastErrorException e) {
            throw ShadowkException.onOpen(path, e.getErrorCode());
        }
    }

    public ModuleVersion version() throws ShadowkException {
        try (Memory buf = new Memory(ShadowkAbi.VERSION_SIZE)) {
            buf.clear();
            fd.ioctl(ShadowkRequest.VERSION, buf, errno -> ShadowkErrors.request(ShadowkRequest.VERSION, errno));
            return new ModuleVersion(
                    buf.getInt(ShadowkAbi.VERSION_OFF_ABI_VERSION),
                    ModuleVersion.Backend.of(buf.getInt(ShadowkAbi.VERSION_OFF_BACKEND)),
                    buf.getInt(ShadowkAbi.VERSION_OFF_FEATURES),
                    cString(buf, ShadowkAbi.VERSION_OFF_MODULE_VERSION, ShadowkAbi.VERSION_LEN_MODULE_VERSION),
                    cString(buf, ShadowkAbi.VERSION_OFF_KERNEL_RELEASE, ShadowkAbi.VERSION_LEN_KERNEL_RELEASE));
        }
    }

    /**
     * Asks the module's ABI version and fails unless it is this tool's: the protocol requires
     * this comparison before any other request.
     */
    public ModuleVersion requireCompatible() throws ShadowkException {
        ModuleVersion v = version();
        if (!v.compatible()) {
            throw incompatible(v.abiVersion());
        }
        return v;
    }

    static ShadowkException incompatible(int moduleAbi) {
        return new ShadowkException(0, "the loaded shadowk module speaks ABI " + moduleAbi + " and this tool ABI "
                + ShadowkAbi.ABI_VERSION + ": rebuild and reload the module from this checkout"
                + " (make -C kmod && rmmod shadowk && insmod kmod/shadowk.ko)");
    }

    /** Makes a new, empty shadow (CAP_SYS_ADMIN). */
    public Shadow createShadow() throws ShadowkException {
        try (Memory req = new Memory(ShadowkAbi.CREATE_SIZE)) {
            req.clear();
            int shadowFd = fd.ioctl(ShadowkRequest.CREATE, req,
                    errno -> ShadowkErrors.request(ShadowkRequest.CREATE, errno));
            return new Shadow(shadowFd, req.getLong(ShadowkAbi.CREATE_OFF_ID));
        }
    }

    /**
     * Whether a patch of {@code bytes} at {@code addr} would be accepted, without a shadow:
     * returns the end of the pristine instructions it would own, or throws the refusal.
     */
    public long check(long addr, byte[] bytes) throws ShadowkException {
        return PatchRequest.issue(fd, ShadowkRequest.CHECK, addr, bytes);
    }

    /** The module-wide counters. */
    public Stats stats() throws ShadowkException {
        try (Memory buf = new Memory(ShadowkAbi.STATS_SIZE)) {
            buf.clear();
            fd.ioctl(ShadowkRequest.STATS, buf, errno -> ShadowkErrors.request(ShadowkRequest.STATS, errno));
            return Stats.read(buf);
        }
    }

    /** The counters of every shadow that exists, asking again with a larger array until all fit. */
    public List<ShadowInfo> list() throws ShadowkException {
        return RecordArrayRequest.fetch(fd, ShadowkRequest.LIST, ShadowkAbi.LIST_SIZE, ShadowkAbi.LIST_OFF_INFOS,
                ShadowkAbi.LIST_OFF_COUNT, ShadowkAbi.INFO_SIZE, ShadowkAbi.LIST_MAX, ShadowInfo::read);
    }

    /**
     * The core-text functions whose pristine code calls or jumps to the function at {@code addr}
     * directly (call or jmp rel32), as their start addresses in address order, each once: where to
     * probe instead of a function that cannot be probed. Indirect calls, static calls and inlined
     * copies are not found. At most {@link ShadowkAbi#CALLERS_MAX}.
     */
    public List<Long> callers(long addr) throws ShadowkException {
        return CallersRequest.issue(fd, addr);
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
        fd.close();
    }
}
