#!/bin/bash
# text-hash, the tests' witness that the pristine text is unchanged, hashes
# the places where the kernel patches itself (jump labels, static calls) by
# state: a static key flipped by the kernel leaves the hash as it was (the
# raw bytes differ, and --diff puts every change on such a place), while an
# int3 written into the text elsewhere, by a kprobe, changes it.
. "$(dirname "$0")/lib.sh"
events=/sys/kernel/tracing
before=$(text_before)
raw_before=$(text-hash --raw)

echo "-- a tracepoint enabled: its static keys and static call flip"
# On both kernels this flips 5-byte jump-label sites and 2-byte ones (nop2
# -> jmp8, the form of the sched_clock flip once seen in CI).
echo 1 > $events/events/sched/sched_switch/enable
sleep 0.2
expect_text "hash with sched_switch enabled" "$before"
[ "$(text-hash --raw)" != "$raw_before" ] || fail "enabling a tracepoint changed no byte of the text: the check below proves nothing"
text-hash --diff /tmp/text.before > /tmp/diff
tail -1 /tmp/diff
grep -q '(jump label)' /tmp/diff || fail "no jump label among the changes: $(cat /tmp/diff)"
grep -q ': 6690 -> eb.. (jump label)' /tmp/diff || fail "no 2-byte jump label among the changes: $(cat /tmp/diff)"
grep -q ' 0 of them not where the kernel patches itself' /tmp/diff || fail "changes outside the kernel's own patch sites: $(cat /tmp/diff)"
echo 0 > $events/events/sched/sched_switch/enable
sleep 0.2
expect_text "hash with sched_switch disabled again" "$before"

echo "-- an int3 elsewhere: a kprobe inside __x64_sys_getppid"
fn=0x$(shk addr __x64_sys_getppid)
off=5
[ "$(view-bytes "$fn" 4)" = f30f1efa ] && off=9	# IBT: after endbr64 and the ftrace site
echo "p:shk_texthash __x64_sys_getppid+$off" > $events/kprobe_events
echo 1 > $events/events/kprobes/shk_texthash/enable
probed=$(text-hash)
text-hash --diff /tmp/text.before > /tmp/diff
echo 0 > $events/events/kprobes/shk_texthash/enable
echo "-:shk_texthash" >> $events/kprobe_events
[ "$probed" != "$before" ] || fail "a kprobe's int3 in __x64_sys_getppid left the hash unchanged"
grep -q "__x64_sys_getppid+$(printf %#x $off): " /tmp/diff || fail "--diff does not name __x64_sys_getppid+$off: $(cat /tmp/diff)"
grep -q ' [1-9][0-9]* of them not where the kernel patches itself' /tmp/diff || fail "--diff counts the kprobe as a kernel patch site: $(cat /tmp/diff)"
for i in $(seq 50); do	# an optimized kprobe is taken out by the optimizer's work
	[ "$(text-hash)" = "$before" ] && break
	sleep 0.1
done
expect_text "hash after the kprobe is gone" "$before"
