/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user interface: /dev/shadowk (module-wide requests) and the file
 * descriptors that own shadows (per-shadow requests), both dispatching the
 * ioctls of uapi/shadowk.h.
 */
#ifndef _SHADOWK_DEVICE_H
#define _SHADOWK_DEVICE_H

int shk_device_init(void);
void shk_device_exit(void);

#endif /* _SHADOWK_DEVICE_H */
