#!/bin/bash
# Killing the tracer, and ftrace used on a probed function from inside the
# traced process (see tests/vm/guest/probe-lifecycle.sh).
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 -- tests/vm/guest/probe-lifecycle.sh
