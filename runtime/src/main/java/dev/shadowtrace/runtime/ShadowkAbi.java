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
    public static final int ABI_VERSION = 10;
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

    /** Limits of SHADOWK_IOC_PATCH: bytes per patch; the most patches per shadow (shadow_max_patches may be lower). */
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
    public static final int BIND_AT_NEXT_EXEC = 1 << 3;
    /** Not owned by the caller: the binding outlives the caller's descriptors (ABI 6). */
    public static final int BIND_PERSIST = 1 << 4;

    /** struct shadowk_bind (BIND and UNBIND on a shadow fd). */
    public static final int BIND_SIZE = 16;
    public static final int BIND_OFF_PID = 0;
    public static final int BIND_OFF_FLAGS = 4;

    public static final long IOC_BIND = Ioctl.iow(IOC_MAGIC, 0x04, BIND_SIZE);
    public static final long IOC_UNBIND = Ioctl.iow(IOC_MAGIC, 0x05, BIND_SIZE);

    /** struct shadowk_info: one shadow's counters and caps (INFO, and the records of LIST). */
    public static final int INFO_SIZE = 112;
    public static final int INFO_OFF_ID = 0;
    public static final int INFO_OFF_PAGES_COPIED = 8;
    public static final int INFO_OFF_TABLE_PAGES = 16;
    public static final int INFO_OFF_BYTES_PATCHED = 24;
    public static final int INFO_OFF_PATCHES = 32;
    public static final int INFO_OFF_BOUND_MMS = 40;
    public static final int INFO_OFF_COHERENCE_WRITES = 48;
    public static final int INFO_OFF_COHERENCE_CONFLICTS = 56;
    public static final int INFO_OFF_PROBES = 64;
    public static final int INFO_OFF_PERCPU_BYTES = 72;
    public static final int INFO_OFF_MAX_PAGES = 80;
    public static final int INFO_OFF_MAX_PATCHES = 88;
    public static final int INFO_OFF_MAX_PROBES = 96;
    public static final int INFO_OFF_MAX_PERCPU_BYTES = 104;

    public static final long IOC_INFO = Ioctl.ior(IOC_MAGIC, 0x06, INFO_SIZE);

    /** struct shadowk_stats: the module-wide counters and caps. */
    public static final int STATS_SIZE = 168;
    public static final int STATS_OFF_SHADOWS = 0;
    public static final int STATS_OFF_PAGES_COPIED = 8;
    public static final int STATS_OFF_TABLE_PAGES = 16;
    public static final int STATS_OFF_BOUND_MMS = 24;
    public static final int STATS_OFF_BINDS_TOTAL = 32;
    public static final int STATS_OFF_UNBINDS_TOTAL = 40;
    public static final int STATS_OFF_COHERENCE_WRITES = 48;
    public static final int STATS_OFF_COHERENCE_CONFLICTS = 56;
    public static final int STATS_OFF_PATCHES = 64;
    public static final int STATS_OFF_PROBES = 72;
    public static final int STATS_OFF_PERCPU_BYTES = 80;
    public static final int STATS_OFF_MAX_SHADOWS = 88;
    public static final int STATS_OFF_MAX_PAGES = 96;
    public static final int STATS_OFF_MAX_PATCHES = 104;
    public static final int STATS_OFF_MAX_PROBES = 112;
    public static final int STATS_OFF_MAX_PERCPU_BYTES = 120;
    public static final int STATS_OFF_PROBED_SHADOWS = 128;
    public static final int STATS_OFF_MAX_PROBED_SHADOWS = 136;
    public static final int STATS_OFF_XOL_SLOTS = 144;
    public static final int STATS_OFF_MAX_XOL_SLOTS = 152;
    public static final int STATS_OFF_COHERENCE_LOST = 160;

    public static final long IOC_STATS = Ioctl.ior(IOC_MAGIC, 0x07, STATS_SIZE);

    /** struct shadowk_list: a user array of struct shadowk_info and its capacity. */
    public static final int LIST_MAX = 4096;
    public static final int LIST_SIZE = 16;
    public static final int LIST_OFF_INFOS = 0;
    public static final int LIST_OFF_COUNT = 8;

    public static final long IOC_LIST = Ioctl.iowr(IOC_MAGIC, 0x08, LIST_SIZE);

    /** Kinds of struct shadowk_probe: a function's entry, its return, an instruction inside it. */
    public static final int PROBE_ENTRY = 1;
    public static final int PROBE_RETURN = 2;
    public static final int PROBE_OFFSET = 3;

    /** Bit of shadowk_probe.flags: fire outside process context too (interrupts, kernel threads). */
    public static final int PROBE_UNION = 1 << 0;

    /** Bit of shadowk_attach.flags: attach what can be attached, report the refusals per probe. */
    public static final int ATTACH_BEST_EFFORT = 1 << 0;

    /** Limits: probes per ATTACH (and DETACH, PROBES) request, the most per shadow; shadows that may have probes. */
    public static final int ATTACH_MAX = 1 << 17;
    public static final int MAX_PROBES = 1 << 17;
    public static final int MAX_PROBED_SHADOWS = 64;

    /** enum shadowk_hit_context: what bpf_get_attach_cookie() returns in a probe program. */
    public static final int CTX_PROCESS = 0;
    public static final int CTX_HARDIRQ = 1;
    public static final int CTX_SOFTIRQ = 2;
    public static final int CTX_NMI = 3;
    public static final int CTX_KTHREAD = 4;

    /** struct shadowk_probe: one probe of an ATTACH batch, with its results. */
    public static final int PROBE_SIZE = 48;
    public static final int PROBE_OFF_ADDR = 0;
    public static final int PROBE_OFF_KIND = 8;
    public static final int PROBE_OFF_FLAGS = 12;
    public static final int PROBE_OFF_PROG_FD = 16;
    public static final int PROBE_OFF_ERROR = 20;
    public static final int PROBE_OFF_ID = 24;
    public static final int PROBE_OFF_SITE = 32;

    /** struct shadowk_attach: a user array of struct shadowk_probe. */
    public static final int ATTACH_SIZE = 24;
    public static final int ATTACH_OFF_PROBES = 0;
    public static final int ATTACH_OFF_COUNT = 8;
    public static final int ATTACH_OFF_FLAGS = 12;
    public static final int ATTACH_OFF_ATTACHED = 16;

    public static final long IOC_ATTACH = Ioctl.iowr(IOC_MAGIC, 0x09, ATTACH_SIZE);

    /** struct shadowk_detach: a user array of probe ids. */
    public static final int DETACH_SIZE = 16;
    public static final int DETACH_OFF_IDS = 0;
    public static final int DETACH_OFF_COUNT = 8;
    public static final int DETACH_OFF_FLAGS = 12;

    public static final long IOC_DETACH = Ioctl.iow(IOC_MAGIC, 0x0a, DETACH_SIZE);

    /** struct shadowk_probe_stats: one probe's counters (the records of PROBES). */
    public static final int PROBE_STATS_SIZE = 72;
    public static final int PROBE_STATS_OFF_ID = 0;
    public static final int PROBE_STATS_OFF_ADDR = 8;
    public static final int PROBE_STATS_OFF_SITE = 16;
    public static final int PROBE_STATS_OFF_KIND = 24;
    public static final int PROBE_STATS_OFF_FLAGS = 28;
    public static final int PROBE_STATS_OFF_HITS = 32;
    public static final int PROBE_STATS_OFF_UNION_HITS = 40;
    public static final int PROBE_STATS_OFF_SKIPPED = 48;
    public static final int PROBE_STATS_OFF_RECURSION = 56;
    public static final int PROBE_STATS_OFF_MISSED = 64;

    /** struct shadowk_probes: a user array of struct shadowk_probe_stats and its capacity. */
    public static final int PROBES_SIZE = 16;
    public static final int PROBES_OFF_STATS = 0;
    public static final int PROBES_OFF_COUNT = 8;

    public static final long IOC_PROBES = Ioctl.iowr(IOC_MAGIC, 0x0b, PROBES_SIZE);

    /** struct shadowk_callers: the direct callers of a function, into a user array of u64 addresses. */
    public static final int CALLERS_MAX = 4096;
    public static final int CALLERS_SIZE = 24;
    public static final int CALLERS_OFF_ADDR = 0;
    public static final int CALLERS_OFF_CALLERS = 8;
    public static final int CALLERS_OFF_COUNT = 16;

    public static final long IOC_CALLERS = Ioctl.iowr(IOC_MAGIC, 0x0c, CALLERS_SIZE);

    /** struct shadowk_tracepoint (ABI 10): a tracepoint's perf event, enabled in one shadow only. */
    public static final int TRACEPOINTS_MAX = 64;
    public static final int TRACEPOINT_SIZE = 16;
    public static final int TRACEPOINT_OFF_PERF_FD = 0;
    public static final int TRACEPOINT_OFF_FLAGS = 4;
    public static final int TRACEPOINT_OFF_SITES = 8;

    public static final long IOC_TRACEPOINT = Ioctl.iowr(IOC_MAGIC, 0x0d, TRACEPOINT_SIZE);
}
