#!/bin/bash
# -c counts exactly the command's own read() calls on 6.12 too (IBT: the
# probes sit after endbr64), the exec hook binding the command at its exec.
# vm-lane: one-vcpu
# vm-seconds: 58
VM_KERNEL=6.12 exec "$(dirname "$0")/probe-scope.sh" c
