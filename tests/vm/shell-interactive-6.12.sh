#!/bin/bash
# The interactive shell on 6.12 too: the same pseudo-terminal session as
# tests/vm/shell-interactive.sh (completion, live clauses, BEGIN/END/tick,
# user and profile probes, --cgroup, -p A,B -U -v --json, watch, and nothing
# left after quit, Ctrl-D, SIGTERM or SIGKILL).
# vm-lane: one-thread
# vm-seconds: 221
VM_KERNEL=6.12 exec "$(dirname "$0")/shell-interactive.sh"
