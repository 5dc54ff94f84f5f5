/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Coherence: every write the kernel makes to its own text after boot
 * (static keys, static calls, ftrace, kprobes, livepatch) goes through
 * __text_poke(), which writes the pristine physical page. While shadows
 * exist, a kprobe on __text_poke replays each write into every shadow's
 * copy of that page, step by step, so the kernel's int3 protocol holds for
 * the copy too. A write that overlaps a shadow's patch is not replayed into
 * that shadow (the shadow's patch wins, for that shadow only) and is
 * counted as a conflict.
 */
#ifndef _SHADOWK_COHERENCE_H
#define _SHADOWK_COHERENCE_H

struct shk_shadow;

int shk_coherence_start(void);
void shk_coherence_stop(void);

/*
 * Kernel text writes stop reaching the shadows when kprobes are globally
 * disarmed (the hooks are kprobes), or when a write cannot be replayed.
 * 0, or -ENODEV with one line naming @what: kprobes are disarmed now, or
 * @sh (may be NULL) existed when coherence was lost.
 */
int shk_coherence_check(const struct shk_shadow *sh, const char *what);
__printf(1, 2) void shk_coherence_lost(const char *fmt, ...);

#endif /* _SHADOWK_COHERENCE_H */
