#!/bin/bash
# The interactive shell on 6.12 too: the same pseudo-terminal session as
# tests/vm/shell-interactive.sh (completion, live clauses, watch, and nothing
# left after quit, Ctrl-D, SIGTERM or SIGKILL).
# vm-lane: one-vcpu
# vm-seconds: 486
VM_KERNEL=6.12 exec "$(dirname "$0")/shell-interactive.sh"
