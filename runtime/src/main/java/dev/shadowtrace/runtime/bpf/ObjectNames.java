package dev.shadowtrace.runtime.bpf;

import java.util.regex.Pattern;

/** The kernel's rule for map and program names ({@code bpf_obj_name_cpy}). */
final class ObjectNames {
    /** {@code BPF_OBJ_NAME_LEN} (16) minus the terminating NUL. */
    static final int MAX_LENGTH = 15;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.]{1," + MAX_LENGTH + "}");

    private ObjectNames() {}

    static String check(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("bpf object name '" + name + "' must be 1-" + MAX_LENGTH
                    + " characters of [A-Za-z0-9_.]");
        }
        return name;
    }
}
