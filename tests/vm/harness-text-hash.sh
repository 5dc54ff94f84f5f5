#!/bin/bash
# The pristine-text witness (tests/vm/progs/text-hash.py) tolerates the
# kernel's own static key flips and catches any other write, on Debian's
# 6.1 and 6.12 kernels (see tests/vm/guest/text-hash.sh).
. "$(dirname "$0")/lib.sh"
build_progs
echo "== 6.1"
"$vm" -- tests/vm/guest/text-hash.sh
echo "== 6.12"
"$vm" --kernel 6.12 -- tests/vm/guest/text-hash.sh
