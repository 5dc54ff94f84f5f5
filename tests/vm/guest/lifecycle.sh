#!/bin/bash
# Lifecycle: nothing is left behind.
#  - 1000 shadowed processes created and exited (fork + exec of each);
#  - 100 shadows at once, then all closed;
#  - the tracer killed while a process it bound runs: the binding is undone
#    at once, the process runs on with the pristine kernel, the shadow is
#    freed; with SHADOWK_BIND_PERSIST the process keeps its view until it
#    exits, then everything is freed;
#  - rmmod is refused while a shadow is in use, and unload/reload cycles
#    afterwards are clean.
# The module's own page counters return to zero after each step.
. "$(dirname "$0")/lib.sh"
spec=$(ret_patch 42)

shk run -p "$spec" -- sh -c 'i=0; while [ $i -lt 1000 ]; do /bin/true; i=$((i + 1)); done'
binds=$(stat_of binds_total)
echo "1000 processes: binds_total=$binds unbinds_total=$(stat_of unbinds_total)"
[ "$binds" -ge 1001 ] || fail "only $binds binds for 1000 shadowed processes"
expect_eq "binds and unbinds balance" "$binds" "$(stat_of unbinds_total)"
expect_module_empty

out=$(shk many 100 "$spec")
echo "100 shadows: $(head -1 <<<"$out")"
expect_eq "shadows at once" 100 "$(head -1 <<<"$out" | tr ' ' '\n' | sed -n 's/^shadows=//p')"
expect_eq "pages copied by 100 shadows" 100 "$(head -1 <<<"$out" | tr ' ' '\n' | sed -n 's/^pages_copied=//p')"
expect_eq "shadows after closing all" 0 "$(tail -1 <<<"$out" | tr ' ' '\n' | sed -n 's/^shadows=//p')"
expect_module_empty

# Tracer killed: the binding it owned goes with it, while the process runs.
mkfifo /tmp/go /tmp/hold
syscall-count -P 2 10000 42 < /tmp/go > /tmp/counts &
target=$!
exec 3>/tmp/go
shk bind $target -p "$spec" < /tmp/hold > /tmp/bind &
tracer=$!
exec 4>/tmp/hold
for _ in $(seq 100); do grep -q bound /tmp/bind && break; sleep 0.1; done
expect_eq "bind" bound "$(cat /tmp/bind)"
echo go >&3
for _ in $(seq 100); do [ -s /tmp/counts ] && break; sleep 0.1; done
expect_eq "bound process before its tracer is killed" 10000/10000 "$(sed -n 1p /tmp/counts)"
kill -9 $tracer
wait $tracer || true
exec 4>&-
expect_eq "shadows once the tracer is dead" 0 "$(stat_of shadows)"
grep -q 'anon_inode:\[shadowk\]' /proc/$target/maps && fail "still bound after the tracer was killed"
expect_module_empty
echo go >&3
exec 3>&-
wait
expect_eq "the process after its tracer was killed" 0/10000 "$(sed -n 2p /tmp/counts)"
rm /tmp/go /tmp/hold

# Tracer killed, binding made with SHADOWK_BIND_PERSIST: the bound process
# keeps its patch, then exits cleanly.
mkfifo /tmp/go /tmp/hold
syscall-count -P 2 10000 42 < /tmp/go > /tmp/counts &
target=$!
exec 3>/tmp/go
shk bind $target -P -p "$spec" < /tmp/hold > /tmp/bind &
tracer=$!
exec 4>/tmp/hold
for _ in $(seq 100); do grep -q bound /tmp/bind && break; sleep 0.1; done
expect_eq "bind" bound "$(cat /tmp/bind)"
kill -9 $tracer
wait $tracer || true
exec 4>&-
expect_eq "shadow alive while its process is bound" 1 "$(stat_of shadows)"
echo go >&3
for _ in $(seq 100); do [ -s /tmp/counts ] && break; sleep 0.1; done
expect_eq "bound process after its tracer was killed" 10000/10000 "$(sed -n 1p /tmp/counts)"
if rmmod shadowk 2>/dev/null; then fail "rmmod succeeded while a process is bound"; fi
echo go >&3
exec 3>&-
wait
expect_module_empty

for i in 1 2 3 4 5; do
	rmmod shadowk
	insmod "$SHADOWK_KO"
	shk run -p "$spec" -- syscall-count 100 42 > /dev/null
done
expect_module_empty
echo "tracer kill, rmmod refusal, 5 unload/reload cycles: clean"
