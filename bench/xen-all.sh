#!/bin/bash
# Every shadow-kernel and probe test's guest script under Xen PV (dom0, 2
# vCPUs in one host thread), in one boot: the scripts bin/test does not run
# under --xen (tests/vm/xen-probes.sh runs a chosen few, see docs/design.md
# "VM harness"). Each script's result is printed as "several: ok NAME" or
# "several: FAILED NAME"; the exit status is 0 only when all passed.
#   bench/xen-all.sh [bin/vm options...] [-- SCRIPT...]
# bin/vm options, e.g. --kernel 6.12; SCRIPTs (with their arguments, one
# word each: 'isolation.sh 100000') instead of the whole list.
# The whole list takes hours under TCG (bench/README.md has the last
# results); probe-many runs with 300000 system calls instead of the 30
# million it makes natively, which would take about an hour here.
# Needs the shaded jar: mvn -B -q -o package -DskipTests
. "$(dirname "$0")/../tests/vm/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
build_progs
# The guest scripts with the arguments their tests/vm/*.sh give them.
scripts=(
	probe-return.sh probe-offset.sh probe-union.sh probe-lifecycle.sh
	'probe-many.sh 300000' probe-refusals.sh coherence.sh 'two-shadows.sh 50000'
	threads-bind-running.sh bad-input.sh copy-on-write.sh fork-exec.sh
	probe-entry.sh 'isolation.sh 100000' shadowk-cli.sh cli-count.sh
	scope.sh probe-syscalls.sh probe-cli.sh probe-providers.sh hardening.sh
)
vmopts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do vmopts+=("$1"); shift; done
if [ $# -gt 0 ]; then shift; [ $# -eq 0 ] || scripts=("$@"); fi
start=$EPOCHSECONDS
set +e
"$vm" --xen --smp 2 --tcg-single --timeout 3600 "${vmopts[@]}" -- tests/vm/guest/several.sh "${scripts[@]}"
rc=$?
echo "xen-all: bin/vm exited $rc after $((EPOCHSECONDS - start)) s"
exit $rc
