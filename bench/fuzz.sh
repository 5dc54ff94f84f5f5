#!/bin/bash
# The protocol fuzzer (tests/vm/progs/fuzz.c) for a long run: one 6.1 guest
# with two vCPUs, the fuzzer's two processes with two threads each, until
# CALLS requests or SECONDS have passed; then the module must hold nothing
# (no shadow, page, binding or reference), no probe may have left an ftrace
# hook or a BPF program, and bin/vm fails the run on any WARN or oops or a
# module that does not unload. bin/test runs the same for two minutes
# (tests/vm/fuzz.sh).
#   bench/fuzz.sh [--calls N] [--seconds S] [--seed N] [--kernel 6.12]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
calls=1000000 seconds=3600 seed=$(date +%s) kernel=6.1
while [ $# -gt 0 ]; do
	case "$1" in
	--calls) calls=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	*) echo "usage: bench/fuzz.sh [--calls N] [--seconds S] [--seed N] [--kernel 6.1|6.12]" >&2; exit 2 ;;
	esac
done
"$root/tools/install-deps" >/dev/null || { echo "bench/fuzz.sh: installing dependencies failed" >&2; exit 1; }
cd "$root"
. tests/vm/lib.sh
build_progs
start=$(date +%s)
"$vm" --smp 2 --tcg-single --kernel "$kernel" --timeout $((seconds + 600)) -- tests/vm/guest/fuzz.sh "$seconds" "$seed" "$calls"
echo "bench/fuzz.sh: $kernel, seed $seed, $(( $(date +%s) - start ))s wall, $(date -u +%F)"
