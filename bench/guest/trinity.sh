#!/bin/bash
# trinity (the kernel's system-call fuzzer) as an unprivileged user for
# SECONDS, while a shadowed process with probes runs: entry probes on
# vfs_read and ksys_write in its shadow, its loop reading and writing all
# along. Then: the probed process still ran
# its probes, the module holds nothing once it is gone, and bin/vm checks
# the console for WARN/oops and that the module unloads.
#   trinity.sh SECONDS
. "$(dirname "$0")/../../tests/vm/guest/lib.sh"
seconds=$1
probe_residue > /tmp/residue

# trinity stops at the first taint it watches: a kernel oops (DIE), WARN,
# bad page or machine check; not the USER taint that its own fanotify calls
# set. Its files: a victims directory of its own. (Debian's trinity 2023.01
# overflows a stack buffer while it opens the whole of /proc and /sys, a bug
# fixed upstream in 2025, kernelslacker/trinity#55.)
mkdir -p /tmp/trinity/victims && chmod -R 777 /tmp/trinity
for i in $(seq 20); do head -c $((i * 1000)) /dev/urandom > /tmp/trinity/victims/f$i; done
chmod 666 /tmp/trinity/victims/*
probe -f vfs_read -f ksys_write -- sh -c 'while :; do head -c 4096 /dev/zero; done >/dev/null' > /tmp/probe.out 2>&1 &
probe_pid=$!
sleep 2
echo "-- trinity as nobody for ${seconds}s (2 children), a probed shadowed process running"
set +e
(cd /tmp/trinity && timeout -s INT "$seconds" setpriv --reuid=65534 --regid=65534 --clear-groups \
	trinity -q -C 2 --stats -l off -V /tmp/trinity/victims --disable-fds=sockets,perf -T DIE,WARN,BAD_PAGE,MACHINE_CHECK) > /tmp/trinity.out 2>&1
rc=$?
set -e
tail -n 40 /tmp/trinity.out
echo "trinity exit status $rc (124: stopped by the timeout)"
[ "$rc" = 124 ] || fail "trinity ended on its own (status $rc) before ${seconds}s: it did not run the whole time"
shk stats
# The probed loop: its shadow must still be there and its probes counting.
kill -0 "$probe_pid" || fail "the probed process died under trinity: $(cat /tmp/probe.out)"
pkill -P "$probe_pid" || true	# the loop; probe then prints its counters
wait "$probe_pid" || true
cat /tmp/probe.out
hits=$(sed -n 's/^hits=//p' /tmp/probe.out)
[ "${hits:-0}" -gt 0 ] || fail "the probes never fired in the shadowed process"
expect_module_empty
expect_no_residue /tmp/residue
echo "trinity: ${seconds}s, the module clean afterwards"
