package dev.shadowtrace.runtime;

/**
 * The numbers of the /dev/shadowk protocol, mirrored from the protocol
 * specification {@code kmod/include/uapi/shadowk.h}. {@code AbiConsistencyTest}
 * compiles that header and fails when any number here drifts from it.
 *
 * <p>Naming: {@code SHADOWK_X} is {@code X}; for {@code struct shadowk_s},
 * {@code S_SIZE}, {@code S_OFF_FIELD} and, for arrays, {@code S_LEN_FIELD}.
 * Reserved and padding fields have no constant: buffers are zeroed before use.
 */
public final class ShadowkAbi {
    private ShadowkAbi() {}

    public static final String DEVICE_PATH = "/dev/shadowk";
    public static final int ABI_VERSION = 2;
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

    /** struct shadowk_create (on /dev/shadowk; the new shadow's fd is the return value). */
    public static final int CREATE_SIZE = 16;
    public static final int CREATE_OFF_FLAGS = 0;
    public static final int CREATE_OFF_ID = 8;

    public static final long IOC_CREATE = Ioctl.iowr(IOC_MAGIC, 0x01, CREATE_SIZE);

    /** Limits of SHADOWK_IOC_PATCH: bytes per patch, patches per shadow. */
    public static final int PATCH_MAX = 64;
    public static final int MAX_PATCHES = 65536;

    /** struct shadowk_patch (PATCH on a shadow fd, CHECK on /dev/shadowk). */
    public static final int PATCH_SIZE = 32;
    public static final int PATCH_OFF_ADDR = 0;
    public static final int PATCH_OFF_BYTES = 8;
    public static final int PATCH_OFF_LEN = 16;
    public static final int PATCH_OFF_FLAGS = 20;
    public static final int PATCH_OFF_OWNED_END = 24;

    public static final long IOC_PATCH = Ioctl.iowr(IOC_MAGIC, 0x02, PATCH_SIZE);
    public static final long IOC_CHECK = Ioctl.iowr(IOC_MAGIC, 0x03, PATCH_SIZE);

    /** Bits of shadowk_bind.flags. */
    public static final int BIND_NO_FORK_INHERIT = 1 << 0;
    public static final int BIND_EXEC_RESET = 1 << 1;
    public static final int BIND_KEEP_NEXT_EXEC = 1 << 2;

    /** struct shadowk_bind (BIND and UNBIND on a shadow fd). */
    public static final int BIND_SIZE = 16;
    public static final int BIND_OFF_PID = 0;
    public static final int BIND_OFF_FLAGS = 4;

    public static final long IOC_BIND = Ioctl.iow(IOC_MAGIC, 0x04, BIND_SIZE);
    public static final long IOC_UNBIND = Ioctl.iow(IOC_MAGIC, 0x05, BIND_SIZE);

    /** struct shadowk_info: one shadow's counters (INFO, and the records of LIST). */
    public static final int INFO_SIZE = 64;
    public static final int INFO_OFF_ID = 0;
    public static final int INFO_OFF_PAGES_COPIED = 8;
    public static final int INFO_OFF_TABLE_PAGES = 16;
    public static final int INFO_OFF_BYTES_PATCHED = 24;
    public static final int INFO_OFF_PATCHES = 32;
    public static final int INFO_OFF_BOUND_MMS = 40;
    public static final int INFO_OFF_COHERENCE_WRITES = 48;
    public static final int INFO_OFF_COHERENCE_CONFLICTS = 56;

    public static final long IOC_INFO = Ioctl.ior(IOC_MAGIC, 0x06, INFO_SIZE);

    /** struct shadowk_stats: the module-wide counters. */
    public static final int STATS_SIZE = 64;
    public static final int STATS_OFF_SHADOWS = 0;
    public static final int STATS_OFF_PAGES_COPIED = 8;
    public static final int STATS_OFF_TABLE_PAGES = 16;
    public static final int STATS_OFF_BOUND_MMS = 24;
    public static final int STATS_OFF_BINDS_TOTAL = 32;
    public static final int STATS_OFF_UNBINDS_TOTAL = 40;
    public static final int STATS_OFF_COHERENCE_WRITES = 48;
    public static final int STATS_OFF_COHERENCE_CONFLICTS = 56;

    public static final long IOC_STATS = Ioctl.ior(IOC_MAGIC, 0x07, STATS_SIZE);

    /** struct shadowk_list: a user array of struct shadowk_info and its capacity. */
    public static final int LIST_MAX = 4096;
    public static final int LIST_SIZE = 16;
    public static final int LIST_OFF_INFOS = 0;
    public static final int LIST_OFF_COUNT = 8;

    public static final long IOC_LIST = Ioctl.iowr(IOC_MAGIC, 0x08, LIST_SIZE);
}
