#!/bin/bash
# Union fallback: probes fire in kworkers, softirqs and hardirqs only with it.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 --timeout 600 -- tests/vm/guest/probe-union.sh
