#!/bin/bash
# shadowtrace -c/-p with probes attached through the module (ATTACH): exact
# counts for the traced process only, events, exit(), timers, SIGTERM,
# return probes, globs, verifier rejections. One vCPU: Java in the guest.
#   VM_KERNEL=6.12 tests/vm/probe-cli.sh   the 6.12 guest (default 6.1)
# Needs the shaded jar and the test classes: mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 417
. "$(dirname "$0")/lib.sh"
for f in shell/target/shadowtrace.jar shell/target/test-classes/dev/shadowtrace/shell/RejectedProgramMain.class; do
	[ -f "$root/$f" ] || fail "no $f: mvn -B -q -o package -DskipTests"
done
build_progs
# Many traces, each a JVM in a TCG guest: 20 minutes, for a busy machine.
java_guest probe-cli tests/vm/guest/probe-cli.sh
exit "$rc"
