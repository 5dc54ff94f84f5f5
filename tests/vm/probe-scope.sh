#!/bin/bash
# Exact scope of a trace, in one guest: -c counts exactly the command's own
# calls (not the launcher's), several -p in one shadow, --cgroup with members
# at the start, one moved in, one forked inside, one moved out and an outsider.
# One vCPU: Java in the guest.
#   VM_KERNEL=6.12 tests/vm/probe-scope.sh [PART...]   another kernel, some parts
# Needs the shaded jar: mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 85
. "$(dirname "$0")/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
build_progs
java_guest probe-scope tests/vm/guest/scope.sh "$@"
exit "$rc"
