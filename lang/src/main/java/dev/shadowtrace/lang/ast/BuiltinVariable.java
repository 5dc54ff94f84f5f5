package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.types.ScalarType;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The built-in variables. Their names (and aliases) are reserved: they cannot be assigned. */
public enum BuiltinVariable {
    /** Process id (the thread group id) of the current thread. */
    PID(ScalarType.INT, Availability.TRACED_PROCESS, "pid"),
    /** Thread id of the current thread. */
    TID(ScalarType.INT, Availability.TRACED_PROCESS, "tid"),
    /** Real user id of the current thread. */
    UID(ScalarType.INT, Availability.TRACED_PROCESS, "uid"),
    /** Command name of the current thread (at most 16 bytes); alias {@code comm}. */
    EXECNAME(ScalarType.STRING, Availability.TRACED_PROCESS, "execname", "comm"),
    /** Id of the current thread's cgroup (v2). */
    CGROUP(ScalarType.INT, Availability.TRACED_PROCESS, "cgroup"),
    /**
     * The context the probe fired in: {@code process} (the traced process), or, for union probes
     * only, {@code hardirq}, {@code softirq}, {@code nmi} or {@code kthread}.
     */
    CONTEXT(ScalarType.STRING, Availability.TRACED_PROCESS, "context"),
    /**
     * The current kernel stack, as bpftrace names it: the same {@code stack} value as DTrace's
     * {@code stack()} (an id in the kernel's stack map, printed as its symbolized frames).
     */
    KSTACK(ScalarType.STACK, Availability.TRACED_PROCESS, "kstack"),
    /**
     * The current thread's user-space stack, as bpftrace names it (DTrace's {@code ustack()}): an id in
     * a stack map of build-id and file-offset frames, printed as the functions of the process's ELF files.
     */
    USTACK(ScalarType.STACK, Availability.TRACED_PROCESS, "ustack"),
    /**
     * The address of the current thread's {@code struct task_struct} ({@code bpf_get_current_task}); alias
     * {@code curthread}, as DTrace on Linux names it.
     */
    CURTASK(ScalarType.INT, Availability.TRACED_PROCESS, "curtask", "curthread"),
    /** Monotonic time in nanoseconds; alias {@code nsecs}. */
    TIMESTAMP(ScalarType.INT, Availability.ANYWHERE, "timestamp", "nsecs"),
    /** Current CPU number. */
    CPU(ScalarType.INT, Availability.ANYWHERE, "cpu"),
    /** Function part of the probe that fired; alias {@code func}. */
    PROBEFUNC(ScalarType.STRING, Availability.ANYWHERE, "probefunc", "func"),
    /** Name part of the probe that fired ({@code entry}, {@code return}, {@code BEGIN}, ...). */
    PROBENAME(ScalarType.STRING, Availability.ANYWHERE, "probename"),
    /** Function arguments 0 to 5, as 64-bit integers. */
    ARG0(ScalarType.INT, Availability.FUNCTION_ARGUMENTS, "arg0"),
    ARG1(ScalarType.INT, Availability.FUNCTION_ARGUMENTS, "arg1"),
    ARG2(ScalarType.INT, Availability.FUNCTION_ARGUMENTS, "arg2"),
    ARG3(ScalarType.INT, Availability.FUNCTION_ARGUMENTS, "arg3"),
    ARG4(ScalarType.INT, Availability.FUNCTION_ARGUMENTS, "arg4"),
    ARG5(ScalarType.INT, Availability.FUNCTION_ARGUMENTS, "arg5"),
    /** Return value of the function, in return probes. */
    RETVAL(ScalarType.INT, Availability.RETURN_VALUE, "retval");

    private final ScalarType type;
    private final Availability availability;
    private final List<String> names;

    BuiltinVariable(ScalarType type, Availability availability, String... names) {
        this.type = type;
        this.availability = availability;
        this.names = List.of(names);
    }

    public ScalarType type() {
        return type;
    }

    public Availability availability() {
        return availability;
    }

    /** The canonical name, e.g. {@code execname} for {@code comm}. */
    public String canonicalName() {
        return names.get(0);
    }

    /** The canonical name followed by its aliases. */
    public List<String> names() {
        return names;
    }

    public static Optional<BuiltinVariable> byName(String name) {
        return Arrays.stream(values()).filter(v -> v.names.contains(name)).findFirst();
    }

    /** Every name and alias, for suggestions. */
    public static List<String> allNames() {
        return Arrays.stream(values()).flatMap(v -> v.names.stream()).toList();
    }
}
