#!/bin/bash
# The CLI as a new user runs it: `shadowtrace -c CMD -e 'fbt::vfs_read:entry
# { @n = count(); }'` counts exactly CMD's calls (read-count makes exactly
# 1000 read() calls and nothing else), while another process making the same
# calls the whole time, untraced, adds none. The pristine text is unchanged
# and nothing is left behind. (Run under `bin/vm --xen` by xen-probes: the
# Xen PV backend's end-to-end check; the native equivalents are in
# probe-scope and probe-cli.)
. "$(dirname "$0")/lib.sh"
cd "$root"
N=1000
probe_residue > /tmp/residue
before=$(text_before)
rm -f /tmp/cli-count.stop
# The concurrent process: read-count N, again and again, until the trace ends.
(
	runs=0
	until [ -e /tmp/cli-count.stop ]; do
		read-count $N || exit 1
		runs=$((runs + 1))
	done
	echo $runs > /tmp/cli-count.runs
) &
other=$!
trace n -c "read-count $N" -e 'fbt::vfs_read:entry { @n = count(); }'
touch /tmp/cli-count.stop
wait $other || fail "the concurrent read-count failed"
runs=$(cat /tmp/cli-count.runs)
echo "concurrent read-count runs: $runs ($((runs * N)) untraced vfs_read calls)"
expect_eq "exit status" 0 "$rc"
expect_eq "@n: the command's vfs_read calls" $N "$(grep -E '^ +[0-9]+$' /tmp/n.out | tr -d ' ')"
[ "$runs" -ge 1 ] || fail "the concurrent process finished no run of read-count while the trace ran"
expect_text "pristine text hash after" "$before"
expect_module_empty
expect_no_residue /tmp/residue
