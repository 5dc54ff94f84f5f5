#!/bin/bash
# The user-probe and profile providers on the 6.12 guest: the same checks as
# tests/vm/probe-providers.sh.
# vm-lane: one-thread
# vm-seconds: 430
VM_KERNEL=6.12 exec "$(dirname "$0")/probe-providers.sh"
