#!/bin/bash
# The code generator's verifier corpus (every operator, string and storage
# path, aggregation, action and probe form) passes the guest kernel's BPF
# verifier, checked as compiler-verifier.sh checks the examples.
# vm-lane: one-thread
# vm-seconds: 62
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
exec tests/vm/compiler-verifier.sh compiler/src/test/resources/verifier/*.d
