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

int shk_coherence_start(void);
void shk_coherence_stop(void);

#endif /* _SHADOWK_COHERENCE_H */
