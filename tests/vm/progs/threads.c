// SPDX-License-Identifier: GPL-2.0
/*
 * threads MS N: a process whose work is done by a thread that already
 * exists when a tracer attaches with -p. Prints "threads PID" and starts
 * one worker thread, which prints "worker TID" and waits for a line on
 * stdin. Then the worker burns MS milliseconds of its own CPU time
 * (CLOCK_THREAD_CPUTIME_ID) in user space and forks a child that calls
 * thread_target(i) N times, prints "child PID" and "sum S" (of i) and
 * exits. The main thread only waits for the worker: a profile or a user
 * probe that follows the main thread alone sees none of this.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long ms, n;

__attribute__((noinline)) long thread_target(long i)
{
	__asm__ volatile("" ::: "memory");
	return i;
}

static long thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *worker(void *arg)
{
	volatile unsigned long x = 0;
	char line[16];
	long start, i, sum = 0;
	pid_t child;

	printf("worker %ld\n", (long)syscall(SYS_gettid));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		exit(1);
	start = thread_cpu_ms();
	while (thread_cpu_ms() - start < ms)
		for (i = 0; i < 100000; i++)
			x += i;
	child = fork();
	if (child < 0)
		exit(1);
	if (child == 0) {
		for (i = 0; i < n; i++)
			sum += thread_target(i);
		printf("child %d\nsum %ld\n", getpid(), sum);
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc != 3) {
		fprintf(stderr, "usage: threads MS N\n");
		return 2;
	}
	ms = atol(argv[1]);
	n = atol(argv[2]);
	printf("threads %d\n", getpid());
	fflush(stdout);
	if (pthread_create(&t, NULL, worker, NULL))
		return 1;
	pthread_join(t, NULL);
	return 0;
}
