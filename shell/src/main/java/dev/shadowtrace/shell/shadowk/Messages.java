package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.KernelAddress;
import dev.shadowtrace.runtime.ShadowkException;

/** Phrasing shared by the subcommands. */
final class Messages {
    private Messages() {}

    /** A patch error naming the place by symbol and address: "patch at vfs_read+0x4 (0x...): REASON". */
    static String about(KernelAddress where, ShadowkException e) {
        boolean hasSubject = !e.getMessage().equals(e.reason());
        return hasSubject ? "patch at " + where + ": " + e.reason() : e.getMessage();
    }
}
