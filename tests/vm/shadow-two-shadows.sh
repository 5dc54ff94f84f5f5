#!/bin/bash
# Two shadows at once, each process sees only its own patch. -smp 2 and 4.
# vm-lane: one-thread
# vm-seconds: 42
. "$(dirname "$0")/lib.sh"
build_progs
for smp in 2 4; do
	echo "-- smp $smp"
	"$vm" --tcg-single --smp "$smp" -- tests/vm/guest/two-shadows.sh 50000
done
