#!/bin/bash
# Coherence: kernel text writes made after a shadow exists reach the
# shadow's copies.
#  1. A static key (a tracepoint's) whose jump-label site lies in a page the
#     shadow copied: enabling the tracepoint from inside the bound process
#     changes the bytes in its view exactly as in the pristine text, and the
#     tracepoint fires for it.
#  2. kprobes through kprobe_events on a function whose page the shadow
#     copied: an ftrace-based kprobe on its entry fires in the shadowed
#     process; an int3 kprobe on the very instruction the shadow replaced
#     does not (the shadow's patch wins there, counted as a conflict), but
#     fires for others.
. "$(dirname "$0")/lib.sh"
T=/sys/kernel/tracing

# --- 1. static key / tracepoint ---
idpatch=
while read -r site at; do
	idpatch=$(identity_patch "$at") && break
done < <(jump-site sched_process_fork)
[ -n "$idpatch" ] || fail "no instruction to rewrite in the page of a jump label of sched_process_fork"
echo "jump label of sched_process_fork at $site; identity patch $idpatch"
pristine_off=$(view-bytes "$site" 5)
cat > /tmp/inside.sh <<EOS
set -e
echo "before=\$(view-bytes $site 5)"
echo 1 > $T/events/sched/sched_process_fork/enable
echo "enabled=\$(view-bytes $site 5)"
/bin/true
echo 0 > $T/events/sched/sched_process_fork/enable
echo "disabled=\$(view-bytes $site 5)"
echo "pid=\$\$"
EOS
echo > $T/trace
out=$(shk run -I -p "$idpatch" -- bash /tmp/inside.sh 2>/tmp/info)
echo "$out"; cat /tmp/info
pristine_on=$(sed -n 's/^enabled=//p' <<<"$out")
expect_eq "view before enabling" "$pristine_off" "$(sed -n 's/^before=//p' <<<"$out")"
[ "$pristine_on" != "$pristine_off" ] || fail "enabling the tracepoint did not change the shadow's view at $site"
expect_eq "view after disabling" "$pristine_off" "$(sed -n 's/^disabled=//p' <<<"$out")"
pid=$(sed -n 's/^pid=//p' <<<"$out")
grep -q "sched_process_fork: comm=bash pid=$pid " $T/trace \
	|| fail "the tracepoint did not fire for the shadowed process $pid: $(grep -c sched_process_fork $T/trace) events"
writes=$(tr ' ' '\n' < /tmp/info | sed -n 's/^coherence_writes=//p')
[ "$writes" -ge 2 ] || fail "coherence_writes=$writes, expected the enable and disable writes"

# --- 2. kprobes ---
spec=$(ret_patch 42)
off=${spec#__x64_sys_getppid+}; off=${off%%=*}
fentry=$((off - 5))
idpatch=$(identity_patch "__x64_sys_getpid+$off")
echo > $T/trace
echo 1 > $T/options/record-tgid	# the calls come from threads; match their process
echo "p:shkt/entry __x64_sys_getpid+$fentry" >> $T/kprobe_events
echo "p:shkt/insn __x64_sys_getpid+$off" >> $T/kprobe_events
mkfifo /tmp/go /tmp/go2
shk run -I -p "$idpatch" -- syscall-count -s getpid -W 1000 0 < /tmp/go 2>/tmp/bound-err &
syscall-count -s getpid -W 700 0 < /tmp/go2 2>/tmp/free-err >/dev/null &
exec 3>/tmp/go 4>/tmp/go2
for _ in $(seq 100); do grep -q '^pid' /tmp/bound-err && grep -q '^pid' /tmp/free-err && break; sleep 0.1; done
bound=$(sed -n 's/^pid //p' /tmp/bound-err)
free=$(sed -n 's/^pid //p' /tmp/free-err)
# Both wait with their start-up calls done; from here each makes exactly N.
echo 1 > $T/events/shkt/enable
echo go >&3
echo go >&4
exec 3>&- 4>&-
wait
echo 0 > $T/events/shkt/enable
cp $T/trace /tmp/trace	# before the events go: the trace cannot print them after
echo "-:shkt/entry" >> $T/kprobe_events
echo "-:shkt/insn" >> $T/kprobe_events
n_insn_bound=$(grep -E -- "\\( *$bound\\)" /tmp/trace | grep -c " insn:" || true)
n_entry_bound=$(grep -E -- "\\( *$bound\\)" /tmp/trace | grep -c " entry:" || true)
n_insn_free=$(grep -E -- "\\( *$free\\)" /tmp/trace | grep -c " insn:" || true)
n_entry_free=$(grep -E -- "\\( *$free\\)" /tmp/trace | grep -c " entry:" || true)
echo "shadowed pid $bound: ftrace kprobe $n_entry_bound, int3 kprobe $n_insn_bound; other pid $free: $n_entry_free, $n_insn_free"
cat /tmp/bound-err
expect_eq "ftrace kprobe hits in the shadowed process" 1000 "$n_entry_bound"
expect_eq "int3 kprobe on the shadow's own bytes, shadowed process" 0 "$n_insn_bound"
expect_eq "ftrace kprobe hits in another process" 700 "$n_entry_free"
expect_eq "int3 kprobe hits in another process" 700 "$n_insn_free"
conflicts=$(grep '^id=' /tmp/bound-err | tr ' ' '\n' | sed -n 's/^coherence_conflicts=//p')
[ "$conflicts" -ge 1 ] || fail "coherence_conflicts=$conflicts, expected the skipped int3 write"
expect_module_empty
