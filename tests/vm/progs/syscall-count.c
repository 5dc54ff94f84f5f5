// SPDX-License-Identifier: GPL-2.0
/*
 * syscall-count [-s getppid|getpid] [-t THREADS] [-P PHASES | -W | -d MS] N VALUE
 *
 * Calls the system call N times in each of THREADS threads and prints how
 * many calls returned VALUE, as "hits/total".
 *
 * With -P, the threads start at once and keep calling the system call
 * without counting; each line read from stdin starts a phase in which every
 * thread counts N calls, and the phase's "hits/total" is printed. So a test
 * can change the process's view while all its threads are in the kernel
 * and check every call made after the change. With -W it prints its pid on
 * stderr and waits for one line on stdin before it makes any system call
 * of that kind. With -d, each thread calls it for MS milliseconds instead of
 * N times (N is ignored), and the total is the number of calls made.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long n, value, nr = SYS_getppid;
static atomic_int phase;		/* 0: spin; k: counting phase k */
static atomic_long hits, done;
static int spin;			/* between phases, keep calling */
static long duration_ms;		/* -d: call for this long instead */
static atomic_long total;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *timed_loop(void *arg)
{
	long end = now_ms() + duration_ms, h = 0, t = 0;

	while (now_ms() < end) {
		for (int i = 0; i < 100; i++, t++)
			if (syscall(nr) == value)
				h++;
	}
	atomic_fetch_add(&hits, h);
	atomic_fetch_add(&total, t);
	return NULL;
}

static void *loop(void *arg)
{
	int seen = 0;

	for (;;) {
		int p = atomic_load(&phase);
		long h = 0, i;

		if (p < 0)
			return NULL;
		if (p == seen) {
			if (!spin && seen)
				return NULL;
			syscall(nr);
			continue;
		}
		for (i = 0; i < n; i++)
			if (syscall(nr) == value)
				h++;
		atomic_fetch_add(&hits, h);
		atomic_fetch_add(&done, 1);
		seen = p;
	}
}

int main(int argc, char **argv)
{
	int threads = 1, phases = 0, wait_first = 0, opt, i, p;
	pthread_t t[64];
	char line[64];

	while ((opt = getopt(argc, argv, "s:t:P:Wd:")) != -1) {
		if (opt == 's')
			nr = strcmp(optarg, "getpid") ? SYS_getppid : SYS_getpid;
		else if (opt == 't')
			threads = atoi(optarg);
		else if (opt == 'P')
			phases = atoi(optarg);
		else if (opt == 'W')
			wait_first = 1;
		else if (opt == 'd')
			duration_ms = atol(optarg);
	}
	if (argc - optind != 2 || threads < 1 || threads > 64) {
		fprintf(stderr, "usage: syscall-count [-s getppid|getpid] [-t THREADS] [-P PHASES] N VALUE\n");
		return 2;
	}
	n = atol(argv[optind]);
	value = atol(argv[optind + 1]);
	if (wait_first) {
		fprintf(stderr, "pid %d\n", getpid());
		if (!fgets(line, sizeof(line), stdin))
			return 2;
		phases = 0;
	}
	if (duration_ms) {
		for (i = 0; i < threads; i++)
			pthread_create(&t[i], NULL, timed_loop, NULL);
		for (i = 0; i < threads; i++)
			pthread_join(t[i], NULL);
		printf("%ld/%ld\n", atomic_load(&hits), atomic_load(&total));
		return 0;
	}
	spin = phases > 0;
	if (!phases)
		atomic_store(&phase, 1);	/* count from the first call */
	for (i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, loop, NULL);
	for (p = 1; p <= (phases ? phases : 1); p++) {
		if (phases && !fgets(line, sizeof(line), stdin))
			break;
		if (phases) {
			atomic_store(&hits, 0);
			atomic_store(&done, 0);
			atomic_store(&phase, p);
		}
		while (atomic_load(&done) < threads)
			usleep(1000);
		printf("%ld/%ld\n", atomic_load(&hits), n * threads);
		fflush(stdout);
	}
	atomic_store(&phase, -1);
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return 0;
}
