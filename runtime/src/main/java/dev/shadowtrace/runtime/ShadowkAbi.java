package dev.shadowtrace.runtime;

/**
 * The numbers of the /dev/shadowk protocol, mirrored from the protocol
 * specification {@code kmod/include/uapi/shadowk.h}. {@code AbiConsistencyTest}
 * compiles that header and fails when any number here drifts from it.
 */
public final class ShadowkAbi {
    private ShadowkAbi() {}

    public static final String DEVICE_PATH = "/dev/shadowk";
    public static final int ABI_VERSION = 1;
    public static final int IOC_MAGIC = 0xd0;

    public static final int BACKEND_NATIVE = 1;
    public static final int BACKEND_XEN_PV = 2;

    public static final int FEAT_LA57 = 1 << 0;
    public static final int FEAT_IBT = 1 << 1;

    /** struct shadowk_version: size and field offsets. */
    public static final int VERSION_SIZE = 120;
    public static final int VERSION_OFF_ABI_VERSION = 0;
    public static final int VERSION_OFF_BACKEND = 4;
    public static final int VERSION_OFF_FEATURES = 8;
    public static final int VERSION_OFF_MODULE_VERSION = 16;
    public static final int VERSION_LEN_MODULE_VERSION = 32;
    public static final int VERSION_OFF_KERNEL_RELEASE = 48;
    public static final int VERSION_LEN_KERNEL_RELEASE = 65;

    public static final long IOC_VERSION = Ioctl.ior(IOC_MAGIC, 0x00, VERSION_SIZE);
}
