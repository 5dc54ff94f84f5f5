#!/bin/bash
# Binding a running multi-threaded process switches all its threads before
# BIND returns; unbinding switches them all back. The 4 threads call
# getppid() continuously while the view changes; every call counted after
# BIND (or UNBIND) returned must see the new view.
. "$(dirname "$0")/lib.sh"
N=20000
T=4
mkfifo /tmp/go /tmp/ctl
syscall-count -t $T -P 3 $N 42 < /tmp/go > /tmp/counts &
target=$!
exec 3>/tmp/go
shk bind $target -p "$(ret_patch 42)" -u < /tmp/ctl > /tmp/bind &
exec 4>/tmp/ctl
for _ in $(seq 100); do grep -q . /tmp/bind && break; sleep 0.1; done
expect_eq "BIND of the running process" bound "$(head -1 /tmp/bind)"
echo go >&3
for _ in $(seq 300); do [ "$(wc -l < /tmp/counts)" -ge 1 ] && break; sleep 0.1; done
echo unbind >&4
for _ in $(seq 100); do [ "$(wc -l < /tmp/bind)" -ge 2 ] && break; sleep 0.1; done
expect_eq "UNBIND of the running process" "unbind: OK" "$(sed -n 2p /tmp/bind)"
echo go >&3
echo go >&3
exec 3>&- 4>&-
wait
echo "after BIND: $(sed -n 1p /tmp/counts)  after UNBIND: $(sed -n 2p /tmp/counts)"
expect_eq "all threads after BIND" "$((N * T))/$((N * T))" "$(sed -n 1p /tmp/counts)"
expect_eq "all threads after UNBIND" "0/$((N * T))" "$(sed -n 2p /tmp/counts)"
# A process created with threads bound from the start: every thread.
out=$(shk run -p "$(ret_patch 42)" -- syscall-count -t $T $N 42)
expect_eq "threads of a bound process" "$((N * T))/$((N * T))" "$out"
expect_module_empty
