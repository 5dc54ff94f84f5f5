#!/bin/bash
# Multi-threaded processes; binding and unbinding a running process. -smp 4.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 4 -- tests/vm/guest/threads-bind-running.sh
