/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * shadowk: the ioctl protocol between /dev/shadowk and its users.
 *
 * This header is the protocol specification. The kernel module includes it,
 * and the Java binding (runtime/src/main/java/dev/shadowtrace/runtime/ShadowkAbi.java)
 * mirrors every number and offset in it; a unit test compiles this file with
 * the C compiler and checks the two against each other.
 *
 * Rules that hold for every request:
 *  - All structures have fixed sizes and explicit padding; every reserved
 *    field must be zero on input (EINVAL otherwise), so that later versions
 *    can give them meaning.
 *  - Strings are NUL-terminated within their array.
 *  - A request that this version does not know fails with ENOTTY.
 *  - SHADOWK_ABI_VERSION grows whenever a structure or a meaning changes;
 *    a user compares it with its own before issuing any other request.
 */
#ifndef _UAPI_SHADOWK_H
#define _UAPI_SHADOWK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SHADOWK_DEVICE_PATH	"/dev/shadowk"
#define SHADOWK_ABI_VERSION	1

/* 'k' after the device; the 0xd0 range is free in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define SHADOWK_IOC_MAGIC	0xd0

/* How the module remaps kernel text: how shadows are realised on this machine. */
enum shadowk_backend {
	SHADOWK_BACKEND_NATIVE = 1,	/* x86-64 page tables, written directly */
	SHADOWK_BACKEND_XEN_PV = 2,	/* Xen PV guest: page tables through hypercalls */
};

/* Bits of shadowk_version.features. */
#define SHADOWK_FEAT_LA57	(1u << 0)	/* the kernel runs with 5-level paging */
#define SHADOWK_FEAT_IBT	(1u << 1)	/* functions start with endbr64 */

/*
 * SHADOWK_IOC_VERSION: what the module speaks and where it runs.
 * No privilege needed beyond opening the device.
 */
struct shadowk_version {
	__u32 abi_version;		/* out: SHADOWK_ABI_VERSION of the module */
	__u32 backend;			/* out: enum shadowk_backend */
	__u32 features;			/* out: SHADOWK_FEAT_* */
	__u32 __reserved;		/* out: zero */
	char module_version[32];	/* out: e.g. "0.1.0" */
	char kernel_release[65];	/* out: utsname()->release */
	__u8 __pad[7];			/* out: zero */
};

#define SHADOWK_IOC_VERSION	_IOR(SHADOWK_IOC_MAGIC, 0x00, struct shadowk_version)

#endif /* _UAPI_SHADOWK_H */
