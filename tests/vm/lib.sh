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
		# A "// build: FLAGS" line adds link flags (-static).
		flags=$(sed -n 's|^// build: ||p' "$c")
		if [ ! -x "$out" ] || [ "$c" -nt "$out" ] || [ "$root/kmod/include/uapi/shadowk.h" -nt "$out" ]; then
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
		install -m 0755 "$s" "$progs/$(basename "$s" .py)"
	done
}

# run_java_guest NAME GUEST-SCRIPT [TIMEOUT]: runs tests/vm/guest/GUEST-SCRIPT
# in a guest with one vCPU (Java runs there) on $VM_KERNEL (default 6.1), at
# most TIMEOUT seconds (default bin/vm's), shows its output and exits with
# its status. The JVM occasionally crashes in freshly
# JIT-compiled code under QEMU's TCG (see compiler-verifier.sh); that says
# nothing about what is tested, so such a run is repeated once.
run_java_guest() {
	local name=$1 script=$2 out rc try timeout=()
	[ $# -lt 3 ] || timeout=(--timeout "$3")
	for try in 1 2; do
		set +e
		out=$("$vm" --smp 1 --kernel "${VM_KERNEL:-6.1}" "${timeout[@]}" -- "tests/vm/guest/$script" 2>&1)
		rc=$?
		set -e
		echo "$out"
		if [ "$rc" != 0 ] && [ $try = 1 ] \
			&& grep -q 'A fatal error has been detected by the Java Runtime Environment' <<<"$out"; then
			echo "$name: the JVM crashed in the guest; running once more"
			continue
		fi
		break
	done
	exit "$rc"
}
