#!/bin/bash
# Return probes see the return value (see tests/vm/guest/probe-return.sh).
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 -- tests/vm/guest/probe-return.sh
