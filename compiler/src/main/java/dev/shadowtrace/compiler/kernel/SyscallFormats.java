package dev.shadowtrace.compiler.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the text of a syscall's entry tracepoint format comes from. */
@FunctionalInterface
public interface SyscallFormats {

    /** None known: syscall probes then have {@code arg0..arg5} but no arguments by name. */
    SyscallFormats NONE = syscall -> Optional.empty();

    /** The text of {@code sys_enter_SYSCALL}'s format file, if there is one. */
    Optional<String> format(String syscall);

    /** The formats under a tracefs mount: {@code TRACEFS/events/syscalls/sys_enter_SYSCALL/format}. */
    static SyscallFormats in(Path tracefs) {
        return new Tracefs(tracefs);
    }

    /** The formats under a tracefs mount; its other tracepoints are {@link Tracepoints#in} it. */
    record Tracefs(Path root) implements SyscallFormats {
        @Override
        public Optional<String> format(String syscall) {
            Path file = root.resolve("events/syscalls/sys_enter_" + syscall + "/format");
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                return Optional.empty(); // no such event (not every syscall has metadata), or no permission
            }
        }
    }
}
