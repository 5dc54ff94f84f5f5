#!/bin/bash
# Runs inside `bin/vm --icount` (one vCPU, guest clock = instructions).
# Measures, in one boot, what a shadow costs:
#   syscall: getppid() loop, ns/call, for an unshadowed process with no
#            module, with the module loaded and a shadow bound to another
#            process, and for a shadowed process (its getppid page copied);
#   switch:  pipe ping-pong round trip (2 context switches), ns, with both
#            unshadowed, and with ping shadowed and pong not.
# Each figure is the median of REPS runs. Prints a markdown table.
#   shadow-cost.sh [REPS [SYSCALLS [ROUNDTRIPS]]]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$root/.build/bench
P=$root/.build/progs
REPS=${1:-5}		# runs per figure
NSYS=${2:-200000}	# getppid() calls per run
NPP=${3:-20000}		# round trips per run

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sys_bench() { for _ in $(seq $REPS); do "$@" $B/syscall-bench $NSYS; done | median; }
pp_bench() { # PING-PREFIX...
	for _ in $(seq $REPS); do
		rm -f /tmp/p1 /tmp/p2; mkfifo /tmp/p1 /tmp/p2
		$B/pingpong pong $NPP /tmp/p2 /tmp/p1 &
		"$@" $B/pingpong ping $NPP /tmp/p1 /tmp/p2
		wait
	done | median
}
# The identity patch: getppid's first instruction after its ftrace site,
# rewritten with its own bytes. The shadowed process then runs its system
# calls through a copied page, with no other change.
export PATH="$P:$PATH"
. "$root/tests/vm/guest/lib.sh"
off=5
[ "$(view-bytes "0x$(shk addr __x64_sys_getppid)" 4)" = f30f1efa ] && off=9
idpatch=$(identity_patch "__x64_sys_getppid+$off")
shadowed=(shk run -p "$idpatch" --)

rmmod shadowk
sys_none=$(sys_bench)
pp_none=$(pp_bench)
insmod "$SHADOWK_KO"
sys_loaded=$(sys_bench)
mkfifo /tmp/hold
sleep 1000 & other=$!
shk bind $other -p "$idpatch" < /tmp/hold > /tmp/bind &
exec 3>/tmp/hold
for _ in $(seq 100); do grep -q bound /tmp/bind && break; sleep 0.1; done
sys_other=$(sys_bench)
pp_other=$(pp_bench)
exec 3>&-
kill $other; wait || true
sys_self=$(sys_bench "${shadowed[@]}")
pp_self=$(pp_bench "${shadowed[@]}")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
echo "| measurement (median of $REPS, -icount shift=3, 1 vCPU) | ns | ratio to no module |"
echo "|---|---:|---:|"
echo "| getppid(), no module loaded | $sys_none | 1.0000 |"
echo "| getppid(), module loaded, no shadow | $sys_loaded | $(ratio $sys_loaded $sys_none) |"
echo "| getppid(), unshadowed, while another process is shadowed | $sys_other | $(ratio $sys_other $sys_none) |"
echo "| getppid(), in a shadowed process (its page copied) | $sys_self | $(ratio $sys_self $sys_none) |"
echo "| pipe round trip, both unshadowed, no module | $pp_none | 1.0000 |"
echo "| pipe round trip, both unshadowed, another process shadowed | $pp_other | $(ratio $pp_other $pp_none) |"
echo "| pipe round trip, ping shadowed, pong not | $pp_self | $(ratio $pp_self $pp_none) |"
