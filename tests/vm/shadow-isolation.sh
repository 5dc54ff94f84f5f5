#!/bin/bash
# Isolation: a patched getppid() in process A only, while B runs unpatched
# on another CPU; pristine text unchanged throughout. -smp 2 and -smp 4.
. "$(dirname "$0")/lib.sh"
build_progs
for smp in 2 4; do
	echo "-- smp $smp"
	"$vm" --smp "$smp" -- tests/vm/guest/isolation.sh 100000
done
