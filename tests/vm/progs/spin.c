// SPDX-License-Identifier: GPL-2.0
/*
 * spin MS: prints "spin PID", then burns MS milliseconds of its own CPU time
 * (CLOCK_PROCESS_CPUTIME_ID) in user space and exits. A target for profile
 * probes: at N Hz it should be sampled about N * MS / 1000 times, however
 * long it waits for the CPU meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	volatile unsigned long x = 0;
	long ms;

	if (argc != 2) {
		fprintf(stderr, "usage: spin MS\n");
		return 2;
	}
	ms = atol(argv[1]);
	printf("spin %d\n", getpid());
	fflush(stdout);
	while (cpu_ms() < ms)
		for (int i = 0; i < 100000; i++)
			x += i;
	return 0;
}
