#!/bin/bash
# shadowtrace against the running guest kernel: -l lists fbt probes, -S
# shows what a one-liner compiles to, and errors name the position.
# vm-lane: one-thread
# vm-seconds: 38
. "$(dirname "$0")/lib.sh"
out=$("$vm" --smp 1 -- sh -c '
	bin/shadowtrace -l "fbt::vfs_read:*"
	echo "--"
	bin/shadowtrace -S -e "fbt::vfs_read:entry /execname == \"memcached\"/ { @bytes[tid] = sum(arg2); }"
	echo "-- rc=$?"
	bin/shadowtrace -S -e "fbt::vfs_reed:entry { @ = count(); }" 2>&1
	echo "-- rc=$?"')
echo "$out"
expect_eq "-l on the live kernel" "fbt::vfs_read:entry
fbt::vfs_read:return" "$(sed -n '1,/^--$/p' <<<"$out" | sed '$d')"
expect_contains "-S shows the site" "site entry vfs_read 0x" "$out"
expect_contains "-S shows the verifier-bound code" "call bpf_get_current_comm#16" "$out"
expect_contains "-S exit status" "-- rc=0" "$out"
expect_contains "unknown function: position and suggestion" "<command-line>:1:6: error: unknown kernel function 'vfs_reed'; did you mean 'vfs_read" "$out"
expect_contains "unknown function: exit status" "-- rc=1" "$out"
