// SPDX-License-Identifier: GPL-2.0
/*
 * shk: a minimal C client of /dev/shadowk for the VM tests, so that tests
 * can drive the module directly (errnos, many shadows, tight loops) without
 * a JVM start per step. Users have bin/shadowk; this is not a user tool.
 *
 *   shk run [-p SYM[+OFF]=HEX]... [-F] [-E] [-I] -- CMD...
 *       new shadow with the patches; CMD runs bound (fork, BIND self, exec);
 *       exits with CMD's status. -F no fork inherit, -E exec reset,
 *       -I print the shadow's INFO to stderr when CMD is done.
 *   shk bind PID [-p SYM[+OFF]=HEX]... [-u] [-P] [-W] [-L SYM[+OFF]=HEX]
 *       new shadow with the patches, bound to PID; prints "bound", then
 *       waits for a line on stdin; -u unbinds PID before exiting; -P binds
 *       with SHADOWK_BIND_PERSIST (the binding outlives this process).
 *       -W: once patched, print "patched" and wait for a line before
 *       binding; -L: then make this patch too and print "late patch: ERRNO";
 *       -A: once bound, wait for a line, make this patch to the bound
 *       shadow and print "bound patch: ERRNO" (then wait as above).
 *   shk many N SYM[+OFF]=HEX   N shadows at once, each patched; prints stats
 *   shk stats                  module-wide counters, key=value
 *   shk check SYM[+OFF] HEX    errno of SHADOWK_IOC_CHECK, by name
 *   shk owned SYM[+OFF] HEX    CHECK of that patch: "0xADDR 0xEND", where the pristine
 *                              instructions it owns end; or its errno, exit status 1
 *   shk patch SYM[+OFF] HEX    errno of SHADOWK_IOC_PATCH on a new shadow
 *   shk raw CASE               errno of a malformed request, by name
 *   shk addr SYM[+OFF]         the address, in hex
 *   shk bindrace N             N self-binds racing a thread that unmaps the token
 *   shk execrace N             N bound children exec while a thread unmaps the token
 *   shk selfunmap T            binds itself, starts T spinning threads, unmaps its
 *                              own token; prints "bound_mms=N" (the shadow's INFO) after
 *   shk seq LABEL=STEP...      steps on shadows made along the way, each printing
 *                              "LABEL=RESULT": new (CREATE: OK or the errno; later
 *                              steps act on the newest shadow), patch:SYM[+OFF]=HEX
 *                              (PATCH: its errno), info (its INFO), stats
 * SYM[+OFF] may also be a plain address, 0x...
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shadowk.h"

static int dev = -1;

static void die(const char *what)
{
	perror(what);
	exit(125);
}

static int open_dev(void)
{
	if (dev < 0) {
		dev = open(SHADOWK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0)
			die(SHADOWK_DEVICE_PATH);
	}
	return dev;
}

static uint64_t resolve(const char *spec)
{
	char name[256], sym[256], type;
	unsigned long long addr, off = 0;
	const char *plus = strchr(spec, '+');
	FILE *f;

	if (!strncmp(spec, "0x", 2))
		return strtoull(spec, NULL, 16);
	snprintf(name, sizeof(name), "%.*s", plus ? (int)(plus - spec) : (int)strlen(spec), spec);
	if (plus)
		off = strtoull(plus + 1, NULL, 0);
	f = fopen("/proc/kallsyms", "r");
	if (!f)
		die("/proc/kallsyms");
	while (fscanf(f, "%llx %c %255s%*[^\n]", &addr, &type, sym) == 3) {
		if (!strcmp(sym, name) && (type == 't' || type == 'T')) {
			fclose(f);
			return addr + off;
		}
	}
	fprintf(stderr, "shk: unknown symbol %s\n", name);
	exit(125);
}

static size_t parse_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (*hex && n < max) {
		unsigned int b;

		if (*hex == ' ') {
			hex++;
			continue;
		}
		if (sscanf(hex, "%2x", &b) != 1)
			break;
		out[n++] = b;
		hex += 2;
	}
	return n;
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case EACCES: return "EACCES";
	case EILSEQ: return "EILSEQ";
	case ENOEXEC: return "ENOEXEC";
	case ENOTTY: return "ENOTTY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EAGAIN: return "EAGAIN";
	case E2BIG: return "E2BIG";
	case ENODEV: return "ENODEV";
	}
	return "E?";
}

static int create_shadow(void)
{
	struct shadowk_create c = {0};
	int fd = ioctl(open_dev(), SHADOWK_IOC_CREATE, &c);

	if (fd < 0)
		die("SHADOWK_IOC_CREATE");
	return fd;
}

static int patch(int fd, const char *spec)
{
	char sym[256];
	const char *eq = strchr(spec, '=');
	uint8_t bytes[SHADOWK_PATCH_MAX];
	struct shadowk_patch p = {0};

	if (!eq) {
		fprintf(stderr, "shk: patch spec SYM[+OFF]=HEX expected, not %s\n", spec);
		exit(125);
	}
	snprintf(sym, sizeof(sym), "%.*s", (int)(eq - spec), spec);
	p.addr = resolve(sym);
	p.len = parse_hex(eq + 1, bytes, sizeof(bytes));
	p.bytes = (uintptr_t)bytes;
	return ioctl(fd, SHADOWK_IOC_PATCH, &p) ? errno : 0;
}

static void print_info(int fd, FILE *out)
{
	struct shadowk_info i;

	if (ioctl(fd, SHADOWK_IOC_INFO, &i))
		die("SHADOWK_IOC_INFO");
	fprintf(out, "id=%llu pages_copied=%llu table_pages=%llu bytes_patched=%llu patches=%llu bound_mms=%llu coherence_writes=%llu coherence_conflicts=%llu probes=%llu percpu_bytes=%llu max_pages=%llu max_patches=%llu max_probes=%llu max_percpu_bytes=%llu\n",
		(unsigned long long)i.id, (unsigned long long)i.pages_copied,
		(unsigned long long)i.table_pages, (unsigned long long)i.bytes_patched,
		(unsigned long long)i.patches, (unsigned long long)i.bound_mms,
		(unsigned long long)i.coherence_writes, (unsigned long long)i.coherence_conflicts,
		(unsigned long long)i.probes, (unsigned long long)i.percpu_bytes,
		(unsigned long long)i.max_pages, (unsigned long long)i.max_patches,
		(unsigned long long)i.max_probes, (unsigned long long)i.max_percpu_bytes);
}

static void print_stats(FILE *out)
{
	struct shadowk_stats s;

	if (ioctl(open_dev(), SHADOWK_IOC_STATS, &s))
		die("SHADOWK_IOC_STATS");
	fprintf(out, "shadows=%llu pages_copied=%llu table_pages=%llu bound_mms=%llu binds_total=%llu unbinds_total=%llu coherence_writes=%llu coherence_conflicts=%llu patches=%llu probes=%llu percpu_bytes=%llu max_shadows=%llu max_pages=%llu max_patches=%llu max_probes=%llu max_percpu_bytes=%llu probed_shadows=%llu max_probed_shadows=%llu xol_slots=%llu max_xol_slots=%llu coherence_lost=%llu\n",
		(unsigned long long)s.shadows, (unsigned long long)s.pages_copied,
		(unsigned long long)s.table_pages, (unsigned long long)s.bound_mms,
		(unsigned long long)s.binds_total, (unsigned long long)s.unbinds_total,
		(unsigned long long)s.coherence_writes, (unsigned long long)s.coherence_conflicts,
		(unsigned long long)s.patches, (unsigned long long)s.probes,
		(unsigned long long)s.percpu_bytes, (unsigned long long)s.max_shadows,
		(unsigned long long)s.max_pages, (unsigned long long)s.max_patches,
		(unsigned long long)s.max_probes, (unsigned long long)s.max_percpu_bytes,
		(unsigned long long)s.probed_shadows, (unsigned long long)s.max_probed_shadows,
		(unsigned long long)s.xol_slots, (unsigned long long)s.max_xol_slots,
		(unsigned long long)s.coherence_lost);
}

static int bind_pid(int fd, int pid, unsigned int flags)
{
	struct shadowk_bind b = { .pid = pid, .flags = flags };

	return ioctl(fd, SHADOWK_IOC_BIND, &b) ? errno : 0;
}

static int unbind_pid(int fd, int pid)
{
	struct shadowk_bind b = { .pid = pid };

	return ioctl(fd, SHADOWK_IOC_UNBIND, &b) ? errno : 0;
}

static int wait_first;
static const char *late_patch;
static const char *bound_patch;

static int apply_patches(int fd, int argc, char **argv, unsigned int *flags, int *info, int *unbind)
{
	int opt, err;

	optind = 1;
	while ((opt = getopt(argc, argv, "+p:FEIuPWL:A:")) != -1) {
		switch (opt) {
		case 'p':
			err = patch(fd, optarg);
			if (err) {
				fprintf(stderr, "shk: patch %s: %s\n", optarg, errname(err));
				exit(125);
			}
			break;
		case 'F': *flags |= SHADOWK_BIND_NO_FORK_INHERIT; break;
		case 'E': *flags |= SHADOWK_BIND_EXEC_RESET; break;
		case 'I': *info = 1; break;
		case 'u': *unbind = 1; break;
		case 'P': *flags |= SHADOWK_BIND_PERSIST; break;
		case 'W': wait_first = 1; break;
		case 'L': late_patch = optarg; break;
		case 'A': bound_patch = optarg; break;
		default: exit(2);
		}
	}
	return optind;
}

static int cmd_run(int argc, char **argv)
{
	int fd = create_shadow(), info = 0, unbind = 0, status, i;
	unsigned int flags = 0;
	pid_t child;

	i = apply_patches(fd, argc, argv, &flags, &info, &unbind);
	if (i >= argc) {
		fprintf(stderr, "shk run: no command\n");
		return 2;
	}
	child = fork();
	if (child < 0)
		die("fork");
	if (!child) {
		int err = bind_pid(fd, 0, flags);

		if (err) {
			fprintf(stderr, "shk: BIND self: %s\n", errname(err));
			_exit(125);
		}
		close(fd);
		execvp(argv[i], argv + i);
		die(argv[i]);
	}
	if (waitpid(child, &status, 0) < 0)
		die("waitpid");
	if (info)
		print_info(fd, stderr);
	close(fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int cmd_bind(int argc, char **argv)
{
	int fd = create_shadow(), info = 0, unbind = 0, pid, err;
	unsigned int flags = 0;
	char line[64];

	if (argc < 2)
		return 2;
	pid = atoi(argv[1]);
	apply_patches(fd, argc - 1, argv + 1, &flags, &info, &unbind);
	if (wait_first) {
		printf("patched\n");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			line[0] = 0;
	}
	if (late_patch) {
		printf("late patch: %s\n", errname(patch(fd, late_patch)));
		fflush(stdout);
	}
	err = bind_pid(fd, pid, flags);
	if (err) {
		printf("bind: %s\n", errname(err));
		return 1;
	}
	printf("bound\n");
	fflush(stdout);
	if (bound_patch) {
		if (!fgets(line, sizeof(line), stdin))
			line[0] = 0;
		printf("bound patch: %s\n", errname(patch(fd, bound_patch)));
		fflush(stdout);
	}
	if (!fgets(line, sizeof(line), stdin))
		line[0] = 0;
	if (unbind) {
		err = unbind_pid(fd, pid);
		printf("unbind: %s\n", errname(err));
	}
	return 0;
}

static int cmd_many(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0, i, *fds;

	if (n <= 0)
		return 2;
	fds = calloc(n, sizeof(*fds));
	for (i = 0; i < n; i++) {
		int err;

		fds[i] = create_shadow();
		err = patch(fds[i], argv[2]);
		if (err) {
			fprintf(stderr, "shk many: patch %d: %s\n", i, errname(err));
			return 1;
		}
	}
	print_stats(stdout);
	for (i = 0; i < n; i++)
		close(fds[i]);
	print_stats(stdout);
	return 0;
}

static int cmd_check(int argc, char **argv, int on_shadow)
{
	uint8_t bytes[SHADOWK_PATCH_MAX + 8];
	struct shadowk_patch p = {0};
	int fd = on_shadow ? create_shadow() : open_dev();

	if (argc != 3)
		return 2;
	p.addr = resolve(argv[1]);
	p.len = parse_hex(argv[2], bytes, sizeof(bytes));
	p.bytes = (uintptr_t)bytes;
	printf("%s\n", errname(ioctl(fd, on_shadow ? SHADOWK_IOC_PATCH : SHADOWK_IOC_CHECK, &p) ? errno : 0));
	return 0;
}

static int cmd_owned(int argc, char **argv)
{
	uint8_t bytes[SHADOWK_PATCH_MAX];
	struct shadowk_patch p = {0};

	if (argc != 3)
		return 2;
	p.addr = resolve(argv[1]);
	p.len = parse_hex(argv[2], bytes, sizeof(bytes));
	p.bytes = (uintptr_t)bytes;
	if (ioctl(open_dev(), SHADOWK_IOC_CHECK, &p)) {
		printf("%s\n", errname(errno));
		return 1;
	}
	printf("0x%llx 0x%llx\n", (unsigned long long)p.addr, (unsigned long long)p.owned_end);
	return 0;
}

static int cmd_raw(const char *what)
{
	int fd = create_shadow(), r;

	if (!strcmp(what, "create-flags")) {
		struct shadowk_create c = { .flags = 1 };

		r = ioctl(open_dev(), SHADOWK_IOC_CREATE, &c);
	} else if (!strcmp(what, "patch-flags")) {
		uint8_t b = 0xcc;
		struct shadowk_patch p = { .addr = resolve("__x64_sys_getppid"), .len = 1, .bytes = (uintptr_t)&b, .flags = 1 };

		r = ioctl(fd, SHADOWK_IOC_PATCH, &p);
	} else if (!strcmp(what, "patch-fault")) {
		struct shadowk_patch p = { .addr = resolve("__x64_sys_getppid"), .len = 1, .bytes = 8 };

		r = ioctl(fd, SHADOWK_IOC_PATCH, &p);
	} else if (!strcmp(what, "bind-flags")) {
		struct shadowk_bind b = { .pid = 0, .flags = 0x80 };

		r = ioctl(fd, SHADOWK_IOC_BIND, &b);
	} else if (!strcmp(what, "bind-at-and-keep-exec")) {
		errno = bind_pid(fd, 0, SHADOWK_BIND_AT_NEXT_EXEC | SHADOWK_BIND_KEEP_NEXT_EXEC);
		r = errno ? -1 : 0;
	} else if (!strcmp(what, "bind-reserved")) {
		struct shadowk_bind b = { .pid = 0, .__reserved = 1 };

		r = ioctl(fd, SHADOWK_IOC_BIND, &b);
	} else if (!strcmp(what, "bind-nopid")) {
		r = bind_pid(fd, 999999, 0) ? -1 : 0;
		if (r)
			errno = bind_pid(fd, 999999, 0);
	} else if (!strcmp(what, "bind-kthread")) {
		errno = bind_pid(fd, 2, 0);
		r = errno ? -1 : 0;
	} else if (!strcmp(what, "bind-twice")) {
		bind_pid(fd, 0, 0);
		errno = bind_pid(create_shadow(), 0, 0);
		r = errno ? -1 : 0;
	} else if (!strcmp(what, "unbind-unbound")) {
		errno = unbind_pid(fd, 0);
		r = errno ? -1 : 0;
	} else if (!strcmp(what, "mmap")) {
		r = (long)mmap(NULL, 4096, PROT_NONE, MAP_SHARED, fd, 0) == -1 ? -1 : 0;
	} else if (!strcmp(what, "bad-ioctl")) {
		r = ioctl(fd, _IO(SHADOWK_IOC_MAGIC, 0x7f), 0);
	} else {
		fprintf(stderr, "shk raw: unknown case %s\n", what);
		return 2;
	}
	printf("%s\n", errname(r ? errno : 0));
	return 0;
}

/* shk seq LABEL=STEP...: see the top of this file. Shadows stay open until it exits. */
static int cmd_seq(int argc, char **argv)
{
	int i, fd = -1;

	for (i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '='), *step = eq ? eq + 1 : "";
		int label = eq ? (int)(eq - argv[i]) : 0;

		printf("%.*s=", label, argv[i]);
		if (!strcmp(step, "new")) {
			struct shadowk_create c = {0};
			int nfd = ioctl(open_dev(), SHADOWK_IOC_CREATE, &c);

			if (nfd >= 0)
				fd = nfd;
			printf("%s\n", errname(nfd < 0 ? errno : 0));
		} else if (!strncmp(step, "patch:", 6) && fd >= 0) {
			printf("%s\n", errname(patch(fd, step + 6)));
		} else if (!strcmp(step, "info") && fd >= 0) {
			print_info(fd, stdout);
		} else if (!strcmp(step, "stats")) {
			print_stats(stdout);
		} else {
			fprintf(stderr, "shk seq: bad step %s\n", argv[i]);
			return 2;
		}
		fflush(stdout);
	}
	return 0;
}

/* --- races with the token's unmapping --- */

static atomic_int unmapper_stop;
static atomic_int unmapped;

/* The start of this process's token mapping, or 0. */
static unsigned long token_start(void)
{
	unsigned long start = 0, end;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		die("/proc/self/maps");
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[shadowk]") && sscanf(line, "%lx-%lx", &start, &end) == 2)
			break;
		else
			start = 0;
	fclose(f);
	return start;
}

/* Unmaps the token whenever one appears, until told to stop. */
static void *unmapper(void *arg)
{
	(void)arg;
	while (!atomic_load(&unmapper_stop)) {
		unsigned long t = token_start();

		if (t && !munmap((void *)t, 4096))
			atomic_fetch_add(&unmapped, 1);
	}
	return NULL;
}

/*
 * shk bindrace N: N times, this process binds itself while a thread unmaps
 * the token as soon as it shows. Prints, per outcome of BIND, how often
 * ("ok=", "eagain=", "other="), and how often a BIND that succeeded left
 * the module counting a bound mm with no token mapped ("orphans=").
 */
static int cmd_bindrace(int n)
{
	int i, ok = 0, eagain = 0, other = 0, orphans = 0;

	for (i = 0; i < n; i++) {
		int fd = create_shadow(), err;
		struct shadowk_info info;
		pthread_t t;

		atomic_store(&unmapper_stop, 0);
		if (pthread_create(&t, NULL, unmapper, NULL))
			die("pthread_create");
		err = bind_pid(fd, 0, 0);
		atomic_store(&unmapper_stop, 1);
		pthread_join(t, NULL);
		if (ioctl(fd, SHADOWK_IOC_INFO, &info))
			die("SHADOWK_IOC_INFO");
		if (!err) {
			ok++;
			if (info.bound_mms && !token_start())
				orphans++;
		} else if (err == EAGAIN) {
			eagain++;
		} else {
			other++;
			fprintf(stderr, "shk bindrace: BIND: %s\n", errname(err));
		}
		if (token_start())
			unbind_pid(fd, 0);
		close(fd);
	}
	printf("ok=%d\neagain=%d\nother=%d\norphans=%d\nunmapped=%d\n", ok, eagain, other, orphans,
	       atomic_load(&unmapped));
	return 0;
}

static atomic_int spinner_stop;

static void *spinner(void *arg)
{
	(void)arg;
	while (!atomic_load(&spinner_stop))
		;
	return NULL;
}

/*
 * shk selfunmap T: this process binds itself while single-threaded, starts
 * T threads that spin in user mode, and unmaps its own token, which undoes
 * the binding while the other threads run.
 */
static int cmd_selfunmap(int threads)
{
	int fd = create_shadow(), i, err;
	pthread_t t[16];
	struct shadowk_info info;
	unsigned long token;

	if (threads < 0 || threads > 16)
		return 2;
	err = bind_pid(fd, 0, 0);
	if (err) {
		fprintf(stderr, "shk selfunmap: BIND: %s\n", errname(err));
		return 1;
	}
	for (i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, spinner, NULL))
			die("pthread_create");
	token = token_start();
	if (!token || munmap((void *)token, 4096))
		die("munmap of the token");
	atomic_store(&spinner_stop, 1);
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	if (ioctl(fd, SHADOWK_IOC_INFO, &info))
		die("SHADOWK_IOC_INFO");
	printf("bound_mms=%llu\n", (unsigned long long)info.bound_mms);
	close(fd);
	return 0;
}

/*
 * shk execrace N: N children, each bound (the binding kept across exec)
 * and exec'ing /bin/true while a thread of it unmaps its token. Exits 0
 * when every child exited 0.
 */
static int cmd_execrace(int n)
{
	int i, status, bad = 0;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid) {
			int fd = create_shadow();
			pthread_t t;

			if (bind_pid(fd, 0, 0))
				_exit(125);
			if (pthread_create(&t, NULL, unmapper, NULL))
				_exit(125);
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0)
			die("waitpid");
		bad += !WIFEXITED(status) || WEXITSTATUS(status);
	}
	printf("execrace_failed=%d\n", bad);
	return bad != 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: shk run|bind|many|stats|check|patch|raw|addr ...\n");
		return 2;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bind"))
		return cmd_bind(argc - 1, argv + 1);
	if (!strcmp(argv[1], "many"))
		return cmd_many(argc - 1, argv + 1);
	if (!strcmp(argv[1], "stats")) {
		print_stats(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1, 0);
	if (!strcmp(argv[1], "patch"))
		return cmd_check(argc - 1, argv + 1, 1);
	if (!strcmp(argv[1], "owned"))
		return cmd_owned(argc - 1, argv + 1);
	if (!strcmp(argv[1], "selfunmap") && argc == 3)
		return cmd_selfunmap(atoi(argv[2]));
	if (!strcmp(argv[1], "bindrace") && argc == 3)
		return cmd_bindrace(atoi(argv[2]));
	if (!strcmp(argv[1], "execrace") && argc == 3)
		return cmd_execrace(atoi(argv[2]));
	if (!strcmp(argv[1], "seq"))
		return cmd_seq(argc - 1, argv + 1);
	if (!strcmp(argv[1], "raw") && argc == 3)
		return cmd_raw(argv[2]);
	if (!strcmp(argv[1], "addr") && argc == 3) {
		printf("%llx\n", (unsigned long long)resolve(argv[2]));
		return 0;
	}
	return 2;
}
