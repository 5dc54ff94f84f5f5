// SPDX-License-Identifier: GPL-2.0
// build: -O0 -fno-omit-frame-pointer
/*
 * ustack N MS: main calls outer N times, outer calls inner, inner makes a
 * getppid() system call with its own syscall instruction (no C library
 * wrapper, so the user stack the kernel sees at the system call starts in
 * inner) and returns: a known call chain for ustack, inner, outer, main.
 * Then main burns MS milliseconds of its own CPU time in spin_here: the
 * function a profile of it samples most.
 * Built -O0 with frame pointers: every function (inner too, a leaf) sets up
 * its frame and makes no tail call, so the kernel's frame-pointer
 * unwinder finds every frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/syscall.h>

__attribute__((noinline)) long inner(long i)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
	return ret + i;
}

__attribute__((noinline)) long outer(long i)
{
	return inner(i) + 1;
}

static long cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

__attribute__((noinline)) void spin_here(long ms)
{
	volatile unsigned long x = 0;
	long end = cpu_ms() + ms;

	while (cpu_ms() < end)
		for (int i = 0; i < 1000000; i++)
			x++;
}

int main(int argc, char **argv)
{
	long sum = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: ustack N MS\n");
		return 2;
	}
	for (long i = 0; i < atol(argv[1]); i++)
		sum += outer(i);
	printf("chain %ld\n", sum);
	spin_here(atol(argv[2]));
	return 0;
}
