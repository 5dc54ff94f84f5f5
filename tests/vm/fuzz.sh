#!/bin/bash
# Two minutes of the protocol fuzzer (tests/vm/progs/fuzz.c) on 6.1 with two
# vCPUs; the module must end with nothing held, no WARN and no oops. The
# seed is printed, so that a failure can be replayed:
#   FUZZ_SEED=N tests/vm/run fuzz      (bench/fuzz.sh runs it for longer)
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 --timeout 400 -- tests/vm/guest/fuzz.sh "${FUZZ_SECONDS:-110}" ${FUZZ_SEED:+"$FUZZ_SEED"}
