/* SPDX-License-Identifier: GPL-2.0 */
/* /dev/shadowk: the misc device and its ioctl dispatch. */
#ifndef _SHADOWK_DEVICE_H
#define _SHADOWK_DEVICE_H

int shk_device_init(void);
void shk_device_exit(void);

#endif /* _SHADOWK_DEVICE_H */
