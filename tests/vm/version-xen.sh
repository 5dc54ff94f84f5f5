#!/bin/bash
# As a Xen PV dom0 the module reports the xen-pv backend.
# vm-lane: one-thread
# vm-seconds: 32
. "$(dirname "$0")/lib.sh"
out=$("$vm" --smp 1 --xen -- tests/vm/guest/version-matches.sh)
json=$(sed -n 's/^json=//p' <<<"$out")
expect_eq "hypervisor" xen "$(sed -n 's/^hypervisor=//p' <<<"$out")"
expect_eq "module ABI" "$(awk '$2 == "SHADOWK_ABI_VERSION" {print $3}' kmod/include/uapi/shadowk.h)" "$(json_field "$json" module.abi)"
expect_eq "backend" xen-pv "$(json_field "$json" module.backend)"
expect_eq "kernel release" "$(sed -n 's/^uname=//p' <<<"$out")" "$(json_field "$json" module.kernel)"
