#!/bin/bash
# Under Xen PV (dom0, 2 vCPUs in one host thread), in one boot, the
# unchanged guest scripts of other shadow-kernel and probe tests, chosen for
# what they make the Xen backend do that the other --xen runs do not
# (docs/design.md, "VM harness": which scripts run under Xen in bin/test,
# which only in bench/xen-all.sh):
#   cli-count     the CLI end to end (-c CMD, fbt::vfs_read:entry, a JVM in
#                 the guest): exactly CMD's calls, none of a concurrent
#                 process making the same calls (issue 12's "done when")
#   probe-return  return probes: the trampoline's return path in a shadow
#   two-shadows   two shadows bound at once on two vCPUs, each process sees
#                 only its own patch (two views' tables pinned side by side)
#   lazy-tlb      a vCPU lazily on a dying mm bound to a multi-instruction
#                 patch: the mm leaves its shadow through the commit before
#                 xen_exit_mmap() moves that vCPU to init_mm by IPI
# Each script's result is named on the guest's output ("several: ok NAME",
# "several: FAILED NAME"), and bin/vm's exit status is the number failed.
# Needs the shaded jar: mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 112
. "$(dirname "$0")/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
build_progs
"$vm" --xen --smp 2 --tcg-single --timeout 1500 -- tests/vm/guest/several.sh \
	cli-count.sh probe-return.sh 'two-shadows.sh 20000' lazy-tlb.sh
