// SPDX-License-Identifier: GPL-2.0
// build: -static
/*
 * read-sizes [-r ROUNDS] [-s MS] N
 *
 * Reads N times from /dev/zero, asking for 1, 2, ..., N bytes, once each;
 * ROUNDS times (default 1), sleeping MS milliseconds after each round but
 * the last. Linked statically, so that no read(2) but these happens in the
 * process (the dynamic loader reads the ELF headers of libc): a tracer of
 * vfs_read() sees exactly ROUNDS * N calls whose sizes are known. Prints
 * "ROUNDS*N reads" at the end; exits 1 if a read returned less than asked.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 20];

int main(int argc, char **argv)
{
	long rounds = 1, pause_ms = 0, n, r, size;
	int opt, fd;

	while ((opt = getopt(argc, argv, "r:s:")) != -1) {
		if (opt == 'r')
			rounds = atol(optarg);
		else if (opt == 's')
			pause_ms = atol(optarg);
		else
			return 2;
	}
	if (optind + 1 != argc || (n = atol(argv[optind])) < 1 || n > (long)sizeof(buf) || rounds < 1) {
		fprintf(stderr, "usage: read-sizes [-r ROUNDS] [-s MS] N (1 <= N <= %zu)\n", sizeof(buf));
		return 2;
	}
	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0) {
		perror("/dev/zero");
		return 1;
	}
	for (r = 0; r < rounds; r++) {
		for (size = 1; size <= n; size++) {
			if (read(fd, buf, size) != size) {
				perror("read");
				return 1;
			}
		}
		if (pause_ms > 0 && r + 1 < rounds) {
			struct timespec ts = { pause_ms / 1000, (pause_ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	printf("%ld reads\n", rounds * n);
	return 0;
}
