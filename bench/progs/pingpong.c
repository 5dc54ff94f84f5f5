// SPDX-License-Identifier: GPL-2.0
/*
 * pingpong ping|pong N TO FROM: one byte back and forth over two named
 * pipes, N round trips; "ping" prints the mean round trip in ns. Each round
 * trip is two context switches on a one-CPU guest, so with ping in a shadow
 * and pong not, every switch crosses between views.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n, i;
	int ping, to, from;
	char c = 'x';
	struct timespec a, b;

	if (argc != 5)
		return 2;
	ping = !strcmp(argv[1], "ping");
	n = atol(argv[2]);
	/* Open in an order that cannot deadlock: ping writes first. */
	if (ping) {
		to = open(argv[3], O_WRONLY);
		from = open(argv[4], O_RDONLY);
	} else {
		from = open(argv[4], O_RDONLY);
		to = open(argv[3], O_WRONLY);
	}
	if (to < 0 || from < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (ping) {
			if (write(to, &c, 1) != 1 || read(from, &c, 1) != 1)
				return 1;
		} else {
			if (read(from, &c, 1) != 1 || write(to, &c, 1) != 1)
				return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (ping)
		printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
