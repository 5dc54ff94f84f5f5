#!/bin/bash
# Exact scope on 6.12 too, the same checks as tests/vm/probe-scope.sh: -c
# counts exactly the command's own read() calls (IBT: the probes sit after
# endbr64, the exec hook binding the command at its exec), several -p in one
# shadow, --cgroup with members at the start, one moved in, one forked inside,
# one moved out and an outsider.
# vm-lane: one-thread
# vm-seconds: 95
VM_KERNEL=6.12 exec "$(dirname "$0")/probe-scope.sh"
