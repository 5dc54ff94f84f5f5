/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHADOWK_VERSION_H
#define _SHADOWK_VERSION_H

#define SHADOWK_MODULE_VERSION "0.1.0"

#endif /* _SHADOWK_VERSION_H */
