package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every errno the header gives a meaning becomes a message naming the address or pid. */
class ShadowkErrorsTest {
    private static final long ADDR = 0xffffffff81234567L;

    private static ShadowkException patch(int errno) {
        return ShadowkErrors.patch(ShadowkRequest.PATCH, ADDR, errno);
    }

    private static String bind(int pid, int errno) {
        return ShadowkErrors.bind(ShadowkRequest.BIND, pid, errno).getMessage();
    }

    private static String unbind(int pid, int errno) {
        return ShadowkErrors.bind(ShadowkRequest.UNBIND, pid, errno).getMessage();
    }

    @Test
    void patchNotOnAnInstructionBoundary() {
        ShadowkException e = patch(Errno.EILSEQ);
        assertTrue(e.getMessage().startsWith("patch at 0xffffffff81234567: not on an instruction boundary of the"
                + " kernel text (see dmesg for the exact reason)"), e.getMessage());
        assertEquals(e.getMessage(), "patch at 0xffffffff81234567: " + e.reason());
        assertEquals(Errno.EILSEQ, e.errno());
        assertTrue(e.refusal());
    }

    @Test
    void everyPatchRefusalHasItsOwnReason() {
        assertEquals("patch at 0xffffffff81234567: outside the core kernel text (_stext.._etext), or past the end"
                + " of the function", patch(Errno.ERANGE).getMessage());
        assertEquals("in entry or noinstr text, or on the kprobe blacklist: this code must never be patched",
                patch(Errno.EACCES).reason());
        assertTrue(patch(Errno.ENOEXEC).reason().startsWith("a call in the patched range (pristine or new code)"
                + " would have its return address strictly inside the range"), patch(Errno.ENOEXEC).reason());
        assertTrue(patch(Errno.EAGAIN).reason().startsWith("a patch of several instructions in a bound shadow waits"
                + " until no switch of the preemption model begun before the first shadow can still be running"),
                patch(Errno.EAGAIN).reason());
        assertTrue(patch(Errno.EBUSY).reason().startsWith("overlaps a jump label, static call, alternative,"
                + " ftrace site, BUG/WARN site, exception-table fixup or kprobe"), patch(Errno.EBUSY).reason());
        assertEquals("overlaps another patch in this shadow", patch(Errno.EEXIST).reason());
        assertEquals("the shadow would pass its own cap on patches (shadow_max_patches, at most 65536) or on"
                + " copied pages (shadow_max_pages); 'shadowk info' shows the caps and their use, dmesg which one"
                + " was reached", patch(Errno.E2BIG).reason());
        assertEquals("the module is full: all shadows together would pass max_patches or max_pages; end other"
                + " tracing sessions, or load the module with higher caps; 'shadowk info' shows the caps and their"
                + " use, dmesg which one was reached", patch(Errno.ENOSPC).reason());
        assertFalse(patch(Errno.ENOSPC).refusal(), "a limit, not the place");
        assertFalse(patch(Errno.E2BIG).refusal(), "a limit, not the place");
        assertEquals("the kernel runs with full preemption, which can suspend a task inside a patch of several"
                + " instructions: patch single instructions, or switch the model back (echo voluntary >"
                + " /sys/kernel/debug/sched/preempt)", patch(Errno.EOPNOTSUPP).reason());
        for (int errno : ShadowkErrors.PATCH_REFUSALS) {
            assertTrue(patch(errno).refusal(), Errno.name(errno));
            assertTrue(ShadowkErrors.patch(ShadowkRequest.CHECK, ADDR, errno).refusal(), Errno.name(errno));
        }
    }

    @Test
    void patchFailuresThatAreNotRefusals() {
        ShadowkException perm = patch(Errno.EPERM);
        assertEquals("patch at 0xffffffff81234567: permission denied: needs CAP_SYS_ADMIN (run as root), and raw"
                + " patches are refused while the kernel is locked down (see /sys/kernel/security/lockdown)",
                perm.getMessage());
        assertEquals("patch at 0xffffffff81234567: permission denied: needs CAP_SYS_ADMIN; run as root",
                ShadowkErrors.patch(ShadowkRequest.CHECK, ADDR, Errno.EPERM).getMessage());
        assertFalse(perm.refusal());
        assertFalse(patch(Errno.EINVAL).refusal());
        assertFalse(patch(Errno.ENOTTY).refusal());
        assertEquals("the loaded shadowk module does not know the CHECK request: its ABI differs from this tool's"
                + " (ABI " + ShadowkAbi.ABI_VERSION + "); rebuild and reload the module from this checkout",
                ShadowkErrors.patch(ShadowkRequest.CHECK, ADDR, Errno.ENOTTY).getMessage());
        assertEquals("patch at 0xffffffff81234567: PATCH failed: the module could not access the request buffer"
                + " (EFAULT); this is a bug in shadowtrace, please report it", patch(Errno.EFAULT).getMessage());
    }

    @Test
    void bindErrorsNameThePid() {
        assertEquals("pid 4242 is already bound to a shadow", bind(4242, Errno.EBUSY));
        assertEquals("pid 4242 did not reach a point where it can be switched within 10 s: is it stopped"
                + " (SIGSTOP/ptrace) or in an uninterruptible sleep?", bind(4242, Errno.ETIMEDOUT));
        assertEquals("binding pid 4242 refused: needs CAP_SYS_ADMIN and ptrace access to the process (run as root;"
                + " kernel.yama.ptrace_scope=3 forbids it even to root)", bind(4242, Errno.EPERM));
        assertEquals("no process with pid 4242 (it may have exited)", bind(4242, Errno.ESRCH));
        assertEquals("pid 2 cannot be bound: it is a kernel thread, or the module does not know the binding flags",
                bind(2, Errno.EINVAL));
        assertEquals("binding pid 4242 was interrupted by a signal", bind(4242, Errno.EINTR));
        assertEquals("binding the calling process was interrupted by a signal", bind(0, Errno.EINTR));
        assertEquals("binding pid 4242: the process unmapped its shadow mapping while it was being bound, or (a shadow"
                + " holding a patch of several instructions) a switch of the preemption model begun before the first"
                + " shadow may still be running; nothing is bound (retry, and see dmesg for which)",
                bind(4242, Errno.EAGAIN));
        assertEquals("binding pid 4242 refused: the shadow holds a patch of several instructions and the kernel"
                + " runs with full preemption, which can suspend a task inside a patch of several instructions:"
                + " patch single instructions, or switch the model back (echo voluntary >"
                + " /sys/kernel/debug/sched/preempt)", bind(4242, Errno.EOPNOTSUPP));
        assertEquals("the loaded shadowk module does not know the BIND request: its ABI differs from this tool's"
                + " (ABI " + ShadowkAbi.ABI_VERSION + "); rebuild and reload the module from this checkout",
                bind(4242, Errno.ENOTTY));
    }

    @Test
    void unbindErrorsNameThePid() {
        assertEquals("pid 4242 is not bound to this shadow", unbind(4242, Errno.ENOENT));
        assertEquals("pid 2 cannot be unbound: it is a kernel thread", unbind(2, Errno.EINVAL));
        assertEquals("unbinding pid 4242 refused: needs CAP_SYS_ADMIN and ptrace access to the process (run as"
                + " root; kernel.yama.ptrace_scope=3 forbids it even to root)", unbind(4242, Errno.EPERM));
        assertTrue(unbind(4242, Errno.EBUSY).startsWith("unbinding pid 4242: UNBIND failed: "),
                unbind(4242, Errno.EBUSY));
    }

    @Test
    void requestsWithoutASubject() {
        assertEquals("creating a shadow: permission denied: needs CAP_SYS_ADMIN; run as root",
                ShadowkErrors.request(ShadowkRequest.CREATE, Errno.EPERM).getMessage());
        assertEquals("creating a shadow: " + ShadowkErrors.NO_SHADOWS_HERE,
                ShadowkErrors.request(ShadowkRequest.CREATE, Errno.EOPNOTSUPP).getMessage());
        assertTrue(ShadowkErrors.request(ShadowkRequest.CREATE, Errno.EMFILE).getMessage()
                .startsWith("creating a shadow: too many open files ("));
        assertEquals("the loaded shadowk module does not know the STATS request: its ABI differs from this tool's"
                + " (ABI " + ShadowkAbi.ABI_VERSION + "); rebuild and reload the module from this checkout",
                ShadowkErrors.request(ShadowkRequest.STATS, Errno.ENOTTY).getMessage());
        assertEquals("VERSION refused: permission denied (needs CAP_SYS_ADMIN)",
                ShadowkErrors.request(ShadowkRequest.VERSION, Errno.EPERM).getMessage());
        String other = ShadowkErrors.request(ShadowkRequest.LIST, Errno.EBUSY).getMessage();
        assertTrue(other.startsWith("listing the shadows: LIST failed: ") && other.endsWith(" (EBUSY); the kernel"
                + " log (dmesg) has the module's reason"), other);
    }

    private static ShadowkException probe(ProbeRequest.Kind kind, int errno) {
        String where = kind == ProbeRequest.Kind.OFFSET ? "tcp_v4_rcv+0x1c" : "vfs_read";
        return ShadowkErrors.probe(new ProbeRequest(kind, ADDR, 3, where), errno);
    }

    @Test
    void whichCallerToProbeCanBeSaidInsteadOfAnyCaller() {
        String advice = "probe a caller instead: fbt::ksys_read:entry";
        ProbeResult acces = new ProbeResult(new ProbeRequest(ProbeRequest.Kind.ENTRY, ADDR, 3, "vfs_read"), 0, 0,
                Errno.EACCES);
        assertEquals("entry probe on vfs_read: in entry or noinstr text, or on the kprobe blacklist: this code must"
                + " never be probed; probe a caller instead: fbt::ksys_read:entry", acces.error(advice).getMessage());
        assertEquals(Errno.EACCES, acces.error(advice).errno());
        assertTrue(acces.error(advice).refusal());
        ProbeResult noent = new ProbeResult(new ProbeRequest(ProbeRequest.Kind.RETURN, ADDR, 3, "vfs_read"), 0, 0,
                Errno.ENOENT);
        assertEquals("return probe on vfs_read: has no ftrace site (notrace or inlined): probe a caller instead:"
                + " fbt::ksys_read:entry", noent.error(advice).getMessage());
        ProbeResult busy = new ProbeResult(new ProbeRequest(ProbeRequest.Kind.ENTRY, ADDR, 3, "vfs_read"), 0, 0,
                Errno.EBUSY);
        assertEquals(busy.error().getMessage(), busy.error(advice).getMessage(), "no advice about callers to replace");
    }

    @Test
    void everyProbeRefusalNamesTheFunctionAndWhatToDo() {
        assertEquals("entry probe on vfs_read: has no ftrace site (notrace or inlined): probe a caller",
                probe(ProbeRequest.Kind.ENTRY, Errno.ENOENT).getMessage());
        assertEquals("in entry or noinstr text, or on the kprobe blacklist: this code must never be probed; probe"
                + " a caller", probe(ProbeRequest.Kind.RETURN, Errno.EACCES).reason());
        assertTrue(probe(ProbeRequest.Kind.ENTRY, Errno.ERANGE).reason().startsWith("not the start of a function"
                + " in the core kernel text"));
        assertEquals("this program is already attached there as a return probe",
                probe(ProbeRequest.Kind.RETURN, Errno.EEXIST).reason());
        assertEquals("this program is already attached there as an entry probe",
                probe(ProbeRequest.Kind.ENTRY, Errno.EEXIST).reason());
        assertEquals("the module is full: all shadows together would pass one of its caps (max_probes,"
                + " max_percpu_bytes, max_pages, max_patches), or 64 shadows already have probes: narrow the probe"
                + " globs, or end other tracing sessions, or load the module with higher caps; 'shadowk info' shows"
                + " the caps and their use, dmesg which one was reached",
                probe(ProbeRequest.Kind.ENTRY, Errno.ENOSPC).reason());
        assertEquals("the shadow would pass one of its own caps (shadow_max_probes, at most 131072,"
                + " shadow_max_percpu_bytes, shadow_max_pages, shadow_max_patches): narrow the probe globs;"
                + " 'shadowk info' shows the caps and their use, dmesg which one was reached",
                probe(ProbeRequest.Kind.RETURN, Errno.E2BIG).reason());
        assertTrue(probe(ProbeRequest.Kind.ENTRY, Errno.EBUSY).reason().contains("retry when that kprobe is gone"));
        assertTrue(probe(ProbeRequest.Kind.ENTRY, Errno.ENOEXEC).reason().startsWith("a call's return address"));
        assertTrue(probe(ProbeRequest.Kind.ENTRY, Errno.EBADF).reason().endsWith("please report it"));
        assertTrue(probe(ProbeRequest.Kind.ENTRY, Errno.EINVAL).reason().endsWith("is the loaded module built from"
                + " this checkout?"));
        assertEquals(ShadowkErrors.NO_SHADOWS_HERE, probe(ProbeRequest.Kind.ENTRY, Errno.EOPNOTSUPP).reason());
        String other = probe(ProbeRequest.Kind.ENTRY, Errno.ETIMEDOUT).getMessage();
        assertTrue(other.startsWith("entry probe on vfs_read: ATTACH failed: "), other);
    }

    @Test
    void offsetProbeRefusalsSayWhatToProbeInstead() {
        assertEquals("offset probe at tcp_v4_rcv+0x1c: the instruction there cannot be run out of line (an"
                + " indirect or far call, far return, iret, int/int3, syscall-type, hlt, ud, loop/jrcxz or ENDBR;"
                + " dmesg says which): probe the next instruction, or the function's entry",
                probe(ProbeRequest.Kind.OFFSET, Errno.EOPNOTSUPP).getMessage());
        assertEquals("not on an instruction boundary of the function, or the function does not decode up to it"
                + " (dmesg has the exact reason): give the offset of an instruction's first byte, as objdump -d"
                + " shows them", probe(ProbeRequest.Kind.OFFSET, Errno.EILSEQ).reason());
        assertEquals("the instruction has a BUG/WARN or exception-table entry, or overlaps code the kernel rewrites"
                + " itself (ftrace site, jump label, static call, alternative), or an int3 (a kprobe or"
                + " breakpoint) precedes it in the function; dmesg says which: probe another instruction, or"
                + " retry when that kprobe is gone", probe(ProbeRequest.Kind.OFFSET, Errno.EBUSY).reason());
        assertEquals("not inside a function of the core kernel text (_stext.._etext): is the offset past the end"
                + " of the function?", probe(ProbeRequest.Kind.OFFSET, Errno.ERANGE).reason());
        assertEquals("the module is full: all shadows together would pass one of its caps (max_probes,"
                + " max_percpu_bytes, max_pages, max_patches), 64 shadows already have probes, or all 1024 of the"
                + " module's out-of-line slots for offset probes (one per probed instruction, in all shadows) are"
                + " taken: probe fewer instructions, or end other tracing sessions, or load the module with higher"
                + " caps; 'shadowk info' shows the caps and their use, dmesg which one was reached",
                probe(ProbeRequest.Kind.OFFSET, Errno.ENOSPC).reason());
        assertEquals("permission denied: needs CAP_PERFMON and CAP_BPF (or root), and offset probes are refused"
                + " while the kernel is locked down for confidentiality (see /sys/kernel/security/lockdown): probe"
                + " the function's entry instead", probe(ProbeRequest.Kind.OFFSET, Errno.EPERM).reason());
        assertEquals("permission denied: needs CAP_PERFMON and CAP_BPF (or root)",
                probe(ProbeRequest.Kind.ENTRY, Errno.EPERM).reason());
        assertEquals("this program is already attached there as an offset probe",
                probe(ProbeRequest.Kind.OFFSET, Errno.EEXIST).reason());
        assertTrue(probe(ProbeRequest.Kind.OFFSET, Errno.EACCES).reason().startsWith("in entry or noinstr text"));
    }

    @Test
    void anOffsetProbeWithTheUnionFallbackIsAMisuseNotARefusal() {
        ShadowkException e = ShadowkErrors.probe(new ProbeRequest(ProbeRequest.Kind.OFFSET, ADDR, 3, true,
                "tcp_v4_rcv+0x1c"), Errno.EOPNOTSUPP);
        assertEquals("offset probe at tcp_v4_rcv+0x1c: offset probes have no union fallback: it applies to entry"
                + " and return probes only; attach it without the union flag (shadowtrace: without -U)",
                e.getMessage());
        assertFalse(e.refusal(), "a glob must not skip every function for it");
    }

    @Test
    void refusalsOfThePlaceAreToldFromFailuresOfTheRequest() {
        for (int errno : ShadowkErrors.PROBE_REFUSALS) {
            assertTrue(probe(ProbeRequest.Kind.ENTRY, errno).refusal(), Errno.name(errno));
            assertTrue(probe(ProbeRequest.Kind.RETURN, errno).refusal(), Errno.name(errno));
        }
        for (int errno : ShadowkErrors.OFFSET_PROBE_REFUSALS) {
            assertTrue(probe(ProbeRequest.Kind.OFFSET, errno).refusal(), Errno.name(errno));
        }
        assertTrue(ShadowkErrors.OFFSET_PROBE_REFUSALS.containsAll(ShadowkErrors.PROBE_REFUSALS));
        assertTrue(probe(ProbeRequest.Kind.OFFSET, Errno.EOPNOTSUPP).refusal(), "an instruction that cannot run"
                + " out of line: a glob skips it");
        for (int errno : new int[] {Errno.EOPNOTSUPP, Errno.ENOSPC, Errno.EINVAL, Errno.EBADF, Errno.EPERM,
            Errno.EEXIST, Errno.ENOMEM}) {
            assertFalse(probe(ProbeRequest.Kind.ENTRY, errno).refusal(), Errno.name(errno));
        }
        for (int errno : new int[] {Errno.ENOSPC, Errno.EINVAL, Errno.EBADF, Errno.EPERM, Errno.EEXIST,
            Errno.ENOMEM}) {
            assertFalse(probe(ProbeRequest.Kind.OFFSET, errno).refusal(), Errno.name(errno));
        }
    }

    @Test
    void callersErrorsNameTheFunctionAddress() {
        ShadowkException e = ShadowkErrors.callers(ADDR, Errno.ERANGE);
        assertEquals("finding the callers of 0xffffffff81234567: not the start of a function in the core kernel"
                + " text (_stext.._etext)", e.getMessage());
        assertTrue(e.refusal());
        assertEquals("more callers asked for than one request may carry (4096)",
                ShadowkErrors.callers(ADDR, Errno.E2BIG).reason());
        assertFalse(ShadowkErrors.callers(ADDR, Errno.EINVAL).refusal());
        assertEquals("the loaded shadowk module does not know the CALLERS request: its ABI differs from this"
                + " tool's (ABI " + ShadowkAbi.ABI_VERSION + "); rebuild and reload the module from this checkout",
                ShadowkErrors.callers(ADDR, Errno.ENOTTY).getMessage());
    }

    @Test
    void probeRequestsAsAWhole() {
        assertEquals("attaching probes: more probes than one request may carry (131072), or the shadow's"
                + " return-probe pool would pass its cap on per-CPU bytes (shadow_max_percpu_bytes); 'shadowk info'"
                + " shows the caps and their use, dmesg which one was reached",
                ShadowkErrors.request(ShadowkRequest.ATTACH, Errno.E2BIG).getMessage());
        assertEquals("detaching probes: more probes than one request may carry (131072)",
                ShadowkErrors.request(ShadowkRequest.DETACH, Errno.E2BIG).getMessage());
        assertEquals("creating a shadow: the module has max_shadows shadows already; end other tracing sessions,"
                + " or load the module with higher caps; 'shadowk info' shows the caps and their use, dmesg which"
                + " one was reached", ShadowkErrors.request(ShadowkRequest.CREATE, Errno.ENOSPC).getMessage());
        assertEquals("detaching probes: a probe id is not attached to this shadow; nothing was detached",
                ShadowkErrors.request(ShadowkRequest.DETACH, Errno.ENOENT).getMessage());
        assertEquals("attaching probes: permission denied: needs CAP_PERFMON and CAP_BPF (or root)",
                ShadowkErrors.request(ShadowkRequest.ATTACH, Errno.EPERM).getMessage());
        assertEquals("the loaded shadowk module does not know the PROBES request: its ABI differs from this tool's"
                + " (ABI " + ShadowkAbi.ABI_VERSION + "); rebuild and reload the module from this checkout",
                ShadowkErrors.request(ShadowkRequest.PROBES, Errno.ENOTTY).getMessage());
    }

    /** Why a tracepoint stays enabled for every task: -v prints the reason after the tracepoint's name. */
    @Test
    void tracepointRefusalsSayWhyTheTracepointStaysGlobal() {
        ShadowkException regfunc = ShadowkErrors.tracepoint(Errno.EOPNOTSUPP);
        assertEquals("enabling the tracepoint in the shadow only: the module cannot hold this tracepoint in a"
                + " shadow (a module's tracepoint, one with a registration function such as the raw_syscalls ones,"
                + " sites in modules or in code that cannot be patched, or a kernel without what the module needs;"
                + " dmesg says which)", regfunc.getMessage());
        assertTrue(regfunc.reason().startsWith("the module cannot hold this tracepoint"), regfunc.reason());
        assertEquals("it has another user (a second clause on it, ftrace, perf or another tracer), or another"
                + " trace holds it in its shadow", ShadowkErrors.tracepoint(Errno.EBUSY).reason());
        assertEquals("the module holds 64 tracepoints already", ShadowkErrors.tracepoint(Errno.ENOSPC).reason());
        assertEquals("the loaded shadowk module does not know the TRACEPOINT request: its ABI differs from this"
                + " tool's (ABI " + ShadowkAbi.ABI_VERSION + "); rebuild and reload the module from this checkout",
                ShadowkErrors.tracepoint(Errno.ENOTTY).getMessage());
    }

    @Test
    void errnoNames() {
        assertEquals("EILSEQ", Errno.name(Errno.EILSEQ));
        assertEquals("ETIMEDOUT", Errno.name(110));
        assertEquals("errno 1000", Errno.name(1000));
    }
}
