package dev.shadowtrace.shell.verify;

import dev.shadowtrace.compiler.ProbeProgram;

import java.util.Optional;

/**
 * Whether the kernel accepted one program.
 *
 * @param program     the program
 * @param failure     why it was refused, empty if it loaded
 * @param verifierLog the verifier's log if it rejected the program, else empty
 */
record ProgramVerdict(ProbeProgram program, Optional<String> failure, String verifierLog) {

    static ProgramVerdict loaded(ProbeProgram program) {
        return new ProgramVerdict(program, Optional.empty(), "");
    }

    static ProgramVerdict refused(ProbeProgram program, String failure, String verifierLog) {
        return new ProgramVerdict(program, Optional.of(failure), verifierLog);
    }

    boolean ok() {
        return failure.isEmpty();
    }
}
