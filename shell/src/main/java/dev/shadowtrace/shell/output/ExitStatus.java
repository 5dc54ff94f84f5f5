package dev.shadowtrace.shell.output;

import java.util.OptionalInt;

/** The status of the first exit() the script ran, in a kernel probe or in the tracer: the tracer's exit status. */
final class ExitStatus {
    private OptionalInt first = OptionalInt.empty();

    void record(int status) {
        if (first.isEmpty()) {
            first = OptionalInt.of(status);
        }
    }

    OptionalInt first() {
        return first;
    }
}
