# Shared by the host-side VM tests in tests/vm/*.sh.
# Each test is a host script: it runs bin/vm (once or more), checks what
# came back, and exits 0 when the behaviour it names holds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
vm=$root/bin/vm

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"; }

# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() { case "$3" in *"$2"*) ;; *) fail "$1: '$2' not found in: $3" ;; esac; }

# json_field JSON DOTTED.PATH: a value from the CLI's --json output.
json_field() {
	python3 -c 'import json,sys
v=json.loads(sys.argv[1])
for k in sys.argv[2].split("."): v=v[k]
print(str(v).lower() if isinstance(v,bool) else v)' "$1" "$2"
}

# Test programs (tests/vm/progs/*.c), built on the host for the guest,
# which sees the host's filesystem.
progs=$root/.build/progs
build_progs() {
	build_scripts
	mkdir -p "$progs"
	local c out flags
	for c in "$root"/tests/vm/progs/*.c; do
		out=$progs/$(basename "$c" .c)
		# A "// build: FLAGS" line adds compiler flags (read-count: no C library).
		flags=$(sed -n 's|^// build: ||p' "$c")
		if [ ! -x "$out" ] || [ "$c" -nt "$out" ] || [ "$root/kmod/include/uapi/shadowk.h" -nt "$out" ]; then
			# shellcheck disable=SC2086
			gcc -O2 -Wall -Werror -pthread $flags -I "$root/kmod/include/uapi" -o "$out" "$c" \
				|| fail "cannot build $c"
		fi
	done
}
# Scripts among the programs are copied as they are.
build_scripts() {
	mkdir -p "$progs"
	local s
	for s in "$root"/tests/vm/progs/*.py; do
		# Only when changed: another test may be running it right now.
		[ "$progs/$(basename "$s" .py)" -nt "$s" ] || install -m 0755 "$s" "$progs/$(basename "$s" .py)"
	done
}

# java_guest NAME CMD...: CMD in a guest with one vCPU (Java; see
# docs/design.md "VM harness") of $VM_KERNEL (default 6.1); its output shown
# and in $out, its exit status in $rc. The JVM occasionally crashes in
# freshly JIT-compiled code under QEMU's TCG (2 of about 45 runs of
# compiler-verifier, before any program was loaded); that says nothing about
# what is tested, so such a run is repeated once. bin/vm's --timeout is
# $JAVA_GUEST_TIMEOUT, else 2400 s: these guests take 2 to 7 minutes, but
# CI once ran the first of them 3.5 times slower than the rest of its run.
java_guest() {
	local name=$1 try
	shift
	for try in 1 2; do
		set +e
		out=$("$vm" --smp 1 --kernel "${VM_KERNEL:-6.1}" --timeout "${JAVA_GUEST_TIMEOUT:-2400}" -- "$@" 2>&1)
		rc=$?
		set -e
		echo "$out"
		if [ "$rc" = 0 ] || ! grep -q 'A fatal error has been detected by the Java Runtime Environment' <<<"$out"; then
			return
		fi
		[ $try = 2 ] || echo "$name: the JVM crashed in the guest; running once more"
	done
}
