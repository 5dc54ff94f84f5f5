#!/bin/bash
# Benchmark: the Shadow Kernels paper's experiment. memcached serving
# memcslap in one `bin/vm --icount` guest, with probes on the workload's 1
# and 3 hottest kernel functions placed by global kprobes, bpftrace
# (kprobe: and kfunc:, filtered by pid) and shadowtrace (on an unrelated
# process, on memcached, and with -U). Prints markdown tables measured in
# that one run (see bench/README.md), and draws them (bench/chart.sh).
#   bench/paper.sh [bin/vm options...] [-- REPS GETS "SETS" "ROWS" WARMUP]  (see bench/guest/paper.sh)
. "$(dirname "$0")/lib.sh"
. "$root/tools/vm/lib.sh"
for pkg in memcached:/usr/bin/memcached libmemcached-tools:/usr/bin/memcslap bpftrace:/usr/bin/bpftrace; do
	vm_need "${pkg#*:}" "${pkg%%:*}"
done
# The paper's baseline, global kprobes with an empty handler: a small module.
line=6.1 prev=
for a in "$@"; do [ "$prev" = --kernel ] && line=$a; prev=$a; done
kver=$(vm_kernel_release "$line")
ko_dir=$root/.build/kprobe-empty/$kver
mkdir -p "$ko_dir"
cp "$root/bench/kprobe-empty/kprobe_empty.c" "$root/bench/kprobe-empty/Kbuild" "$ko_dir/"
make -s -C "/lib/modules/$kver/build" M="$ko_dir" modules >/dev/null 2>&1 || { echo "cannot build kprobe_empty.ko" >&2; exit 1; }
[ -f "$root/shell/target/shadowtrace.jar" ] || (cd "$root" && mvn -B -q -ntp -DskipTests package)
args=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
[ $# -gt 0 ] && shift
# The tables go to stdout and to .build/bench/paper.md, then one PNG chart
# per table (bench/chart.sh) into .build/bench/.
result=$root/.build/bench/paper.md
mkdir -p "$(dirname "$result")"
(bench_run bench/guest/paper.sh "${args[@]}" -- "$ko_dir/kprobe_empty.ko" "$@") | tee "$result"
[ "${PIPESTATUS[0]}" = 0 ] || exit 1
"$root/bench/chart.sh" "$result" "$root/.build/bench"
