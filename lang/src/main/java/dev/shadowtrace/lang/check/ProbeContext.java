package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Availability;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.SourcePos;

import java.util.List;

/** The probes of the clause being checked: decides where retval, argN, pid, self->x... may be used. */
final class ProbeContext {

    private static final String FBT = "fbt";

    private final List<ProbeDescription> probes;
    private final Diagnostics diagnostics;

    ProbeContext(List<ProbeDescription> probes, Diagnostics diagnostics) {
        this.probes = probes;
        this.diagnostics = diagnostics;
    }

    /**
     * Whether {@code what} (e.g. "retval", "stack()", "self->ts") is available in every probe of the
     * clause; if not, reports why at {@code pos}.
     */
    boolean require(Availability availability, String what, SourcePos pos) {
        for (ProbeDescription probe : probes) {
            if (!availability.allows(probe.kind())) {
                report(availability, what, probe, pos);
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code args->NAME} can be used in every probe of the clause: syscall probes have
     * arguments by name, at entry the syscall's, at return only {@code args->ret}; fbt entry probes
     * have the function's parameters by name (which names exist, the compiler checks against the
     * kernel's BTF); a tracepoint's are the fields of its format (the compiler checks them). If not,
     * reports why at the use.
     */
    boolean requireProbeArg(ProbeArg arg) {
        String what = "args->" + arg.name();
        for (ProbeDescription probe : probes) {
            if (probe.isTracepoint()) {
                continue;
            }
            if (probe.provider().equals(FBT) && probe.kind() == ProbeKind.ENTRY) {
                continue;
            }
            if (!probe.provider().equals(ProbeDescription.SYSCALL)) {
                String message = "arguments by name (" + what + ") are only available in syscall, tracepoint and"
                        + " fbt entry probes, not in " + probe.text();
                if (probe.provider().equals(FBT) && probe.kind() == ProbeKind.RETURN) {
                    diagnostics.error(arg.pos(), message, "use retval for the return value; save an argument at"
                            + " entry, e.g. self->x = " + what + ";");
                } else if (probe.kind().isKernel()) {
                    diagnostics.error(arg.pos(), message, "use arg0 ... arg5");
                } else {
                    diagnostics.error(arg.pos(), message);
                }
                return false;
            }
            boolean isReturnValue = arg.name().equals(ProbeArg.RETURN_VALUE);
            if (probe.kind() == ProbeKind.RETURN && !isReturnValue) {
                diagnostics.error(arg.namePos(), "only args->ret (the return value) is available in " + probe.text()
                        + ", not " + what, "save the argument at entry, e.g. self->x = " + what + ";");
                return false;
            }
            if (probe.kind() == ProbeKind.ENTRY && isReturnValue) {
                diagnostics.error(arg.namePos(), "args->ret is only available in return probes, not in "
                        + probe.text(), "return probes are written syscall::NAME:return or"
                        + " tracepoint:syscalls:sys_exit_NAME");
                return false;
            }
        }
        return true;
    }

    private void report(Availability availability, String what, ProbeDescription probe, SourcePos pos) {
        switch (availability) {
            case RETURN_VALUE -> diagnostics.error(pos,
                    what + " is only available in return probes, not in " + probe.text(),
                    "return probes are written fbt::FUNC:return or kretprobe:FUNC");
            case FUNCTION_ARGUMENTS -> {
                String message = what + " is only available in entry and offset probes, not in " + probe.text();
                if (probe.kind() == ProbeKind.RETURN) {
                    diagnostics.error(pos, message, "use retval for the return value");
                } else {
                    diagnostics.error(pos, message);
                }
            }
            case TRACED_PROCESS -> diagnostics.error(pos, what + " is not available in " + probe.text()
                    + ": BEGIN, END and timer probes run in the tracer, not in the traced process");
            case ANYWHERE -> throw new IllegalStateException(what + " is available anywhere");
        }
    }
}
