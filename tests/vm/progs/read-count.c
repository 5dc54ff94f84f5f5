// SPDX-License-Identifier: GPL-2.0
// build: -static -nostdlib -fno-stack-protector -fno-builtin
/*
 * read-count N
 *
 * Makes exactly N read(2) calls of one byte from /dev/zero and no other
 * read of any kind, then exits 0 (1 when a read does not return 1). No C
 * library: a static program without start-up code, so that nothing but
 * these N calls can reach vfs_read() in this process. For checking that a
 * trace counts exactly the traced program's calls.
 */
#include <asm/unistd.h>

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile ("syscall" : "=a" (ret) : "0" (nr), "D" (a), "S" (b), "d" (c) : "rcx", "r11", "memory");
	return ret;
}

static long number(const char *s)
{
	long n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + *s++ - '0';
	return n;
}

static void __attribute__((used, noreturn)) start(long *sp)
{
	long argc = sp[0], n, i, fd, bad = 0;
	char **argv = (char **)(sp + 1);
	char byte;

	n = argc == 2 ? number(argv[1]) : 0;
	fd = sys3(__NR_open, (long)"/dev/zero", 0, 0);
	for (i = 0; fd >= 0 && i < n; i++)
		if (sys3(__NR_read, fd, (long)&byte, 1) != 1)
			bad = 1;
	sys3(__NR_exit_group, fd < 0 || bad || argc != 2, 0, 0);
	__builtin_unreachable();
}

/* The kernel starts us with the stack pointer at argc; keep it 16-byte aligned for the call. */
asm(".globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n\tcall start\n");
