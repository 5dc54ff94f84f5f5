package dev.shadowtrace.runtime;

import java.util.Set;

/**
 * Turns the errno of a failed request into a {@link ShadowkException} whose
 * message names what was refused (the address or the pid) and why, in the
 * meanings the protocol header gives each errno.
 */
final class ShadowkErrors {
    private ShadowkErrors() {}

    /** The errnos the header lists as refusals of a patch's place or content (not its limits: E2BIG, ENOSPC). */
    static final Set<Integer> PATCH_REFUSALS = Set.of(Errno.ERANGE, Errno.EACCES, Errno.EILSEQ, Errno.ENOEXEC,
            Errno.EBUSY, Errno.EEXIST, Errno.EOPNOTSUPP);

    /** Where a user sees the caps and their use; said with every refusal over one. */
    static final String SEE_CAPS = "'shadowk info' shows the caps and their use, dmesg which one was reached";

    /** ENOSPC of PATCH, of a probe, of CREATE: the module-wide caps, whatever the shadow. */
    static final String MODULE_FULL = "end other tracing sessions, or load the module with higher caps; " + SEE_CAPS;

    /**
     * EOPNOTSUPP of CREATE (and of a probe, for which the module never gives it otherwise): shadows exist
     * under every preemption model but PREEMPT_RT.
     */
    static final String NO_SHADOWS_HERE = "this kernel is built with PREEMPT_RT, where shadows are not supported"
            + " (not yet): run a kernel without PREEMPT_RT";

    /**
     * EOPNOTSUPP of PATCH, and of BIND of a shadow holding such a patch: full preemption can suspend a task
     * inside a patch of several instructions (the model can be switched at run time: PREEMPT_DYNAMIC).
     */
    static final String SEVERAL_INSNS_PREEMPT = "the kernel runs with full preemption, which can suspend a task"
            + " inside a patch of several instructions: patch single instructions, or switch the model back"
            + " (echo voluntary > /sys/kernel/debug/sched/preempt)";

    /** ENODEV of CREATE, BIND, PATCH, ATTACH: the kernel's text writes no longer reach the shadows. */
    static final String COHERENCE_OFF = "kprobes are globally disarmed (/sys/kernel/debug/kprobes/enabled is 0),"
            + " or were while this shadow existed, so shadows miss the kernel's own text writes: enable kprobes"
            + " (echo 1 > /sys/kernel/debug/kprobes/enabled) and start a new session";

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    /** PATCH or CHECK of a patch at {@code addr}. */
    static ShadowkException patch(ShadowkRequest request, long addr, int errno) {
        String subject = "patch at " + hex(addr);
        String reason = switch (errno) {
            case Errno.ERANGE -> "outside the core kernel text (_stext.._etext), or past the end of the function";
            case Errno.EACCES -> "in entry or noinstr text, or on the kprobe blacklist: this code must never be"
                    + " patched";
            case Errno.EILSEQ -> "not on an instruction boundary of the kernel text (see dmesg for the exact"
                    + " reason): either the address is inside a pristine instruction, or the new bytes do not"
                    + " decode into whole instructions that end on a pristine boundary (end them with a jmp,"
                    + " ret, int3 or ud2 to make the rest dead)";
            case Errno.ENOEXEC -> "a call in the patched range (pristine or new code) would have its return address"
                    + " strictly inside the range, so a task sleeping in that call could resume in the other"
                    + " view; make the patch end right after the call";
            case Errno.EBUSY -> "overlaps a jump label, static call, alternative, ftrace site, BUG/WARN site,"
                    + " exception-table fixup or kprobe, which the kernel rewrites itself; see dmesg for which";
            case Errno.EAGAIN -> "a patch of several instructions in a bound shadow waits until no switch of the"
                    + " preemption model begun before the first shadow can still be running (is"
                    + " /sys/kernel/debug/sched/preempt open for writing?); retry";
            case Errno.EEXIST -> "overlaps another patch in this shadow";
            case Errno.ENODEV -> COHERENCE_OFF;
            case Errno.E2BIG -> "the shadow would pass its own cap on patches (shadow_max_patches, at most "
                    + ShadowkAbi.MAX_PATCHES + ") or on copied pages (shadow_max_pages); " + SEE_CAPS;
            case Errno.ENOSPC -> "the module is full: all shadows together would pass max_patches or max_pages; "
                    + MODULE_FULL;
            case Errno.EOPNOTSUPP -> SEVERAL_INSNS_PREEMPT;
            case Errno.EPERM -> request == ShadowkRequest.PATCH
                    ? "permission denied: needs CAP_SYS_ADMIN (run as root), and raw patches are refused while"
                            + " the kernel is locked down (see /sys/kernel/security/lockdown)"
                    : "permission denied: needs CAP_SYS_ADMIN; run as root";
            case Errno.EINVAL -> "the module rejected the request as malformed (length 1.." + ShadowkAbi.PATCH_MAX
                    + ", flags and reserved fields zero): is the loaded module built from this checkout?";
            case Errno.ENOMEM -> "out of kernel memory for the copied page";
            default -> null;
        };
        if (reason == null) {
            return common(request, subject, errno);
        }
        return new ShadowkException(errno, subject, reason, PATCH_REFUSALS.contains(errno));
    }

    /**
     * The errnos the header lists as refusals of a probe's place: the function cannot be probed
     * there, whatever the request; a best-effort attach skips such functions.
     */
    static final Set<Integer> PROBE_REFUSALS = Set.of(Errno.ENOENT, Errno.ERANGE, Errno.EACCES, Errno.EILSEQ,
            Errno.ENOEXEC, Errno.EBUSY);

    /**
     * The refusals of an offset probe's place: those of every probe, and EOPNOTSUPP, which for an
     * offset probe (without the union fallback) means that its instruction cannot run out of line.
     * The module gives it to no entry or return probe (a probe site is one instruction).
     */
    static final Set<Integer> OFFSET_PROBE_REFUSALS = Set.of(Errno.ENOENT, Errno.ERANGE, Errno.EACCES,
            Errno.EILSEQ, Errno.ENOEXEC, Errno.EBUSY, Errno.EOPNOTSUPP);

    /**
     * The module's out-of-line slots: how many distinct instructions offset probes may cover at
     * once, in all shadows. The header gives the number in the text of ENOSPC, not as a constant.
     */
    static final int OFFSET_SITES = 1024;

    /** What the refusals of a function that must not or cannot be probed (ENOENT, EACCES) advise, unless told more. */
    static final String PROBE_A_CALLER = "probe a caller";

    /** One probe of an ATTACH batch, refused with {@code errno} (its error field, made positive). */
    static ShadowkException probe(ProbeRequest probe, int errno) {
        return probe(probe, errno, PROBE_A_CALLER);
    }

    /** As {@link #probe(ProbeRequest, int)}, with {@code callerAdvice} in place of {@link #PROBE_A_CALLER}. */
    static ShadowkException probe(ProbeRequest probe, int errno, String callerAdvice) {
        String reason = probe.kind() == ProbeRequest.Kind.OFFSET ? offsetProbe(probe, errno) : null;
        if (reason == null) {
            reason = anyProbe(probe, errno, callerAdvice);
        }
        if (reason == null) {
            return common(ShadowkRequest.ATTACH, probe.subject(), errno);
        }
        return new ShadowkException(errno, probe.subject(), reason, probeRefusals(probe).contains(errno));
    }

    /** The errnos that refuse {@code probe}'s place rather than the request. */
    static Set<Integer> probeRefusals(ProbeRequest probe) {
        return probe.kind() == ProbeRequest.Kind.OFFSET && !probe.union() ? OFFSET_PROBE_REFUSALS : PROBE_REFUSALS;
    }

    /** The meanings the header gives an offset probe's errnos; null where they are those of every probe. */
    private static String offsetProbe(ProbeRequest probe, int errno) {
        return switch (errno) {
            case Errno.EOPNOTSUPP -> probe.union()
                    ? "offset probes have no union fallback: it applies to entry and return probes only;"
                            + " attach it without the union flag (shadowtrace: without -U)"
                    : "the instruction there cannot be run out of line (an indirect or far call, far return,"
                            + " iret, int/int3, syscall-type, hlt, ud, loop/jrcxz or ENDBR; dmesg says which):"
                            + " probe the next instruction, or the function's entry";
            case Errno.EILSEQ -> "not on an instruction boundary of the function, or the function does not decode"
                    + " up to it (dmesg has the exact reason): give the offset of an instruction's first byte,"
                    + " as objdump -d shows them";
            case Errno.EBUSY -> "the instruction has a BUG/WARN or exception-table entry, or overlaps code the kernel"
                    + " rewrites itself (ftrace site, jump label, static call, alternative), or an int3 (a"
                    + " kprobe or breakpoint) precedes it in the function; dmesg says which: probe another"
                    + " instruction, or retry when that kprobe is gone";
            case Errno.EPERM -> "permission denied: needs CAP_PERFMON and CAP_BPF (or root), and offset probes are"
                    + " refused while the kernel is locked down for confidentiality (see"
                    + " /sys/kernel/security/lockdown): probe the function's entry instead";
            case Errno.ERANGE -> "not inside a function of the core kernel text (_stext.._etext): is the offset past"
                    + " the end of the function?";
            case Errno.ENOSPC -> "the module is full: all shadows together would pass one of its caps (max_probes,"
                    + " max_percpu_bytes, max_pages, max_patches), " + ShadowkAbi.MAX_PROBED_SHADOWS + " shadows"
                    + " already have probes, or all " + OFFSET_SITES + " of the module's out-of-line slots for offset"
                    + " probes (one per probed instruction, in all shadows) are taken: probe fewer instructions, or "
                    + MODULE_FULL;
            default -> null;
        };
    }

    /** The meanings the header gives the errnos of every kind of probe. */
    private static String anyProbe(ProbeRequest probe, int errno, String callerAdvice) {
        return switch (errno) {
            case Errno.ENOENT -> "has no ftrace site (notrace or inlined): " + callerAdvice;
            case Errno.ERANGE -> "not the start of a function in the core kernel text (_stext.._etext):"
                    + " only core-text functions can be probed at entry and return";
            case Errno.EACCES -> "in entry or noinstr text, or on the kprobe blacklist: this code must never be"
                    + " probed; " + callerAdvice;
            case Errno.EOPNOTSUPP -> NO_SHADOWS_HERE;
            case Errno.EEXIST -> "this program is already attached there as "
                    + (probe.kind() == ProbeRequest.Kind.RETURN ? "a " : "an ") + probe.kind().label() + " probe";
            case Errno.E2BIG -> "the shadow would pass one of its own caps (shadow_max_probes, at most "
                    + ShadowkAbi.MAX_PROBES + ", shadow_max_percpu_bytes, shadow_max_pages, shadow_max_patches):"
                    + " narrow the probe globs; " + SEE_CAPS;
            case Errno.ENOSPC -> "the module is full: all shadows together would pass one of its caps (max_probes,"
                    + " max_percpu_bytes, max_pages, max_patches), or " + ShadowkAbi.MAX_PROBED_SHADOWS
                    + " shadows already have probes: narrow the probe globs, or " + MODULE_FULL;
            case Errno.EBUSY -> "its ftrace site overlaps code the kernel rewrites itself, or an int3 (a kprobe"
                    + " or breakpoint) earlier in the function keeps it from being decoded now; retry when"
                    + " that kprobe is gone (dmesg says which)";
            case Errno.EILSEQ -> "the module could not decode the function up to the probed instruction; dmesg"
                    + " has the exact reason";
            case Errno.ENOEXEC -> "a call's return address would fall inside the patched instruction, so a task"
                    + " sleeping in that call could resume in the other view; dmesg has the details";
            case Errno.EBADF -> "the program's file descriptor is not a BPF program: this is a bug in"
                    + " shadowtrace, please report it";
            case Errno.EINVAL -> "the module rejected the probe as malformed (unknown kind or flags, reserved"
                    + " fields set, or a program that is not a plain, non-sleepable KPROBE program): is the"
                    + " loaded module built from this checkout?";
            case Errno.EPERM -> "permission denied: needs CAP_PERFMON and CAP_BPF (or root)";
            case Errno.ENOMEM -> "out of kernel memory";
            default -> null;
        };
    }

    /** CALLERS of the function at {@code addr}. */
    static ShadowkException callers(long addr, int errno) {
        String subject = "finding the callers of " + hex(addr);
        String reason = switch (errno) {
            case Errno.ERANGE -> "not the start of a function in the core kernel text (_stext.._etext)";
            case Errno.EINVAL -> "the module rejected the request as malformed (reserved fields set): is the"
                    + " loaded module built from this checkout?";
            case Errno.E2BIG -> "more callers asked for than one request may carry (" + ShadowkAbi.CALLERS_MAX
                    + ")";
            case Errno.ENOMEM -> "out of kernel memory";
            default -> null;
        };
        if (reason == null) {
            return common(ShadowkRequest.CALLERS, subject, errno);
        }
        return new ShadowkException(errno, subject, reason, errno == Errno.ERANGE);
    }

    /**
     * TRACEPOINT: why a tracepoint stays enabled for every task. Not fatal to a trace: its program
     * tests the scope itself, so only the cost to other processes differs.
     */
    static ShadowkException tracepoint(int errno) {
        String subject = "enabling the tracepoint in the shadow only";
        String reason = switch (errno) {
            case Errno.EOPNOTSUPP -> "the module cannot hold this tracepoint in a shadow (a module's tracepoint,"
                    + " one with a registration function such as the raw_syscalls ones, sites in modules or in"
                    + " code that cannot be patched, or a kernel without what the module needs; dmesg says which)";
            case Errno.EBUSY -> "it has another user (a second clause on it, ftrace, perf or another tracer), or"
                    + " another trace holds it in its shadow";
            case Errno.ENOSPC -> "the module holds " + ShadowkAbi.TRACEPOINTS_MAX + " tracepoints already";
            case Errno.EBADF, Errno.EINVAL -> "the module did not take the perf event as a tracepoint's: is the"
                    + " loaded module built from this checkout?";
            case Errno.EPERM -> "permission denied: needs CAP_PERFMON and CAP_BPF (or root)";
            case Errno.EACCES -> "a jump site of it is in code that must never be patched (entry or noinstr text,"
                    + " or on the kprobe blacklist)";
            case Errno.EILSEQ, Errno.ERANGE -> "a jump site of it does not hold what the module expects there"
                    + " (dmesg says where)";
            case Errno.EEXIST -> "a probe of this trace overlaps a jump site of it";
            case Errno.E2BIG -> "the shadow would pass its own cap on patches (shadow_max_patches)";
            case Errno.ENODEV -> COHERENCE_OFF;
            case Errno.ENOMEM -> "out of kernel memory";
            default -> null;
        };
        if (reason == null) {
            return common(ShadowkRequest.TRACEPOINT, subject, errno);
        }
        return new ShadowkException(errno, subject, reason, false);
    }

    /** BIND or UNBIND of {@code pid} (0: the caller). */
    static ShadowkException bind(ShadowkRequest request, int pid, int errno) {
        boolean bind = request == ShadowkRequest.BIND;
        String who = pid == 0 ? "the calling process" : "pid " + pid;
        String what = (bind ? "binding " : "unbinding ") + who;
        String message = switch (errno) {
            case Errno.ESRCH -> "no process with pid " + pid + " (it may have exited)";
            case Errno.EINVAL -> who + " cannot be " + (bind ? "bound" : "unbound") + ": it is a kernel thread"
                    + (bind ? ", or the module does not know the binding flags" : "");
            case Errno.EBUSY -> bind ? who + " is already bound to a shadow" : null;
            case Errno.ENOENT -> bind ? null : who + " is not bound to this shadow";
            case Errno.ETIMEDOUT -> who + " did not reach a point where it can be switched within 10 s: is it"
                    + " stopped (SIGSTOP/ptrace) or in an uninterruptible sleep?";
            case Errno.EINTR -> what + " was interrupted by a signal";
            case Errno.EBADF -> bind ? "the shadow's descriptor was closed while " + who + " was being bound:"
                    + " nothing is bound" : null;
            case Errno.EAGAIN -> bind ? what + ": the process unmapped its shadow mapping while it was being"
                    + " bound, or (a shadow holding a patch of several instructions) a switch of the preemption"
                    + " model begun before the first shadow may still be running; nothing is bound (retry, and"
                    + " see dmesg for which)" : null;
            case Errno.EPERM -> what + " refused: needs CAP_SYS_ADMIN and ptrace access to the process (run as"
                    + " root; kernel.yama.ptrace_scope=3 forbids it even to root)";
            case Errno.ENOMEM -> what + ": out of kernel memory";
            case Errno.ENODEV -> bind ? what + " refused: " + COHERENCE_OFF : null;
            case Errno.EOPNOTSUPP -> bind ? what + " refused: the shadow holds a patch of several instructions and "
                    + SEVERAL_INSNS_PREEMPT : null;
            default -> null;
        };
        return message != null ? new ShadowkException(errno, message) : common(request, what, errno);
    }

    /** CREATE, VERSION, INFO, STATS, LIST, and ATTACH, DETACH and PROBES as a whole. */
    static ShadowkException request(ShadowkRequest request, int errno) {
        String subject = switch (request) {
            case CREATE -> "creating a shadow";
            case INFO -> "reading the shadow's counters";
            case STATS -> "reading the module's counters";
            case LIST -> "listing the shadows";
            case ATTACH -> "attaching probes";
            case DETACH -> "detaching probes";
            case PROBES -> "reading the probes' counters";
            default -> null;
        };
        String reason = switch (errno) {
            case Errno.EPERM -> request == ShadowkRequest.ATTACH || request == ShadowkRequest.DETACH
                    ? "permission denied: needs CAP_PERFMON and CAP_BPF (or root)"
                    : "permission denied: needs CAP_SYS_ADMIN; run as root";
            case Errno.EMFILE, Errno.ENFILE -> "too many open files (" + LibC.strerror(errno) + ")";
            case Errno.ENOMEM -> "out of kernel memory";
            case Errno.EOPNOTSUPP -> request == ShadowkRequest.CREATE ? NO_SHADOWS_HERE : null;
            case Errno.ENODEV -> request == ShadowkRequest.CREATE || request == ShadowkRequest.ATTACH
                    ? COHERENCE_OFF : null;
            case Errno.EINVAL -> "the module rejected the flags or reserved fields: is the loaded module built"
                    + " from this checkout?";
            case Errno.E2BIG -> request == ShadowkRequest.ATTACH
                    ? "more probes than one request may carry (" + ShadowkAbi.ATTACH_MAX + "), or the shadow's"
                            + " return-probe pool would pass its cap on per-CPU bytes (shadow_max_percpu_bytes); "
                            + SEE_CAPS
                    : request == ShadowkRequest.DETACH
                    ? "more probes than one request may carry (" + ShadowkAbi.ATTACH_MAX + ")" : null;
            case Errno.ENOSPC -> request == ShadowkRequest.CREATE
                    ? "the module has max_shadows shadows already; " + MODULE_FULL
                    : request == ShadowkRequest.ATTACH
                    ? ShadowkAbi.MAX_PROBED_SHADOWS + " shadows already have probes, or the shadow's return-probe"
                            + " pool would take the module over max_percpu_bytes; " + MODULE_FULL
                    : null;
            case Errno.ENOENT -> request == ShadowkRequest.DETACH
                    ? "a probe id is not attached to this shadow; nothing was detached" : null;
            default -> null;
        };
        if (reason == null || subject == null) {
            return common(request, subject, errno);
        }
        return new ShadowkException(errno, subject, reason, false);
    }

    /** The meanings every request shares: unknown request, bad buffer, and the generic fallback. */
    private static ShadowkException common(ShadowkRequest request, String subject, int errno) {
        return switch (errno) {
            case Errno.ENOTTY -> new ShadowkException(errno, "the loaded shadowk module does not know the "
                    + request + " request: its ABI differs from this tool's (ABI " + ShadowkAbi.ABI_VERSION
                    + "); rebuild and reload the module from this checkout");
            case Errno.EFAULT -> new ShadowkException(errno, subject, request + " failed: the module could not"
                    + " access the request buffer (EFAULT); this is a bug in shadowtrace, please report it", false);
            case Errno.EPERM, Errno.EACCES -> new ShadowkException(errno, subject, request
                    + " refused: permission denied (needs CAP_SYS_ADMIN)", false);
            default -> new ShadowkException(errno, subject, request + " failed: " + LibC.strerror(errno) + " ("
                    + Errno.name(errno) + "); the kernel log (dmesg) has the module's reason", false);
        };
    }
}
