// SPDX-License-Identifier: GPL-2.0
// build: -static
/*
 * ucall N [ARG]: calls the function ucall_target(i, ARG) N times (i = 0..N-1)
 * and prints the sum of its results; ucall_target returns its first argument
 * plus the second. A target for user probes (uprobe:PATH:ucall_target); with
 * -w it first prints its pid and waits for one line on stdin, so a tracer can
 * attach with -p before any call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) long ucall_target(long i, long arg)
{
	__asm__ volatile("" ::: "memory");
	return i + arg;
}

int main(int argc, char **argv)
{
	int wait = argc > 1 && strcmp(argv[1], "-w") == 0;
	long n, arg, sum = 0;
	char line[16];

	if (argc < 2 + wait) {
		fprintf(stderr, "usage: ucall [-w] N [ARG]\n");
		return 2;
	}
	n = atol(argv[1 + wait]);
	arg = argc > 2 + wait ? atol(argv[2 + wait]) : 0;
	if (wait) {
		printf("%d\n", getpid());
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 1;
	}
	for (long i = 0; i < n; i++)
		sum += ucall_target(i, arg);
	printf("sum %ld\n", sum);
	return 0;
}
