#!/bin/bash
# Runs several guest scripts in one boot, one after another, each as its own
# process with its own arguments:
#   several.sh 'probe-return.sh' 'two-shadows.sh 20000' ...
# Each script's output is shown under a "== NAME" header and its result as
# "several: ok NAME (Ns)" or "several: FAILED NAME (rc N, Ns)". The exit status is the
# number of scripts that failed (0: all passed), and the failed ones are
# named on the last line of stderr, which bin/vm carries on the run
# directory's channel, not the console. Between scripts the module is
# loaded again if a script left it unloaded, and the kernel log is checked:
# a WARN panics the guest (panic_on_warn), so only a script's own failure
# lets the next one run. Each script starts with an empty /tmp, as in a
# boot of its own (scripts name their files there freely: /tmp/go, /tmp/a):
# what the one before left is removed, except the mount points there (the
# run directory, a checkout under the host's /tmp).
set -u
here=$(cd "$(dirname "$0")" && pwd)
failed=() passed=0
for spec in "$@"; do
	read -r -a argv <<<"$spec"
	name=${argv[0]%.sh}
	[ -x "$here/${argv[0]}" ] || { failed+=("$name(no-such-script)"); continue; }
	for f in /tmp/* /tmp/.[!.]*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		mountpoint -q "$f" || rm -rf --one-file-system "$f"
	done
	echo "== $name"
	start=$SECONDS
	"$here/${argv[0]}" "${argv[@]:1}"
	rc=$?
	secs=$((SECONDS - start))
	if [ "$rc" = 0 ]; then
		passed=$((passed + 1))
		echo "several: ok $name (${secs}s)"
	else
		failed+=("$name")
		echo "several: FAILED $name (rc $rc, ${secs}s)"
	fi
	grep -q '^shadowk ' /proc/modules || insmod "$SHADOWK_KO" || { failed+=("insmod-after-$name"); break; }
done
echo "several: $passed passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
	echo "several: failed: ${failed[*]}" >&2
	exit "${#failed[@]}"
fi
