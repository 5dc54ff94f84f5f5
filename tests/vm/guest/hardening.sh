#!/bin/bash
# The module's hardening, in one guest: who may attach probes (capabilities),
# int3 padding is not a breakpoint, a failed union filter never leaves the
# hook tracing every function, a token unmapped while it is being bound
# leaves nothing bound, exec racing an unmap of the token, a set-uid exec
# drops a binding its binder may not ptrace, and (last, since it cannot be
# lowered again) kernel lockdown.
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

# Lockdown (confidentiality) closes tracefs: the residue is checked before.
expect_no_residue /tmp/residue

echo "-- full preemption switched on after CREATE (PREEMPT_DYNAMIC) (at ${SECONDS}s)"
# Root can switch the preemption model at any time; a task may then be
# suspended anywhere, so inside a patch of several instructions. CREATE
# refuses shadows under full preemption; BIND and each such patch must ask
# again. "mov eax, 7; ret" is two instructions, a copy of one pristine
# instruction is one (single-instruction patches, like probe sites, stay
# safe under every model).
PM=/sys/kernel/debug/sched/preempt
mode=$(sed 's/.*(\(.*\)).*/\1/' "$PM")
multi=$(ret_patch 7)
single=$(identity_patch "${multi%%=*}") || fail "no identity patch at ${multi%%=*}"
sleep 600 & target=$!
coproc B1 { shk bind "$target" -p "$multi" -W -u; }
read -r line <&"${B1[0]}"; expect_eq "shadow with a multi-instruction patch" patched "$line"
echo full > "$PM"
grep -q '(full)' "$PM" || fail "cannot switch to full preemption: $(cat "$PM")"
echo >&"${B1[1]}"
read -r line <&"${B1[0]}"
expect_eq "BIND of a shadow with a multi-instruction patch under full preemption" "bind: EOPNOTSUPP" "$line"
wait "$B1_PID" 2>/dev/null || true
dmesg | grep -q "not bound: the kernel now runs with full preemption" || fail "no dmesg line for the refused BIND"
echo "$mode" > "$PM"
coproc B2 { shk bind "$target" -p "$single" -W -L "$multi" -u; }
read -r line <&"${B2[0]}"; expect_eq "shadow with a single-instruction patch" patched "$line"
echo full > "$PM"
echo >&"${B2[1]}"
read -r line <&"${B2[0]}"
expect_eq "a multi-instruction PATCH under full preemption" "late patch: EOPNOTSUPP" "$line"
read -r line <&"${B2[0]}"
expect_eq "BIND of a shadow with single-instruction patches under full preemption" bound "$line"
echo >&"${B2[1]}"
read -r line <&"${B2[0]}"; expect_eq "UNBIND" "unbind: OK" "$line"
wait "$B2_PID" 2>/dev/null || true
dmesg | grep -q "refused: the kernel now runs with full preemption" || fail "no dmesg line for the refused PATCH"
echo "$mode" > "$PM"
kill "$target"
expect_module_empty

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
