// SPDX-License-Identifier: GPL-2.0
/*
 * probe: a minimal C client of the probe engine (SHADOWK_IOC_ATTACH and
 * friends) for the VM tests, with a hand-assembled eBPF program, so that
 * kernel tests do not depend on the Java compiler or a JVM.
 *
 *   probe [-k entry|return|offset] [-u] [-b] [-f FUNC[+OFF]]... [-F FILE]
 *         [-L] [-D] [-H] [-P PID] [-w] [-- CMD...]
 *
 * Every probe runs the same program: it counts hits per context (the
 * attach cookie: process, hardirq, softirq, nmi, kthread) and records the
 * last regs->ax and regs->ip. Probes go in one ATTACH batch (-b: best
 * effort). CMD runs bound to the shadow (forked, bound before it execs);
 * -P binds PID instead and waits for a line on stdin (or, with -w, for PID
 * to exit). -L binds first and attaches while the process runs (it waits on
 * stdin for a line first if -P is not given... see below). -D detaches every
 * probe at the end and reports how long that took. -H: after attaching,
 * print "ready" and hang (for kill tests).
 *
 * Output: key=value lines on stdout: attached, refused, attach_us,
 * detach_us, process, hardirq, softirq, nmi, kthread (program runs by
 * context), last_ax, last_ip, and the module's counters summed over
 * probes: hits, union_hits, skipped, recursion, missed; and the shadow's
 * INFO: patches, bound_mms, pages_copied, info_probes, percpu_bytes,
 * max_probes, max_percpu_bytes. Each refused probe
 * gives "refused FUNC ERRNO". Exit status: CMD's, or 0.
 *
 *   probe reject     load a program the verifier rejects; print its log, exit 0
 *   probe badfd      errno of a probe whose prog_fd is not BPF / not KPROBE,
 *                    or a KPROBE program loaded for kprobe.multi or sleepable
 *   probe caps       errnos of ATTACH, DETACH and CREATE with CAP_BPF and/or
 *                    CAP_PERFMON only (the shadow and program made as root)
 *   probe callers F  SHADOWK_IOC_CALLERS: "callers=N", then one name per
 *                    line (or "callers=ERRNO")
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shadowk.h"

#define MAX_PROBES	(1 << 17)

static void die(const char *what)
{
	perror(what);
	exit(125);
}

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case ERANGE: return "ERANGE";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EEXIST: return "EEXIST";
	case ENOSPC: return "ENOSPC";
	case EBUSY: return "EBUSY";
	case EILSEQ: return "EILSEQ";
	case ENOEXEC: return "ENOEXEC";
	case E2BIG: return "E2BIG";
	case EPERM: return "EPERM";
	case 0: return "OK";
	}
	return "E?";
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ull + ts.tv_nsec / 1000;
}

/* --- kallsyms --- */

struct sym { uint64_t addr; char name[256]; };
static struct sym *syms;
static size_t nsyms;

static int sym_cmp(const void *a, const void *b)
{
	int c = strcmp(((const struct sym *)a)->name, ((const struct sym *)b)->name);

	if (c)
		return c;
	return ((const struct sym *)a)->addr < ((const struct sym *)b)->addr ? -1 : 1;
}

static void load_kallsyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type;
	unsigned long long a;
	size_t cap = 0;

	if (!f)
		die("/proc/kallsyms");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &a, &type, name) != 3)
			continue;
		if ((type != 't' && type != 'T') || strchr(line, '['))
			continue;
		if (nsyms == cap) {
			cap = cap ? cap * 2 : 65536;
			syms = realloc(syms, cap * sizeof(*syms));
			if (!syms)
				die("realloc");
		}
		syms[nsyms].addr = a;
		snprintf(syms[nsyms].name, sizeof(syms[nsyms].name), "%s", name);
		nsyms++;
	}
	fclose(f);
	qsort(syms, nsyms, sizeof(*syms), sym_cmp);
}

static uint64_t resolve(const char *spec)
{
	char name[256];
	const char *plus = strchr(spec, '+');
	unsigned long long off = 0;
	size_t i, len = plus ? (size_t)(plus - spec) : strlen(spec);

	if (!strncmp(spec, "0x", 2))
		return strtoull(spec, NULL, 16);
	if (len >= sizeof(name))
		return 0;
	memcpy(name, spec, len);
	name[len] = 0;
	if (plus)
		off = strtoull(plus + 1, NULL, 0);
	if (!syms)
		load_kallsyms();
	{
		size_t lo = 0, hi = nsyms;

		while (lo < hi) {	/* the first of equal names */
			i = (lo + hi) / 2;
			if (strcmp(syms[i].name, name) < 0)
				lo = i + 1;
			else
				hi = i;
		}
		if (lo < nsyms && !strcmp(syms[lo].name, name))
			return syms[lo].addr + off;
	}
	return 0;
}

/* --- bpf --- */

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

#define VALUE_SLOTS	8	/* [0..4] runs by context, [5] last ax, [6] last ip */

static int map_create(void)
{
	union bpf_attr a = {
		.map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = VALUE_SLOTS * 8, .max_entries = 1,
	};
	int fd = bpf(BPF_MAP_CREATE, &a);

	if (fd < 0)
		die("BPF_MAP_CREATE");
	return fd;
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static char log_buf[1 << 16];

/* Variants of the one program, for the refusal tests. */
enum prog_variant {
	PROG_PLAIN,
	PROG_BROKEN,		/* the verifier rejects it */
	PROG_KPROBE_MULTI,	/* loaded for BPF_TRACE_KPROBE_MULTI */
	PROG_SLEEPABLE,		/* BPF_F_SLEEPABLE (allowed for kprobe programs: uprobes) */
};

static int prog_load(int map_fd, int type, enum prog_variant variant)
{
	int broken = variant == PROG_BROKEN;
	struct bpf_insn insns[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),		/* r6 = ctx */
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),		/* *(u32 *)(fp-4) = 0 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0, map_fd),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 12, 0),		/* if !r0 goto exit */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 7, 0, 0, 0),		/* r7 = value */
		INSN(BPF_LDX | BPF_MEM | BPF_DW, 1, 6, 80, 0),		/* r1 = ctx->ax */
		INSN(BPF_STX | BPF_MEM | BPF_DW, 7, 1, 40, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_DW, 1, 6, 128, 0),		/* r1 = ctx->ip */
		INSN(BPF_STX | BPF_MEM | BPF_DW, 7, 1, 48, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_attach_cookie),
		INSN(BPF_JMP | BPF_JGT | BPF_K, 0, 0, 4, 4),		/* if r0 > 4 goto exit */
		INSN(BPF_ALU64 | BPF_LSH | BPF_K, 0, 0, 0, 3),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, 7, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 7, 1, 0, BPF_ADD),	/* lock *(u64 *)r7 += 1 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),		/* exit: */
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	union bpf_attr a = {
		.prog_type = type,
		.insns = (uintptr_t)insns,
		.insn_cnt = sizeof(insns) / sizeof(insns[0]),
		.license = (uintptr_t)"GPL",
		.log_buf = (uintptr_t)log_buf,
		.log_size = sizeof(log_buf),
		.log_level = 1,
	};
	int fd;

	if (variant == PROG_KPROBE_MULTI)
		a.expected_attach_type = BPF_TRACE_KPROBE_MULTI;
	if (variant == PROG_SLEEPABLE)
		a.prog_flags = BPF_F_SLEEPABLE;
	if (broken)	/* read r3, never written */
		insns[9] = INSN(BPF_LDX | BPF_MEM | BPF_DW, 1, 3, 0, 0);
	if (type == BPF_PROG_TYPE_SOCKET_FILTER) {	/* no pt_regs, no cookie there */
		insns[9] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 0);
		insns[11] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 0);
		insns[14] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
	}
	fd = bpf(BPF_PROG_LOAD, &a);
	if (fd < 0 && !broken) {
		fprintf(stderr, "%s\n", log_buf);
		die("BPF_PROG_LOAD");
	}
	return fd;
}

static void read_value(int map_fd, uint64_t *v)
{
	uint32_t key = 0;
	union bpf_attr a = { .map_fd = map_fd, .key = (uintptr_t)&key, .value = (uintptr_t)v };

	if (bpf(BPF_MAP_LOOKUP_ELEM, &a))
		die("BPF_MAP_LOOKUP_ELEM");
}

/* --- shadowk --- */

static int new_shadow(void)
{
	struct shadowk_create c = {};
	int dev = open(SHADOWK_DEVICE_PATH, O_RDWR | O_CLOEXEC), fd;

	if (dev < 0)
		die(SHADOWK_DEVICE_PATH);
	fd = ioctl(dev, SHADOWK_IOC_CREATE, &c);
	if (fd < 0)
		die("SHADOWK_IOC_CREATE");
	close(dev);
	return fd;
}

static void bind_pid(int sh, int pid, unsigned int flags)
{
	struct shadowk_bind b = { .pid = pid, .flags = flags };

	if (ioctl(sh, SHADOWK_IOC_BIND, &b))
		die("SHADOWK_IOC_BIND");
}

static void print_counters(int sh)
{
	struct shadowk_probes req = { .count = 0 };
	struct shadowk_probe_stats *st;
	uint64_t hits = 0, uh = 0, sk = 0, rec = 0, miss = 0;
	uint32_t i;

	if (ioctl(sh, SHADOWK_IOC_PROBES, &req))
		die("SHADOWK_IOC_PROBES");
	st = calloc(req.count + 1, sizeof(*st));
	req.stats = (uintptr_t)st;
	if (ioctl(sh, SHADOWK_IOC_PROBES, &req))
		die("SHADOWK_IOC_PROBES");
	for (i = 0; i < req.count; i++) {
		hits += st[i].hits;
		uh += st[i].union_hits;
		sk += st[i].skipped;
		rec += st[i].recursion;
		miss += st[i].missed;
	}
	{
		struct shadowk_info info;

		if (ioctl(sh, SHADOWK_IOC_INFO, &info))
			die("SHADOWK_IOC_INFO");
		printf("patches=%llu\nbound_mms=%llu\npages_copied=%llu\n",
		       (unsigned long long)info.patches, (unsigned long long)info.bound_mms,
		       (unsigned long long)info.pages_copied);
		printf("info_probes=%llu\npercpu_bytes=%llu\nmax_probes=%llu\nmax_percpu_bytes=%llu\n",
		       (unsigned long long)info.probes, (unsigned long long)info.percpu_bytes,
		       (unsigned long long)info.max_probes, (unsigned long long)info.max_percpu_bytes);
	}
	printf("probes=%u\nhits=%llu\nunion_hits=%llu\nskipped=%llu\nrecursion=%llu\nmissed=%llu\n",
	       req.count, (unsigned long long)hits, (unsigned long long)uh, (unsigned long long)sk,
	       (unsigned long long)rec, (unsigned long long)miss);
	free(st);
}

static int cmd_reject(void)
{
	int map = map_create();

	if (prog_load(map, BPF_PROG_TYPE_KPROBE, PROG_BROKEN) >= 0) {
		fprintf(stderr, "the verifier accepted a broken program\n");
		return 1;
	}
	printf("errno=%s\n%s", errname(errno), log_buf);
	return 0;
}

static int attach_one(int sh, uint64_t addr, int kind, int fd)
{
	struct shadowk_probe p = { .addr = addr, .kind = kind, .prog_fd = fd };
	struct shadowk_attach a = { .probes = (uintptr_t)&p, .count = 1 };

	return ioctl(sh, SHADOWK_IOC_ATTACH, &a) ? errno : 0;
}

/* Errnos of malformed and refused probes, one per line. */
static int cmd_badfd(void)
{
	int sh = new_shadow(), map = map_create();
	int kp = prog_load(map, BPF_PROG_TYPE_KPROBE, PROG_PLAIN);
	int sock = prog_load(map, BPF_PROG_TYPE_SOCKET_FILTER, PROG_PLAIN);
	uint64_t f = resolve("__x64_sys_getppid");
	struct shadowk_probe p = { .addr = f, .kind = SHADOWK_PROBE_ENTRY, .prog_fd = kp };
	struct shadowk_attach a = { .probes = (uintptr_t)&p, .count = 1 };

	int kmulti = prog_load(map, BPF_PROG_TYPE_KPROBE, PROG_KPROBE_MULTI);
	int sleepable = prog_load(map, BPF_PROG_TYPE_KPROBE, PROG_SLEEPABLE);

	printf("kprobemulti=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, kmulti)));
	printf("sleepable=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, sleepable)));
	printf("notbpf=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, 0)));
	printf("closedfd=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, 999)));
	printf("socketfilter=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, sock)));
	printf("badkind=%s\n", errname(attach_one(sh, f, 7, kp)));
	printf("midfunction=%s\n", errname(attach_one(sh, f + 1, SHADOWK_PROBE_ENTRY, kp)));
	printf("notext=%s\n", errname(attach_one(sh, 0xffffffffffff0000ull, SHADOWK_PROBE_ENTRY, kp)));
	p.flags = 0x80;
	printf("badflags=%s\n", errname(ioctl(sh, SHADOWK_IOC_ATTACH, &a) ? errno : 0));
	p.flags = 0;
	a.count = 0;
	printf("zerocount=%s\n", errname(ioctl(sh, SHADOWK_IOC_ATTACH, &a) ? errno : 0));
	a.count = SHADOWK_ATTACH_MAX + 1;
	printf("toomany=%s\n", errname(ioctl(sh, SHADOWK_IOC_ATTACH, &a) ? errno : 0));
	printf("first=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, kp)));
	printf("again=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, kp)));
	printf("asreturn=%s\n", errname(attach_one(sh, f, SHADOWK_PROBE_RETURN, kp)));
	{
		uint64_t bogus = 999999;
		struct shadowk_detach d = { .ids = (uintptr_t)&bogus, .count = 1 };

		printf("detachbogus=%s\n", errname(ioctl(sh, SHADOWK_IOC_DETACH, &d) ? errno : 0));
	}
	return 0;
}

/* The effective capability set becomes exactly @caps (bits of the first word and the second). */
static void set_effective(uint64_t caps)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(__NR_capget, &h, d))
		die("capget");
	d[0].effective = (uint32_t)caps;
	d[1].effective = (uint32_t)(caps >> 32);
	if (syscall(__NR_capset, &h, d))
		die("capset");
}

#define CAP(c)	(1ull << (c))

/* As root: detach every probe of the shadow. */
static void detach_every(int sh)
{
	struct shadowk_probe_stats st[8];
	struct shadowk_probes q = { .stats = (uintptr_t)st, .count = 8 };
	uint32_t k;

	if (ioctl(sh, SHADOWK_IOC_PROBES, &q))
		die("SHADOWK_IOC_PROBES");
	for (k = 0; k < q.count && k < 8; k++) {
		struct shadowk_detach d = { .ids = (uintptr_t)&st[k].id, .count = 1 };

		if (ioctl(sh, SHADOWK_IOC_DETACH, &d))
			die("SHADOWK_IOC_DETACH as root");
	}
}

/*
 * Who may attach and detach: with each effective capability set, the errno
 * of ATTACH, of DETACH of a probe attached as root, and of CREATE. The
 * shadow and the program are made as root.
 */
static int cmd_caps(void)
{
	static const struct { const char *name; uint64_t caps; } sets[] = {
		{ "bpf_perfmon", CAP(CAP_BPF) | CAP(CAP_PERFMON) },
		{ "bpf", CAP(CAP_BPF) },
		{ "perfmon", CAP(CAP_PERFMON) },
		{ "none", 0 },
	};
	int sh = new_shadow(), map = map_create(), dev = open(SHADOWK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	int kp = prog_load(map, BPF_PROG_TYPE_KPROBE, PROG_PLAIN);
	uint64_t f = resolve("__x64_sys_getppid"), g = resolve("__x64_sys_getpid");
	unsigned int i;

	if (dev < 0)
		die(SHADOWK_DEVICE_PATH);
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct shadowk_probe p = { .addr = g, .kind = SHADOWK_PROBE_ENTRY, .prog_fd = kp };
		struct shadowk_attach a = { .probes = (uintptr_t)&p, .count = 1 };
		struct shadowk_detach d = { .ids = (uintptr_t)&p.id, .count = 1 };
		struct shadowk_create c = {};
		int fd;

		if (ioctl(sh, SHADOWK_IOC_ATTACH, &a))
			die("SHADOWK_IOC_ATTACH as root");
		set_effective(sets[i].caps);
		printf("attach_%s=%s\n", sets[i].name, errname(attach_one(sh, f, SHADOWK_PROBE_ENTRY, kp)));
		printf("detach_%s=%s\n", sets[i].name, errname(ioctl(sh, SHADOWK_IOC_DETACH, &d) ? errno : 0));
		fd = ioctl(dev, SHADOWK_IOC_CREATE, &c);
		printf("create_%s=%s\n", sets[i].name, errname(fd < 0 ? errno : 0));
		set_effective(~0ull >> (63 - CAP_LAST_CAP));
		if (fd >= 0)
			close(fd);
		detach_every(sh);
	}
	return 0;
}

static const char *sym_name(uint64_t addr)
{
	size_t i;

	for (i = 0; i < nsyms; i++)
		if (syms[i].addr == addr)
			return syms[i].name;
	return "?";
}

static int cmd_callers(const char *name)
{
	uint64_t f = resolve(name), *out = calloc(SHADOWK_CALLERS_MAX, sizeof(*out));
	struct shadowk_callers c = { .addr = f, .callers = (uintptr_t)out, .count = SHADOWK_CALLERS_MAX };
	int dev = open(SHADOWK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	uint32_t i;

	if (dev < 0)
		die(SHADOWK_DEVICE_PATH);
	if (ioctl(dev, SHADOWK_IOC_CALLERS, &c)) {
		printf("callers=%s\n", errname(errno));
		return 0;
	}
	printf("callers=%u\n", c.count);
	for (i = 0; i < c.count && i < SHADOWK_CALLERS_MAX; i++)
		printf("%s\n", sym_name(out[i]));
	return 0;
}

static int attach_all(int sh, struct shadowk_probe *probes, char **names, uint32_t n, int best,
		      uint32_t *attached, uint32_t *refused)
{
	struct shadowk_attach a = { .probes = (uintptr_t)probes, .count = n,
				    .flags = best ? SHADOWK_ATTACH_BEST_EFFORT : 0 };
	uint64_t t0 = now_us();
	int ret = ioctl(sh, SHADOWK_IOC_ATTACH, &a), e = errno;
	uint32_t i;

	printf("attach_us=%llu\n", (unsigned long long)(now_us() - t0));
	for (i = 0; i < n; i++) {
		if (probes[i].error) {
			(*refused)++;
			printf("refused %s %s\n", names[i], errname(-probes[i].error));
		}
	}
	if (ret) {
		printf("attach=%s\n", errname(e));
		fflush(stdout);
		return 1;
	}
	*attached = a.attached;
	printf("attached=%u\nrefused=%u\n", *attached, *refused);
	fflush(stdout);
	return 0;
}

static void detach_all(int sh, struct shadowk_probe *probes, uint32_t n, uint32_t attached)
{
	uint64_t *ids = calloc(attached + 1, sizeof(*ids)), t0;
	struct shadowk_detach d = { .ids = (uintptr_t)ids, .count = 0 };
	uint32_t i;

	for (i = 0; i < n; i++)
		if (!probes[i].error)
			ids[d.count++] = probes[i].id;
	if (!d.count)
		return;
	t0 = now_us();
	if (ioctl(sh, SHADOWK_IOC_DETACH, &d))
		die("SHADOWK_IOC_DETACH");
	printf("detach_us=%llu\n", (unsigned long long)(now_us() - t0));
	free(ids);
}

int main(int argc, char **argv)
{
	int kind = SHADOWK_PROBE_ENTRY, flags = 0, best = 0, live = 0, detach = 0, hang = 0;
	int pid = 0, wait_exit = 0, opt, sh, map, prog, status = 0;
	uint32_t n = 0, i, attached = 0, refused = 0;
	struct shadowk_probe *probes;
	char **names;
	uint64_t v[VALUE_SLOTS];

	if (argc > 1 && !strcmp(argv[1], "reject"))
		return cmd_reject();
	if (argc > 1 && !strcmp(argv[1], "badfd"))
		return cmd_badfd();
	if (argc > 1 && !strcmp(argv[1], "caps"))
		return cmd_caps();
	if (argc > 2 && !strcmp(argv[1], "callers"))
		return cmd_callers(argv[2]);

	probes = calloc(MAX_PROBES, sizeof(*probes));
	names = calloc(MAX_PROBES, sizeof(*names));
	while ((opt = getopt(argc, argv, "k:ubf:F:LDHP:w")) != -1) {
		switch (opt) {
		case 'k':
			kind = !strcmp(optarg, "return") ? SHADOWK_PROBE_RETURN :
			       !strcmp(optarg, "offset") ? SHADOWK_PROBE_OFFSET : SHADOWK_PROBE_ENTRY;
			break;
		case 'u': flags |= SHADOWK_PROBE_UNION; break;
		case 'b': best = 1; break;
		case 'L': live = 1; break;
		case 'D': detach = 1; break;
		case 'H': hang = 1; break;
		case 'P': pid = atoi(optarg); break;
		case 'w': wait_exit = 1; break;
		case 'f':
			names[n++] = optarg;
			break;
		case 'F': {
			FILE *f = fopen(optarg, "r");
			char line[256];

			if (!f)
				die(optarg);
			while (n < MAX_PROBES && fgets(line, sizeof(line), f)) {
				line[strcspn(line, " \t\n")] = 0;
				if (line[0])
					names[n++] = strdup(line);
			}
			fclose(f);
			break;
		}
		default:
			fprintf(stderr, "usage: see the comment at the top of probe.c\n");
			return 2;
		}
	}

	sh = new_shadow();
	map = map_create();
	prog = prog_load(map, BPF_PROG_TYPE_KPROBE, PROG_PLAIN);
	for (i = 0; i < n; i++) {
		probes[i].addr = resolve(names[i]);
		probes[i].kind = kind;
		probes[i].flags = flags;
		probes[i].prog_fd = prog;
		if (!probes[i].addr) {
			fprintf(stderr, "probe: no kernel function %s\n", names[i]);
			return 125;
		}
	}

	int go[2];
	if (pipe(go))
		die("pipe");
	if (!pid && optind < argc) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid) {
			char c;

			close(go[1]);
			if (read(go[0], &c, 1) != 1)
				_exit(125);
			execvp(argv[optind], argv + optind);
			_exit(127);
		}
		close(go[0]);
	}
	if (live) {
		if (pid)
			bind_pid(sh, pid, optind < argc ? SHADOWK_BIND_KEEP_NEXT_EXEC : 0);
		if (optind < argc) {
			if (write(go[1], "g", 1) != 1)
				die("write");
			usleep(300000);	/* it runs, bound, before any probe exists */
		}
	}
	if (n && attach_all(sh, probes, names, n, best, &attached, &refused)) {
		if (pid && optind < argc)
			kill(pid, SIGKILL);
		return 1;
	}
	if (live && detach) {
		usleep(300000);	/* it runs with the probes */
		detach_all(sh, probes, n, attached);
	}
	if (!live && pid)
		bind_pid(sh, pid, optind < argc ? SHADOWK_BIND_KEEP_NEXT_EXEC : 0);
	if (hang) {
		printf("ready\n");
		fflush(stdout);
		if (optind < argc && write(go[1], "g", 1) != 1)
			die("write");
		for (;;)
			pause();
	}
	if (optind < argc) {
		if (!live && write(go[1], "g", 1) != 1)
			die("write");
		if (waitpid(pid, &status, 0) < 0)
			die("waitpid");
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	} else if (pid) {
		char line[16];

		printf("bound\n");
		fflush(stdout);
		if (wait_exit) {
			while (!kill(pid, 0))
				usleep(10000);
		} else if (!fgets(line, sizeof(line), stdin)) {
			/* EOF: go on */
		}
	}
	if (!live && detach)
		detach_all(sh, probes, n, attached);
	read_value(map, v);
	printf("pid=%d\n", getpid());
	printf("process=%llu\nhardirq=%llu\nsoftirq=%llu\nnmi=%llu\nkthread=%llu\n",
	       (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
	       (unsigned long long)v[3], (unsigned long long)v[4]);
	printf("last_ax=%lld\nlast_ip=0x%llx\n", (long long)v[5], (unsigned long long)v[6]);
	print_counters(sh);
	return status;
}
