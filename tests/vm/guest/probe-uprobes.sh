#!/bin/bash
# User probes end to end: uprobe:PATH:FUNC and uretprobe:PATH:FUNC on a
# function of a static test program (ucall), one uprobe perf event per traced
# process. Traced with -c and with -p, N calls give exactly N hits with the
# arguments and return values the program used, while a second process running
# the same binary at the same time adds nothing. Also -l for user probes.
. "$(dirname "$0")/lib.sh"
cd "$root"
N=3001
bin=$P/ucall
sum() { echo $(( $1 * ($1 - 1) / 2 + $1 * $2 )); } # sum of i + ARG for i < N

echo "== -c: N calls, arguments and return values; another process running the same binary adds nothing"
rm -f /tmp/stop /tmp/other-runs
(while [ ! -e /tmp/stop ]; do ucall 20000 5 >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
trace c -v -c "ucall $N 7" -e '
uprobe:'$bin':ucall_target { @calls = count(); @arg1[arg1] = count(); @pids[pid] = count(); }
uretprobe:'$bin':ucall_target { @rets = count(); @retsum = sum(retval); }
END { printa("calls %@d\n", @calls); printa("arg1 %d %@d\n", @arg1); printa("rets %@d\n", @rets);
      printa("retsum %@d\n", @retsum); printa("pid %d %@d\n", @pids); }'
touch /tmp/stop
wait $busy
[ -s /tmp/other-runs ] || fail "the other process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "the command's own result" "sum $(sum $N 7)" "$(grep '^sum ' /tmp/c.out)"
expect_eq "entry hits" $N "$(sed -n 's/^calls \([0-9]*\)$/\1/p' /tmp/c.out)"
expect_eq "arg1 values (all 7)" "arg1 7 $N" "$(grep '^arg1 ' /tmp/c.out)"
expect_eq "return hits" $N "$(sed -n 's/^rets \([0-9]*\)$/\1/p' /tmp/c.out)"
expect_eq "sum of retval" "$(sum $N 7)" "$(sed -n 's/^retsum \([0-9]*\)$/\1/p' /tmp/c.out)"
expect_eq "one traced pid" 1 "$(grep -c '^pid ' /tmp/c.out)"
grep -q "user probe site(s) in 1 process(es)" /tmp/c.err || fail "-v does not say where the user probes are"

echo "== -p: a running process, attached before its calls; another process with the same binary adds nothing"
rm -f /tmp/stop /tmp/other-runs /tmp/gate
mkfifo /tmp/gate
(while [ ! -e /tmp/stop ]; do ucall 20000 5 >/dev/null; echo >> /tmp/other-runs; done) &
busy=$!
ucall -w $N 2 < /tmp/gate > /tmp/target.out &
target=$!
exec 8>/tmp/gate
for _ in $(seq 100); do [ -s /tmp/target.out ] && break; sleep 0.1; done
expect_eq "the target's pid" "$target" "$(head -1 /tmp/target.out)"
set +e
"$root/bin/shadowtrace" -v -p $target -e '
uprobe:'$bin':ucall_target { @calls = count(); @arg1[arg1] = count(); }
END { printa("calls %@d\n", @calls); printa("arg1 %d %@d\n", @arg1); }' > /tmp/p.out 2> /tmp/p.err &
tracer=$!
set -e
for _ in $(seq 600); do grep -q "shadowtrace: tracing" /tmp/p.err && break; sleep 0.1; done
grep -q "shadowtrace: tracing" /tmp/p.err || { cat /tmp/p.err; fail "the tracer did not start"; }
echo go >&8
exec 8>&-
wait $target
set +e
wait $tracer
rc=$?
set -e
touch /tmp/stop
wait $busy
cat /tmp/p.out /tmp/p.err
[ -s /tmp/other-runs ] || fail "the other process did not run meanwhile"
expect_eq "exit status" 0 "$rc"
expect_eq "the target's result" "sum $(sum $N 2)" "$(grep '^sum ' /tmp/target.out)"
expect_eq "entry hits" $N "$(sed -n 's/^calls \([0-9]*\)$/\1/p' /tmp/p.out)"
expect_eq "arg1 values (all 2)" "arg1 2 $N" "$(grep '^arg1 ' /tmp/p.out)"

echo "== -l lists the functions of a file"
trace l1 -l "uprobe:$bin:ucall_tar*"
expect_eq "-l uprobe:$bin:ucall_tar*" "uprobe:$bin:ucall_target" "$(cat /tmp/l1.out)"
trace l2 -l "uretprobe:$bin"
grep -qx "uretprobe:$bin:main" /tmp/l2.out || fail "-l uretprobe:$bin does not list main"

echo "== errors: an unknown function is refused with a suggestion"
trace e1 -c "ucall 1" -e "uprobe:$bin:ucall_targe { @ = count(); }"
[ "$rc" != 0 ] || fail "an unknown function was accepted"
grep -q "did you mean 'ucall_target'" /tmp/e1.err || fail "no suggestion for ucall_targe"

echo "probe-uprobes: OK"
