#!/bin/bash
# 1000 probes attached and detached live; fbt::*:entry on one process.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 --timeout 600 -- tests/vm/guest/probe-many.sh
