// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "backend.h"
#include "device.h"
#include "version.h"
#include "uapi/shadowk.h"

static long shk_ioctl_version(void __user *arg)
{
	struct shadowk_version v;

	memset(&v, 0, sizeof(v));
	v.abi_version = SHADOWK_ABI_VERSION;
	v.backend = shk_backend_detect();
	v.features = shk_backend_features();
	strscpy(v.module_version, SHADOWK_MODULE_VERSION, sizeof(v.module_version));
	strscpy(v.kernel_release, utsname()->release, sizeof(v.kernel_release));

	if (copy_to_user(arg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

static long shk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case SHADOWK_IOC_VERSION:
		return shk_ioctl_version(uarg);
	}
	return -ENOTTY;
}

static const struct file_operations shk_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = shk_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* Root-only by default (0600): every request that changes state also checks CAP_SYS_ADMIN. */
static struct miscdevice shk_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "shadowk",
	.fops = &shk_fops,
	.mode = 0600,
};

int shk_device_init(void)
{
	return misc_register(&shk_miscdev);
}

void shk_device_exit(void)
{
	misc_deregister(&shk_miscdev);
}
