// SPDX-License-Identifier: GPL-2.0
/*
 * dlcall N M LIB: calls stdl_target(i) N times (i = 0..N-1) through the
 * definition the program's global scope has (a preloaded library's, from
 * LD_PRELOAD), then dlopen()s LIB and calls its own stdl_target(i) M times;
 * prints "pre SUM" and "dl SUM". A target for pid$target:LIB probes on
 * libraries that are neither the program's DT_NEEDED ones nor mapped when the
 * trace starts (libstdl.so.c).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef long (*target_fn)(long);

static long calls(target_fn f, long n)
{
	long sum = 0;

	for (long i = 0; i < n; i++)
		sum += f(i);
	return sum;
}

int main(int argc, char **argv)
{
	target_fn pre, dl;
	void *lib;

	if (argc != 4) {
		fprintf(stderr, "usage: dlcall N M LIB\n");
		return 2;
	}
	pre = (target_fn)dlsym(RTLD_DEFAULT, "stdl_target");
	if (!pre) {
		fprintf(stderr, "dlcall: no stdl_target in the global scope (preload one)\n");
		return 1;
	}
	printf("pre %ld\n", calls(pre, atol(argv[1])));
	lib = dlopen(argv[3], RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		fprintf(stderr, "dlcall: %s\n", dlerror());
		return 1;
	}
	dl = (target_fn)dlsym(lib, "stdl_target");
	if (!dl) {
		fprintf(stderr, "dlcall: %s\n", dlerror());
		return 1;
	}
	printf("dl %ld\n", calls(dl, atol(argv[2])));
	return 0;
}
