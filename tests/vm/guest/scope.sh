#!/bin/bash
# What a trace's scope is, exactly (README "Tools", docs/design.md "Scope"):
#   -c CMD          from CMD's own exec: not one call of the launcher's
#   -p A,B -p C     several processes in one shadow, until all have exited
#   --cgroup PATH   its processes at the start, those moved in and those
#                   forked inside later; not one that left, nor an outsider
#   scope.sh [c|p|cgroup]...   only those parts (default: all)
. "$(dirname "$0")/lib.sh"
cd "$root"
T=bin/shadowtrace
N=3000
parts=${*:-c p cgroup}
want() { case " $parts " in *" $1 "*) ;; *) return 1 ;; esac; }

# The value of a keyless aggregation @NAME printed by printa("NAME=%@d\n", @NAME).
val() { sed -n "s/^$1=//p" "$2"; }
# Waits up to 120 s for COMMAND to succeed.
await() { for _ in $(seq 600); do eval "$1" && return; sleep 0.2; done; fail "waited in vain for: $1"; }
# Waits for the tracer started in the background ($tracer), shows its output
# (/tmp/NAME.out, .err); its exit status in $rc.
finish() {
	set +e
	wait "$tracer"
	rc=$?
	set -e
	cat "/tmp/$1.out" "/tmp/$1.err"
}
bound() { grep -q 'anon_inode:\[shadowk\]' "/proc/$1/maps"; }
# waiter NAME: starts syscall-count -W in the background, its pid in $NAME
# (upper case): it makes its getppid() calls once "go NAME" releases it.
# The FIFO is opened read-write here, so that neither side blocks opening it.
waiter() {
	local fd
	rm -f "/tmp/$1.go"
	mkfifo "/tmp/$1.go"
	exec {fd}<>"/tmp/$1.go"
	eval "fd_$1=$fd"
	syscall-count -W $N 0 <"/tmp/$1.go" >"/tmp/$1.count" 2>/dev/null &
	eval "${1^^}=$!"
}
go() { eval "echo go >&\$fd_$1"; }

if want c; then
	echo "== -c: exactly the command's own read() calls, at every layer of the syscall"
	# read-count makes exactly 1000 read() calls and nothing else (no C library).
	# __x64_sys_read is the syscall's entry function (on 6.1 an alias that the
	# compiler accepts); ksys_read and vfs_read are below it. Nothing filters
	# by process: the gate shell's read of its FIFO line and the exec would count.
	trace c -v -c "read-count 1000" -e '
		fbt::__x64_sys_read:entry { @sys = count(); }
		fbt::ksys_read:entry { @ksys = count(); }
		fbt::vfs_read:entry { @vfs = count(); }
		fbt::vfs_read:entry { @[execname] = count(); }
		END { printa("sys=%@d\n", @sys); printa("ksys=%@d\n", @ksys); printa("vfs=%@d\n", @vfs); }'
	expect_eq "-c exit status" 0 "$rc"
	expect_eq "-c: __x64_sys_read calls" 1000 "$(val sys /tmp/c.out)"
	expect_eq "-c: ksys_read calls" 1000 "$(val ksys /tmp/c.out)"
	expect_eq "-c: vfs_read calls" 1000 "$(val vfs /tmp/c.out)"
	expect_eq "-c: every vfs_read is read-count's" 1000 "$(row read-count /tmp/c.out)"
	expect_eq "-c: no other process's row" 1 "$(grep -cE '^ +[^ ]+ +[0-9]+$' /tmp/c.out)"
	echo "== -c: a command that execs again stays traced (the exec policy applies from its own exec)"
	trace c2 -c "sh -c 'exec read-count 200'" -e 'fbt::vfs_read:entry /execname == "read-count"/ { @n = count(); }
		END { printa("n=%@d\n", @n); }'
	expect_eq "-c exec: exit status" 0 "$rc"
	expect_eq "-c exec: read-count's calls" 200 "$(val n /tmp/c2.out)"
fi

if want p; then
	echo "== -p A,B -p C: three processes in one shadow; an untraced one with the same calls counts nothing"
	for w in a b c o; do waiter $w; done
	$T -v -p "$A,$B" -p "$C" -e 'fbt::__x64_sys_getppid:entry { @[pid] = count(); }' >/tmp/p.out 2>/tmp/p.err &
	tracer=$!
	await "grep -q '^shadowtrace: tracing pids $A, $B, $C\$' /tmp/p.err"
	for p in $A $B $C; do bound $p || fail "-p: pid $p is not bound"; done
	if bound $O; then fail "-p: the untraced pid $O is bound"; fi
	for w in a o b; do go $w; done
	wait $A $B $O
	kill -0 $tracer || fail "-p: the trace ended while pid $C still runs"
	go c
	wait $C
	finish p
	expect_eq "-p: exit status once all have exited" 0 "$rc"
	for p in $A $B $C; do expect_eq "-p: calls of pid $p" $N "$(row $p /tmp/p.out)"; done
	expect_eq "-p: rows (the untraced pid $O has none)" 3 "$(grep -cE '^ +[0-9]+ +[0-9]+$' /tmp/p.out)"
	for w in a b c o; do expect_eq "-p: pid of $w ran unaffected" "0/$N" "$(cat /tmp/$w.count)"; done
fi

if want cgroup; then
	echo "== --cgroup: members at the start, one moved in, one forked inside; not one moved out, nor an outsider"
	cg=/sys/fs/cgroup/shk-scope
	mkdir "$cg"
	waiter m	# a member when the trace starts
	waiter l	# a member that leaves before its calls
	waiter j	# moved in after the trace started
	waiter o	# never in the cgroup
	# The parent of the one forked inside: a shell in the cgroup that forks
	# syscall-count (its pid in /tmp/f.pid) once a line comes on /tmp/fork.
	rm -f /tmp/fork /tmp/f.go /tmp/f.pid; mkfifo /tmp/fork /tmp/f.go
	exec {fd_fork}<>/tmp/fork {fd_f}<>/tmp/f.go
	sh -c 'read _ </tmp/fork; syscall-count -W '$N' 0 </tmp/f.go >/tmp/f.count 2>/tmp/f.pid; exit 0' &
	S=$!
	for p in $M $L $S; do echo $p >"$cg/cgroup.procs"; done
	$T -v --cgroup shk-scope -e 'fbt::__x64_sys_getppid:entry { @[pid] = count(); }' >/tmp/g.out 2>/tmp/g.err &
	tracer=$!
	await "grep -q '^shadowtrace: tracing cgroup $cg (3 processes)\$' /tmp/g.err"
	for p in $M $L $S; do bound $p || fail "--cgroup: member $p is not bound"; done
	if bound $J; then fail "--cgroup: pid $J is bound before it joined"; fi

	echo $J >"$cg/cgroup.procs"
	await "bound $J"	# the rule: bound at the next poll of cgroup.procs
	echo $L >/sys/fs/cgroup/cgroup.procs
	await "! bound $L"	# the rule: unbound at the next poll
	go fork
	await "[ -s /tmp/f.pid ]"
	F=$(sed -n 's/^pid //p' /tmp/f.pid)
	bound $F || fail "--cgroup: the child $F forked inside is not bound"
	for w in m l j o f; do go $w; done
	wait $M $L $J $O $S
	kill -0 $tracer || fail "--cgroup: the trace ended while the cgroup exists"
	rmdir "$cg"	# ends the trace
	finish g
	expect_eq "--cgroup: exit status once the cgroup is removed" 0 "$rc"
	expect_eq "--cgroup: calls of the member $M" $N "$(row $M /tmp/g.out)"
	expect_eq "--cgroup: calls of $J, moved in" $N "$(row $J /tmp/g.out)"
	expect_eq "--cgroup: calls of $F, forked inside" $N "$(row $F /tmp/g.out)"
	expect_eq "--cgroup: calls of $L, moved out" "" "$(row $L /tmp/g.out)"
	expect_eq "--cgroup: calls of $O, never inside" "" "$(row $O /tmp/g.out)"
	for w in m l j o f; do expect_eq "--cgroup: $w ran unaffected" "0/$N" "$(cat /tmp/$w.count)"; done
fi
expect_module_empty
echo "scope: all checks passed"
