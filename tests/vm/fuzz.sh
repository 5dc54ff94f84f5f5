#!/bin/bash
# Two minutes of the protocol fuzzer (tests/vm/progs/fuzz.c) on 6.1 with two
# vCPUs; the module must end with nothing held, no WARN and no oops. The
# seed is printed, so that a failure can be replayed:
#   FUZZ_SEED=N tests/vm/run fuzz      (bench/fuzz.sh runs it for longer)
# Both vCPUs in one host thread (--tcg-single): the module's kprobe on
# copy_from_kernel_nofault comes and goes as shadows gain and lose sites,
# and multi-threaded TCG can run a stale translation of the int3 that
# text_poke_bp() writes there first (docs/design.md, "VM harness").
# vm-lane: one-thread
# vm-seconds: 128
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 --tcg-single --timeout 400 -- tests/vm/guest/fuzz.sh "${FUZZ_SECONDS:-110}" ${FUZZ_SEED:+"$FUZZ_SEED"}
