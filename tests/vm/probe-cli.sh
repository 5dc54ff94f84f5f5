#!/bin/bash
# shadowtrace -c/-p with probes attached through the module (ATTACH): exact
# counts for the traced process only, events, exit(), timers, SIGTERM,
# return probes, globs, verifier rejections. One vCPU: Java in the guest.
#   VM_KERNEL=6.12 tests/vm/probe-cli.sh   the 6.12 guest (default 6.1)
# Needs the shaded jar and the test classes: mvn -B -q -o package -DskipTests
. "$(dirname "$0")/lib.sh"
for f in shell/target/shadowtrace.jar shell/target/test-classes/dev/shadowtrace/shell/RejectedProgramMain.class; do
	[ -f "$root/$f" ] || fail "no $f: mvn -B -q -o package -DskipTests"
done
build_progs
run() {
	set +e
	out=$("$vm" --smp 1 --kernel "${VM_KERNEL:-6.1}" -- tests/vm/guest/probe-cli.sh 2>&1)
	rc=$?
	set -e
	echo "$out"
}
run
# The JVM occasionally crashes in freshly JIT-compiled code under QEMU's TCG
# (see compiler-verifier.sh); that says nothing about tracing: once more.
if [ "$rc" != 0 ] && grep -q 'A fatal error has been detected by the Java Runtime Environment' <<<"$out"; then
	echo "probe-cli: the JVM crashed in the guest; running once more"
	run
fi
exit "$rc"
