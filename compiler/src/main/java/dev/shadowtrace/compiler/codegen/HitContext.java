package dev.shadowtrace.compiler.codegen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The values of {@code enum shadowk_hit_context} in kmod/include/uapi/shadowk.h, which shadowk
 * passes to every probe program as its attach cookie ({@code bpf_get_attach_cookie(ctx)}), with
 * the names the {@code context} built-in gives them. The runtime mirrors the same numbers as
 * {@code ShadowkAbi.CTX_*}; {@code HitContextTest} checks these against the header.
 */
enum HitContext {
    PROCESS(0, "process"),
    HARDIRQ(1, "hardirq"),
    SOFTIRQ(2, "softirq"),
    NMI(3, "nmi"),
    KTHREAD(4, "kthread");

    /** The value of {@code context} for a cookie that is none of the above. */
    static final String UNKNOWN = "unknown";

    /** The buffer size of a {@code context} string: the longest name, its NUL, rounded up to 8. */
    static final int STRING_SIZE = (Math.max(UNKNOWN.length(), Arrays.stream(values())
            .mapToInt(c -> c.text.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow()) + 8) / 8 * 8;

    private final int cookie;
    private final String text;

    HitContext(int cookie, String text) {
        this.cookie = cookie;
        this.text = text;
    }

    /** The {@code SHADOWK_CTX_*} number. */
    int cookie() {
        return cookie;
    }

    /** The string {@code context} holds. */
    String text() {
        return text;
    }
}
