/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who calls a function: for suggesting where to probe instead of a function
 * that cannot be probed (SHADOWK_IOC_CALLERS in uapi/shadowk.h).
 */
#ifndef _SHADOWK_CALLERS_H
#define _SHADOWK_CALLERS_H

#include <linux/types.h>

/*
 * The core-text functions whose pristine code has a call or jmp rel32 to
 * @addr on an instruction boundary, in address order, each once: the first
 * @cap go to @out; returns how many there are, or -ERANGE if @addr is not
 * the start of a core-text function. Takes no lock and may sleep.
 */
long shk_callers(unsigned long addr, u64 *out, u32 cap);

#endif /* _SHADOWK_CALLERS_H */
