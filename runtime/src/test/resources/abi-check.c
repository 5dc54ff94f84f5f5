/*
 * Prints every number of the protocol specification as NAME=VALUE, where
 * NAME is the field of ShadowkAbi.java that mirrors it. AbiConsistencyTest
 * compiles this against kmod/include/uapi/shadowk.h and compares both ways.
 */
#include <stddef.h>
#include <stdio.h>

#include "shadowk.h"

#define NUM(name, expr) printf("%s=%lld\n", name, (long long)(expr))
#define FIELD(prefix, type, field) \
	NUM(prefix "_OFF_" #field, offsetof(struct type, field))
#define LEN(prefix, type, field) \
	NUM(prefix "_LEN_" #field, sizeof(((struct type *)0)->field))

int main(void)
{
	printf("DEVICE_PATH=%s\n", SHADOWK_DEVICE_PATH);
	NUM("ABI_VERSION", SHADOWK_ABI_VERSION);
	NUM("IOC_MAGIC", SHADOWK_IOC_MAGIC);
	NUM("BACKEND_NATIVE", SHADOWK_BACKEND_NATIVE);
	NUM("BACKEND_XEN_PV", SHADOWK_BACKEND_XEN_PV);
	NUM("FEAT_LA57", SHADOWK_FEAT_LA57);
	NUM("FEAT_IBT", SHADOWK_FEAT_IBT);

	NUM("VERSION_SIZE", sizeof(struct shadowk_version));
	FIELD("VERSION", shadowk_version, abi_version);
	FIELD("VERSION", shadowk_version, backend);
	FIELD("VERSION", shadowk_version, features);
	FIELD("VERSION", shadowk_version, module_version);
	LEN("VERSION", shadowk_version, module_version);
	FIELD("VERSION", shadowk_version, kernel_release);
	LEN("VERSION", shadowk_version, kernel_release);
	NUM("IOC_VERSION", (unsigned long)SHADOWK_IOC_VERSION);
	return 0;
}
