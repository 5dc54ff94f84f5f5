// SPDX-License-Identifier: GPL-2.0
// build: -shared -fPIC
/*
 * libstdl.so: a library for pid$target:LIB probes on libraries a program
 * preloads or dlopen()s (dlcall); stdl_target(i) returns 2 * i.
 */
__attribute__((noinline)) long stdl_target(long i)
{
	__asm__ volatile("" ::: "memory");
	return 2 * i;
}
