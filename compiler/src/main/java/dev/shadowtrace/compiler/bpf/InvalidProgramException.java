package dev.shadowtrace.compiler.bpf;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link ProgramChecker#requireValid} when generated code breaks an eBPF rule. */
public final class InvalidProgramException extends RuntimeException {
    private final transient List<CheckError> errors;

    public InvalidProgramException(List<CheckError> errors) {
        super(
                "eBPF program failed the structural check:"
                        + errors.stream().map(e -> "\n  " + e).collect(Collectors.joining()));
        this.errors = List.copyOf(errors);
    }

    public List<CheckError> errors() {
        return errors;
    }
}
