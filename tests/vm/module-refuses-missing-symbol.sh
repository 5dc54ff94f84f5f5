#!/bin/bash
# A load whose symbol table lookup fails is refused with one clear line
# naming the missing symbol, and leaves no module or device behind.
# One vCPU: nothing here depends on a second CPU, so it runs in a lane.
# vm-lane: one-thread
# vm-seconds: 14
. "$(dirname "$0")/lib.sh"
out=$("$vm" --smp 1 --no-module -- tests/vm/guest/refuse-bogus-symbol.sh)
expect_eq "dmesg reason" \
	"shadowk: kernel symbol 'shadowk_no_such_symbol' not found; this kernel is not supported, not loading" \
	"$(sed -n 's/^dmesg: //p' <<<"$out")"
