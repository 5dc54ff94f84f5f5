#!/bin/bash
# Per-process perf-event providers end to end.
# User probes: uprobe:PATH:FUNC and uretprobe:PATH:FUNC on a function of a
# static test program (ucall), uprobe perf events per traced process,
# inherited by its children. Traced with -c (a shell forking two processes
# that run it) and with -p (two processes in one tracer, -p A,B), N calls
# per process give exactly N hits with the
# arguments and return values the program used, while a second process running
# the same binary at the same time adds nothing; the tracer removes its
# tracefs uprobe definitions at its end, and those of a tracer that is gone at
# its start. Also -l for user probes.
# Profiling: profile:hz:N samples only the traced command and the children it
# starts (inherited CPU-clock events), about N per second of their CPU time,
# never an unrelated busy process. With -p on a process whose work runs in a
# thread it had before the trace (threads, the second of -p A,B), that
# thread is sampled and the child it forks has its user probe hits counted
# exactly.
# Tracepoints: tracepoint:raw_syscalls:sys_enter with a predicate on args->id
# counts exactly the traced command's getppid calls, tracepoint:sched:* its
# forks and exec with string fields (the exec in DTrace's spelling,
# sched:::sched_process_exec), never an unrelated process's; the
# children a traced shell forks after the trace started are in the scope
# (their getppid calls on raw_syscalls:sys_enter, their execs), and those of
# an unrelated shell doing the same are not. DTrace's sched:::on-cpu (an entry
# probe in the shadow) fires in exactly those 6 processes, and after the
# shell's sched:::off-cpu at least once per child it waits for; proc:::create
# fires 5 times in the shell, proc:::exit once in each of the 6 processes,
# proc:::exec before each of the 5 children's execs.
# DTrace's pid provider: pid$target::FUNC:entry/:return on the -c command's
# executable; $target with -c (the command's pid) in predicates; the library a
# -c command will map (pid$target:libc.so.6:syscall:entry, from its DT_NEEDED),
# one it preloads (LD_PRELOAD) and one it dlopen()s after it started (named
# by its file name, found as its dlopen will find it);
# offsets (pid$target::FUNC:OFFSET, uprobe:PATH:FUNC+OFFSET) at ucall_target's
# second instruction (from objdump).
# Kernel data and stacks: kstack(perf, 3) and kstack(2) print at most 3 and 2
# frames in their layouts; curtask->signal->rlim[7].rlim_cur (an array element's
# member) is the command's ulimit -n, curtask->comm[0] and [variable] its name's
# letters; sizeof() and offsetof() from BTF (the file name reached through
# offsetof(struct file, f_path); cat -v, which reads with read(), not
# copy_file_range); out-of-bounds and unknown members fail with
# their position. buf() and copyin(): the bytes cat writes, from user memory
# (a length from args->count), and curtask->comm whole from kernel memory,
# printed with %r and as map keys.
# User stacks: ustack of a uprobe, a syscall probe and a profile probe of a -c
# command, named at END from the command's ELF file after it exited; usym() of
# __libc_start_main's first argument names the command's main while it runs.
. "$(dirname "$0")/lib.sh"
cd "$root"
N=3001
bin=$P/ucall
sum() { echo $(( $1 * ($1 - 1) / 2 + $1 * $2 )); } # sum of i + ARG for i < N
# trace_p NAME PID SCRIPT: bin/shadowtrace -v -p PID -e SCRIPT in the
# background (/tmp/NAME.out, /tmp/NAME.err), returning once it traces; then
# release PID through fd 8 (its gate) and call trace_p_end.
trace_p() {
	set +e
	"$root/bin/shadowtrace" -v -p "$2" -e "$3" > "/tmp/$1.out" 2> "/tmp/$1.err" &
	tracer=$!
	set -e
	for _ in $(seq 600); do grep -q "shadowtrace: tracing" "/tmp/$1.err" && break; sleep 0.1; done
	grep -q "shadowtrace: tracing" "/tmp/$1.err" || { cat "/tmp/$1.err"; fail "the tracer did not start"; }
}
# trace_p_end PID: opens PID's gate, waits for PID and then the tracer
# (which ends with it); the tracer's exit status in $rc.
trace_p_end() {
	echo go >&8
	exec 8>&-
	wait "$1"
	set +e
	wait $tracer
	rc=$?
	set -e
}

echo "== -c: N calls in each of two processes the command forks, arguments and return values; another process running the same binary adds nothing; tracefs definitions of a tracer that is gone are removed, this one's at its end"
tf=/sys/kernel/tracing
[ -w $tf/uprobe_events ] || tf=/sys/kernel/debug/tracing
# A definition as a tracer killed with SIGKILL leaves it (no process 999999: pid_max is 32768 here)
[ "$(cat /proc/sys/kernel/pid_max)" -lt 999999 ] || fail "pid_max $(cat /proc/sys/kernel/pid_max): 999999 could be a tracer"
echo "p:shadowtrace_999999/u0 $bin:0x10" >> $tf/uprobe_events \
	|| fail "cannot define a uprobe event in $tf/uprobe_events"
grep -q "^p:shadowtrace_999999/u0 " $tf/uprobe_events || fail "the stale definition is not there"
rm -f /tmp/stop /tmp/other-runs
(while [ ! -e /tmp/stop ]; do ucall 20000 5 >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
trace c -v -c "sh -c 'ucall $N 7; ucall $N 7'" -e '
uprobe:'$bin':ucall_target { @calls = count(); @arg1[arg1] = count(); @pids[pid] = count(); }
uretprobe:'$bin':ucall_target { @rets = count(); @retsum = sum(retval); }
END { printa("calls %@d\n", @calls); printa("arg1 %d %@d\n", @arg1); printa("rets %@d\n", @rets);
      printa("retsum %@d\n", @retsum); printa("pid %d %@d\n", @pids); }'
touch /tmp/stop
wait $busy
[ -s /tmp/other-runs ] || fail "the other process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "the command's own results" "sum $(sum $N 7) sum $(sum $N 7)" "$(echo $(grep '^sum ' /tmp/c.out))"
expect_eq "entry hits" $((2 * N)) "$(sed -n 's/^calls \([0-9]*\)$/\1/p' /tmp/c.out)"
expect_eq "arg1 values (all 7)" "arg1 7 $((2 * N))" "$(grep '^arg1 ' /tmp/c.out)"
expect_eq "return hits" $((2 * N)) "$(sed -n 's/^rets \([0-9]*\)$/\1/p' /tmp/c.out)"
expect_eq "sum of retval" "$((2 * $(sum $N 7)))" "$(sed -n 's/^retsum \([0-9]*\)$/\1/p' /tmp/c.out)"
expect_eq "hits per traced pid" "pid $N pid $N" "$(echo $(sed -n 's/^pid [0-9]* \([0-9]*\)$/pid \1/p' /tmp/c.out))"
grep -q "user probe site(s) in 1 process(es).*children they fork later are probed too" /tmp/c.err \
	|| fail "-v does not say where the user probes are"
expect_eq "tracefs uprobe definitions left (a gone tracer's, this one's)" "" "$(grep shadowtrace_ $tf/uprobe_events || true)"

echo "== -p A,B: running processes, attached before their calls; another process with the same binary adds nothing; a process whose work runs in a thread it already had: profile samples that thread, user probes follow the child it forks"
# Perf events follow only what the thread they are opened on creates: a
# process attached with -p is followed through each thread it has. One
# tracer takes both processes (-p A,B), which share its maps.
HZ=50
MS=1000
rm -f /tmp/stop /tmp/other-runs /tmp/gate /tmp/gate2
mkfifo /tmp/gate /tmp/gate2
(while [ ! -e /tmp/stop ]; do ucall 20000 5 >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
ucall -w $N 2 < /tmp/gate > /tmp/target.out &
target=$!
threads $MS $N < /tmp/gate2 > /tmp/threads.out &
target2=$!
exec 8>/tmp/gate 9>/tmp/gate2
for _ in $(seq 100); do [ -s /tmp/target.out ] && grep -q '^worker ' /tmp/threads.out && break; sleep 0.1; done
expect_eq "the target's pid" "$target" "$(head -1 /tmp/target.out)"
worker=$(sed -n 's/^worker //p' /tmp/threads.out)
[ -n "$worker" ] || fail "the worker thread did not start: $(cat /tmp/threads.out)"
trace_p p "$target,$target2" '
uprobe:'$bin':ucall_target { @calls = count(); @arg1[arg1] = count(); }
profile:hz:'$HZ' { @samples[tid] = count(); }
uprobe:'$P/threads':thread_target { @tcalls[pid] = count(); @sum = sum(arg0); }
END { printa("calls %@d\n", @calls); printa("arg1 %d %@d\n", @arg1);
      printa("samples %d %@d\n", @samples); printa("tcalls %d %@d\n", @tcalls); printa("sum %@d\n", @sum); }'
echo go >&9
exec 9>&-
wait $target2
trace_p_end $target
touch /tmp/stop
wait $busy
cat /tmp/p.out /tmp/p.err /tmp/threads.out
[ -s /tmp/other-runs ] || fail "the other process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "the target's result" "sum $(sum $N 2)" "$(grep '^sum ' /tmp/target.out)"
expect_eq "entry hits" $N "$(sed -n 's/^calls \([0-9]*\)$/\1/p' /tmp/p.out)"
expect_eq "arg1 values (all 2)" "arg1 2 $N" "$(grep '^arg1 ' /tmp/p.out)"
child=$(sed -n 's/^child //p' /tmp/threads.out)
expect_eq "calls of thread_target in the child the worker forked" "tcalls $child $N" "$(grep '^tcalls ' /tmp/p.out)"
expect_eq "the sum of their arguments" "sum $(( N * (N - 1) / 2 ))" "$(grep '^sum ' /tmp/p.out)"
expect_eq "the threads target's own sum" "sum $(( N * (N - 1) / 2 ))" "$(grep '^sum ' /tmp/threads.out)"
ws=$(sed -n "s/^samples $worker \([0-9]*\)\$/\1/p" /tmp/p.out)
expected=$(( MS * HZ / 1000 ))
{ [ -n "$ws" ] && [ "$ws" -ge $(( expected / 2 )) ] && [ "$ws" -le $(( expected * 3 / 2 )) ]; } \
	|| fail "worker thread $worker: ${ws:-no} samples, expected about $expected (between $(( expected / 2 )) and $(( expected * 3 / 2 )))"
for t in $(sed -n 's/^samples \([0-9]*\) [0-9]*$/\1/p' /tmp/p.out); do
	[ "$t" = "$worker" ] || [ "$t" = "$target2" ] || [ "$t" = "$child" ] || [ "$t" = "$target" ] \
		|| fail "a sample of tid $t, outside the traced processes ($target; $target2, $worker, child $child)"
done
grep -q "profile probe(s) in 2 process(es): one CPU-clock perf event per probe and thread" /tmp/p.err \
	|| fail "-v does not say the profile follows each thread"

echo "== -l lists the functions of a file"
trace l1 -l "uprobe:$bin:ucall_tar*"
expect_eq "-l uprobe:$bin:ucall_tar*" "uprobe:$bin:ucall_target" "$(cat /tmp/l1.out)"

echo "== profile: only the command and its children, about HZ samples per CPU second"
rm -f /tmp/stop
(spin 1000000 > /tmp/unrelated.out) &
unrelated=$!
trace prof -v -c "sh -c 'echo sh \$\$; spin $MS & spin $MS; wait'" -e '
profile:hz:'$HZ' { @samples[pid] = count(); @all = count(); }
END { printa("samples %d %@d\n", @samples); printa("all %@d\n", @all); }'
kill $unrelated; wait $unrelated || true
other=$(sed -n 's/^spin //p' /tmp/unrelated.out)
[ -n "$other" ] || fail "the unrelated process did not run"
expect_eq "exit status" 0 "$rc"
scope=$(sed -n 's/^\(sh\|spin\) \([0-9]*\)$/\2/p' /tmp/prof.out | sort | tr '\n' ' ')
expect_eq "the traced processes (sh and two children)" 3 "$(echo $scope | wc -w)"
for p in $(sed -n 's/^samples \([0-9]*\) [0-9]*$/\1/p' /tmp/prof.out); do
	case " $scope" in *" $p "*) ;; *) fail "a sample of pid $p, outside the traced processes ($scope); unrelated $other" ;; esac
done
for p in $(sed -n 's/^spin \([0-9]*\)$/\1/p' /tmp/prof.out); do
	grep -q "^samples $p [0-9]" /tmp/prof.out || fail "no sample of the child spin $p"
done
# Two children burn MS ms of CPU each: 2 * MS / 1000 * HZ samples expected.
# The CPU clock's timer runs in guest time while a child is on the CPU, so
# under TCG the count depends only on how much CPU time they get: allow half
# to one and a half of it (the tick rounding of when a child starts and ends).
all=$(sed -n 's/^all \([0-9]*\)$/\1/p' /tmp/prof.out)
expected=$(( 2 * MS * HZ / 1000 ))
[ "$all" -ge $(( expected / 2 )) ] && [ "$all" -le $(( expected * 3 / 2 )) ] \
	|| fail "$all samples, expected about $expected (between $(( expected / 2 )) and $(( expected * 3 / 2 )))"
grep -q "profile probe(s) in 1 process(es)" /tmp/prof.err || fail "-v does not say where the profile probe is"

echo "== tracepoint:raw_syscalls:sys_enter: the traced command's N getppid calls, none of an unrelated one"
rm -f /tmp/stop /tmp/other-runs
(while [ ! -e /tmp/stop ]; do syscall-count 2000 0 >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
trace tp -v -c "syscall-count $N 0" -e '
tracepoint:raw_syscalls:sys_enter /args->id == 110/ { @calls = count(); @pids[pid] = count(); }
END { printa("calls %@d\n", @calls); printa("pid %d %@d\n", @pids); }'
touch /tmp/stop
wait $busy
[ -s /tmp/other-runs ] || fail "the other process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "getppid entries (args->id == 110)" $N "$(sed -n 's/^calls \([0-9]*\)$/\1/p' /tmp/tp.out)"
expect_eq "one traced pid" 1 "$(grep -c '^pid ' /tmp/tp.out)"
grep -q "1 tracepoint(s), scoped to 1 process(es) by a test in the program (a hash lookup of the pid): raw_syscalls:sys_enter for every task (the module cannot hold this tracepoint in a shadow" /tmp/tp.err \
	|| fail "-v does not say how the tracepoint is scoped, and why raw_syscalls:sys_enter stays enabled for every task"

echo "== tracepoint:sched: the traced shell's 5 forks and its children's 10 threads (char array args->parent_comm), 6 execs (__data_loc args->filename, in DTrace's spelling sched:::sched_process_exec, and as DTrace's own proc:::exec-success); its 5 children, forked after the trace started, are in the scope: 5 x 2 threads x 7 getppid calls; an unrelated shell doing the same adds nothing"
rm -f /tmp/stop /tmp/other-runs
loop='i=0; while [ $i -lt 5 ]; do syscall-count -t 2 7 0 >/dev/null; i=$((i+1)); done'
(while [ ! -e /tmp/stop ]; do sh -c "$loop"; echo >> /tmp/other-runs; done) &
busy=$!
trace sched -v -c "sh -c '$loop'" -e '
tracepoint:sched:sched_process_fork { @forks[str(args->parent_comm)] = count(); @parents[args->parent_pid] = count(); }
sched:::sched_process_exec { printf("exec %s\n", str(args->filename)); }
proc:::exec-success { @dtrace_execs = count(); }
tracepoint:raw_syscalls:sys_enter /args->id == 110 && comm == "syscall-count"/ { @getppid = count(); @children[pid] = count(); }
sched:::off-cpu /args->prev_pid == tid/ { self->off = timestamp; }
sched:::on-cpu { @oncpu[pid] = count(); }
sched:::on-cpu /self->off/ { @back[comm] = count(); self->off = 0; }
proc:::create { @creates[pid] = count(); }
proc:::exit { @exits[pid] = count(); }
proc:::exec { @before[str(args->bprm->filename)] = count(); }
BEGIN { printf("target %d\n", $target); }
END { printa("forks %s %@d\n", @forks); printa("parent %d %@d\n", @parents); printa("getppid %@d\n", @getppid);
	printa("child %d %@d\n", @children); printa("dtrace execs %@d\n", @dtrace_execs); printa("oncpu %d %@d\n", @oncpu);
	printa("back %s %@d\n", @back); printa("create %d %@d\n", @creates); printa("exit %d %@d\n", @exits);
	printa("before %s %@d\n", @before); }'
touch /tmp/stop
wait $busy
[ -s /tmp/other-runs ] || fail "the other shell did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "forks by the traced shell" "forks sh 5" "$(grep '^forks sh ' /tmp/sched.out)"
expect_eq "thread creations by its children (5 x 2)" "forks syscall-count 10" "$(grep '^forks syscall-count ' /tmp/sched.out)"
expect_eq "no other forks" 2 "$(grep -c '^forks ' /tmp/sched.out)"
expect_eq "forking pids: the shell and its 5 children" 6 "$(grep -c '^parent ' /tmp/sched.out)"
expect_eq "six execs: the traced command's and its 5 children's" 6 "$(grep -c '^exec ' /tmp/sched.out)"
grep -q '^exec /.*/sh$' /tmp/sched.out || fail "the exec's file name is not the shell's path"
expect_eq "the children's execs" 5 "$(grep -c '^exec /.*/syscall-count$' /tmp/sched.out)"
expect_eq "DTrace's proc:::exec-success: the same six execs" "dtrace execs 6" "$(grep '^dtrace execs ' /tmp/sched.out)"
expect_eq "getppid calls of the 5 children (2 threads x 7 each)" "getppid 70" "$(grep '^getppid ' /tmp/sched.out)"
expect_eq "5 children, 14 calls each" "14 14 14 14 14" "$(echo $(sed -n 's/^child [0-9]* \([0-9]*\)$/\1/p' /tmp/sched.out))"
grep -q "children forked later join the scope at their fork" /tmp/sched.err \
	|| fail "-v does not say that the tracepoints' scope follows children"
# sched:::on-cpu, an entry probe in the shadow: every thread of the 6 processes comes on CPU, no other
expect_eq "pids coming on CPU: the shell's and its 5 children's" \
	"$(echo $( (sed -n 's/^parent \([0-9]*\) .*/\1/p' /tmp/sched.out; sed -n 's/^child \([0-9]*\) .*/\1/p' /tmp/sched.out) | sort -un))" \
	"$(echo $(sed -n 's/^oncpu \([0-9]*\) .*/\1/p' /tmp/sched.out | sort -n))"
back=$(sed -n 's/^back sh \([0-9]*\)$/\1/p' /tmp/sched.out)
[ "${back:-0}" -ge 5 ] || fail "the shell went off CPU and came back $back times, fewer than its 5 waits for a child"
# proc:::create in the forking thread, once per new process (not per thread); proc:::exit once per process
target=$(sed -n 's/^target \([0-9]*\)$/\1/p' /tmp/sched.out)
expect_eq "proc:::create: the shell's 5 children, none of their 10 threads" "create $target 5" "$(echo $(grep '^create ' /tmp/sched.out))"
# (the command's own exec is not among them: -c binds it from that exec on, AT_NEXT_EXEC, so the launcher
# execs on the pristine kernel)
expect_eq "proc:::exec: before the 5 children's execs, with the file names exec was given" \
	"before syscall-count 5" "$(echo $(grep '^before ' /tmp/sched.out | sed 's|before [^ ]*/|before |' | sort))"
expect_eq "proc:::exit: once in each of the 6 processes" \
	"$(echo $( (sed -n 's/^parent \([0-9]*\) .*/\1/p' /tmp/sched.out; sed -n 's/^child \([0-9]*\) .*/\1/p' /tmp/sched.out) | sort -un | sed 's/$/:1/'))" \
	"$(echo $(sed -n 's/^exit \([0-9]*\) \([0-9]*\)$/\1:\2/p' /tmp/sched.out | sort -n))"

echo "== a tracepoint held in the shadow: its sites jump in the traced command's view and keep the NOP in the pristine text; an unrelated process's forks are not seen; an ftrace user of the same tracepoint gets it back for every task, and the trace goes on counting"
tf=/sys/kernel/tracing
[ -d $tf/events ] || tf=/sys/kernel/debug/tracing
dbg=/sys/kernel/debug/shadowk/tracepoints
sites() { echo $(text-hash --jump-sites sched_process_fork); }
before=$(sites)
[ -n "$before" ] || fail "sched_process_fork has no jump site in the core text"
expect_eq "sites before the trace" "$(echo $before | sed 's/[a-z]*/nop/g')" "$before"
given=$(sed -n 's/.*given_back=\([0-9]*\).*/\1/p' $dbg)
rm -f /tmp/tpfifo /tmp/tpview
mkfifo /tmp/tpfifo
set +e
"$root/bin/shadowtrace" -v -c "sh -c '/bin/true; /bin/true; /bin/true; text-hash --jump-sites sched_process_fork > /tmp/tpview; read x < /tmp/tpfifo; /bin/true; /bin/true; /bin/true; /bin/true'" -e '
tracepoint:sched:sched_process_fork { @forks[args->parent_pid] = count(); }
BEGIN { printf("target %d\n", $target); }
END { printa("parent %d %@d\n", @forks); }' > /tmp/held.out 2> /tmp/held.err &
tracer=$!
set -e
for _ in $(seq 1200); do [ -s /tmp/tpview ] && break; sleep 0.1; done
[ -s /tmp/tpview ] || { cat /tmp/held.err; fail "the traced command did not reach its wait"; }
cat $dbg
expect_eq "the traced command's view: every site jumps" "$(echo $before | sed 's/nop/jmp/g')" "$(echo $(cat /tmp/tpview))"
expect_eq "the pristine view (an untraced shell): every site holds the NOP" "$before" "$(sites)"
grep -q "^sched_process_fork shadow=[0-9]* sites=$(echo $before | wc -w) key=0\$" $dbg \
	|| fail "shadowk does not hold sched_process_fork with its key off"
sh -c '/bin/true; /bin/true' # an unrelated process forks while the tracepoint is held
echo > $tf/trace
echo 1 > $tf/events/sched/sched_process_fork/enable
cat $dbg
grep -q "^sched_process_fork " $dbg && fail "sched_process_fork is still held after ftrace enabled it"
expect_eq "tracepoints given back" $((given + 1)) "$(sed -n 's/.*given_back=\([0-9]*\).*/\1/p' $dbg)"
expect_eq "the pristine view once ftrace enabled it: every site jumps" "$(echo $before | sed 's/nop/jmp/g')" "$(sites)"
sh -c '/bin/true' # another unrelated fork: ftrace sees it, the trace does not
grep -q "sched_process_fork: comm=sh pid=" $tf/trace || { cat $tf/trace; fail "ftrace did not record an unrelated shell's fork"; }
echo go > /tmp/tpfifo
set +e
wait $tracer
rc=$?
set -e
echo 0 > $tf/events/sched/sched_process_fork/enable
cat /tmp/held.out /tmp/held.err
expect_eq "exit status" 0 "$rc"
target=$(sed -n 's/^target \([0-9]*\)$/\1/p' /tmp/held.out)
expect_eq "forks seen: the traced shell's 8 (3, text-hash, then 4 after ftrace took the tracepoint), no other process's" \
	"parent $target 8" "$(echo $(grep '^parent ' /tmp/held.out))"
grep -q "sched:sched_process_fork in the shadow only ($(echo $before | wc -w) jump site(s)" /tmp/held.err \
	|| fail "-v does not say that the tracepoint is held in the shadow"
grep -q "task:task_newtask in the shadow only" /tmp/held.err || fail "-v does not say that the fork follower's tracepoint is held"
grep -q "sched:sched_process_free for every task" /tmp/held.err || fail "-v does not say that the exit follower's tracepoint is global"
expect_eq "sites after the trace and ftrace" "$before" "$(sites)"
grep -q "^hooked=0 " $dbg || fail "shadowk's tracepoint hooks are still armed after the trace: $(cat $dbg)"

echo "== -l lists the tracepoints of every category"
trace l2 -l 'tracepoint:sched:sched_process_*'
grep -qx 'tracepoint:sched:sched_process_fork' /tmp/l2.out || fail "-l does not list sched_process_fork"
grep -qx 'tracepoint:sched:sched_process_exec' /tmp/l2.out || fail "-l does not list sched_process_exec"
trace l3 -l 'tracepoint:raw_syscalls:*'
expect_eq "-l tracepoint:raw_syscalls:*" "tracepoint:raw_syscalls:sys_enter tracepoint:raw_syscalls:sys_exit" "$(echo $(cat /tmp/l3.out))"

echo "== pid\$target::FUNC:entry and :return on the -c command's executable; another process running it adds nothing"
rm -f /tmp/stop /tmp/other-runs
(while [ ! -e /tmp/stop ]; do ucall 20000 5 >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
trace pid -c "ucall $N 3" -e '
pid$target::ucall_target:entry { @calls = count(); @arg1[arg1] = count(); }
pid$target::ucall_target:return { @rets = count(); }
END { printa("calls %@d\n", @calls); printa("arg1 %d %@d\n", @arg1); printa("rets %@d\n", @rets); }'
touch /tmp/stop
wait $busy
[ -s /tmp/other-runs ] || fail "the other process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "entry hits" $N "$(sed -n 's/^calls \([0-9]*\)$/\1/p' /tmp/pid.out)"
expect_eq "arg1 values (all 3)" "arg1 3 $N" "$(grep '^arg1 ' /tmp/pid.out)"
expect_eq "return hits" $N "$(sed -n 's/^rets \([0-9]*\)$/\1/p' /tmp/pid.out)"

echo "== \$target with -c: the command's pid in a predicate, and pid\$target:libc.so.6:FUNC:entry on the library it will map"
trace tgt -c "syscall-count $N 0" -e '
BEGIN { printf("target %d\n", $target); }
syscall::getppid:entry /pid == $target/ { @mine = count(); }
pid$target:libc.so.6:syscall:entry { @libc = count(); @libpids[pid == $target] = count(); }
END { printa("mine %@d\n", @mine); printa("libc %@d\n", @libc); printa("libpid %d %@d\n", @libpids); }'
expect_eq "exit status" 0 "$rc"
grep -qx "[0-9]*/$N" /tmp/tgt.out || fail "the command did not make its $N calls"
grep -q '^target [1-9][0-9]*$' /tmp/tgt.out || fail "BEGIN does not print \$target"
expect_eq "getppid entries with pid == \$target" $N "$(sed -n 's/^mine \([0-9]*\)$/\1/p' /tmp/tgt.out)"
expect_eq "libc's syscall() entries" $N "$(sed -n 's/^libc \([0-9]*\)$/\1/p' /tmp/tgt.out)"
expect_eq "every libc hit has pid == \$target" "libpid 1 $N" "$(grep '^libpid ' /tmp/tgt.out)"

echo "== pid\$target:LIB on a -c command's preloaded library (LD_PRELOAD) and on one it dlopen()s later (its file name, found as its dlopen finds it); another process doing the same adds nothing"
mkdir -p /tmp/dl
cp "$P/libstdl.so" /tmp/dl/libstdl.so
cp "$P/libstdl.so" /tmp/dl/libpre.so
rm -f /tmp/stop /tmp/other-runs
(while [ ! -e /tmp/stop ]; do LD_LIBRARY_PATH=/tmp/dl LD_PRELOAD=libpre.so dlcall 2000 2000 libstdl.so >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
LD_LIBRARY_PATH=/tmp/dl LD_PRELOAD=libpre.so trace dl -c "dlcall $N 1234 libstdl.so" -e '
pid$target:libpre:stdl_target:entry { @pre = count(); }
pid$target:libstdl.so:stdl_target:entry { @dl = count(); @dlpids[pid == $target] = count(); }
pid$target:libstdl.so:stdl_target:return { @dlret = sum(retval); }
END { printa("hits-pre %@d\n", @pre); printa("hits-dl %@d\n", @dl); printa("dlpid %d %@d\n", @dlpids);
      printa("dlret %@d\n", @dlret); }'
touch /tmp/stop
wait $busy
[ -s /tmp/other-runs ] || fail "the other process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "the command's own result" "pre $(( N * (N - 1) )) dl $(( 1234 * 1233 ))" "$(echo $(grep -E '^(pre|dl) ' /tmp/dl.out))"
expect_eq "entries of the preloaded library's stdl_target" $N "$(sed -n 's/^hits-pre \([0-9]*\)$/\1/p' /tmp/dl.out)"
expect_eq "entries of the dlopen()ed library's stdl_target" 1234 "$(sed -n 's/^hits-dl \([0-9]*\)$/\1/p' /tmp/dl.out)"
expect_eq "every dlopen()ed library hit has pid == \$target" "dlpid 1 1234" "$(grep '^dlpid ' /tmp/dl.out)"
expect_eq "sum of its return values" $(( 1234 * 1233 )) "$(sed -n 's/^dlret \([0-9]*\)$/\1/p' /tmp/dl.out)"

echo "== pid\$target::FUNC:OFFSET and uprobe:PATH:FUNC+OFFSET: the second instruction of ucall_target, N hits"
# The offset of ucall_target's second instruction, from the disassembly (an offset must start an instruction).
second=$(objdump -d --no-show-raw-insn "$bin" | awk '/<ucall_target>:$/ { on = 1; next } on && NF == 0 { exit } on { sub(":", "", $1); print $1 }' | sed -n 2p)
start=$(nm "$bin" | awk '$3 == "ucall_target" { print $1 }')
[ -n "$second" ] && [ -n "$start" ] || fail "cannot find ucall_target's instructions in $bin"
off=$(( 0x$second - 0x$start ))
[ "$off" -gt 0 ] || fail "ucall_target's second instruction at offset $off"
trace off -c "ucall $N 3" -e '
pid$target::ucall_target:'$(printf %x $off)' { @dtrace = count(); }
uprobe:'$bin':ucall_target+'$off' { @bpftrace = count(); }
END { printa("dtrace %@d\n", @dtrace); printa("bpftrace %@d\n", @bpftrace); }'
expect_eq "exit status" 0 "$rc"
expect_eq "pid\$target::ucall_target:$(printf %x $off) hits" $N "$(sed -n 's/^dtrace \([0-9]*\)$/\1/p' /tmp/off.out)"
expect_eq "uprobe:...:ucall_target+$off hits" $N "$(sed -n 's/^bpftrace \([0-9]*\)$/\1/p' /tmp/off.out)"

echo "== kstack(perf, 3), kstack(2), array elements, sizeof and offsetof in the real verifier and kernel"
echo lang-data > /tmp/lang-data
trace lang -c "sh -c 'ulimit -n 333; exec cat -v /tmp/lang-data'" -e '
fbt::vfs_read:entry /comm == "cat"/ {
	@perf[kstack(perf, 3)] = count(); @two[kstack(2)] = count();
	@nofile[curtask->signal->rlim[7].rlim_cur] = count();
	@letters[curtask->comm[0], curtask->comm[(arg2 & 0) + 1]] = count();
	@sizes[sizeof(struct path), sizeof(curtask->comm)] = count();
	@name[str(((struct path *)(args->file + offsetof(struct file, f_path)))->dentry->d_name.name)] = count();
	@comm[buf(curtask->comm)] = count();
	$t = curtask; $r = $t->signal->rlim[7]; @typed[$r.rlim_cur, $t->in_iowait] = count(); self->f = args->file; }
fbt::vfs_read:return /self->f/ { @rname[str(self->f->f_path.dentry->d_name.name)] = count(); self->f = 0; }
syscall::write:entry /comm == "cat"/ {
	printf("buf [%r] [%s]\n", buf(args->buf, args->count), stringof(copyin(arg1, 4))); @wb[buf(arg1, 5)] = count();
	printf("hex [%rh] [%rx]\n", buf(args->buf, 3), buf(args->buf, 2)); tracemem(args->buf, 10); }
END { printa("typed %d %d %@d\n", @typed); printa("rname %s %@d\n", @rname); printa("nofile %d %@d\n", @nofile); printa("letters %d %d %@d\n", @letters); printa("sizes %d %d %@d\n", @sizes);
	printa("name %s %@d\n", @name); printa("perf%k\n", @perf); printa("two%k\n", @two);
	printa("comm %r %@d\n", @comm); printa("wb %r %@d\n", @wb); }'
expect_eq "exit status" 0 "$rc"
expect_eq "the command's output" lang-data "$(grep -x lang-data /tmp/lang.out)"
grep -q '^nofile 333 [0-9]' /tmp/lang.out || fail "curtask->signal->rlim[7].rlim_cur is not ulimit -n 333"
grep -q '^letters 99 97 [0-9]' /tmp/lang.out || fail "curtask->comm[0] and comm[1] are not 'c' (99) and 'a' (97)"
expect_eq "sizeof(struct path), sizeof(curtask->comm)" 1 "$(grep -c '^sizes 16 16 [0-9]' /tmp/lang.out)"
grep -q '^name lang-data [0-9]' /tmp/lang.out || fail "no read of lang-data through offsetof(struct file, f_path)"
expect_eq "buf() of the user buffer of write(2), its length args->count; stringof(copyin())" \
	"buf [lang-data\x0a] [lang]" "$(grep '^buf ' /tmp/lang.out)"
expect_eq "buf(curtask->comm): a kernel char[16], whole" 1 \
	"$(grep -c '^comm cat\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00 [0-9]' /tmp/lang.out)"
expect_eq "buf(arg1, 5) as a map key" "wb lang- 1" "$(grep '^wb ' /tmp/lang.out)"
grep -q '^typed 333 0 [0-9]' /tmp/lang.out || fail "typed variables: \$r = \$t->signal->rlim[7], \$r.rlim_cur is not 333, or the bit field in_iowait is not 0"
grep -q '^rname lang-data [0-9]' /tmp/lang.out || fail "self->f = args->file at entry, self->f->f_path.dentry at return: no lang-data"
expect_eq "%rh and %rx of write(2)'s buffer" 'hex [6c 61 6e] [\x6c\x61]' "$(grep '^hex ' /tmp/lang.out)"
expect_eq "tracemem(args->buf, 10) as DTrace dumps it" "         0: 6c 61 6e 67 2d 64 61 74 61 0a                    lang-data." \
	"$(grep '^         0: ' /tmp/lang.out)"
# Each stack block: its header line, then its frames, then a blank line.
frames() { awk -v h="$1" '$0 == h { n = 0; on = 1; next } on && $0 == "" { print n; on = 0; next } on { n++ }' /tmp/lang.out; }
[ -n "$(frames perf)" ] && [ -n "$(frames two)" ] || fail "no kstack(perf, 3) or kstack(2) printed"
for n in $(frames perf); do [ "$n" -ge 1 ] && [ "$n" -le 3 ] || fail "a kstack(perf, 3) of $n frames"; done
for n in $(frames two); do [ "$n" -ge 1 ] && [ "$n" -le 2 ] || fail "a kstack(2) of $n frames"; done
perf=$(awk '$0 == "perf" { on = 1; next } on && $0 == "" { on = 0 } on' /tmp/lang.out)
bad=$(printf '%s\n' "$perf" | grep -cvP '^\t[0-9a-f]{16} [A-Za-z_][A-Za-z0-9_.]*(\+0x[0-9a-f]+)?$' || true)
expect_eq "perf-style frames (tab, address, function)" 0 "$bad"
two=$(awk '$0 == "two" { on = 1; next } on && $0 == "" { on = 0 } on' /tmp/lang.out)
bad=$(printf '%s\n' "$two" | grep -cvP '^[A-Za-z_][A-Za-z0-9_.]*(\+0x[0-9a-f]+)?$' || true)
expect_eq "plain frames" 0 "$bad"
trace langerr -c true -e 'fbt::vfs_read:entry { trace(curtask->comm[16]); }
fbt::vfs_read:entry { trace(offsetof(struct path, dentr)); }'
expect_eq "out of bounds and unknown members fail" 1 "$([ "$rc" -ne 0 ] && echo 1)"
grep -q "^<command-line>:1:43: error: index 16 is out of bounds of char\[16\] (0 to 15)" /tmp/langerr.err \
	|| fail "no bounds error with its position"
grep -q "^<command-line>:2:51: error: struct path has no member 'dentr'; did you mean 'dentry'?" /tmp/langerr.err \
	|| fail "no offsetof member error with its position"

echo "== ustack: named from the command's ELF file at END, after it exited"
# The ustack program: main -> outer -> inner 7 times, inner makes a getppid()
# with its own syscall instruction; then it spins in spin_here. A uprobe at
# inner's entry and the getppid() syscall probe both see the user stack inner,
# outer, main, 7 times; a profile has spin_here as its most sampled frame.
U=$P/ustack
trace ust -c "$U 7 1000" -e '
uprobe:'$U':inner { @[ustack] = count(); }
syscall::getppid:entry /comm == "ustack"/ { @sys[ustack(3)] = count(); }
profile:hz:99 { @prof[ustack(1)] = count(); }
pid$target:libc.so.6:__libc_start_main:entry { printf("start %s\n", usym(arg0)); }
END { printa("sys%k %@d\n", @sys); printa("prof%k %@d\n", @prof); }'
expect_eq "exit status" 0 "$rc"
# The command lives on for its 1000 ms spin: the tracer reads its maps meanwhile.
expect_eq "usym() of __libc_start_main's first argument: the command's main" "start main" "$(grep '^start ' /tmp/ust.out)"
# @ prints indented at the end, after END's printa of @sys and @prof, whose
# frames are not indented. The block whose first frames are inner, outer+0x..,
# main+0x.. and its count:
chain=$(awk '/^ +inner$/ { a = NR } a && NR == a + 1 && /^ +outer\+0x[0-9a-f]+$/ { b = NR }
	b && NR == b + 1 && /^ +main\+0x[0-9a-f]+$/ { c = 1 } c && /^ +[0-9]+$/ { print $1; exit }' /tmp/ust.out)
expect_eq "uprobe at inner's entry: ustack inner, outer+0x.., main+0x.., 7 times" 7 "$chain"
sys=$(awk '/^sys$/ { on = 1; next } on' /tmp/ust.out | grep -v '^$' | head -4)
expect_eq "syscall::getppid ustack(3): three frames and the count" "inner+0x outer+0x main+0x 7" \
	"$(printf '%s\n' "$sys" | sed 's/^ *//; s/+0x[0-9a-f]*\( \|$\)/+0x\1/' | tr '\n' ' ' | sed 's/ $//')"
# prof, one frame, its count: the frame with the largest count.
top=$(awk '/^prof$/ { getline f; getline n; print n, f }' /tmp/ust.out | sort -n | tail -1)
case "$top" in *" spin_here+0x"*) ;; *) fail "the most sampled frame of the profile is not spin_here: '$top'" ;; esac

echo "probe-providers: OK"
