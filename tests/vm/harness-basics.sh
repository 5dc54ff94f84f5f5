#!/bin/bash
# bin/vm runs the command in the stock guest kernel, keeps stdout and
# stderr apart, and exits with the command's status.
# One vCPU: nothing here depends on a second CPU, so it runs in a lane.
# It also checks that a lane test cannot boot a guest whose vCPUs run in
# parallel threads.
# vm-lane: one-thread
# vm-seconds: 17
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
set +e
"$vm" --smp 1 -- sh -c 'uname -r; echo to-stderr >&2; exit 7' >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
expect_eq "exit status" 7 "$rc"
kver=$(. "$root/tools/vm/lib.sh"; vm_kernel_release 6.1)
expect_eq "guest uname -r" "$kver" "$(cat "$tmp/out")"
expect_eq "stderr" "to-stderr" "$(cat "$tmp/err")"

# A lane test (tests/vm/run sets SHADOWTRACE_VM_ONE_THREAD) may not boot a
# guest whose vCPUs run in parallel host threads: it would take both cores.
set +e
SHADOWTRACE_VM_ONE_THREAD=1 "$vm" --smp 2 -- true >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
expect_eq "two parallel vCPUs in a lane: exit status" 2 "$rc"
grep -q "one-thread' test booted a guest with 2 vCPUs" "$tmp/err" || fail "two parallel vCPUs in a lane: no reason given: $(cat "$tmp/err")"
