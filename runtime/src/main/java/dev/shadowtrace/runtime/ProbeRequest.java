package dev.shadowtrace.runtime;

import java.util.Locale;
import java.util.Objects;

/**
 * One probe to attach to a shadow (a struct shadowk_probe on its way in): a loaded
 * BPF_PROG_TYPE_KPROBE program, where it runs, and the name users know that place by, so that a
 * refusal can say which function it concerns.
 *
 * @param kind     entry, return or offset
 * @param address  the function's address (ENTRY, RETURN) or the instruction's (OFFSET); the module
 *                 finds the function's ftrace site itself
 * @param progFd   the program's file descriptor
 * @param union    fire outside process context too ({@link ShadowkAbi#PROBE_UNION})
 * @param where    the place in messages, e.g. {@code vfs_read} or {@code tcp_v4_rcv+0x1c}; null
 *                 for the bare address
 */
public record ProbeRequest(Kind kind, long address, int progFd, boolean union, String where) {

    /** The kinds of probe the protocol knows, with their SHADOWK_PROBE_* numbers. */
    public enum Kind {
        ENTRY(ShadowkAbi.PROBE_ENTRY), RETURN(ShadowkAbi.PROBE_RETURN), OFFSET(ShadowkAbi.PROBE_OFFSET);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The value of shadowk_probe.kind. */
        public int code() {
            return code;
        }

        /** "entry", "return", "offset". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a SHADOWK_PROBE_* number names, or null for a number this tool does not know. */
        public static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    public ProbeRequest {
        Objects.requireNonNull(kind, "kind");
        if (progFd < 0) {
            throw new IllegalArgumentException("no program for the " + kind.label() + " probe at "
                    + ShadowkErrors.hex(address));
        }
    }

    /** A probe in process context only, the usual case. */
    public ProbeRequest(Kind kind, long address, int progFd, String where) {
        this(kind, address, progFd, false, where);
    }

    /** shadowk_probe.flags. */
    int flags() {
        return union ? ShadowkAbi.PROBE_UNION : 0;
    }

    /** "entry probe on vfs_read", "offset probe at tcp_v4_rcv+0x1c": the subject of its messages. */
    public String subject() {
        String place = where != null ? where : ShadowkErrors.hex(address);
        return kind.label() + " probe " + (kind == Kind.OFFSET ? "at " : "on ") + place;
    }
}
