// SPDX-License-Identifier: GPL-2.0
/*
 * open-read PATH N S
 *
 * Opens PATH N times (openat(AT_FDCWD, PATH, O_RDONLY), then close), then
 * reads S bytes N times from /dev/zero, so that a trace of its syscalls
 * knows exactly what to expect: N openat calls with PATH, N reads returning
 * S. Prints "opens/reads" that succeeded.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	long n, s, i, opens = 0, reads = 0;
	int zero;

	if (argc != 4 || (n = atol(argv[2])) < 0 || (s = atol(argv[3])) < 0 || s > (long)sizeof(buf)) {
		fprintf(stderr, "usage: open-read PATH N S (S at most %zu)\n", sizeof(buf));
		return 2;
	}
	for (i = 0; i < n; i++) {
		/* the raw syscall: libc's open() may be openat or open depending on the version */
		int fd = syscall(SYS_openat, AT_FDCWD, argv[1], O_RDONLY);

		if (fd >= 0) {
			opens++;
			close(fd);
		}
	}
	zero = open("/dev/zero", O_RDONLY);
	if (zero < 0) {
		perror("/dev/zero");
		return 1;
	}
	for (i = 0; i < n; i++)
		if (read(zero, buf, s) == s)
			reads++;
	printf("%ld/%ld\n", opens, reads);
	return 0;
}
