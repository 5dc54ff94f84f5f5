#!/bin/bash
# Syscall probes end to end: syscall::NAME:entry/return and bpftrace's
# tracepoint:syscalls:sys_enter_NAME/sys_exit_NAME on the syscall wrappers in
# the traced process's shadow. N opens of a path give N openat events with
# that path read from user memory (args->filename, copyinstr(arg1)); N reads
# of S bytes give N returns of S; an unrelated process doing the same work
# at the same time adds nothing. Also -l for syscall probes, and BTF-typed
# fbt arguments and struct members (args->path->dentry->d_name.name).
. "$(dirname "$0")/lib.sh"
cd "$root"
N=37
S=4093
path=/tmp/probe-syscalls.target
echo hello > $path


echo "== DTrace spelling: args by name, user strings; an unrelated process doing the same adds nothing"
rm -f /tmp/stop /tmp/other-runs
(while [ ! -e /tmp/stop ]; do open-read $path $N $S >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
trace d -c "open-read $path $N $S" -e '
syscall::openat:entry { @opens[str(args->filename)] = count(); }
syscall::openat:entry /copyinstr(arg1) == "'$path'"/ { @byarg1 = count(); }
syscall::read:entry /args->count == '$S'/ { @asked = count(); }
syscall::read:return { @got[args->ret] = count(); }
END { printa("opens %s %@d\n", @opens); printa("byarg1 %@d\n", @byarg1); printa("asked %@d\n", @asked); printa("got %d %@d\n", @got); }'
touch /tmp/stop
wait $busy
[ -s /tmp/other-runs ] || fail "the unrelated process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "the command's own work" "$N/$N" "$(grep -x '[0-9]*/[0-9]*' /tmp/d.out)"
expect_eq "openat events with the path, args->filename" $N "$(sed -n "s|^opens $path \([0-9]*\)\$|\1|p" /tmp/d.out)"
expect_eq "openat events with the path, copyinstr(arg1)" $N "$(sed -n 's/^byarg1 \([0-9]*\)$/\1/p' /tmp/d.out)"
expect_eq "reads asking for $S bytes, args->count" $N "$(sed -n 's/^asked \([0-9]*\)$/\1/p' /tmp/d.out)"
expect_eq "reads returning $S, args->ret" $N "$(sed -n "s/^got $S \([0-9]*\)\$/\1/p" /tmp/d.out)"

echo "== bpftrace spelling: tracepoint:syscalls:sys_enter_/sys_exit_, args.NAME, one event per open"
trace b -c "open-read $path $N $S" -e '
tracepoint:syscalls:sys_enter_openat /str(args.filename) == "'$path'"/ { printf("open %s\n", str(args.filename)); }
tracepoint:syscalls:sys_exit_read /retval == '$S'/ { @reads = count(); }
END { printa("reads %@d\n", @reads); }'
expect_eq "exit status" 0 "$rc"
expect_eq "one event per open, the path read from user memory" $N "$(grep -cx "open $path" /tmp/b.out)"
expect_eq "reads returning $S" $N "$(sed -n 's/^reads \([0-9]*\)$/\1/p' /tmp/b.out)"

echo "== BTF: fbt arguments by name, struct members through pointers, casts and curtask"
# vfs_open(const struct path *path, struct file *file): each open of the path
# gives its dentry's name; vfs_read's args->count is the read's size. The
# kernel's verifier must accept the member reads for the trace to run at all.
trace t -c "open-read $path $N $S" -e '
fbt::vfs_open:entry { printf("name %s\n", str(args->path->dentry->d_name.name)); }
fbt::vfs_read:entry /args->count == '$S'/ { @asked = count(); }
fbt::vfs_read:entry /curtask->pid == tid && str(((struct task_struct *)curtask)->comm) == "open-read"/ { @task = count(); }
END { printa("asked %@d\n", @asked); printa("task %@d\n", @task); }'
expect_eq "exit status" 0 "$rc"
expect_eq "vfs_open of the path, args->path->dentry->d_name.name" $N "$(grep -cx "name ${path##*/}" /tmp/t.out)"
expect_eq "vfs_read of $S bytes, args->count" $N "$(sed -n 's/^asked \([0-9]*\)$/\1/p' /tmp/t.out)"
task=$(sed -n 's/^task \([0-9]*\)$/\1/p' /tmp/t.out)
[ "${task:-0}" -ge $N ] || fail "curtask->pid == tid and curtask->comm in $task vfs_reads, expected at least $N"
trace terr -c true -e 'fbt::vfs_open:entry { trace(args->path->dentr); }'
expect_eq "a wrong member fails" 1 "$([ "$rc" -ne 0 ] && echo 1)"
grep -q "struct path has no member 'dentr'; did you mean 'dentry'?" /tmp/terr.err || fail "no member suggestion"

echo "== -l lists syscall probes in both spellings"
trace l1 -l 'syscall::openat'
expect_eq "-l syscall::openat" "syscall::openat:entry syscall::openat:return" "$(tr '\n' ' ' < /tmp/l1.out | sed 's/ $//')"
trace l2 -l 'tracepoint:syscalls:sys_exit_rea?'
expect_eq "-l tracepoint:syscalls:sys_exit_rea?" "tracepoint:syscalls:sys_exit_read" "$(cat /tmp/l2.out)"
trace l3 -l 'syscall:::entry'
[ "$(wc -l < /tmp/l3.out)" -gt 250 ] || fail "-l syscall:::entry lists $(wc -l < /tmp/l3.out) syscalls"

echo "probe-syscalls: OK"
