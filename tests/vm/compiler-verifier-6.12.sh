#!/bin/bash
# The example and corpus programs also pass the 6.12 kernel's verifier.
# vm-lane: one-thread
# vm-seconds: 65
VM_KERNEL=6.12 exec "$(dirname "$0")/compiler-verifier.sh" examples/*.d compiler/src/test/resources/verifier/*.d
