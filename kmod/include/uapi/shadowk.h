/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * shadowk: the ioctl protocol between /dev/shadowk and its users.
 *
 * This header is the protocol specification. The kernel module includes it,
 * and the Java binding (runtime/src/main/java/dev/shadowtrace/runtime/ShadowkAbi.java)
 * mirrors every number and offset in it; a unit test compiles this file with
 * the C compiler and checks the two against each other.
 *
 * Rules that hold for every request:
 *  - All structures have fixed sizes and explicit padding; every reserved
 *    field must be zero on input (EINVAL otherwise), so that later versions
 *    can give them meaning.
 *  - Strings are NUL-terminated within their array.
 *  - A request that this version does not know fails with ENOTTY.
 *  - SHADOWK_ABI_VERSION grows whenever a structure or a meaning changes;
 *    a user compares it with its own before issuing any other request.
 *    ABI 5: ATTACH and DETACH need CAP_PERFMON and CAP_BPF instead of
 *    CAP_SYS_ADMIN; kernel lockdown is honoured (EPERM); ATTACH refuses
 *    KPROBE programs loaded for another attach type or sleepable; BIND can
 *    fail with EAGAIN; BIND takes SHADOWK_BIND_AT_NEXT_EXEC.
 *    ABI 6: a binding of another process is owned by the caller's fd
 *    table and undone when that table holds no descriptor of the shadow
 *    any more (SHADOWK_BIND_PERSIST opts out); a credential-changing exec
 *    drops a binding its binder may not trace; BIND can fail with EBADF.
 *    ABI 7: limits (below); INFO and STATS grow by the usage and limits
 *    fields; a shadow over its own cap answers E2BIG where it answered
 *    ENOSPC (patches, probes); CREATE can fail with ENOSPC.
 *    ABI 8: ENODEV when kprobes are disarmed (coherence lost); STATS grows.
 *    ABI 9: CREATE succeeds under full preemption (its EOPNOTSUPP now
 *    means PREEMPT_RT); the shadow then takes single-instruction patches.
 *    Processes bound to a stale shadow are switched back to the pristine
 *    kernel (coherence lost, below).
 *    ABI 10: TRACEPOINT.
 *
 * Limits (ABI 7). What userspace can make the module allocate is capped,
 * per shadow and for the whole module, by module parameters fixed at load
 * (/sys/module/shadowk/parameters; defaults in docs/design.md):
 *    resource                      per shadow              module
 *    copied text pages             shadow_max_pages        max_pages
 *    patches (probe sites too)     shadow_max_patches      max_patches
 *    probes                        shadow_max_probes       max_probes
 *    per-CPU bytes (counters of    shadow_max_percpu_bytes max_percpu_bytes
 *      probes, return-probe pool)
 *    shadows                       -                       max_shadows
 * A request that would take its shadow over a per-shadow cap fails with
 * E2BIG; one that would take the module over a module cap (or CREATE at
 * max_shadows) fails with ENOSPC: the shadow is too big, or the module is
 * full. Either way one dmesg line names the parameter. INFO reports a
 * shadow's usage and caps, STATS the module's. Page-table pages are not
 * capped on their own: a shadow has at most 3-4 plus one per 2 MiB region
 * of text it copies from.
 *
 * Privileges follow what the kernel asks for the same power elsewhere:
 *  - Raw patches (PATCH, and CHECK, which says where they may go) and
 *    changing which text a process runs (CREATE, BIND, UNBIND) need
 *    CAP_SYS_ADMIN.
 *  - Probes (ATTACH, DETACH, TRACEPOINT) are what a kprobe BPF program attached through
 *    perf is: loading one needs CAP_BPF and CAP_PERFMON (bpf_prog_load),
 *    hooking it to a kernel function CAP_PERFMON (perf_kprobe_event_init).
 *    They need CAP_PERFMON and CAP_BPF; CAP_SYS_ADMIN implies both. The
 *    shadow's descriptor comes from CREATE, so a tracer without
 *    CAP_SYS_ADMIN attaches to a shadow it was handed.
 *  - The rest (VERSION, INFO, STATS, LIST, PROBES, CALLERS) needs only an
 *    open descriptor.
 *
 * Kernel lockdown (security/lockdown, checked at each request; raising it
 * removes nothing already patched or attached, as it removes no kprobe):
 *  - integrity: PATCH is refused with EPERM. It writes code of the caller's
 *    choice into kernel text, which the kernel forbids a kernel debugger
 *    (LOCKDOWN_DBG_WRITE_KERNEL). CHECK, which writes nothing, still works.
 *  - confidentiality: OFFSET probes are refused with EPERM: an int3 on any
 *    instruction is a kprobe, and the kernel refuses kprobes then
 *    (LOCKDOWN_KPROBES). ENTRY and RETURN probes are what BPF attaches at a
 *    function's ftrace site without kprobes (fentry, kprobe.multi), which
 *    lockdown does not refuse; what their program may read was decided by
 *    the verifier when it was loaded (LOCKDOWN_BPF_READ_KERNEL removes the
 *    helpers that read kernel memory).
 */
#ifndef _UAPI_SHADOWK_H
#define _UAPI_SHADOWK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SHADOWK_DEVICE_PATH	"/dev/shadowk"
#define SHADOWK_ABI_VERSION	10

/* 'k' after the device; the 0xd0 range is free in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define SHADOWK_IOC_MAGIC	0xd0

/* How the module remaps kernel text: how shadows are realised on this machine. */
enum shadowk_backend {
	SHADOWK_BACKEND_NATIVE = 1,	/* x86-64 page tables, written directly */
	SHADOWK_BACKEND_XEN_PV = 2,	/* Xen PV guest: page tables through hypercalls */
};

/* Bits of shadowk_version.features. */
#define SHADOWK_FEAT_LA57	(1u << 0)	/* the kernel runs with 5-level paging */
#define SHADOWK_FEAT_IBT	(1u << 1)	/* functions start with endbr64 */

/*
 * SHADOWK_IOC_VERSION: what the module speaks and where it runs.
 * No privilege needed beyond opening the device.
 */
struct shadowk_version {
	__u32 abi_version;		/* out: SHADOWK_ABI_VERSION of the module */
	__u32 backend;			/* out: enum shadowk_backend */
	__u32 features;			/* out: SHADOWK_FEAT_* */
	__u32 __reserved;		/* out: zero */
	char module_version[32];	/* out: e.g. "0.1.0" */
	char kernel_release[65];	/* out: utsname()->release */
	__u8 __pad[7];			/* out: zero */
};

#define SHADOWK_IOC_VERSION	_IOR(SHADOWK_IOC_MAGIC, 0x00, struct shadowk_version)

/*
 * Shadows.
 *
 * A shadow is a copy-on-write view of the core kernel text (_stext.._etext)
 * in which some bytes differ from the pristine kernel. Processes bound to a
 * shadow execute its view; every other process executes the pristine text.
 *
 * SHADOWK_IOC_CREATE (on /dev/shadowk, CAP_SYS_ADMIN) makes an empty shadow
 * and returns, as the ioctl's return value, a new file descriptor that owns
 * it (close-on-exec). Creating copies nothing: only page-table pages are
 * allocated. The requests below are issued on that descriptor. A shadow
 * lives while its descriptor is open or a process is bound to it.
 *
 * Errors: EPERM no CAP_SYS_ADMIN; EINVAL flags or reserved set; EOPNOTSUPP
 * the kernel is PREEMPT_RT (every other preemption model has shadows: under
 * full preemption they take single-instruction patches only, see PATCH);
 * ENOSPC max_shadows shadows exist (ABI 7); ENODEV kprobes are globally
 * disarmed (/sys/kernel/debug/kprobes/enabled is 0: the hooks that carry
 * the kernel's own text writes into shadows are kprobes) (ABI 8); ENOMEM;
 * EMFILE no free descriptor.
 *
 * Coherence lost (ABI 8): a shadow that existed when kprobes were disarmed
 * may have missed kernel text writes for good. BIND, PATCH and ATTACH on
 * it, and any of them while kprobes are disarmed, fail with ENODEV (STATS
 * coherence_lost counts the events). Its bound processes are switched back
 * to the pristine kernel soon after (ABI 9), as by UNBIND's switch: their
 * bindings stay, not live, until UNBIND or an exit unmaps their tokens.
 *
 * Privileges of the other requests: PATCH, CHECK, BIND and UNBIND need
 * CAP_SYS_ADMIN (EPERM otherwise); ATTACH and DETACH need CAP_PERFMON and
 * CAP_BPF; VERSION, INFO, STATS, LIST and PROBES need only an open
 * descriptor.
 */
struct shadowk_create {
	__u32 flags;			/* in: zero */
	__u32 __reserved;		/* in: zero */
	__u64 id;			/* out: shadow id, unique while the module is loaded */
};

#define SHADOWK_IOC_CREATE	_IOWR(SHADOWK_IOC_MAGIC, 0x01, struct shadowk_create)

/*
 * SHADOWK_IOC_PATCH (shadow fd, CAP_SYS_ADMIN): replace len bytes at the
 * core-text address addr with the bytes at user address bytes, in this
 * shadow only. Only the 4 KiB pages written are copied. The patch "owns"
 * the whole pristine instructions it touches.
 *
 * Refused, each with one dmesg line naming the address and the reason:
 *   EPERM       (PATCH) the kernel is locked down (integrity or above)
 *   EINVAL      len is 0 or above SHADOWK_PATCH_MAX, flags or reserved set
 *   ERANGE      outside core kernel text, in no function, or past the end
 *               of its function
 *   EACCES      entry or noinstr text, or on the kprobe blacklist
 *   EILSEQ      addr is not an instruction boundary of the pristine text,
 *               or the new bytes do not decode into whole instructions that
 *               end on a pristine boundary (unless they end in a jump,
 *               return, int3 or ud2 that makes the remaining bytes dead)
 *   ENOEXEC     a call whose return address would fall strictly inside the
 *               patched range (in the pristine or the new code): a task
 *               sleeping in that call could resume in the other view
 *   EBUSY       overlaps a jump label, static call, alternative, ftrace
 *               site, BUG/WARN site, exception-table fixup, a kprobe's
 *               int3 or the jump of an optimized kprobe (the instructions
 *               it replaces); or a kprobe's int3 precedes it in its
 *               function, so it cannot be decoded now, or it lies inside
 *               an optimized kprobe's jump: retry when it is gone. (Other
 *               int3s are padding after a ret or jmp and decode as
 *               themselves; with CONFIG_KGDB every int3 counts as a
 *               breakpoint.)
 *   EEXIST      overlaps another patch in the same shadow
 *   E2BIG       the shadow would have more patches than shadow_max_patches
 *               (at most SHADOWK_MAX_PATCHES), or copy more pages than
 *               shadow_max_pages (ABI 7; ENOSPC before)
 *   ENOSPC      the module would hold more patches than max_patches, or
 *               more copied pages than max_pages
 *   EOPNOTSUPP  the running kernel cannot switch views safely (full
 *               preemption) and the patch owns or writes more than one
 *               instruction (the model can change after CREATE under
 *               PREEMPT_DYNAMIC: asked again for each patch). Once such a
 *               shadow is bound, root's switches of the preemption model
 *               (/sys/kernel/debug/sched/preempt) fail with EBUSY until
 *               it is unbound (any switch passes through full preemption
 *               for a moment; a write of the current mode succeeds): the
 *               model is held while it matters.
 *   EAGAIN      the patch owns or writes more than one instruction, the
 *               shadow is bound, and a switch of the preemption model
 *               begun before the first shadow existed may still be running
 *               (sched/preempt is open for writing somewhere, or a
 *               livepatch transition is ending): retry.
 * SHADOWK_IOC_CHECK on /dev/shadowk runs the same checks without a shadow.
 */
#define SHADOWK_PATCH_MAX	64
#define SHADOWK_MAX_PATCHES	65536

struct shadowk_patch {
	__u64 addr;			/* in: kernel virtual address in core text */
	__u64 bytes;			/* in: user pointer to len bytes */
	__u32 len;			/* in: 1..SHADOWK_PATCH_MAX */
	__u32 flags;			/* in: zero */
	__u64 owned_end;		/* out: end of the pristine instructions the patch owns */
};

#define SHADOWK_IOC_PATCH	_IOWR(SHADOWK_IOC_MAGIC, 0x02, struct shadowk_patch)
#define SHADOWK_IOC_CHECK	_IOWR(SHADOWK_IOC_MAGIC, 0x03, struct shadowk_patch)

/*
 * SHADOWK_IOC_BIND / SHADOWK_IOC_UNBIND (shadow fd, CAP_SYS_ADMIN; binding
 * another process also needs ptrace access to it, else EPERM).
 *
 * The unit of binding is the address space: binding pid P binds every thread
 * that shares P's mm, and the change is in effect on all of them, on every
 * CPU, before the request returns. pid 0 means the caller.
 *
 * Policy, chosen per binding with flags:
 *  - fork: children inherit the binding (their new address space is bound
 *    to the same shadow before they first run), unless
 *    SHADOWK_BIND_NO_FORK_INHERIT. A vfork child (posix_spawn) counts as a
 *    child when it execs.
 *  - exec: the new program keeps the binding (rebound before it runs any
 *    user code), unless SHADOWK_BIND_EXEC_RESET.
 *  - SHADOWK_BIND_KEEP_NEXT_EXEC: keep the binding across the next exec
 *    whatever the exec policy, then apply it; for launchers that bind a
 *    small program which then execs the real one.
 *  - SHADOWK_BIND_AT_NEXT_EXEC (ABI 5): the binding takes effect at the
 *    process's next exec: until then its address space stays on the
 *    pristine view, is not counted as bound, and its children do not
 *    inherit it (nor does a vfork child's exec use it up); the new program
 *    is bound before it runs any user code, and the exec itself runs
 *    pristine. The exec policy then applies to later execs. For launchers
 *    that must trace nothing of their own. Not with KEEP_NEXT_EXEC.
 *  - owner (ABI 6): a binding of another process (pid not in the caller's
 *    thread group) is owned by the caller's file-descriptor table, and so
 *    are the bindings it gives rise to (fork children, exec rebinds). When
 *    that table holds no descriptor of the shadow any more (the last one
 *    closed, or the tracer exited or was killed), those bindings are
 *    undone: each process is switched back to the pristine kernel with the
 *    same commit as UNBIND, then its token is unmapped; it keeps running,
 *    untraced. A pending AT_NEXT_EXEC binding is dropped the same way (the
 *    command runs unbound). SHADOWK_BIND_PERSIST: not owned; the binding
 *    lasts as long as the address space, as a process's binding of itself
 *    always does (which is what keeps a shadow alive after its creator
 *    closed it and exec'd).
 *  - credentials (ABI 6): an exec that changes credentials (set-uid,
 *    set-gid, file capabilities, or a program the kernel makes
 *    non-dumpable) keeps the binding only if the binder's credentials,
 *    recorded at BIND, could ptrace the new program (CAP_SYS_PTRACE over
 *    its user namespace; or, if it stays dumpable, the same uid and gid and
 *    no permitted capability the binder lacks). Otherwise the new program
 *    starts unbound (one dmesg line). This holds for self-binds too.
 * A bound process shows a one-page, inaccessible mapping of the shadow in
 * /proc/PID/maps ("anon_inode:[shadowk]"); unmapping it unbinds.
 *
 * Errors: ESRCH no such process; EINVAL kernel thread, bad flags or
 * reserved bits, AT_NEXT_EXEC with KEEP_NEXT_EXEC; EBUSY (BIND) the address space is already bound to a
 * shadow; ENOENT (UNBIND) it is not bound to this shadow; ETIMEDOUT the
 * process did not reach a point where it can be switched within 10 s
 * (stopped or in an uninterruptible sleep); EINTR the caller got a signal;
 * EAGAIN (BIND) a thread of the process unmapped the new token mapping
 * before the binding was in place, or the shadow holds a patch of more
 * than one instruction and a switch of the preemption model begun before
 * the first shadow existed may still be running (see PATCH): nothing is
 * bound, retry; EBADF (BIND, owned)
 * another thread closed the caller's last descriptor of the shadow while
 * it was being bound: nothing is bound; EOPNOTSUPP (BIND) the kernel was
 * switched to full preemption since CREATE and the shadow holds a patch of
 * more than one instruction (an exec rebind refused so leaves the new
 * program unbound, with a dmesg line). BIND of a shadow holding such a
 * patch, and PATCH of a bound shadow, arm a kprobe on the kernel's
 * flush_tlb_func() first (lazy TLB CPUs keep their view, docs/design.md);
 * if the kernel refuses it, they fail with its errno and a dmesg line.
 */
#define SHADOWK_BIND_NO_FORK_INHERIT	(1u << 0)
#define SHADOWK_BIND_EXEC_RESET		(1u << 1)
#define SHADOWK_BIND_KEEP_NEXT_EXEC	(1u << 2)
#define SHADOWK_BIND_AT_NEXT_EXEC	(1u << 3)
#define SHADOWK_BIND_PERSIST		(1u << 4)	/* ABI 6 */

struct shadowk_bind {
	__s32 pid;			/* in: process or thread id; 0 = caller */
	__u32 flags;			/* in: SHADOWK_BIND_* (BIND only; zero for UNBIND) */
	__u64 __reserved;		/* in: zero */
};

#define SHADOWK_IOC_BIND	_IOW(SHADOWK_IOC_MAGIC, 0x04, struct shadowk_bind)
#define SHADOWK_IOC_UNBIND	_IOW(SHADOWK_IOC_MAGIC, 0x05, struct shadowk_bind)

/*
 * SHADOWK_IOC_INFO (shadow fd): counters of this shadow.
 * SHADOWK_IOC_STATS (/dev/shadowk): the module-wide counters; when no shadow
 * exists, every page counter is zero, and so are patches, probes and
 * percpu_bytes.
 */
struct shadowk_info {
	__u64 id;
	__u64 pages_copied;		/* 4 KiB text pages privately copied */
	__u64 table_pages;		/* page-table pages owned */
	__u64 bytes_patched;		/* sum of patch lengths */
	__u64 patches;
	__u64 bound_mms;		/* address spaces bound now */
	__u64 coherence_writes;		/* kernel text writes mirrored into this shadow */
	__u64 coherence_conflicts;	/* kernel text writes skipped: they overlapped a patch */
	__u64 probes;			/* ABI 7: probes attached */
	__u64 percpu_bytes;		/* ABI 7: per-CPU memory of its probes, all CPUs counted */
	__u64 max_pages;		/* ABI 7: this shadow's caps (shadow_max_*) */
	__u64 max_patches;
	__u64 max_probes;
	__u64 max_percpu_bytes;
};

#define SHADOWK_IOC_INFO	_IOR(SHADOWK_IOC_MAGIC, 0x06, struct shadowk_info)

struct shadowk_stats {
	__u64 shadows;
	__u64 pages_copied;
	__u64 table_pages;
	__u64 bound_mms;
	__u64 binds_total;		/* since load: binds, fork inheritances, exec rebinds */
	__u64 unbinds_total;
	__u64 coherence_writes;
	__u64 coherence_conflicts;
	__u64 patches;			/* ABI 7: in all shadows, probe sites included */
	__u64 probes;			/* ABI 7 */
	__u64 percpu_bytes;		/* ABI 7 */
	__u64 max_shadows;		/* ABI 7: the module's caps (max_*) */
	__u64 max_pages;
	__u64 max_patches;
	__u64 max_probes;
	__u64 max_percpu_bytes;
	__u64 probed_shadows;		/* ABI 8: shadows with probes (each takes a slot) */
	__u64 max_probed_shadows;	/* ABI 8: SHADOWK_MAX_PROBED_SHADOWS */
	__u64 xol_slots;		/* ABI 8: out-of-line slots in use (offset probes) */
	__u64 max_xol_slots;		/* ABI 8: how many the module has */
	__u64 coherence_lost;		/* ABI 8: times shadows stopped seeing kernel text
					 * writes (kprobes disarmed); see CREATE's ENODEV */
};

#define SHADOWK_IOC_STATS	_IOR(SHADOWK_IOC_MAGIC, 0x07, struct shadowk_stats)

/*
 * SHADOWK_IOC_LIST (/dev/shadowk): up to min(count, SHADOWK_LIST_MAX)
 * shadowk_info records, written to the user array at infos; count is
 * updated to the number of shadows that exist. If that is more than were
 * asked for, the caller asks again with more room.
 */
#define SHADOWK_LIST_MAX	4096

struct shadowk_list {
	__u64 infos;			/* in: user pointer to count struct shadowk_info */
	__u32 count;			/* in: capacity; out: shadows that exist */
	__u32 __reserved;		/* in: zero */
};

#define SHADOWK_IOC_LIST	_IOWR(SHADOWK_IOC_MAGIC, 0x08, struct shadowk_list)

/*
 * Probes (ABI 3; offset probes attach since ABI 4).
 *
 * A probe is a patch in one shadow plus an eBPF program (BPF_PROG_TYPE_KPROBE,
 * loaded by the caller with bpf(2)) that the module runs at each hit, with a
 * struct pt_regs * context:
 *  - SHADOWK_PROBE_ENTRY: addr is a function's address; the shadow's copy of
 *    its ftrace site (the 5-byte NOP that follows endbr64 under IBT) becomes
 *    a direct call into the module. regs->ip is the site's address, regs->sp
 *    points at the function's return address, arguments are in di, si, dx,
 *    cx, r8, r9.
 *  - SHADOWK_PROBE_RETURN: the same site; the return address is hooked (the
 *    kernel's rethook, as kretprobes do) and the program runs when the
 *    function returns, with regs->ax the return value and regs->ip again
 *    the site's address.
 *  - SHADOWK_PROBE_OFFSET (ABI 4): addr is an instruction of a core-text
 *    function; the shadow's copy of its first byte becomes an int3. The
 *    module's int3 handler runs the program with regs as the instruction
 *    would see them and regs->ip its address, then runs the instruction out
 *    of line (a relocated copy in module text, followed by a jump back) or,
 *    for jmp, jcc and call rel32, emulates it. At the function's ftrace site
 *    it is the entry probe's site instead (no int3; site is the same).
 *    Offset probes have no union fallback.
 * Several probes may share a site; the site is patched once.
 *
 * Scope. A probe fires in the process context of the tasks whose address
 * space is bound to the shadow. Work done outside any process context
 * (hard and soft interrupts, NMIs, kernel threads including kworkers) is
 * nobody's: a probe fires there only with SHADOWK_PROBE_UNION, and then it
 * fires there whatever the CPU was running (the pristine kernel gets an
 * ftrace hook at the site for that, which every process pays for while the
 * probe exists; see docs/design.md). The program learns the context of a hit
 * from bpf_get_attach_cookie(): one of enum shadowk_hit_context.
 *
 * The module runs programs as the kernel's kprobe programs are run: with
 * preemption off, under RCU, and not at all when a BPF tracing program is
 * already running on the CPU (bpf_prog_active), which counts as recursion.
 *
 * SHADOWK_IOC_ATTACH (shadow fd, CAP_PERFMON and CAP_BPF): attach count probes at once;
 * when the shadow is bound they take effect together, with one stop of the
 * machine for the whole batch. Without SHADOWK_ATTACH_BEST_EFFORT the batch
 * is all or nothing: the request fails with the first probe's error, whose
 * error field says which one. With it, refused probes get their error field
 * set, the others attach, and the request succeeds if any attached.
 *
 * Errors of the request: EPERM no CAP_PERFMON or no CAP_BPF; EINVAL flags
 * or reserved set, count 0; E2BIG count above SHADOWK_ATTACH_MAX; EFAULT;
 * E2BIG or ENOSPC (ABI 7) the batch has the shadow's first return probe
 * and its return-probe pool (64 nodes per possible CPU) would pass the
 * per-CPU caps.
 * Errors of a probe (error field; one dmesg line each):
 *   EINVAL      unknown kind or flags, reserved set
 *   EBADF       prog_fd is not an open file descriptor
 *   EINVAL      prog_fd is not a BPF program of type BPF_PROG_TYPE_KPROBE,
 *               or it was loaded with an expected_attach_type (kprobe.multi
 *               and the like run with another context), or sleepable
 *               (BPF_F_SLEEPABLE), or it calls bpf_override_return: the
 *               program is run as perf runs a kprobe program
 *   EPERM       OFFSET: the kernel is locked down for confidentiality
 *   ERANGE      addr is not the start of a core-text function (ENTRY, RETURN),
 *               or not inside one (OFFSET)
 *   ENOENT      the function has no ftrace site: notrace, or only inlined
 *               (SHADOWK_IOC_CALLERS finds where to probe instead)
 *   EACCES      entry or noinstr text, or on the kprobe blacklist
 *   EILSEQ      OFFSET: not an instruction boundary of the function
 *   EOPNOTSUPP  OFFSET: with SHADOWK_PROBE_UNION; or an instruction that
 *               cannot run out of line: an indirect or far call, far
 *               return, iret, int/int3/int1, syscall-type, hlt, ud, loop,
 *               jrcxz, ENDBR (dmesg names which)
 *   EBUSY       OFFSET: the instruction has a BUG/WARN or exception-table
 *               entry, or overlaps code the kernel rewrites (ftrace site,
 *               jump label, static call, alternative), or an int3 precedes it
 *   EEXIST      the same program is already attached there with that kind
 *   E2BIG       the shadow would have more probes than shadow_max_probes
 *               (at most SHADOWK_MAX_PROBES; ABI 7, ENOSPC before), or more
 *               per-CPU bytes than shadow_max_percpu_bytes
 *   ENOSPC      the module would have more probes than max_probes or more
 *               per-CPU bytes than max_percpu_bytes, SHADOWK_MAX_PROBED_SHADOWS
 *               shadows already have probes, or (OFFSET) the module's
 *               out-of-line slots for distinct offset sites (1024) are taken
 *   others      as SHADOWK_IOC_PATCH for the site
 */
#define SHADOWK_PROBE_ENTRY		1
#define SHADOWK_PROBE_RETURN		2
#define SHADOWK_PROBE_OFFSET		3

#define SHADOWK_PROBE_UNION		(1u << 0)

#define SHADOWK_ATTACH_BEST_EFFORT	(1u << 0)

#define SHADOWK_ATTACH_MAX		(1u << 17)
#define SHADOWK_MAX_PROBES		(1u << 17)
#define SHADOWK_MAX_PROBED_SHADOWS	64

/* bpf_get_attach_cookie() in a probe program. */
enum shadowk_hit_context {
	SHADOWK_CTX_PROCESS = 0,	/* a task bound to the shadow, in process context */
	SHADOWK_CTX_HARDIRQ = 1,	/* union probes only, from here on */
	SHADOWK_CTX_SOFTIRQ = 2,
	SHADOWK_CTX_NMI = 3,
	SHADOWK_CTX_KTHREAD = 4,	/* a kernel thread (kworker, ksoftirqd...), or a task without an mm
					 * (exiting after exit_mm(), a user-mode helper before its exec),
					 * in process context: on page tables not its own */
};

struct shadowk_probe {
	__u64 addr;			/* in: function address (ENTRY, RETURN) or instruction (OFFSET) */
	__u32 kind;			/* in: SHADOWK_PROBE_ENTRY, _RETURN, _OFFSET */
	__u32 flags;			/* in: SHADOWK_PROBE_UNION */
	__s32 prog_fd;			/* in: a BPF_PROG_TYPE_KPROBE program */
	__s32 error;			/* out: 0, or the negative errno that refused this probe */
	__u64 id;			/* out: probe id, > 0, unique in this shadow */
	__u64 site;			/* out: the address patched (the ftrace site for ENTRY/RETURN) */
	__u64 __reserved;		/* in: zero */
};

struct shadowk_attach {
	__u64 probes;			/* in: user pointer to count struct shadowk_probe */
	__u32 count;			/* in: 1..SHADOWK_ATTACH_MAX */
	__u32 flags;			/* in: SHADOWK_ATTACH_BEST_EFFORT */
	__u32 attached;			/* out: probes attached */
	__u32 __reserved;		/* in: zero */
};

#define SHADOWK_IOC_ATTACH	_IOWR(SHADOWK_IOC_MAGIC, 0x09, struct shadowk_attach)

/*
 * SHADOWK_IOC_DETACH (shadow fd, CAP_PERFMON and CAP_BPF): detach count probes by id,
 * all together (one stop of the machine when bound). When it returns no CPU
 * runs their programs any more and the programs' references are dropped.
 * Errors: EPERM no CAP_PERFMON or no CAP_BPF; EINVAL flags or reserved set,
 * count 0; E2BIG count above SHADOWK_ATTACH_MAX; ENOENT an id is not attached to this shadow (then
 * nothing is detached); EFAULT.
 */
struct shadowk_detach {
	__u64 ids;			/* in: user pointer to count __u64 probe ids */
	__u32 count;			/* in: 1..SHADOWK_ATTACH_MAX */
	__u32 flags;			/* in: zero */
};

#define SHADOWK_IOC_DETACH	_IOW(SHADOWK_IOC_MAGIC, 0x0a, struct shadowk_detach)

/*
 * SHADOWK_IOC_PROBES (shadow fd): the counters of up to min(count,
 * SHADOWK_ATTACH_MAX) probes of this shadow, in attach order, written to
 * the user array at stats; count is updated to the number of probes, as
 * SHADOWK_IOC_LIST does. Counters are summed over CPUs when read.
 */
struct shadowk_probe_stats {
	__u64 id;
	__u64 addr;			/* as attached */
	__u64 site;
	__u32 kind;
	__u32 flags;
	__u64 hits;			/* the program ran, in a bound process */
	__u64 union_hits;		/* the program ran, outside process context (UNION) */
	__u64 skipped;			/* hit in a context the probe does not cover */
	__u64 recursion;		/* not run: a BPF tracing program was running on the CPU */
	__u64 missed;			/* RETURN: the return could not be hooked (no free slot) */
};

struct shadowk_probes {
	__u64 stats;			/* in: user pointer to count struct shadowk_probe_stats */
	__u32 count;			/* in: capacity; out: probes attached to the shadow */
	__u32 __reserved;		/* in: zero */
};

#define SHADOWK_IOC_PROBES	_IOWR(SHADOWK_IOC_MAGIC, 0x0b, struct shadowk_probes)

/*
 * SHADOWK_IOC_CALLERS (on /dev/shadowk, ABI 4): the core-text functions
 * whose pristine code calls or jumps to addr directly (call or jmp rel32,
 * on an instruction boundary), for suggesting where to probe instead of a
 * function that cannot be probed. Up to count function addresses are
 * written to the user array at callers, in address order, each once; count
 * is updated to how many there are. Indirect calls, static calls and
 * inlined copies are not found.
 * Errors: EINVAL reserved set; ERANGE addr is not the start of a core-text
 * function; E2BIG count above SHADOWK_CALLERS_MAX; EFAULT.
 */
#define SHADOWK_CALLERS_MAX	4096

struct shadowk_callers {
	__u64 addr;			/* in: a function's address */
	__u64 callers;			/* in: user pointer to count __u64 */
	__u32 count;			/* in: capacity; out: callers found */
	__u32 __reserved;		/* in: zero */
};

#define SHADOWK_IOC_CALLERS	_IOWR(SHADOWK_IOC_MAGIC, 0x0c, struct shadowk_callers)

/*
 * SHADOWK_IOC_TRACEPOINT (shadow fd, ABI 10; CAP_PERFMON and CAP_BPF):
 * enable a kernel tracepoint in this shadow's view only. perf_fd is the
 * caller's perf event on the tracepoint (PERF_TYPE_TRACEPOINT), which has
 * registered perf's callback and carries the caller's BPF program. The
 * module turns the tracepoint's static key off for the whole kernel
 * (through the kernel's own jump-label path: the pristine text holds the
 * NOP again) and writes the enabled form of each of its jump sites into
 * this shadow's copies, so only processes bound to the shadow branch into
 * the tracepoint. The key is turned back on, and the shadow's copies
 * restored, before anyone else registers on the tracepoint or opens a perf
 * event on it, and when this shadow goes; from then on the tracepoint is
 * enabled for every task as usual (the program must test its scope
 * itself; docs/design.md "Tracepoints"). sites is how many jump sites were
 * written.
 * Errors: EINVAL flags or reserved set, or perf_fd is not a tracepoint
 * event; EBADF perf_fd is not a perf event; EOPNOTSUPP the tracepoint is
 * not one the shadow can hold (a module's, one with a registration
 * function such as the syscall tracepoints', jump sites in modules or
 * outside the patchable core text, or this kernel lacks what the module
 * needs); EBUSY another user (a callback, another perf event) is on the
 * tracepoint, or another shadow holds it; ENOSPC SHADOWK_TRACEPOINTS_MAX
 * tracepoints are held; EFAULT; others as SHADOWK_IOC_PATCH for a site.
 */
#define SHADOWK_TRACEPOINTS_MAX	64

struct shadowk_tracepoint {
	__s32 perf_fd;			/* in: the perf event on the tracepoint */
	__u32 flags;			/* in: zero */
	__u32 sites;			/* out: jump sites written into the shadow */
	__u32 __reserved;		/* in: zero */
};

#define SHADOWK_IOC_TRACEPOINT	_IOWR(SHADOWK_IOC_MAGIC, 0x0d, struct shadowk_tracepoint)

#endif /* _UAPI_SHADOWK_H */
