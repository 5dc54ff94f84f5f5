#!/bin/bash
# Union fallback: probes fire in kworkers, softirqs and hardirqs only with it.
# vm-lane: one-thread
# vm-seconds: 45
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single --smp 2 --timeout 600 -- tests/vm/guest/probe-union.sh
