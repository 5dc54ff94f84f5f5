#!/bin/bash
# The union fallback. Work done outside any process context is nobody's: a
# probe without SHADOWK_PROBE_UNION never runs there, and with it it runs
# there, with the context in its cookie: kworkers (process_one_work), timer
# softirqs (run_timer_softirq), timer interrupts (tick_sched_timer). The
# traced process keeps a CPU busy so that all three happen meanwhile.
. "$(dirname "$0")/lib.sh"
val() { sed -n "s/^$1=//p" "$2"; }
probe_residue > /tmp/residue
run() { # FLAGS FUNC CONTEXT
	probe $1 -f "$2" -- bash -c "syscall-count 300000 0 >/dev/null & sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1; wait" > /tmp/u
	grep -v '^refused\|^attach' /tmp/u | tr '\n' ' '; echo
}
for fc in process_one_work:kthread run_timer_softirq:softirq tick_sched_timer:hardirq; do
	f=${fc%:*} c=${fc#*:}
	echo "-- $f ($c), union"
	run -u "$f"
	[ "$(val "$c" /tmp/u)" -gt 0 ] || fail "union probe on $f never ran in $c context"
	# The module's counter is read just after the program's map, while the
	# probe still fires: it can only be ahead, by the hits in between.
	runs=$(val "$c" /tmp/u) counted=$(val union_hits /tmp/u)
	[ "$counted" -ge "$runs" ] && [ "$counted" -le $((runs + 20)) ] ||
		fail "the module counted $counted union runs of $f, the program $runs"
	site=$(val last_ip /tmp/u) fn=0x$(shk addr "$f")
	[ $((site - fn)) -ge 0 ] && [ $((site - fn)) -le 4 ] || fail "regs->ip $site in a union run is not the site of $f ($fn)"
	echo "-- $f ($c), no union"
	run "" "$f"
	expect_eq "probe without union on $f in $c context" 0 "$(val "$c" /tmp/u)"
	expect_eq "probe without union on $f: module's union runs" 0 "$(val union_hits /tmp/u)"
done
# The hook is gone with the probes: ftrace's enabled list is as before.
expect_module_empty
expect_no_residue /tmp/residue
