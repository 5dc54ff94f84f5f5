#!/bin/bash
# Hardening of the module (tests/vm/guest/hardening.sh): capabilities, int3
# padding, union filter failure, token unmapped during bind, exec racing the
# unmap, lockdown, a switch to full preemption refused while a shadow holding
# a multi-instruction patch is bound (and the end of a livepatch
# transition, with the kernel's livepatch sample built here as klpmod);
# on 6.1 and on 6.12.
# vm-lane: one-thread
# vm-seconds: 340
. "$(dirname "$0")/lib.sh"
build_progs
for k in 6.1 6.12; do
	kver=$(. "$root/tools/vm/lib.sh"; vm_kernel_release $k)
	build=$root/.build/klpmod/$kver
	mkdir -p "$build"
	cp "$root/tests/vm/klpmod/klpmod.c" "$root/tests/vm/klpmod/Kbuild" "$build/"
	make -s -C "/lib/modules/$kver/build" M="$build" modules >/dev/null 2>&1 || fail "cannot build klpmod for $kver"
done
"$vm" --tcg-single --smp 2 -- tests/vm/guest/hardening.sh
"$vm" --tcg-single --smp 2 --kernel 6.12 -- tests/vm/guest/hardening.sh
