#!/bin/bash
# hdr(), --interval, --hdr-log, lost-record reporting, --folded and -o, end to end in one
# 6.1 guest (one vCPU: Java in the guest), on a workload whose answers are
# exact: read-sizes reads 1..N bytes from /dev/zero, once each.
#   VM_KERNEL=6.12 tests/vm/hdr.sh   the 6.12 guest (default 6.1)
# Needs the shaded jar and the test classes: mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 77
. "$(dirname "$0")/lib.sh"
for f in shell/target/shadowtrace.jar shell/target/test-classes/dev/shadowtrace/shell/output/HdrCheckMain.class; do
	[ -f "$root/$f" ] || fail "no $f: mvn -B -q -o package -DskipTests"
done
build_progs
# Three traces and two HdrHistogram readers, each a JVM in a TCG guest: about
# 5 minutes on a quiet machine, twice that on a busy one.
java_guest hdr tests/vm/guest/hdr.sh
exit "$rc"
