// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz: a structured random fuzzer for /dev/shadowk and shadow descriptors,
 * in the spirit of a syzkaller description written for this protocol.
 *
 *   fuzz [-s SEED] [-n CALLS] [-t SECONDS] [-j THREADS]
 *
 * THREADS threads (default 2) issue CALLS requests in all (default 100000)
 * or stop after SECONDS, whichever comes first. Each request is drawn from
 * the protocol: every ioctl with valid and invalid sizes, flags, reserved
 * fields, addresses (function starts, offsets into functions, garbage),
 * lengths and counts, program descriptors of several BPF types, closed and
 * foreign descriptors; and the lifecycle around it: closing shadows while
 * other threads use them, binding the fuzzer itself and its children,
 * unmapping the binding's token, children that fork, exec and exit while
 * bound, children killed at random.
 *
 * What it never does, because the protocol gives root that power on
 * purpose: bind a shadow that holds a raw PATCH of random bytes (that is
 * root writing arbitrary code into the text a process runs). So the work is
 * split between two processes with separate descriptor tables: the
 * "patcher" makes shadows, patches them at random and never binds; the
 * "prober" makes shadows, attaches probes (whose programs only return 0),
 * binds itself and its children, and never patches. A descriptor number
 * reused after a racing close cannot carry a patched shadow into a bind.
 *
 * At the end it closes everything, kills and reaps its children, and prints
 * the number of requests and, per request, how many ended with each errno.
 * The caller checks the module's counters and dmesg; this program only says
 * what it did. Exit status: 0, or 125 when it could not run at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shadowk.h"

static void die(const char *what)
{
	perror(what);
	exit(125);
}

/* --- randomness: one xorshift state per thread --- */

static __thread uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t below(uint64_t n) { return n ? rnd() % n : 0; }
static int chance(int percent) { return (int)below(100) < percent; }

/* --- kernel functions, from /proc/kallsyms --- */

static uint64_t *funcs;
static size_t nfuncs;
static uint64_t stext, etext;

static void load_functions(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type;
	unsigned long long a;
	size_t cap = 0;

	if (!f)
		die("/proc/kallsyms");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &a, &type, name) != 3 || strchr(line, '['))
			continue;
		if (!strcmp(name, "_stext"))
			stext = a;
		else if (!strcmp(name, "_etext"))
			etext = a;
		if (type != 't' && type != 'T')
			continue;
		if (nfuncs == cap) {
			cap = cap ? 2 * cap : 65536;
			funcs = realloc(funcs, cap * sizeof(*funcs));
			if (!funcs)
				die("realloc");
		}
		funcs[nfuncs++] = a;
	}
	fclose(f);
	if (!stext || !etext || !nfuncs || !funcs[0]) {
		fprintf(stderr, "fuzz: no kernel symbols (kptr_restrict?)\n");
		exit(125);
	}
}

/* An address for a request: mostly function starts and small offsets into them. */
static uint64_t kaddr(void)
{
	uint64_t f = funcs[below(nfuncs)];

	switch (below(10)) {
	case 0: return 0;
	case 1: return rnd();				/* garbage */
	case 2: return stext + below(etext - stext);	/* anywhere in text */
	case 3: return etext + below(4096);		/* just past it */
	case 4: return 0x400000 + below(1 << 20);	/* a user address */
	case 5: case 6: return f + below(32);		/* inside a function */
	default: return f;				/* a function's start */
	}
}

/* --- descriptors: a small pool each thread draws from and races on --- */

enum fd_use { FD_NONE, FD_SHADOW, FD_PROG, FD_OTHER };

/* Which half of the work this process does (see the top of the file). */
static int patcher;

#define POOL	24
static _Atomic int pool_fd[POOL];
static _Atomic int pool_use[POOL];

static int pool_pick(enum fd_use use)
{
	int i, start = (int)below(POOL);

	for (i = 0; i < POOL; i++) {
		int k = (start + i) % POOL;

		if (pool_use[k] == (int)use)
			return pool_fd[k];
	}
	return -1;
}

static void pool_put(int fd, enum fd_use use)
{
	int k = (int)below(POOL), old = atomic_exchange(&pool_use[k], FD_NONE);

	if (old != FD_NONE)
		close(atomic_exchange(&pool_fd[k], -1));
	pool_fd[k] = fd;
	pool_use[k] = use;
}

/* Any descriptor, often the wrong kind. */
static int any_fd(void)
{
	switch (below(8)) {
	case 0: return -1;
	case 1: return 1000;		/* not open */
	case 2: return 0;		/* stdin */
	default: return pool_fd[below(POOL)];
	}
}

/* --- BPF programs of several types, all returning 0 --- */

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int prog_load(void)
{
	static const struct { int type, attach; uint32_t flags; } kinds[] = {
		{ BPF_PROG_TYPE_KPROBE, 0, 0 },		/* the one the module accepts */
		{ BPF_PROG_TYPE_KPROBE, 0, 0 },
		{ BPF_PROG_TYPE_KPROBE, 0, 0 },
		{ BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, 0 },
		{ BPF_PROG_TYPE_KPROBE, 0, BPF_F_SLEEPABLE },
		{ BPF_PROG_TYPE_SOCKET_FILTER, 0, 0 },
		{ BPF_PROG_TYPE_TRACEPOINT, 0, 0 },
		{ BPF_PROG_TYPE_PERF_EVENT, 0, 0 },
	};
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int k = (int)below(sizeof(kinds) / sizeof(kinds[0]));
	union bpf_attr a = {
		.prog_type = kinds[k].type,
		.expected_attach_type = kinds[k].attach,
		.prog_flags = kinds[k].flags,
		.insns = (uintptr_t)insns,
		.insn_cnt = 2,
		.license = (uintptr_t)"GPL",
	};

	return (int)bpf(BPF_PROG_LOAD, &a);
}

/* --- children: bound, forking, exec'ing, exiting --- */

#define KIDS	6
static _Atomic int kids[KIDS];

/* What a child does until killed or done: system calls, forks, execs. */
static void child_body(const char *self)
{
	int i, n = 200 + (int)below(2000);

	for (i = 0; i < n; i++) {
		switch (below(40)) {
		case 0: {
			pid_t p = fork();

			if (p == 0) {
				getppid();
				_exit(0);
			}
			if (p > 0)
				waitpid(p, NULL, 0);
			break;
		}
		case 1:
			execl(self, self, "--child", (char *)NULL);
			_exit(1);
		case 2: {
			struct timespec ts = { 0, 1000000 };

			nanosleep(&ts, NULL);
			break;
		}
		default:
			getppid();
		}
	}
	_exit(0);
}

static const char *self_path;

/*
 * A child in a free slot. The slot is claimed (0 -> -1) before the fork:
 * two threads that both saw it free would each fork, and the child whose
 * pid the other overwrote would never be killed, exec'ing itself long
 * after the fuzzer ended and holding the module (seen in a 1500 s run).
 */
static void spawn_child(void)
{
	int k = (int)below(KIDS), free_slot = 0;
	pid_t p;

	if (!atomic_compare_exchange_strong(&kids[k], &free_slot, -1))
		return;
	p = fork();
	if (p < 0) {
		kids[k] = 0;
		return;
	}
	if (p == 0) {
		rng ^= (uint64_t)getpid() << 32;
		child_body(self_path);
	}
	kids[k] = p;
}

static int some_pid(void)
{
	switch (below(10)) {
	case 0: return 0;		/* the fuzzer itself */
	case 1: return 2;		/* kthreadd: a kernel thread */
	case 2: return 999999;		/* no such process */
	case 3: return -(int)below(5);
	default: {
		int p = kids[below(KIDS)];

		return p > 0 ? p : 0;
	}
	}
}

static void reap(void)
{
	int k, st;

	for (k = 0; k < KIDS; k++) {
		int p = kids[k];

		if (p > 0 && waitpid(p, &st, WNOHANG) == p)
			kids[k] = 0;
	}
}

/* --- requests --- */

enum op {
	OP_VERSION, OP_CREATE, OP_CLOSE, OP_PATCH, OP_CHECK, OP_BIND, OP_UNBIND,
	OP_INFO, OP_STATS, OP_LIST, OP_ATTACH, OP_DETACH, OP_PROBES, OP_CALLERS,
	OP_BADCMD, OP_PROG, OP_UNMAP, OP_CHILD, OP_KILL, OP_FORK_BOUND, NOPS
};

static const char *const op_name[NOPS] = {
	"version", "create", "close", "patch", "check", "bind", "unbind",
	"info", "stats", "list", "attach", "detach", "probes", "callers",
	"badcmd", "prog", "unmap", "child", "kill", "fork-bound",
};

#define NERR 140
static _Atomic unsigned long results[NOPS][NERR];
static _Atomic long calls_left;
static int dev;
static time_t deadline;

static void record(enum op op, long rc)
{
	int e = rc < 0 ? errno : 0;

	results[op][e < NERR ? e : NERR - 1]++;
}

static uint32_t some_count(uint32_t max)
{
	switch (below(6)) {
	case 0: return 0;
	case 1: return max + 1;
	case 2: return (uint32_t)rnd();
	default: return 1 + (uint32_t)below(4);
	}
}

static uint32_t some_flags(uint32_t valid)
{
	return chance(80) ? (uint32_t)(rnd() & valid) : (uint32_t)rnd();
}

/* A user pointer that is sometimes bad. */
static uint64_t uptr(void *good)
{
	switch (below(12)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 0xffff888000000000ull;	/* a kernel address */
	default: return (uintptr_t)good;
	}
}

static void do_patch(enum op op)
{
	uint8_t bytes[SHADOWK_PATCH_MAX + 8];
	struct shadowk_patch p = {
		.addr = kaddr(),
		.bytes = uptr(bytes),
		.len = chance(90) ? 1 + (uint32_t)below(SHADOWK_PATCH_MAX) : (uint32_t)below(SHADOWK_PATCH_MAX * 2),
		.flags = chance(95) ? 0 : (uint32_t)rnd(),
	};
	size_t i;

	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = chance(50) ? 0x90 : (uint8_t)rnd();
	if (op == OP_CHECK)
		record(op, ioctl(chance(80) ? dev : any_fd(), SHADOWK_IOC_CHECK, &p));
	else
		record(op, ioctl(chance(90) ? pool_pick(FD_SHADOW) : any_fd(), SHADOWK_IOC_PATCH, &p));
}

/* Ids of probes attached lately (in any shadow), for DETACH to find some. */
static _Atomic __u64 recent_ids[16];

static void do_attach(void)
{
	struct shadowk_probe probes[8];
	struct shadowk_attach a = {
		.probes = uptr(probes),
		.count = chance(90) ? 1 + (uint32_t)below(8) : some_count(SHADOWK_ATTACH_MAX),
		.flags = some_flags(SHADOWK_ATTACH_BEST_EFFORT),
		.__reserved = chance(97) ? 0 : 1,
	};
	uint32_t i;

	if (a.count > 8 && a.probes == (uintptr_t)probes)
		a.probes = 1;	/* never let the module read past the array */
	memset(probes, 0, sizeof(probes));
	for (i = 0; i < 8; i++) {
		probes[i].addr = chance(50) ? funcs[below(nfuncs)] : kaddr();
		probes[i].kind = chance(90) ? 1 + (uint32_t)below(3) : (uint32_t)below(8);
		probes[i].flags = chance(85) ? 0 : some_flags(SHADOWK_PROBE_UNION);
		probes[i].prog_fd = chance(80) ? pool_pick(FD_PROG) : any_fd();
		probes[i].__reserved = chance(98) ? 0 : 1;
	}
	record(OP_ATTACH, ioctl(chance(90) ? pool_pick(FD_SHADOW) : any_fd(), SHADOWK_IOC_ATTACH, &a));
	for (i = 0; i < 8 && a.probes == (uintptr_t)probes; i++)
		if (probes[i].id)
			recent_ids[below(16)] = probes[i].id;
}

static void do_detach(void)
{
	__u64 ids[4];
	struct shadowk_detach d = {
		.ids = uptr(ids),
		.count = chance(60) ? 1 : chance(75) ? 1 + (uint32_t)below(4) : some_count(SHADOWK_ATTACH_MAX),
		.flags = chance(95) ? 0 : (uint32_t)rnd(),
	};
	int i;

	if (d.count > 4 && d.ids == (uintptr_t)ids)
		d.ids = 1;
	for (i = 0; i < 4; i++)
		ids[i] = chance(80) ? recent_ids[below(16)] : below(64);
	record(OP_DETACH, ioctl(chance(90) ? pool_pick(FD_SHADOW) : any_fd(), SHADOWK_IOC_DETACH, &d));
}

/* Unmap this process's binding token, if it has one. */
static void do_unmap(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];
	unsigned long lo, hi;
	long rc = 0;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[shadowk]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			rc = munmap((void *)lo, hi - lo);
	fclose(f);
	record(OP_UNMAP, rc);
}

/* Requests the patcher makes; the prober makes all the others. */
static int patcher_op(enum op op)
{
	switch (op) {
	case OP_PATCH: case OP_VERSION: case OP_CREATE: case OP_CLOSE: case OP_CHECK:
	case OP_INFO: case OP_STATS: case OP_LIST: case OP_CALLERS: case OP_BADCMD: case OP_PROG:
		return 1;
	default:
		return 0;
	}
}

static void one_request(void)
{
	enum op op;

	do
		op = (enum op)below(NOPS);
	while (patcher ? !patcher_op(op) : op == OP_PATCH);
	union {
		struct shadowk_version v;
		struct shadowk_create c;
		struct shadowk_bind b;
		struct shadowk_info i;
		struct shadowk_stats s;
		char any[256];		/* room for any size a bad command names */
	} u;
	struct shadowk_info infos[4];
	struct shadowk_probe_stats pst[4];
	__u64 callers[8];

	memset(&u, 0, sizeof(u));
	switch (op) {
	case OP_VERSION:
		record(op, ioctl(chance(80) ? dev : any_fd(), SHADOWK_IOC_VERSION, chance(95) ? (void *)&u.v : (void *)1));
		break;
	case OP_CREATE: {
		long fd;

		u.c.flags = chance(90) ? 0 : (uint32_t)rnd();
		fd = ioctl(chance(90) ? dev : any_fd(), SHADOWK_IOC_CREATE, &u.c);
		record(op, fd);
		if (fd >= 0)
			pool_put((int)fd, FD_SHADOW);
		break;
	}
	case OP_CLOSE: {
		int k = (int)below(POOL);

		if (atomic_exchange(&pool_use[k], FD_NONE) != FD_NONE)
			record(op, close(atomic_exchange(&pool_fd[k], -1)));
		break;
	}
	case OP_PATCH:
	case OP_CHECK:
		do_patch(op);
		break;
	case OP_BIND:
	case OP_UNBIND:
		u.b.pid = some_pid();
		u.b.flags = op == OP_BIND ? some_flags(0xf) : (chance(95) ? 0 : (uint32_t)rnd());
		u.b.__reserved = chance(97) ? 0 : 1;
		record(op, ioctl(chance(90) ? pool_pick(FD_SHADOW) : any_fd(),
				 op == OP_BIND ? SHADOWK_IOC_BIND : SHADOWK_IOC_UNBIND, &u.b));
		break;
	case OP_INFO:
		record(op, ioctl(chance(80) ? pool_pick(FD_SHADOW) : any_fd(),
				 SHADOWK_IOC_INFO, chance(95) ? (void *)&u.i : (void *)1));
		break;
	case OP_STATS:
		record(op, ioctl(chance(80) ? dev : any_fd(), SHADOWK_IOC_STATS, &u.s));
		break;
	case OP_LIST: {
		struct shadowk_list l = { .infos = uptr(infos), .count = (uint32_t)below(5),
					  .__reserved = chance(97) ? 0 : 1 };

		if (chance(10))
			l.count = some_count(SHADOWK_LIST_MAX), l.infos = chance(50) ? 0 : 1;
		record(op, ioctl(chance(90) ? dev : any_fd(), SHADOWK_IOC_LIST, &l));
		break;
	}
	case OP_ATTACH:
		do_attach();
		break;
	case OP_DETACH:
		do_detach();
		break;
	case OP_PROBES: {
		struct shadowk_probes p = { .stats = uptr(pst), .count = (uint32_t)below(5),
					    .__reserved = chance(97) ? 0 : 1 };

		record(op, ioctl(chance(90) ? pool_pick(FD_SHADOW) : any_fd(), SHADOWK_IOC_PROBES, &p));
		break;
	}
	case OP_CALLERS: {
		struct shadowk_callers c = { .addr = kaddr(), .callers = uptr(callers),
					     .count = (uint32_t)below(9), .__reserved = chance(97) ? 0 : 1 };

		if (chance(10))
			c.count = some_count(SHADOWK_CALLERS_MAX), c.callers = 1;
		record(op, ioctl(chance(90) ? dev : any_fd(), SHADOWK_IOC_CALLERS, &c));
		break;
	}
	case OP_BADCMD: {
		/* Unknown numbers in the magic range, and known numbers with the wrong size. */
		unsigned long cmd = chance(50) ? _IOC(below(4), SHADOWK_IOC_MAGIC, below(32), below(256))
					       : (unsigned long)_IOWR(SHADOWK_IOC_MAGIC, below(13), char[3]);

		record(op, ioctl(chance(50) ? dev : pool_pick(FD_SHADOW),
				 cmd, &u));
		break;
	}
	case OP_PROG: {
		long fd = prog_load();

		record(op, fd);
		if (fd >= 0)
			pool_put((int)fd, FD_PROG);
		else if (chance(30))
			pool_put(open("/dev/null", O_RDONLY | O_CLOEXEC), FD_OTHER);
		break;
	}
	case OP_UNMAP:
		do_unmap();
		break;
	case OP_CHILD:
		spawn_child();
		break;
	case OP_KILL: {
		int p = kids[below(KIDS)];

		if (p > 0)
			record(op, kill(p, SIGKILL));
		break;
	}
	case OP_FORK_BOUND: {
		/* A child of the fuzzer, which may be bound: it inherits and exits at once. */
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		record(op, p < 0 ? -1 : waitpid(p, NULL, 0));
		break;
	}
	case NOPS:
		break;
	}
	reap();
}

static void *worker(void *arg)
{
	rng = (uint64_t)(uintptr_t)arg * 0x9e3779b97f4a7c15ull + 1;
	while (atomic_fetch_sub(&calls_left, 1) > 0 && time(NULL) < deadline)
		one_request();
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long long seed = 1, calls = 100000, seconds = 3600;
	int threads = 2, i, k, opt;
	pid_t patcher_pid;
	unsigned long total = 0;
	pthread_t tid[16];

	if (argc == 2 && !strcmp(argv[1], "--child")) {	/* an exec'd bound child */
		rng = (uint64_t)getpid() * 2654435761u + 1;
		self_path = "/proc/self/exe";
		child_body(self_path);
	}
	while ((opt = getopt(argc, argv, "s:n:t:j:")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': calls = strtoull(optarg, NULL, 0); break;
		case 't': seconds = strtoull(optarg, NULL, 0); break;
		case 'j': threads = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: fuzz [-s SEED] [-n CALLS] [-t SECONDS] [-j THREADS]\n");
			return 125;
		}
	}
	if (threads < 1 || threads > 16)
		threads = 2;
	self_path = "/proc/self/exe";
	signal(SIGPIPE, SIG_IGN);
	load_functions();
	dev = open(SHADOWK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die(SHADOWK_DEVICE_PATH);
	for (k = 0; k < POOL; k++)
		pool_fd[k] = -1;
	fflush(stdout);
	patcher_pid = fork();
	if (patcher_pid < 0)
		die("fork");
	patcher = patcher_pid == 0;
	seed = seed * 2 + (unsigned long long)patcher;
	calls_left = (long)(calls / 2);
	deadline = time(NULL) + (time_t)seconds;
	for (i = 0; i < threads; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)(uintptr_t)(seed * 16 + i)))
			die("pthread_create");
	for (i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);

	/* Leave nothing: descriptors, bindings of the fuzzer, children. */
	for (k = 0; k < POOL; k++)
		if (atomic_exchange(&pool_use[k], FD_NONE) != FD_NONE)
			close(pool_fd[k]);
	do_unmap();
	for (k = 0; k < KIDS; k++)
		if (kids[k] > 0) {
			kill(kids[k], SIGKILL);
			waitpid(kids[k], NULL, 0);
		}
	close(dev);

	for (i = 0; i < NOPS; i++) {
		unsigned long n = 0;

		for (k = 0; k < NERR; k++)
			n += results[i][k];
		total += n;
		if (!n)
			continue;
		printf("%s %-11s %8lu", patcher ? "patcher" : "prober ", op_name[i], n);
		for (k = 0; k < NERR; k++)
			if (results[i][k])
				printf("  %s:%lu", k ? strerror(k) : "ok", results[i][k]);
		printf("\n");
	}
	printf("%s requests %lu (seed %llu, %d threads)\n", patcher ? "patcher" : "prober ", total, seed, threads);
	fflush(stdout);
	if (patcher)
		return 0;
	if (waitpid(patcher_pid, &k, 0) != patcher_pid || !WIFEXITED(k) || WEXITSTATUS(k)) {
		fprintf(stderr, "fuzz: the patcher process failed (status %#x)\n", k);
		return 125;
	}
	return 0;
}
