#!/bin/bash
# Every program compiled from examples/*.d passes the guest kernel's BPF
# verifier: VerifyMain compiles each script against the live kernel (its
# kallsyms and available_filter_functions), creates the maps and loads each
# program as a kprobe program; nothing is attached.
#   tests/vm/compiler-verifier.sh [SCRIPT.d...]   other scripts than the examples
#   VM_KERNEL=6.12 tests/vm/compiler-verifier.sh  another guest kernel (default 6.1)
# Needs the shaded jar and the test classes (VerifyMain is a test tool, not
# in the shipped jar): mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 53
. "$(dirname "$0")/lib.sh"
jar=shell/target/shadowtrace.jar
for f in $jar shell/target/test-classes/dev/shadowtrace/shell/verify/VerifyMain.class; do
	[ -f "$root/$f" ] || fail "no $f: mvn -B -q -o package -DskipTests"
done
[ $# -gt 0 ] || set -- examples/*.d
cd "$root"

java_guest compiler-verifier sh -c 'exec java $SHADOWTRACE_JAVA_OPTS -cp "$0:shell/target/test-classes" dev.shadowtrace.shell.verify.VerifyMain "$@"' "$jar" "$@"
expect_eq "VerifyMain exit status" 0 "$rc"
programs=$(sed -n 's/^verified \([0-9][0-9]*\) programs .*/\1/p' <<<"$out")
[ -n "$programs" ] && [ "$programs" -gt 0 ] || fail "no 'verified N programs' summary"
expect_eq "programs the verifier accepted" "$programs" "$(grep -c '^ok ' <<<"$out")"
