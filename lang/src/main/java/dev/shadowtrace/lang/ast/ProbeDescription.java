package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;

import java.util.Objects;

/**
 * One probe of a clause's probe list, normalized to dtrace's provider:module:function:name form.
 *
 * <table>
 *   <caption>Normalization</caption>
 *   <tr><th>written</th><th>provider</th><th>module</th><th>function</th><th>name</th><th>kind</th></tr>
 *   <tr><td>{@code fbt::vfs_read:entry}, {@code kprobe:vfs_read}</td><td>fbt</td><td>""</td><td>vfs_read</td><td>entry</td><td>ENTRY</td></tr>
 *   <tr><td>{@code fbt:ext4:ext4_*:return}, {@code kretprobe:ext4:ext4_*}</td><td>fbt</td><td>ext4</td><td>ext4_*</td><td>return</td><td>RETURN</td></tr>
 *   <tr><td>{@code fbt::tcp_v4_rcv+0x1c}, {@code kprobe:tcp_v4_rcv+28}</td><td>fbt</td><td>""</td><td>tcp_v4_rcv</td><td>""</td><td>OFFSET</td></tr>
 *   <tr><td>{@code syscall::openat:entry}, {@code tracepoint:syscalls:sys_enter_openat}</td><td>syscall</td><td>""</td><td>openat</td><td>entry</td><td>ENTRY</td></tr>
 *   <tr><td>{@code syscall::read:return}, {@code tracepoint:syscalls:sys_exit_read}</td><td>syscall</td><td>""</td><td>read</td><td>return</td><td>RETURN</td></tr>
 *   <tr><td>{@code uprobe:/bin/bash:readline}</td><td>uprobe</td><td>/bin/bash</td><td>readline</td><td>entry</td><td>ENTRY</td></tr>
 *   <tr><td>{@code uretprobe:/bin/bash:readline}</td><td>uprobe</td><td>/bin/bash</td><td>readline</td><td>return</td><td>RETURN</td></tr>
 *   <tr><td>{@code tracepoint:sched:sched_switch}</td><td>tracepoint</td><td>sched</td><td>sched_switch</td><td>""</td><td>TRACEPOINT</td></tr>
 *   <tr><td>{@code pid$target::main:entry}</td><td>pid</td><td>"" (the executable), else the library</td><td>main</td><td>entry</td><td>ENTRY</td></tr>
 *   <tr><td>{@code BEGIN}, {@code dtrace:::BEGIN}</td><td>dtrace</td><td>""</td><td>""</td><td>BEGIN</td><td>BEGIN</td></tr>
 *   <tr><td>{@code END}, {@code dtrace:::END}</td><td>dtrace</td><td>""</td><td>""</td><td>END</td><td>END</td></tr>
 *   <tr><td>{@code tick-1s}, {@code interval:s:1}</td><td>profile</td><td>""</td><td>""</td><td>tick-1s</td><td>TIMER</td></tr>
 *   <tr><td>{@code profile-99}, {@code profile:hz:99}</td><td>profile</td><td>""</td><td>""</td><td>profile-99hz</td><td>PROFILE</td></tr>
 * </table>
 *
 * @param provider    {@code fbt}, {@code syscall}, {@code uprobe}, {@code dtrace} or {@code profile}
 * @param module      kernel module name or glob, empty for any module (kernel probes only); for
 *                    user probes the ELF file's absolute path
 * @param function    kernel function name or glob such as {@code vfs_*} or {@code foo.isra.0}, for
 *                    syscall probes the syscall's name or glob ({@code openat}, {@code open*}) (kernel
 *                    probes only, else empty); the compiler resolves it against the kernel
 * @param name        {@code entry}, {@code return}, {@code BEGIN}, {@code END}, {@code tick-<n><unit>},
 *                    or empty for offset probes
 * @param kind        what the probe fires on
 * @param offset      byte offset into the function for {@link ProbeKind#OFFSET}, else 0
 * @param periodNanos the timer period for {@link ProbeKind#TIMER} and the sampling period for
 *                    {@link ProbeKind#PROFILE}, else 0
 * @param text        the description as written in the script
 * @param pos         where the description starts
 * @param functionPos where the function part starts (equal to {@code pos} for non-kernel probes);
 *                    point "unknown kernel function" errors here
 */
public record ProbeDescription(String provider, String module, String function, String name, ProbeKind kind,
                               long offset, long periodNanos, String text, SourcePos pos, SourcePos functionPos)
        implements Node {

    /** The provider of syscall probes ({@code syscall::NAME:entry}, {@code tracepoint:syscalls:...}). */
    public static final String SYSCALL = "syscall";

    /**
     * The provider of user probes ({@code uprobe:PATH:FUNC}, {@code uretprobe:PATH:FUNC}): entry and
     * return probes whose program runs in the kernel, like the kernel probes, on a breakpoint in
     * user text.
     */
    public static final String UPROBE = "uprobe";

    /**
     * The provider of kernel tracepoints other than the syscalls' ({@code tracepoint:CATEGORY:NAME}):
     * module is the category, function the event name, kind {@link ProbeKind#TRACEPOINT}.
     */
    public static final String TRACEPOINT = "tracepoint";

    /** Whether this is a tracepoint probe ({@link #TRACEPOINT}). */
    public boolean isTracepoint() {
        return provider.equals(TRACEPOINT);
    }

    /**
     * DTrace's pid provider ({@code pid$target:LIB:FUNC:entry}, {@code pid1234::FUNC:return}): a user
     * probe whose module is the library's name (empty for the executable) until the compiler
     * resolves it to a file of the target process; the process is {@link #pidTarget()}.
     */
    public static final String PID = "pid";

    /** Whether this is a user probe ({@link #UPROBE}, or {@link #PID}). */
    public boolean isUser() {
        return provider.equals(UPROBE) || provider.equals(PID);
    }

    /**
     * For a pid probe, the process as written after {@code pid}: {@code $target} (the process of -c
     * or -p) or a process id; empty for other probes.
     */
    public String pidTarget() {
        if (!provider.equals(PID)) {
            return "";
        }
        int colon = text.indexOf(':');
        return text.substring(PID.length(), colon < 0 ? text.length() : colon);
    }

    public ProbeDescription {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(functionPos, "functionPos");
    }

    /** Whether the module or function part is a glob pattern ({@code *}, {@code ?} or {@code [...]}). */
    public boolean isGlob() {
        return isGlob(module) || isGlob(function);
    }

    /** Whether a name is a glob pattern rather than a literal name. */
    public static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
    }

    /** The description as written. */
    @Override
    public String toString() {
        return text;
    }
}
