#!/bin/bash
# Two processes bound to two different shadows run at the same time and
# each sees only its own patch.
. "$(dirname "$0")/lib.sh"
N=${1:-50000}
shk run -p "$(ret_patch 42)" -- sh -c "syscall-count $N 42 > /tmp/a42; syscall-count $N 43 > /tmp/a43" &
shk run -p "$(ret_patch 43)" -- sh -c "syscall-count $N 43 > /tmp/b43; syscall-count $N 42 > /tmp/b42" &
wait
echo "A: 42 $(cat /tmp/a42), 43 $(cat /tmp/a43)  B: 43 $(cat /tmp/b43), 42 $(cat /tmp/b42)"
expect_eq "A sees its patch" "$N/$N" "$(cat /tmp/a42)"
expect_eq "A never sees B's" "0/$N" "$(cat /tmp/a43)"
expect_eq "B sees its patch" "$N/$N" "$(cat /tmp/b43)"
expect_eq "B never sees A's" "0/$N" "$(cat /tmp/b42)"
expect_module_empty
