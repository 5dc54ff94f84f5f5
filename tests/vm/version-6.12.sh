#!/bin/bash
# Built against and loaded into Debian's 6.12 kernel, whose text has IBT
# endbr64 landing pads, the module reports its ABI and the IBT feature.
# vm-lane: one-thread
# vm-seconds: 20
. "$(dirname "$0")/lib.sh"
out=$("$vm" --smp 1 --kernel 6.12 -- tests/vm/guest/version-matches.sh)
json=$(sed -n 's/^json=//p' <<<"$out")
uname=$(sed -n 's/^uname=//p' <<<"$out")
expect_contains "guest kernel line" "6.12." "$uname"
expect_eq "module ABI" "$(awk '$2 == "SHADOWK_ABI_VERSION" {print $3}' kmod/include/uapi/shadowk.h)" "$(json_field "$json" module.abi)"
expect_eq "backend" native "$(json_field "$json" module.backend)"
expect_eq "kernel release" "$uname" "$(json_field "$json" module.kernel)"
expect_eq "ibt" true "$(json_field "$json" module.ibt)"
# What the resolver saw at load: 6.12 seals the endbr64 of functions the
# kernel never calls indirectly, even on a CPU without IBT (TCG has none),
# so the guest shows them; the module calls each through its stub, and
# every test on 6.12 runs through those stubs.
ibt=$(sed -n 's/^ibt: //p' <<<"$out")
echo "$ibt"
summary=$(grep "kernel functions the module calls through pointers have no endbr64" <<<"$ibt") \
	|| fail "no IBT summary line from the resolver at load: $ibt"
expect_contains "IBT state at load" "IBT built in, not enforced:" "$summary"
n=$(sed 's/.*not enforced: \([0-9]*\) of.*/\1/' <<<"$summary")
sealed=$(sed 's/.*endbr64 (\([0-9]*\) sealed.*/\1/' <<<"$summary")
[ "$sealed" -gt 0 ] || fail "no sealed function among those the module calls: is sealing gone from 6.12?"
expect_eq "functions without endbr64 named one per line" "$n" \
	"$(grep -c "not endbr64 (.*): called through the module's stub" <<<"$ibt" || true)"
expect_eq "sealed ones named one per line, with the 4-byte NOP objtool leaves" "$sealed" \
	"$(grep -c "starts with 001f0f66, not endbr64 (sealed): called through the module's stub" <<<"$ibt" || true)"
