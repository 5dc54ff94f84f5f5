#!/bin/bash
# shadowk.ko loads and unloads 20 times in a row without a warning
# (the guest runs with panic_on_warn; bin/vm fails on any taint or oops).
# vm-lane: one-thread
# vm-seconds: 22
. "$(dirname "$0")/lib.sh"
out=$("$vm" --tcg-single -- tests/vm/guest/load-unload.sh 20)
expect_eq "load/unload cycles" "cycles=20" "$out"
