#!/bin/bash
# A guest that does not finish in time is stopped and reported (exit 124).
# One vCPU: nothing here depends on a second CPU, so it runs in a lane.
# vm-lane: one-thread
# vm-seconds: 29
. "$(dirname "$0")/lib.sh"
set +e
err=$("$vm" --smp 1 --timeout 25 -- sleep 600 2>&1 >/dev/null)
rc=$?
set -e
expect_eq "exit status on timeout" 124 "$rc"
expect_contains "reason" "timed out after 25s" "$err"
