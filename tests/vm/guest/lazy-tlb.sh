#!/bin/bash
# Lazy TLB: a CPU lazily on an mm bound to a multi-instruction patch keeps
# its view. A kernel thread runs lazily on the mm its CPU last loaded, so in
# that mm's view. Natively the kernel moves such a CPU to init_mm inside the
# TLB-flush IPI that freeing page tables sends, which would make a kernel
# thread interrupted inside a patch of several instructions resume in the
# pristine text: while such a patch is bound, that flush keeps the CPU in
# its view (lazy.c, "kept"). Under Xen PV the flush is a hypercall, but the
# exit of the mm's last user moves every vCPU that has it loaded to init_mm
# by IPI (xen_exit_mmap()): there the mm leaves its shadow first (lazy.c,
# "xen_exits"). Either way the teardown of the mm at exit goes through the
# commit (one stop_machine) when another CPU still has it loaded; shadows
# with single-instruction patches only (probes) arm nothing and need no
# commit at exit. lazy-cpu leaves CPU 1 idle on its mm while CPU 0 unmaps
# page tables 200 times, and exits from CPU 0 with CPU 1 idle on it.
# Run by hardening.sh (native, 6.1 and 6.12) and xen-probes (Xen PV).
. "$(dirname "$0")/lib.sh"
# This script and what it starts stay on CPU 0: CPU 1 is left to
# lazy-cpu's sleeping thread and the idle task, so that it still has
# lazy-cpu's mm loaded when lazy-cpu exits (a process of ours run there
# would load its own mm instead, and the exit would rightly need no commit).
taskset -pc 0 $$ >/dev/null
T=/sys/kernel/tracing
multi=$(ret_patch 7)
single=$(identity_patch "${multi%%=*}") || fail "no identity patch at ${multi%%=*}"
xen=0
grep -qx xen /sys/hypervisor/type 2>/dev/null && xen=1
echo "-- lazy TLB (xen=$xen) (at ${SECONDS}s)"
L=/sys/kernel/debug/shadowk/lazy_tlb
lazy_field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" $L; }
# lazy_run PATCH: lazy-cpu bound to a shadow with PATCH; writes "HOOKED
# KEPT STOPS XEN_EXITS" to /tmp/lz.res: the hook while bound, the flushes
# it kept, the stop_machine calls of its exit, and the exits that left the
# shadow early (Xen PV).
lazy_run() {
	local lz k0 x0 kept hooked stops
	rm -f /tmp/lz-in; mkfifo /tmp/lz-in
	lazy-cpu 200 < /tmp/lz-in > /tmp/lz.out &
	lz=$!
	exec 6>/tmp/lz-in
	for _ in $(seq 100); do grep -q '^lazy-cpu ' /tmp/lz.out && break; sleep 0.1; done
	coproc LB { shk bind "$lz" -p "$1"; }
	coproc_fds LB
	read -r line <&"$LB_out"; expect_eq "BIND of lazy-cpu" bound "$line"
	hooked=$(lazy_field hooked)
	k0=$(lazy_field kept)
	echo go >&6
	for _ in $(seq 600); do grep -q '^unmapped ' /tmp/lz.out && break; sleep 0.1; done
	expect_eq "lazy-cpu's unmaps" "unmapped 200" "$(sed -n 2p /tmp/lz.out)"
	kept=$(( $(lazy_field kept) - k0 ))
	echo 'p:shk_lzstm stop_machine_cpuslocked' >> $T/kprobe_events
	echo 1 > $T/events/kprobes/shk_lzstm/enable
	echo > $T/trace
	x0=$(lazy_field xen_exits)
	echo >&6
	exec 6>&-
	wait "$lz"
	stops=$(grep -c 'shk_lzstm:' $T/trace || true)
	echo 0 > $T/events/kprobes/shk_lzstm/enable
	echo '-:shk_lzstm' >> $T/kprobe_events
	echo >&"$LB_in"
	wait "$LB_pid" 2>/dev/null || true
	exec {LB_out}<&- {LB_in}>&-
	echo "$hooked $kept $stops $(( $(lazy_field xen_exits) - x0 ))" > /tmp/lz.res
}
expect_eq "lazy-TLB hook with no shadow" 0 "$(lazy_field hooked)"
lazy_run "$single"
read -r hooked kept stops xexits < /tmp/lz.res
echo "single-instruction patch: hooked=$hooked kept=$kept stop_machine at exit=$stops xen_exits=$xexits"
expect_eq "lazy-TLB hook while a single-instruction patch is bound" 0 "$hooked"
expect_eq "flushes kept for it" 0 "$kept"
expect_eq "stop_machine calls at its exit" 0 "$stops"
expect_eq "exits that left the shadow before xen_exit_mmap" 0 "$xexits"
lazy_run "$multi"
read -r hooked kept stops xexits < /tmp/lz.res
echo "multi-instruction patch: hooked=$hooked kept=$kept stop_machine at exit=$stops xen_exits=$xexits"
expect_eq "lazy-TLB hook while a multi-instruction patch is bound" 1 "$hooked"
if [ $xen = 0 ]; then
	[ "$kept" -ge 1 ] || fail "no TLB flush kept CPU 1 in the view of lazy-cpu's mm in 200 unmaps"
	expect_eq "exits that left the shadow before xen_exit_mmap" 0 "$xexits"
else
	# No flush IPI under Xen PV: nothing to keep; the exit is the IPI.
	expect_eq "exits that left the shadow before xen_exit_mmap" 1 "$xexits"
	grep -q xen_exit_mmap /sys/kernel/debug/kprobes/list && fail "the hook on xen_exit_mmap outlived the binding"
fi
expect_eq "stop_machine calls at its exit (the teardown's commit)" 1 "$stops"
expect_eq "lazy-TLB hook once it exited" 0 "$(lazy_field hooked)"
expect_module_empty
echo "lazy-tlb: all checks passed"
