#!/bin/bash
# `shadowtrace --version` in the 6.1 guest reports the module's ABI, the
# native backend, 5-level paging under -cpu max and the guest's kernel.
# vm-lane: one-thread
# vm-seconds: 22
. "$(dirname "$0")/lib.sh"
out=$("$vm" --smp 1 -- tests/vm/guest/version-matches.sh)
json=$(sed -n 's/^json=//p' <<<"$out")
uname=$(sed -n 's/^uname=//p' <<<"$out")
expect_eq "module ABI" "$(awk '$2 == "SHADOWK_ABI_VERSION" {print $3}' kmod/include/uapi/shadowk.h)" "$(json_field "$json" module.abi)"
expect_eq "compatible" true "$(json_field "$json" module.compatible)"
expect_eq "backend" native "$(json_field "$json" module.backend)"
expect_eq "kernel release" "$uname" "$(json_field "$json" module.kernel)"
expect_eq "la57" true "$(json_field "$json" module.la57)"
expect_contains "guest kernel line" "6.1." "$uname"
