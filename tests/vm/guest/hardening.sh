#!/bin/bash
# The module's hardening, in one guest: who may attach probes (capabilities),
# int3 padding is not a breakpoint, a failed union filter never leaves the
# hook tracing every function, a token unmapped while it is being bound
# leaves nothing bound, exec racing an unmap of the token, a set-uid exec
# drops a binding its binder may not ptrace, limits and the fixed pools in
# STATS, kprobes globally disarmed, full preemption switched on after CREATE,
# the preemption model held while a multi-instruction patch is bound (a
# switch begun before the first shadow, root's switches, the end of a
# livepatch transition), and (last, since it
# cannot be lowered again) kernel lockdown.
. "$(dirname "$0")/lib.sh"
val() { sed -n "s/^$1=//p" "$2"; }
P=/sys/module/shadowk/parameters
T=/sys/kernel/tracing
probe_residue > /tmp/residue

echo "-- capabilities: ATTACH and DETACH need CAP_PERFMON and CAP_BPF, CREATE CAP_SYS_ADMIN (at ${SECONDS}s)"
probe caps > /tmp/caps
cat /tmp/caps
expect_eq "ATTACH with CAP_BPF and CAP_PERFMON" OK "$(val attach_bpf_perfmon /tmp/caps)"
expect_eq "DETACH with CAP_BPF and CAP_PERFMON" OK "$(val detach_bpf_perfmon /tmp/caps)"
expect_eq "CREATE with CAP_BPF and CAP_PERFMON" EPERM "$(val create_bpf_perfmon /tmp/caps)"
for set in bpf perfmon none; do
	expect_eq "ATTACH with caps '$set'" EPERM "$(val attach_$set /tmp/caps)"
	expect_eq "DETACH with caps '$set'" EPERM "$(val detach_$set /tmp/caps)"
	expect_eq "CREATE with caps '$set'" EPERM "$(val create_$set /tmp/caps)"
done
dmesg | grep -q "ATTACH refused for pid .*: needs CAP_PERFMON and CAP_BPF" || fail "no dmesg line for a refused ATTACH"

echo "-- int3 padding after a ret is not a breakpoint (at ${SECONDS}s)"
padding-sites 30 > /tmp/pad
[ -s /tmp/pad ] || fail "no ret + int3 padding found inside any function"
ok=
while read -r at sym; do
	if spec=$(identity_patch "$at"); then ok=$at; break; fi
done < /tmp/pad
[ -n "$ok" ] || fail "no patch is accepted right after ret + int3 padding ($(wc -l < /tmp/pad) tried)"
echo "accepted after padding: $sym $spec"
# A kprobe's int3 is one: CHECK refuses at it and after it while it is armed
# (not optimized into a jump, which would hide its int3).
echo 0 > /proc/sys/debug/kprobes-optimization
hex=${spec#*=}
echo "p:shk_hardening $sym" > $T/kprobe_events
echo 1 > $T/events/kprobes/shk_hardening/enable
expect_eq "CHECK over a kprobe's int3" EBUSY "$(shk check "$ok" "$hex")"
expect_eq "CHECK after a kprobe's int3" EBUSY "$(shk check "$(printf '0x%x' $((ok + ${#hex} / 2)))" 90)"
dmesg | grep -q "refused: a kprobe's int3 precedes it" || fail "no dmesg line for the kprobe's int3"
echo 0 > $T/events/kprobes/shk_hardening/enable
echo > $T/kprobe_events
expect_eq "CHECK after padding, the kprobe gone" OK "$(shk check "$ok" "$hex")"

echo "-- union probes: a failed ftrace filter change never leaves the hook tracing everything (at ${SECONDS}s)"
f=run_timer_softirq
echo 1 > $P/test_fail_union_filter
probe -u -H -f $f > /tmp/uf &
up=$!
for i in $(seq 100); do grep -q ready /tmp/uf && break; sleep 0.1; done
grep -q ready /tmp/uf || fail "the union probe did not attach"
n=$(wc -l < $T/enabled_functions)
echo "enabled functions with the failed union probe: $n"
[ "$n" -lt 100 ] || fail "$n functions are traced: the union hook was registered with an empty filter"
grep -q "^$f\b" $T/enabled_functions && fail "$f is hooked although ftrace refused it"
dmesg | grep -q "union probes: ftrace refused 1 sites" || fail "no dmesg line for the refused filter"
kill $up; wait $up 2>/dev/null || true
expect_eq "the failure injection is spent" N "$(cat $P/test_fail_union_filter)"
probe -u -H -f $f > /tmp/uf &
up=$!
for i in $(seq 100); do grep -q ready /tmp/uf && break; sleep 0.1; done
grep -q "^$f\b" $T/enabled_functions || fail "a union probe after the failure is not hooked"
kill $up; wait $up 2>/dev/null || true
expect_no_residue /tmp/residue

echo "-- a token unmapped while it is being bound: nothing is bound (at ${SECONDS}s)"
echo 300 > $P/test_bind_delay_ms
shk bindrace 5 > /tmp/br
cat /tmp/br
expect_eq "BINDs refused with EAGAIN" 5 "$(val eagain /tmp/br)"
expect_eq "bound mms without a token" 0 "$(val orphans /tmp/br)"
echo 0 > $P/test_bind_delay_ms
shk bindrace 50 > /tmp/br
cat /tmp/br
expect_eq "BINDs with other errors" 0 "$(val other /tmp/br)"
expect_eq "bound mms without a token" 0 "$(val orphans /tmp/br)"
expect_module_empty

echo "-- exec racing an unmap of the token (at ${SECONDS}s)"
shk execrace 50 || fail "a bound child exec'ing while its token went did not exit 0"
expect_module_empty

echo "-- a set-uid exec drops a binding its binder may not trace (at ${SECONDS}s)"
# Root without CAP_SYS_PTRACE (dropped from the bounding set, so every exec
# under setpriv lacks it) may bind a process with the same credentials, as
# ptrace allows; a set-uid program (root -> uid 1000) would not be ptrace-
# able by it (not its uid, not dumpable), so its exec runs unbound. A binder
# with CAP_SYS_PTRACE keeps it. SETUID_CASE BINDER PROGRAM: phase results.
spec=$(ret_patch 42)
mkdir -p /var/tmp/suid
install -m 4755 -o 1000 -g 1000 "$(command -v syscall-count)" /var/tmp/suid/count-setuid
install -m 0755 "$(command -v syscall-count)" /var/tmp/suid/count-plain
# A command, not a function: $! must be the process that execs (a function
# in the background would be a subshell with every capability).
nocap="setpriv --bounding-set -sys_ptrace"
setuid_case() {
	local binder=$1 prog=$2 target tracer
	rm -f /tmp/sgo /tmp/shold
	mkfifo /tmp/sgo /tmp/shold
	$nocap sh -c 'read -r _; exec "$0" -P 1 20000 42' "$prog" < /tmp/sgo > /tmp/scount &
	target=$!
	exec 6>/tmp/sgo
	# Bind the shell, not setpriv on its way to exec it (creds in flux: EPERM).
	for _ in $(seq 100); do [ "$(cat /proc/$target/comm)" = sh ] && break; sleep 0.1; done
	$binder shk bind $target -p "$spec" < /tmp/shold > /tmp/sbind &
	tracer=$!
	exec 7>/tmp/shold
	for _ in $(seq 100); do grep -q . /tmp/sbind && break; sleep 0.1; done
	expect_eq "bind by '$binder'" bound "$(cat /tmp/sbind)"
	echo exec >&6	# the shell execs the program, which spins uncounted
	for _ in $(seq 100); do grep -q "^Name:.*count-" /proc/$target/status && break; sleep 0.1; done
	echo "$prog under '$binder': $(grep ^Uid: /proc/$target/status | tr '\t' ' ')" >&2
	echo count >&6	# one counted phase
	exec 6>&-
	wait $target
	exec 7>&-
	wait $tracer
	cat /tmp/scount
}
# Yama (ptrace_scope 1 by default) lets only CAP_SYS_PTRACE attach to a
# process that is not a descendant: classic ptrace rules for this check.
yama=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo)
[ -z "$yama" ] || echo 0 > /proc/sys/kernel/yama/ptrace_scope
expect_eq "plain exec, binder without CAP_SYS_PTRACE" 20000/20000 "$(setuid_case "$nocap" /var/tmp/suid/count-plain)"
expect_eq "set-uid exec, binder without CAP_SYS_PTRACE" 0/20000 "$(setuid_case "$nocap" /var/tmp/suid/count-setuid)"
dmesg | grep -q "execs count-setuid with credentials its binder may not trace: it runs unbound" \
	|| fail "no dmesg line for the dropped binding"
expect_eq "set-uid exec, binder with CAP_SYS_PTRACE" 20000/20000 "$(setuid_case "" /var/tmp/suid/count-setuid)"
[ -z "$yama" ] || echo "$yama" > /proc/sys/kernel/yama/ptrace_scope
expect_module_empty

echo "-- limits: caps per shadow (E2BIG) and for the module (ENOSPC), shown by INFO and STATS (at ${SECONDS}s)"
# The module is loaded again with small caps (module parameters), once for
# raw patches, once for probe counts, once for per-CPU bytes, then with the
# defaults. Each refusal has its errno and its dmesg line; INFO shows a
# shadow's use and caps, STATS the module's; everything goes back to zero.
reload() { expect_module_empty; rmmod shadowk; insmod "$SHADOWK_KO" "$@"; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }	# FIELD <<< "k=v k=v..."
expect_fields() { # WHAT "k=v k=v..." EXPECTED-k=v...
	local what=$1 line=$2 kv
	shift 2
	for kv in "$@"; do expect_eq "$what: ${kv%%=*}" "${kv#*=}" "$(field "${kv%%=*}" <<<"$line")"; done
}
expect_dmesg() { dmesg | grep -q -- "$1" || fail "no dmesg line: $1"; }
# Two patches in one page: a ret at FUNC's first instruction after its
# ftrace site, and one at the next pristine instruction (where the first
# patch's owned range ends; an unbound shadow never runs them). Prints
# "SPEC1 SPEC2 PAGE".
two_in_a_page() {
	local off a1 e1 e2 _
	for off in 5 9; do
		read -r a1 e1 <<<"$(shk owned "$1+$off" c3)" && [ -n "$e1" ] || continue
		read -r _ e2 <<<"$(shk owned "$e1" c3)" && [ -n "$e2" ] || continue
		[ $((a1 >> 12)) = $(((e2 - 1) >> 12)) ] || continue
		echo "$1+$off=c3 $e1=c3 $((a1 >> 12))"
		return 0
	done
	return 1
}
specs=() seen=" "
for f in __x64_sys_getppid __x64_sys_read __x64_sys_close __x64_sys_dup __x64_sys_umask __x64_sys_pipe \
	__x64_sys_sync __x64_sys_chdir __x64_sys_brk __x64_sys_uname __x64_sys_kill __x64_sys_alarm; do
	r=$(two_in_a_page $f) || continue
	case "$seen" in *" ${r##* } "*) continue ;; esac
	seen="$seen${r##* } "
	specs+=("${r% *}")
	[ ${#specs[@]} = 4 ] && break
done
[ ${#specs[@]} = 4 ] || fail "found only ${#specs[@]} functions with two patchable instructions in a page of their own"
read -r A1 A2 <<<"${specs[0]}"
read -r B1 B2 <<<"${specs[1]}"
read -r C1 C2 <<<"${specs[2]}"
read -r D1 _ <<<"${specs[3]}"
echo "pages A B C D: $seen (at ${SECONDS}s)"

reload max_shadows=3 shadow_max_pages=2 max_pages=3 shadow_max_patches=3 max_patches=5
expect_eq "max_shadows as loaded" 3 "$(cat $P/max_shadows)"
shk seq s1=new a1=patch:$A1 b1=patch:$B1 c1=patch:$C1 a2=patch:$A2 b2=patch:$B2 i1=info \
	s2=new c2=patch:$C1 d2=patch:$D1 cc2=patch:$C2 i2=info s3=new c3=patch:$C1 s4=new st=stats > /tmp/lim
cat /tmp/lim
expect_eq "two pages in one shadow" OK/OK "$(val a1 /tmp/lim)/$(val b1 /tmp/lim)"
expect_eq "a 3rd page in one shadow, over shadow_max_pages=2" E2BIG "$(val c1 /tmp/lim)"
expect_eq "a 3rd patch, in a page the shadow has" OK "$(val a2 /tmp/lim)"
expect_eq "a 4th patch in one shadow, over shadow_max_patches=3" E2BIG "$(val b2 /tmp/lim)"
expect_fields "INFO of the 1st shadow" "$(val i1 /tmp/lim)" pages_copied=2 max_pages=2 patches=3 max_patches=3
expect_eq "a 3rd page in the module" OK "$(val c2 /tmp/lim)"
expect_eq "a 4th page in the module, over max_pages=3" ENOSPC "$(val d2 /tmp/lim)"
expect_eq "a 5th patch in the module, in a page its shadow has" OK "$(val cc2 /tmp/lim)"
expect_fields "INFO of the 2nd shadow" "$(val i2 /tmp/lim)" pages_copied=1 patches=2
expect_eq "a 3rd shadow" OK "$(val s3 /tmp/lim)"
expect_eq "a 6th patch in the module, over max_patches=5" ENOSPC "$(val c3 /tmp/lim)"
expect_eq "a 4th shadow, over max_shadows=3" ENOSPC "$(val s4 /tmp/lim)"
expect_fields "STATS" "$(val st /tmp/lim)" shadows=3 max_shadows=3 pages_copied=3 max_pages=3 patches=5 max_patches=5
expect_dmesg "refused: copied pages would be 3, over shadow_max_pages=2"
expect_dmesg "refused: patches would be 4, over shadow_max_patches=3"
expect_dmesg "refused: copied pages would be 4, over max_pages=3"
expect_dmesg "refused: patches would be 6, over max_patches=5"
expect_dmesg "CREATE refused for pid [0-9]*: 3 shadows exist, max_shadows=3"

# Probes: the same three functions in a first shadow (held), two in a second.
g1=__x64_sys_getppid g2=__x64_sys_getpid g3=__x64_sys_getuid g4=__x64_sys_getgid
probe_caps() { # WHAT PARAM: the third probe of one shadow, the fourth of the module
	probe -b -H -f $g1 -f $g2 -f $g3 > /tmp/lp1 &
	lp1=$!
	for _ in $(seq 100); do grep -q ready /tmp/lp1 && break; sleep 0.1; done
	cat /tmp/lp1
	expect_eq "$1: attached in the 1st shadow" 2 "$(val attached /tmp/lp1)"
	grep -q "^refused $g3 E2BIG$" /tmp/lp1 || fail "$1: the 3rd probe of a shadow was not refused with E2BIG"
	expect_dmesg "probe at [^ ]* refused: $1 would be [0-9]*, over shadow_max_$2="
	probe -b -f $g1 -f $g4 > /tmp/lp2
	cat /tmp/lp2
	expect_eq "$1: attached in the 2nd shadow" 1 "$(val attached /tmp/lp2)"
	grep -q "^refused $g4 ENOSPC$" /tmp/lp2 || fail "$1: the 4th probe of the module was not refused with ENOSPC"
	expect_dmesg "probe at [^ ]* refused: $1 would be [0-9]*, over max_$2="
	shk stats > /tmp/lst
	kill $lp1
	wait $lp1 2>/dev/null || true
}
echo "probe counts (at ${SECONDS}s)"
reload shadow_max_probes=2 max_probes=3
probe_caps probes probes
expect_eq "INFO probes and max_probes" 1/2 "$(val info_probes /tmp/lp2)/$(val max_probes /tmp/lp2)"
x=$(val percpu_bytes /tmp/lp2)
[ "$x" -gt 0 ] || fail "INFO: a probe holds no per-CPU bytes"
expect_fields "STATS with one shadow's 2 probes" "$(cat /tmp/lst)" probes=2 max_probes=3 percpu_bytes=$((2 * x)) \
	probed_shadows=1 max_probed_shadows=64 xol_slots=0 max_xol_slots=1024

echo "the fixed pools: probed shadows and out-of-line slots, in STATS (at ${SECONDS}s)"
# An offset probe takes an out-of-line slot unless its instruction is a
# relative jmp, jcc or call rel32, which the module emulates.
fn=0x$(shk addr $g1)
site=0
[ "$(view-bytes "$fn" 4)" = f30f1efa ] && site=4	# IBT: endbr64 first
op=$(view-bytes "$(printf '0x%x' $((fn + site + 5)))" 2)
case $op in e8* | e9* | eb* | 7* | 0f8*) slots=0 ;; *) slots=1 ;; esac
probe -k offset -H -f "$g1+$((site + 5))" > /tmp/lo1 &
lo1=$!
probe -H -f $g2 > /tmp/lo2 &
lo2=$!
for _ in $(seq 100); do grep -q ready /tmp/lo1 && grep -q ready /tmp/lo2 && break; sleep 0.1; done
expect_fields "STATS with an offset probe ($op...) and an entry probe in two shadows" "$(shk stats)" \
	probed_shadows=2 max_probed_shadows=64 xol_slots=$slots max_xol_slots=1024
kill $lo1 $lo2
wait $lo1 $lo2 2>/dev/null || true

echo "per-CPU bytes (at ${SECONDS}s)"
reload shadow_max_percpu_bytes=$((2 * x + x / 2)) max_percpu_bytes=$((3 * x + x / 2))
probe_caps "per-CPU bytes" percpu_bytes
expect_eq "INFO percpu_bytes and max_percpu_bytes" "$x/$((2 * x + x / 2))" \
	"$(val percpu_bytes /tmp/lp2)/$(val max_percpu_bytes /tmp/lp2)"
expect_fields "STATS with one shadow's 2 probes" "$(cat /tmp/lst)" percpu_bytes=$((2 * x)) \
	max_percpu_bytes=$((3 * x + x / 2))
expect_eq "a return probe, whose pool passes shadow_max_percpu_bytes" E2BIG \
	"$(probe -k return -f $g1 | sed -n 's/^attach=//p')"
expect_dmesg "return-probe pool for [^ ]* refused: per-CPU bytes would be [0-9]*, over shadow_max_percpu_bytes="

echo "the defaults (at ${SECONDS}s)"
# The defaults (docs/design.md), and the module still unloads.
reload
ram=$(($(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 4))
text=$(((($(grep -w _etext /proc/kallsyms | cut -d' ' -f1 | sed 's/^/0x/') + 4095) & ~4095) - \
	($(grep -w _stext /proc/kallsyms | cut -d' ' -f1 | sed 's/^/0x/') & ~0x1fffff)))
percpu=$((ram / 64 * 4096))
[ $percpu -ge 1048576 ] || percpu=1048576
for kv in max_shadows=1024 max_pages=$((ram / 16)) max_patches=262144 max_probes=262144 \
	max_percpu_bytes=$percpu shadow_max_pages=$((text / 4096)) shadow_max_patches=65536 \
	shadow_max_probes=131072 shadow_max_percpu_bytes=$percpu; do
	expect_eq "default ${kv%%=*}" "${kv#*=}" "$(cat $P/${kv%%=*})"
done
expect_fields "STATS with the defaults" "$(shk stats)" max_shadows=1024 max_pages=$((ram / 16)) \
	probed_shadows=0 max_probed_shadows=64 xol_slots=0 max_xol_slots=1024 coherence_lost=0
expect_module_empty

echo "-- kprobes globally disarmed: the kernel's text writes no longer reach shadows (at ${SECONDS}s)"
# The coherence hooks are kprobes: CREATE is refused while kprobes are
# disarmed; a disarm while shadows exist makes them stale for good (one
# dmesg line, STATS coherence_lost): PATCH and BIND on them are refused,
# their bound processes are switched back to the pristine kernel (they may
# lack a text write for good) and still unbind, and a new shadow after the
# re-arm works.
KP=/sys/kernel/debug/kprobes/enabled
expect_eq "kprobes armed at the start" 1 "$(cat $KP)"
multi=$(ret_patch 7)
single=$(identity_patch "${multi%%=*}") || fail "no identity patch at ${multi%%=*}"
sleep 600 & t1=$!
sleep 600 & t2=$!
# The bound one talks through a fifo (bash runs one coproc at a time).
rm -f /tmp/k1in; mkfifo /tmp/k1in
shk bind "$t1" -p "$single" -u < /tmp/k1in > /tmp/k1out &
k1=$!
exec 8>/tmp/k1in
for _ in $(seq 100); do grep -q . /tmp/k1out && break; sleep 0.1; done
expect_eq "a bound shadow before the disarm" bound "$(sed -n 1p /tmp/k1out)"
coproc K2 { shk bind "$t2" -p "$single" -W -L "$multi"; }
coproc_fds K2
read -r line <&"$K2_out"; expect_eq "a patched, unbound shadow before the disarm" patched "$line"
# A shadow with a probe, bound, across the disarm: its DETACH (which only
# gives pristine bytes back) must still work.
sleep 600 & t3=$!
rm -f /tmp/k3in; mkfifo /tmp/k3in
probe -P "$t3" -f __x64_sys_getppid -D < /tmp/k3in > /tmp/k3out &
k3=$!
exec 7>/tmp/k3in
for _ in $(seq 100); do grep -q '^bound$' /tmp/k3out && break; sleep 0.1; done
grep -q '^bound$' /tmp/k3out || fail "the probe for the DETACH across a disarm did not bind: $(cat /tmp/k3out)"
expect_eq "processes bound before the disarm" 2 "$(stat_of bound_mms)"
echo 0 > $KP
expect_dmesg "coherence lost: kprobes were globally disarmed while shadows exist"
expect_eq "STATS coherence_lost after the disarm" 1 "$(stat_of coherence_lost)"
for _ in $(seq 100); do [ "$(stat_of bound_mms)" = 0 ] && break; sleep 0.1; done
expect_eq "processes still bound to stale shadows" 0 "$(stat_of bound_mms)"
expect_dmesg "2 processes switched back to the pristine kernel from stale shadows"
expect_eq "CREATE with kprobes disarmed" "s=ENODEV" "$(shk seq s=new)"
expect_dmesg "CREATE refused: kprobes are globally disarmed"
echo 1 > $KP
expect_eq "CREATE and PATCH once kprobes are armed again" "s=OK p=OK" "$(shk seq s=new p=patch:$single | tr '\n' ' ' | sed 's/ $//')"
echo >&"$K2_in"
read -r line <&"$K2_out"; expect_eq "PATCH of a shadow that saw the disarm" "late patch: ENODEV" "$line"
read -r line <&"$K2_out"; expect_eq "BIND of a shadow that saw the disarm" "bind: ENODEV" "$line"
wait "$K2_pid" 2>/dev/null || true
expect_dmesg "refused: shadow [0-9]* may have missed kernel text writes"
echo >&7
exec 7>&-
wait $k3 || fail "DETACH of a shadow that saw the disarm failed: $(cat /tmp/k3out)"
grep -q '^detach_us=' /tmp/k3out || fail "no DETACH of a shadow that saw the disarm: $(cat /tmp/k3out)"
kill $t3
kill -0 $t1 || fail "the process bound across the disarm died"
echo >&8
exec 8>&-
wait $k1 || fail "the binder of the shadow bound across the disarm failed"
expect_eq "UNBIND of a shadow that saw the disarm" "unbind: OK" "$(sed -n 2p /tmp/k1out)"
kill $t1 $t2
expect_module_empty

# Lockdown (confidentiality) closes tracefs: the residue is checked before.
expect_no_residue /tmp/residue

echo "-- an NMI during a live commit runs the pristine text, not the view being changed (at ${SECONDS}s)"
# Attaching a probe to a shadow bound to a running process is a live
# commit: it writes a call over the NOP at the function's ftrace site in
# the shadow's copy. The process spins on CPU 1, so CPU 1's stopper runs
# lazily on its mm and view; the tracer runs on CPU 0. With
# test_commit_nmi=ADDR the commit sends each CPU an NMI once the change is
# made, and each NMI reports the byte its view gives at ADDR. First without
# the protocol (test_commit_nmi_stay: the CPUs stay in their views), which
# must show CPU 1's NMI reading the new call (e8), what such an NMI could
# have executed half written; then as the module runs, where every NMI
# must read the pristine byte.
at=0x$(shk addr __x64_sys_getppid)
[ "$(view-bytes "$at" 4)" = f30f1efa ] && at=$(printf '0x%x' $((at + 4)))	# after endbr64 (6.12)
nmi_attach() { # TEST-PARAMS...: prints the NMI lines of the ATTACH's commit
	local before pid line napid
	reload test_commit_nmi="$at" "$@"
	taskset -c 1 spin 600000 > /tmp/spin & pid=$!
	for i in $(seq 100); do [ -s /tmp/spin ] && break; sleep 0.1; done
	before=$(dmesg | wc -l)
	coproc NA { taskset -c 0 probe -L -P "$pid" -f __x64_sys_getppid; }
	coproc_fds NA
	napid=$NA_pid
	while read -r line <&"$NA_out" && [ "$line" != bound ]; do :; done
	expect_eq "probe attached to the spinning process" bound "$line"
	# Only the ATTACH's commit: the unbind when the tracer goes is another.
	dmesg | tail -n +$((before + 1)) | grep -o 'test_commit_nmi: cpu [0-9]* read [a-z ]* byte [0-9a-f]*' | sort
	echo >&"$NA_in"
	cat <&"$NA_out" > /dev/null
	exec {NA_out}<&- {NA_in}>&-
	wait "$napid" 2>/dev/null || true
	kill "$pid"; wait "$pid" 2>/dev/null || true
}
nmi_attach test_commit_nmi_stay=1 > /tmp/nmi-stay
cat /tmp/nmi-stay
expect_eq "NMIs during the ATTACH commit (CPUs left in their views)" 2 "$(wc -l < /tmp/nmi-stay)"
expect_eq "CPU 1's NMI, left in the traced process's view" "test_commit_nmi: cpu 1 read another byte e8" "$(grep 'cpu 1' /tmp/nmi-stay)"
nmi_attach > /tmp/nmi-pristine
cat /tmp/nmi-pristine
expect_eq "NMIs during the ATTACH commit" 2 "$(wc -l < /tmp/nmi-pristine)"
expect_eq "NMIs that read the pristine byte" 2 "$(grep -c 'read the pristine byte' /tmp/nmi-pristine)"
reload

echo "-- full preemption switched on after CREATE (PREEMPT_DYNAMIC) (at ${SECONDS}s)"
# Root can switch the preemption model at any time; a task may then be
# suspended anywhere, so inside a patch of several instructions. BIND of a
# shadow holding one and each such patch must ask again (a boot with
# preempt=full is tests/vm/preempt-full.sh). "mov eax, 7; ret" is two instructions, a copy of one pristine
# instruction is one (single-instruction patches, like probe sites, stay
# safe under every model).
PM=/sys/kernel/debug/sched/preempt
mode=$(sed 's/.*(\(.*\)).*/\1/' "$PM")
multi=$(ret_patch 7)
single=$(identity_patch "${multi%%=*}") || fail "no identity patch at ${multi%%=*}"
sleep 600 & target=$!
coproc B1 { shk bind "$target" -p "$multi" -W -u; }
coproc_fds B1
read -r line <&"$B1_out"; expect_eq "shadow with a multi-instruction patch" patched "$line"
echo full > "$PM"
grep -q '(full)' "$PM" || fail "cannot switch to full preemption: $(cat "$PM")"
echo >&"$B1_in"
read -r line <&"$B1_out"
expect_eq "BIND of a shadow with a multi-instruction patch under full preemption" "bind: EOPNOTSUPP" "$line"
wait "$B1_pid" 2>/dev/null || true
dmesg | grep -q "not bound: the kernel now runs with full preemption" || fail "no dmesg line for the refused BIND"
echo "$mode" > "$PM"
coproc B2 { shk bind "$target" -p "$single" -W -L "$multi" -u; }
coproc_fds B2
read -r line <&"$B2_out"; expect_eq "shadow with a single-instruction patch" patched "$line"
echo full > "$PM"
echo >&"$B2_in"
read -r line <&"$B2_out"
expect_eq "a multi-instruction PATCH under full preemption" "late patch: EOPNOTSUPP" "$line"
read -r line <&"$B2_out"
expect_eq "BIND of a shadow with single-instruction patches under full preemption" bound "$line"
echo >&"$B2_in"
read -r line <&"$B2_out"; expect_eq "UNBIND" "unbind: OK" "$line"
wait "$B2_pid" 2>/dev/null || true
dmesg | grep -q "refused: the kernel now runs with full preemption" || fail "no dmesg line for the refused PATCH"
echo "$mode" > "$PM"
kill "$target"
expect_module_empty

echo "-- a switch begun before the first shadow is waited for (at ${SECONDS}s)"
# A write to sched/preempt that entered the kernel before the module's hooks
# existed is not redirected, and shadowk cannot see where it is; but its
# writer holds the file open for writing. Until the file has been seen
# closed after the hooks were armed, a multi-instruction patch does not go
# live in a bound process (EAGAIN, at BIND and at PATCH of a bound shadow);
# single-instruction patches are not held up.
SP=/sys/kernel/debug/shadowk/preempt
sleep 600 & target=$!
exec {W}>"$PM"	# a writer that opened the file before any shadow existed
# (The binders close it: a child holding it open counts as a writer too.)
coproc B5 { exec {W}>&-; shk bind "$target" -p "$multi" -W; }
coproc_fds B5
read -r line <&"$B5_out"; expect_eq "shadow with a multi-instruction patch, sched/preempt open for writing" patched "$line"
expect_eq "debugfs while the writer may be running" "settled=0" "$(sed 's/ .*//' $SP)"
echo >&"$B5_in"
read -r line <&"$B5_out"
expect_eq "BIND while a switch from before the first shadow may be running" "bind: EAGAIN" "$line"
wait "$B5_pid" 2>/dev/null || true
dmesg | grep -q "not bound: a switch of the preemption model begun before the first shadow may still be running" || fail "no dmesg line for the BIND refused while unsettled"
coproc B6 { exec {W}>&-; shk bind "$target" -p "$single" -A "$multi" -u; }
coproc_fds B6
read -r line <&"$B6_out"; expect_eq "BIND of a shadow with a single-instruction patch meanwhile" bound "$line"
echo >&"$B6_in"
read -r line <&"$B6_out"
expect_eq "PATCH of several instructions to a bound shadow meanwhile" "bound patch: EAGAIN" "$line"
dmesg | grep -q "refused: a switch of the preemption model begun before the first shadow may still be running" || fail "no dmesg line for the PATCH refused while unsettled"
exec {W}>&-
sleep 600 & target2=$!
expect_eq "BIND of a multi-instruction patch once the file is closed, and UNBIND" "bound unbind: OK" \
	"$(echo | shk bind "$target2" -p "$multi" -u | tr '\n' ' ' | sed 's/ $//')"
expect_eq "debugfs after it" "settled=1" "$(sed 's/ .*//' $SP)"
kill "$target2"
echo >&"$B6_in"
read -r line <&"$B6_out"; expect_eq "UNBIND (the single-instruction patch)" "unbind: OK" "$line"
wait "$B6_pid" 2>/dev/null || true
kill "$target"
expect_module_empty

echo "-- the model is held: no switch while a multi-instruction patch is bound (at ${SECONDS}s)"
# The other half: once such a shadow is bound, root's switches are refused
# (EBUSY): a switch to full would let a task be preempted inside the patch
# and stranded, and every switch passes through full preemption for a
# moment (sched_dynamic_update() enables every preemption point first). A
# write of the mode already set is taken as done, without that pass. Full
# is allowed again once nothing is bound. Above, a shadow holding such a
# patch but not yet bound did not block the switch.
model() { sed 's/.*(\(.*\)).*/\1/' "$PM"; }
switch() { (echo "$1" > "$PM") 2>&1 | sed 's/.*: //'; }
other=none; [ "$mode" = none ] && other=voluntary
applied() { dmesg | grep -c "Dynamic Preempt:"; }
sleep 600 & target=$!
coproc B3 { shk bind "$target" -p "$multi" -u; }
coproc_fds B3
read -r line <&"$B3_out"; expect_eq "BIND of a shadow with a multi-instruction patch" bound "$line"
grep -q sched_dynamic_write /sys/kernel/debug/kprobes/list || fail "no hook on sched_dynamic_write while a shadow exists: $(cat /sys/kernel/debug/kprobes/list)"
before=$(applied)
expect_eq "switch to full while it is bound" "Device or resource busy" "$(switch full)"
expect_eq "model after the refused switch" "$mode" "$(model)"
dmesg | grep -q "preemption model not switched to full: 1 shadow(s) with patches of several instructions are bound" || fail "no dmesg line for the refused switch"
expect_eq "switch to an unknown model while it is bound" "Invalid argument" "$(switch fast)"
expect_eq "switch to $other while it is bound" "Device or resource busy" "$(switch $other)"
expect_eq "model after it" "$mode" "$(model)"
expect_eq "switch to full (with white space) while it is bound" "Device or resource busy" "$(switch ' full ')"
expect_eq "write of the mode already set ($mode) while it is bound" "" "$(switch "$mode")"
expect_eq "model after it" "$mode" "$(model)"
expect_eq "switches the kernel applied while it was bound" "$before" "$(applied)"
echo >&"$B3_in"
read -r line <&"$B3_out"; expect_eq "UNBIND" "unbind: OK" "$line"
wait "$B3_pid" 2>/dev/null || true
expect_eq "switch to full once nothing is bound" "" "$(switch full)"
expect_eq "model after it" full "$(model)"
echo "$mode" > "$PM"
kill "$target"
expect_module_empty
grep -q sched_dynamic_write /sys/kernel/debug/kprobes/list && fail "the hook on sched_dynamic_write outlived the last shadow"

echo "-- the end of a livepatch transition does not pass through full preemption (at ${SECONDS}s)"
# On 6.12 the end of every livepatch transition re-applies the preemption
# model (sched_dynamic_klp_disable()), passing through full preemption like
# any switch. While shadows exist it goes to the module's copy, which only
# gives cond_resched back its target. klpmod is the kernel's livepatch
# sample: loading it and disabling it are two transitions. 6.1 has no such
# path: nothing is hooked there, and the livepatch works as well.
klp=$root/.build/klpmod/$(uname -r)/klpmod.ko
[ -f "$klp" ] || fail "no $klp (built by tests/vm/module-hardening.sh)"
K=/sys/kernel/livepatch/klpmod
klp_wait() {
	local i
	for i in $(seq 300); do [ "$(cat $K/transition)" = 0 ] && return; sleep 0.1; done
	fail "the livepatch transition did not end in 30 s: $(dmesg | tail -4)"
}
# Once unpatched, a disabled livepatch is freed, its directory with it.
klp_gone() {
	local i
	for i in $(seq 300); do [ -e $K ] || return 0; sleep 0.1; done
	fail "the disabled livepatch is still there after 30 s: $(dmesg | tail -4)"
}
sleep 600 & target=$!
coproc B8 { shk bind "$target" -p "$multi" -u; }
coproc_fds B8
read -r line <&"$B8_out"; expect_eq "BIND of a shadow with a multi-instruction patch" bound "$line"
insmod "$klp" || fail "cannot load the livepatch $klp"
klp_wait
expect_eq "/proc/cmdline with the livepatch" "this has been live patched" "$(cat /proc/cmdline)"
echo 0 > $K/enabled
klp_gone
[ "$(cat /proc/cmdline)" != "this has been live patched" ] || fail "the livepatch is still live after disabling it"
if grep -qw sched_dynamic_klp_disable /proc/kallsyms; then
	grep -q sched_dynamic_klp_disable /sys/kernel/debug/kprobes/list || fail "no hook on sched_dynamic_klp_disable while a shadow exists"
	expect_eq "livepatch transition ends through the module's copy" "klp_redirected=2" "$(sed 's/.* //' $SP)"
else
	expect_eq "livepatch transition ends through the module's copy (no such path)" "klp_redirected=0" "$(sed 's/.* //' $SP)"
fi
expect_eq "model after the transitions" "$mode" "$(model)"
rmmod klpmod
echo >&"$B8_in"
read -r line <&"$B8_out"; expect_eq "UNBIND" "unbind: OK" "$line"
wait "$B8_pid" 2>/dev/null || true
kill "$target"
expect_module_empty
grep -q sched_dynamic_klp_disable /sys/kernel/debug/kprobes/list && fail "the hook on sched_dynamic_klp_disable outlived the last shadow"

echo "-- lazy TLB: a CPU lazily on an mm bound to a multi-instruction patch keeps its view (at ${SECONDS}s)"
"$(dirname "$0")/lazy-tlb.sh"

echo "-- lockdown (at ${SECONDS}s)"
spec=$(ret_patch 7)
off=${spec%%=*}
expect_eq "PATCH before lockdown" OK "$(shk patch "$off" "${spec#*=}")"
mount -t securityfs none /sys/kernel/security 2>/dev/null || true
echo integrity > /sys/kernel/security/lockdown
cat /sys/kernel/security/lockdown
expect_eq "PATCH under integrity lockdown" EPERM "$(shk patch "$off" "${spec#*=}")"
dmesg | grep -q "PATCH refused for pid .*: the kernel is locked down (integrity)" || fail "no dmesg line for PATCH under lockdown"
expect_eq "CHECK under integrity lockdown" OK "$(shk check "$off" "${spec#*=}")"
expect_eq "entry probe under integrity lockdown" 1 "$(probe -f __x64_sys_getppid -- true | sed -n 's/^attached=//p')"
expect_eq "offset probe under integrity lockdown" 1 "$(probe -k offset -f "$off" -- true | sed -n 's/^attached=//p')"
echo confidentiality > /sys/kernel/security/lockdown
cat /sys/kernel/security/lockdown
expect_eq "offset probe under confidentiality lockdown" EPERM "$(probe -k offset -f "$off" -- true | sed -n 's/^attach=//p')"
dmesg | grep -q "refused: the kernel is locked down (confidentiality)" || fail "no dmesg line for the offset probe under lockdown"
expect_eq "entry probe under confidentiality lockdown" 1 "$(probe -f __x64_sys_getppid -- true | sed -n 's/^attached=//p')"
expect_module_empty
echo "hardening: all checks passed"
