# Shared by the bench/*.sh drivers: build the benchmark programs, then boot
# the stock kernel under `bin/vm --icount` and run one guest script there.
#   bench_run GUEST-SCRIPT [bin/vm options...] [-- SCRIPT-ARGS...]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/tests/vm/lib.sh"

bench_run() {
	local guest=$1 vmopts=()
	shift
	build_progs
	mkdir -p "$root/.build/bench"
	for c in "$root"/bench/progs/*.c; do
		gcc -O2 -Wall -Werror -I "$root/kmod/include/uapi" -o "$root/.build/bench/$(basename "$c" .c)" "$c"
	done
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vmopts+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	exec "$root/bin/vm" --icount --timeout 3000 "${vmopts[@]}" -- "$guest" "$@"
}
