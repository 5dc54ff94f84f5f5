#!/bin/bash
# Isolation: a patched getppid() in process A only, while B runs unpatched
# on another CPU; pristine text unchanged throughout. -smp 2 and -smp 4,
# and as a Xen PV dom0 with 2 vCPUs (the Xen PV backend).
. "$(dirname "$0")/lib.sh"
build_progs
for smp in 2 4; do
	echo "-- smp $smp"
	"$vm" --smp "$smp" -- tests/vm/guest/isolation.sh 100000
done
echo "-- Xen PV dom0, 2 vCPUs"
# Every syscall of a PV guest goes through the hypervisor: slower under TCG.
"$vm" --xen --smp 2 --timeout 1200 -- tests/vm/guest/isolation.sh 100000
