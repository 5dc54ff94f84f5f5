#!/bin/bash
# Fork inheritance and the exec policy, default and with each flag.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" -- tests/vm/guest/fork-exec.sh
