#!/bin/bash
# The interactive shell through a pseudo-terminal, in one guest: live
# clauses, completion, watch, Ctrl-C, and nothing left in the module after
# quit, Ctrl-D, SIGTERM or SIGKILL. One vCPU: Java in the guest.
#   VM_KERNEL=6.12 tests/vm/shell-interactive.sh   the 6.12 guest (default 6.1)
# Needs the shaded jar: mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 192
. "$(dirname "$0")/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
build_progs
java_guest shell-interactive tests/vm/guest/shell-interactive.sh
exit "$rc"
