#!/bin/bash
# The syscall provider on the 6.12 guest: the same checks as
# tests/vm/probe-syscalls.sh.
# vm-lane: one-thread
# vm-seconds: 96
VM_KERNEL=6.12 exec "$(dirname "$0")/probe-syscalls.sh"
