// SPDX-License-Identifier: GPL-2.0
/*
 * call-bench getppid|ucall|kill N ROUNDS: prints its pid, waits for a line on
 * stdin (so that a tracer can attach to it first), then makes ROUNDS rounds
 * of N calls, either of getppid() (one syscall each), of the user function
 * bench_target() (a uprobe target), or of kill() of itself with SIGUSR1,
 * which it ignores (one syscall that passes the signal:signal_generate
 * tracepoint: __send_signal_locked() reports an ignored signal too), and
 * prints the median time per
 * call in ns (CLOCK_MONOTONIC: under QEMU -icount the guest clock advances
 * with guest instructions, so this is a count of instructions, scaled).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) long bench_target(long i)
{
	__asm__ volatile("" ::: "memory");
	return i + 1;
}

enum { GETPPID, UCALL, KILL };

static long one_call(int kind, long i, pid_t self)
{
	switch (kind) {
	case GETPPID:
		return syscall(SYS_getppid);
	case KILL:
		return syscall(SYS_kill, self, SIGUSR1);
	default:
		return bench_target(i);
	}
}

static double round_ns(int kind, long n)
{
	pid_t self = getpid();
	struct timespec a, b;
	long i, sum = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		sum += one_call(kind, i, self);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (sum == -1)
		putchar(' ');	/* keeps the calls */
	return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	double ns[64];
	char line[16];
	long n;
	int rounds, kind, r;

	if (argc != 4 || (strcmp(argv[1], "getppid") && strcmp(argv[1], "ucall") && strcmp(argv[1], "kill"))) {
		fprintf(stderr, "usage: call-bench getppid|ucall|kill N ROUNDS\n");
		return 2;
	}
	kind = !strcmp(argv[1], "getppid") ? GETPPID : !strcmp(argv[1], "kill") ? KILL : UCALL;
	signal(SIGUSR1, SIG_IGN);
	n = atol(argv[2]);
	rounds = atoi(argv[3]);
	if (n < 1 || rounds < 1 || rounds > 64) {
		fprintf(stderr, "call-bench: N >= 1, ROUNDS from 1 to 64\n");
		return 2;
	}
	printf("%d\n", getpid());
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	for (r = 0; r < rounds; r++)
		ns[r] = round_ns(kind, n);
	qsort(ns, rounds, sizeof(ns[0]), cmp);
	printf("%.1f\n", ns[rounds / 2]);
	return 0;
}
