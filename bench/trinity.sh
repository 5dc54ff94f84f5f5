#!/bin/bash
# trinity, the kernel's system-call fuzzer, in a 6.1 guest (two vCPUs) for
# SECONDS (default 600) as an unprivileged user, while a shadowed process
# with probes runs (bench/guest/trinity.sh). Not a measurement: a record of
# whether the kernel and the module survive it; bin/vm fails the run on any
# WARN or oops (whoever caused it: read the console) or a module that does
# not unload.
#   bench/trinity.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
"$root/tools/install-deps" >/dev/null || { echo "bench/trinity.sh: installing dependencies failed" >&2; exit 1; }
cd "$root"
. tools/vm/lib.sh
vm_need /usr/bin/trinity trinity
. tests/vm/lib.sh
build_progs
"$vm" --smp 2 --timeout $((seconds + 600)) -- bench/guest/trinity.sh "$seconds"
echo "bench/trinity.sh: ${seconds}s, $(date -u +%F)"
