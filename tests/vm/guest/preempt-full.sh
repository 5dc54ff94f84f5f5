#!/bin/bash
# The guest booted with preempt=full: the kernel can preempt a task at any
# instruction. Shadows exist there (CREATE succeeds) and take patches of
# one instruction (probe sites, a pristine instruction's own bytes); a patch
# of several instructions is refused (EOPNOTSUPP, one dmesg line), since a
# task preempted inside it could resume in the other view. The scripts run
# after this one in the same boot (tests/vm/preempt-full.sh) check that
# probes count exactly there.
. "$(dirname "$0")/lib.sh"
mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
PM=/sys/kernel/debug/sched/preempt
grep -q '(full)' "$PM" || fail "the guest does not run with full preemption: $(cat "$PM")"
multi=$(ret_patch 7)	# "mov eax, 7; ret": CHECK knows no preemption model
expect_eq "CREATE, then a two-instruction PATCH under full preemption" EOPNOTSUPP \
	"$(shk patch "${multi%%=*}" "${multi#*=}")"
dmesg | grep -q "refused: the kernel now runs with full preemption" || fail "no dmesg line for the refused patch"
single=$(identity_patch __x64_sys_getppid+5) || fail "no single-instruction patch at __x64_sys_getppid+5"
sleep 600 & target=$!
coproc B { shk bind "$target" -p "$single" -W -u; }
coproc_fds B
read -r line <&"$B_out"; expect_eq "shadow with a single-instruction patch under full preemption" patched "$line"
echo >&"$B_in"
read -r line <&"$B_out"; expect_eq "BIND under full preemption" bound "$line"
echo >&"$B_in"
read -r line <&"$B_out"; expect_eq "UNBIND" "unbind: OK" "$line"
wait "$B_pid" 2>/dev/null || true
kill "$target"
expect_module_empty

# A probe slot freed is given out again only after an RCU-tasks grace
# period: a task preempted in the slot's trampoline must not resume into
# the next shadow's probes (engine.c). With the first two slots only
# (test_probed_slots=2), a third probed shadow at once finds none, and
# probed shadows one after another reuse freed slots each time.
P=/sys/module/shadowk/parameters/test_probed_slots
echo 2 > $P
probe -H -f __x64_sys_getppid > /tmp/h1 & h1=$!
probe -H -f __x64_sys_getppid > /tmp/h2 & h2=$!
for i in $(seq 100); do grep -q ready /tmp/h1 && grep -q ready /tmp/h2 && break; sleep 0.2; done
grep -q ready /tmp/h1 && grep -q ready /tmp/h2 || fail "two probed shadows did not attach"
expect_eq "a third probed shadow with two slots" ENOSPC \
	"$(probe -f __x64_sys_getppid | sed -n 's/^attach=//p')"
kill $h1 $h2; wait $h1 $h2 2>/dev/null || true
for i in 1 2 3 4 5; do
	probe -f __x64_sys_getppid -- syscall-count 10 0 > /tmp/p || fail "probed shadow $i on a reused slot failed"
	expect_eq "probed shadow $i on a reused slot: its process's calls" 10 "$(sed -n 's/^process=//p' /tmp/p)"
done
echo 0 > $P
expect_module_empty
