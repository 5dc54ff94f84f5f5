#!/bin/bash
# A shadow makes getppid() return 42 in process A only: A sees it on every
# call while B, unshadowed and running at the same time on another CPU,
# never does; the pristine text hashes the same before, during and after,
# and differs in A's view.
. "$(dirname "$0")/lib.sh"
N=${1:-100000}
spec=$(ret_patch 42)
before=$(text_before)
shk run -p "$spec" -- sh -c "syscall-count $N 42 > /tmp/a; text-hash > /tmp/a-view" &
syscall-count "$N" 42 > /tmp/b &
during=$(text-hash)
wait
echo "A: $(cat /tmp/a)  B: $(cat /tmp/b)"
expect_eq "shadowed process A" "$N/$N" "$(cat /tmp/a)"
expect_eq "unshadowed process B" "0/$N" "$(cat /tmp/b)"
expect_text "pristine text hash during" "$before" "$during"
[ "$(cat /tmp/a-view)" != "$before" ] || fail "A's view of the text is the pristine text"
expect_module_empty
expect_text "pristine text hash after" "$before"
