// SPDX-License-Identifier: GPL-2.0
/*
 * lazy-cpu N: leaves CPU 1 lazily on this process's mm while CPU 0 frees
 * page tables of it, N times. A second thread, pinned to CPU 1, blocks in
 * read() after each byte it is sent, so CPU 1 goes idle on this mm (the idle
 * task borrows it: lazy TLB). The main thread, pinned to CPU 0, prints
 * "lazy-cpu PID" and waits for a line on stdin; then, N times, it wakes the
 * second thread, waits for its answer and 2 ms more (it is blocked again),
 * maps 4 MiB, touches one page in each 2 MiB and unmaps them: freeing their
 * page tables makes a TLB flush that is sent to lazy CPUs too. It prints
 * "unmapped N" and waits for a line. Then the second thread exits, and the
 * main thread 100 ms later: its exit tears the mm down while CPU 1, idle,
 * still has it loaded lazily.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define SPAN (4UL << 20)

static int wake[2], answer[2];

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		exit(1);
	}
}

static void *sleeper(void *arg)
{
	char c;

	pin(1);
	while (read(wake[0], &c, 1) == 1 && c != 'q')
		if (write(answer[1], &c, 1) != 1)
			exit(1);
	return NULL;
}

int main(int argc, char **argv)
{
	char line[16], c = 'x';
	pthread_t t;
	long n, i;

	if (argc != 2) {
		fprintf(stderr, "usage: lazy-cpu N\n");
		return 2;
	}
	n = atol(argv[1]);
	pin(0);
	if (pipe(wake) || pipe(answer) || pthread_create(&t, NULL, sleeper, NULL))
		return 1;
	printf("lazy-cpu %d\n", getpid());
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	for (i = 0; i < n; i++) {
		unsigned long off;
		char *p;

		if (write(wake[1], &c, 1) != 1 || read(answer[0], &c, 1) != 1)
			return 1;
		usleep(2000);
		p = mmap(NULL, SPAN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 1;
		/* Page tables, not a huge page: their free is what reaches lazy CPUs. */
		madvise(p, SPAN, MADV_NOHUGEPAGE);
		for (off = 0; off < SPAN; off += 2UL << 20)
			p[off] = 1;
		munmap(p, SPAN);
	}
	printf("unmapped %ld\n", n);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		line[0] = 0;
	c = 'q';
	if (write(wake[1], &c, 1) != 1 || pthread_join(t, NULL))
		return 1;
	usleep(100000);
	return 0;
}
