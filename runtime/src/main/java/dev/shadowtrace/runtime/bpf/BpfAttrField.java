package dev.shadowtrace.runtime.bpf;

/**
 * The members of {@code union bpf_attr} this binding writes, with their byte offsets and sizes in
 * the Linux 6.1 x86-64 layout ({@code include/uapi/linux/bpf.h}; {@code __aligned_u64} members are
 * 8-byte aligned, the union is {@value BpfAttr#SIZE} bytes). {@code BpfAttrLayoutTest} checks
 * every entry against {@code offsetof}/{@code sizeof} computed by gcc from the header.
 *
 * <pre>
 * BPF_MAP_CREATE                        BPF_MAP_*_ELEM
 *   0  u32 map_type                       0  u32 map_fd
 *   4  u32 key_size                       4  (padding)
 *   8  u32 value_size                     8  u64 key            (pointer)
 *  12  u32 max_entries                   16  u64 value / next_key (pointer)
 *  16  u32 map_flags                     24  u64 flags          (BPF_ANY, BPF_NOEXIST, ...)
 *  20  u32 inner_map_fd                  32  end
 *  24  u32 numa_node
 *  28  char map_name[16]               BPF_PROG_LOAD
 *  44  u32 map_ifindex                    0  u32 prog_type
 *  48  u32 btf_fd                         4  u32 insn_cnt
 *  52  u32 btf_key_type_id                8  u64 insns          (pointer to struct bpf_insn[])
 *  56  u32 btf_value_type_id             16  u64 license        (pointer to C string)
 *  60  u32 btf_vmlinux_value_type_id     24  u32 log_level
 *  64  u64 map_extra                     28  u32 log_size
 *  72  end                               32  u64 log_buf        (pointer)
 *                                        40  u32 kern_version   (unused since Linux 5.0)
 *                                        44  u32 prog_flags
 *                                        48  char prog_name[16]
 *                                        64  u32 prog_ifindex
 *                                        68  u32 expected_attach_type
 *                                        72  u32 prog_btf_fd
 *                                        76  u32 func_info_rec_size
 *                                        80  u64 func_info
 *                                        88  u32 func_info_cnt
 *                                        92  u32 line_info_rec_size
 *                                        96  u64 line_info
 *                                       104  u32 line_info_cnt
 *                                       108  u32 attach_btf_id
 *                                       112  u32 attach_prog_fd / attach_btf_obj_fd
 *                                       116  u32 core_relo_cnt
 *                                       120  u64 fd_array
 *                                       128  u64 core_relos
 *                                       136  u32 core_relo_rec_size
 *                                       140  end (union padded to 144)
 * </pre>
 *
 * Members not listed in the enum stay zero, which the kernel takes as "not used".
 */
public enum BpfAttrField {
    MAP_TYPE("map_type", 0, 4),
    KEY_SIZE("key_size", 4, 4),
    VALUE_SIZE("value_size", 8, 4),
    MAX_ENTRIES("max_entries", 12, 4),
    MAP_FLAGS("map_flags", 16, 4),
    MAP_NAME("map_name", 28, 16),

    MAP_FD("map_fd", 0, 4),
    KEY("key", 8, 8),
    VALUE("value", 16, 8),
    NEXT_KEY("next_key", 16, 8),
    ELEM_FLAGS("flags", 24, 8),

    PROG_TYPE("prog_type", 0, 4),
    INSN_CNT("insn_cnt", 4, 4),
    INSNS("insns", 8, 8),
    LICENSE("license", 16, 8),
    LOG_LEVEL("log_level", 24, 4),
    LOG_SIZE("log_size", 28, 4),
    LOG_BUF("log_buf", 32, 8),
    KERN_VERSION("kern_version", 40, 4),
    PROG_FLAGS("prog_flags", 44, 4),
    PROG_NAME("prog_name", 48, 16);

    private final String cName;
    private final int offset;
    private final int size;

    BpfAttrField(String cName, int offset, int size) {
        this.cName = cName;
        this.offset = offset;
        this.size = size;
    }

    /** The member's name in {@code union bpf_attr}. */
    public String cName() {
        return cName;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }
}
