// SPDX-License-Identifier: GPL-2.0
/*
 * probe-bench MODE N [union]: N getppid() calls with one BPF program counting
 * hits of __task_pid_nr_ns (getppid() calls it once), attached as MODE:
 *   none     no program (the baseline)
 *   shadow   a shadowtrace entry probe, this process bound to the shadow
 *   shadow-offset  a shadowtrace offset probe on the instruction after the
 *            ftrace site (an int3 in this process's shadow), bound
 *   other    a shadowtrace entry probe bound to another process (a child that
 *            sleeps): what an unrelated process pays; with "union", the probe
 *            has SHADOWK_PROBE_UNION
 *   kprobe   a kprobe at the function's entry (perf_event_open on the kprobe
 *            PMU, PERF_EVENT_IOC_SET_BPF): the kernel puts it on ftrace
 *   kprobe-int3  the same one instruction later: an int3 kprobe
 *   fentry   a BPF_TRACE_FENTRY program (BTF id found in /sys/kernel/btf/vmlinux)
 *   shadow-return  a shadowtrace return probe, this process bound
 *   kretprobe      a kretprobe (the kprobe PMU's retprobe bit)
 *   fexit    a BPF_TRACE_FEXIT program
 * The program is the same for all: one array lookup and an atomic add.
 * Prints "ns_per_call hits": under QEMU -icount the guest clock counts
 * instructions, so ns are instructions, scaled.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/perf_event.h>
#include <signal.h>
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

/* Called once per getppid(), and in BTF (the syscall wrappers are not). */
#define FUNC "__task_pid_nr_ns"

static void die(const char *what)
{
	perror(what);
	exit(125);
}

static long bpf(int cmd, union bpf_attr *a)
{
	return syscall(__NR_bpf, cmd, a, sizeof(*a));
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
static char log_buf[1 << 16];

static int load(int map, int type, int attach_type, int btf_id)
{
	struct bpf_insn insns[] = {
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	union bpf_attr a = {
		.prog_type = type, .expected_attach_type = attach_type, .attach_btf_id = btf_id,
		.insns = (uintptr_t)insns, .insn_cnt = sizeof(insns) / sizeof(insns[0]),
		.license = (uintptr_t)"GPL", .log_buf = (uintptr_t)log_buf,
		.log_size = sizeof(log_buf), .log_level = 1,
	};
	int fd = bpf(BPF_PROG_LOAD, &a);

	if (fd < 0) {
		fprintf(stderr, "%s\n", log_buf);
		die("BPF_PROG_LOAD");
	}
	return fd;
}

/* The BTF id of FUNC's BTF_KIND_FUNC in vmlinux's BTF. */
static int btf_func_id(void)
{
	FILE *f = fopen("/sys/kernel/btf/vmlinux", "rb");
	static char buf[32 << 20];
	size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	struct btf_header *h = (struct btf_header *)buf;
	char *types, *strs, *p;
	int id = 1;

	if (!n || h->magic != BTF_MAGIC)
		die("/sys/kernel/btf/vmlinux");
	types = buf + h->hdr_len + h->type_off;
	strs = buf + h->hdr_len + h->str_off;
	for (p = types; p < types + h->type_len; id++) {
		struct btf_type *t = (struct btf_type *)p;
		int vlen = BTF_INFO_VLEN(t->info), kind = BTF_INFO_KIND(t->info);

		if (kind == BTF_KIND_FUNC && !strcmp(strs + t->name_off, FUNC))
			return id;
		p += sizeof(*t);
		switch (kind) {
		case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG: p += 4; break;
		case BTF_KIND_ARRAY: p += 12; break;
		case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_DATASEC: p += vlen * 12; break;
		case BTF_KIND_ENUM: case BTF_KIND_FUNC_PROTO: p += vlen * 8; break;
		case 19: p += vlen * 12; break;	/* BTF_KIND_ENUM64 */
		default: break;
		}
	}
	fprintf(stderr, "no BTF for %s\n", FUNC);
	exit(125);
}

static uint64_t func_addr(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type;
	unsigned long long a;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &a, &type, name) == 3 && !strcmp(name, FUNC))
			return a;
	die("kallsyms");
	return 0;
}

static void attach_kprobe(int prog, int int3, int ret)
{
	struct perf_event_attr pa = { .size = sizeof(pa) };
	FILE *f = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	int fd, type;

	if (!f || fscanf(f, "%d", &type) != 1)
		die("kprobe PMU");
	pa.type = type;
	pa.config1 = (uintptr_t)FUNC;
	/* The instruction after the ftrace site (which follows endbr64 under IBT). */
	pa.config2 = int3 ? 5 : 0;
	pa.config = ret;	/* format/retprobe: config:0 */
	fd = syscall(__NR_perf_event_open, &pa, -1, 0, -1, 0);
	if (fd < 0 && int3) {
		pa.config2 = 9;
		fd = syscall(__NR_perf_event_open, &pa, -1, 0, -1, 0);
	}
	if (fd < 0)
		die("perf_event_open");
	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog) || ioctl(fd, PERF_EVENT_IOC_ENABLE, 0))
		die("PERF_EVENT_IOC_SET_BPF");
}

static void attach_fentry(int prog)
{
	union bpf_attr a = { .raw_tracepoint = { .name = 0, .prog_fd = prog } };

	if (bpf(BPF_RAW_TRACEPOINT_OPEN, &a) < 0)
		die("BPF_RAW_TRACEPOINT_OPEN (fentry)");
}

static int shadow_probe(int prog, int flags, int offset, int ret)
{
	struct shadowk_create c = {};
	struct shadowk_probe p = { .addr = func_addr(), .kind = SHADOWK_PROBE_ENTRY,
				   .flags = flags, .prog_fd = prog };
	struct shadowk_attach a = { .probes = (uintptr_t)&p, .count = 1 };
	int dev = open(SHADOWK_DEVICE_PATH, O_RDWR), sh;

	if (dev < 0)
		die(SHADOWK_DEVICE_PATH);
	sh = ioctl(dev, SHADOWK_IOC_CREATE, &c);
	if (sh < 0)
		die("SHADOWK_IOC_CREATE");
	if (ret)
		p.kind = SHADOWK_PROBE_RETURN;
	if (offset) {
		/* The instruction after the ftrace site, as for kprobe-int3. */
		p.kind = SHADOWK_PROBE_OFFSET;
		p.addr += 5;
		if (ioctl(sh, SHADOWK_IOC_ATTACH, &a) == 0)
			return sh;
		p.addr += 4;
	}
	if (ioctl(sh, SHADOWK_IOC_ATTACH, &a))
		die("SHADOWK_IOC_ATTACH");
	return sh;
}

static void bind_pid(int sh, int pid)
{
	struct shadowk_bind b = { .pid = pid };

	if (ioctl(sh, SHADOWK_IOC_BIND, &b))
		die("SHADOWK_IOC_BIND");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 2 ? argv[1] : "none";
	long n = argc > 2 ? atol(argv[2]) : 100000, i;
	int uni = argc > 3 && !strcmp(argv[3], "union");
	union bpf_attr ma = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 1 };
	struct timespec t0, t1;
	uint64_t hits = 0;
	uint32_t key = 0;
	int map, prog, child = 0;

	map = bpf(BPF_MAP_CREATE, &ma);
	if (map < 0)
		die("BPF_MAP_CREATE");
	if (!strcmp(mode, "kprobe") || !strcmp(mode, "kprobe-int3")) {
		attach_kprobe(load(map, BPF_PROG_TYPE_KPROBE, 0, 0), !strcmp(mode, "kprobe-int3"), 0);
	} else if (!strcmp(mode, "kretprobe")) {
		attach_kprobe(load(map, BPF_PROG_TYPE_KPROBE, 0, 0), 0, 1);
	} else if (!strcmp(mode, "fentry")) {
		attach_fentry(load(map, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, btf_func_id()));
	} else if (!strcmp(mode, "fexit")) {
		attach_fentry(load(map, BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, btf_func_id()));
	} else if (!strcmp(mode, "shadow")) {
		bind_pid(shadow_probe(load(map, BPF_PROG_TYPE_KPROBE, 0, 0), 0, 0, 0), 0);
	} else if (!strcmp(mode, "shadow-return")) {
		bind_pid(shadow_probe(load(map, BPF_PROG_TYPE_KPROBE, 0, 0), 0, 0, 1), 0);
	} else if (!strcmp(mode, "shadow-offset")) {
		bind_pid(shadow_probe(load(map, BPF_PROG_TYPE_KPROBE, 0, 0), 0, 1, 0), 0);
	} else if (!strcmp(mode, "other")) {
		prog = load(map, BPF_PROG_TYPE_KPROBE, 0, 0);
		child = fork();
		if (!child) {
			pause();
			_exit(0);
		}
		bind_pid(shadow_probe(prog, uni ? SHADOWK_PROBE_UNION : 0, 0, 0), child);
	} else if (strcmp(mode, "none")) {
		fprintf(stderr, "unknown mode %s\n", mode);
		return 2;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		union bpf_attr la = { .map_fd = map, .key = (uintptr_t)&key, .value = (uintptr_t)&hits };

		if (bpf(BPF_MAP_LOOKUP_ELEM, &la))
			die("BPF_MAP_LOOKUP_ELEM");
	}
	printf("%.1f %llu\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n,
	       (unsigned long long)hits);
	if (child)
		kill(child, SIGKILL);
	return 0;
}
