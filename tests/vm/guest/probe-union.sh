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
# A task bound to the shadow detaches the probe itself: ftrace takes the
# union hook off the site while this task's view still shows the shadow's
# call there, until the unpatch. ftrace's check reads the site through the
# task's view (siteguard.c must answer with the pristine bytes), else it
# WARNs and disables ftrace for good. The harness fails on the WARN.
echo "-- union probe detached by a task bound to its shadow"
bash -c 'exec probe -u -L -D -P $$ -f vfs_read' < /dev/null > /tmp/u || fail "self-bound attach and detach failed"
expect_eq "self-bound union probes attached" 1 "$(val attached /tmp/u)"
grep -q '^detach_us=' /tmp/u || fail "self-bound detach did not happen"
# The hook is gone with the probes: ftrace's enabled list is as before.
expect_module_empty
expect_no_residue /tmp/residue
