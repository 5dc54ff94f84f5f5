#!/bin/bash
# Every program compiled from examples/*.d passes the guest kernel's BPF
# verifier: VerifyMain compiles each script against the live kernel (its
# kallsyms and available_filter_functions), creates the maps and loads each
# program as a kprobe program; nothing is attached.
#   tests/vm/compiler-verifier.sh [SCRIPT.d...]   other scripts than the examples
#   VM_KERNEL=6.12 tests/vm/compiler-verifier.sh  another guest kernel (default 6.1)
# Needs the shaded jar: mvn -B -q -o -pl lang,compiler,runtime,shell package -DskipTests
. "$(dirname "$0")/lib.sh"
jar=shell/target/shadowtrace.jar
[ -f "$root/$jar" ] || fail "no $jar: mvn -B -q -o -pl lang,compiler,runtime,shell package -DskipTests"
[ $# -gt 0 ] || set -- examples/*.d
cd "$root"

verify() {
	set +e
	out=$("$vm" --smp 1 --kernel "${VM_KERNEL:-6.1}" -- sh -c 'exec java $SHADOWTRACE_JAVA_OPTS -cp "$0" dev.shadowtrace.shell.verify.VerifyMain "$@"' "$jar" "$@" 2>&1)
	rc=$?
	set -e
	echo "$out"
}
verify "$@"
# The JVM itself occasionally crashes in freshly JIT-compiled code under
# QEMU's TCG (2 of about 45 runs while this test was written, before any
# program was loaded); that says nothing about the programs, so such a run
# is repeated once.
if [ "$rc" != 0 ] && grep -q 'A fatal error has been detected by the Java Runtime Environment' <<<"$out"; then
	echo "compiler-verifier: the JVM crashed in the guest; running once more"
	verify "$@"
fi
expect_eq "VerifyMain exit status" 0 "$rc"
programs=$(sed -n 's/^verified \([0-9][0-9]*\) programs .*/\1/p' <<<"$out")
[ -n "$programs" ] && [ "$programs" -gt 0 ] || fail "no 'verified N programs' summary"
expect_eq "programs the verifier accepted" "$programs" "$(grep -c '^ok ' <<<"$out")"
