#!/bin/bash
# With LA57 hidden from the CPU the kernel runs 4-level paging, and the
# module reports it.
# vm-lane: one-thread
# vm-seconds: 21
. "$(dirname "$0")/lib.sh"
out=$("$vm" --smp 1 --no-la57 -- tests/vm/guest/version-matches.sh)
json=$(sed -n 's/^json=//p' <<<"$out")
expect_eq "module ABI" "$(awk '$2 == "SHADOWK_ABI_VERSION" {print $3}' kmod/include/uapi/shadowk.h)" "$(json_field "$json" module.abi)"
expect_eq "la57" false "$(json_field "$json" module.la57)"
