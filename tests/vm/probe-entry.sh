#!/bin/bash
# Entry probes: N calls in the traced process give N hits, an unrelated
# process making the same calls adds none (see tests/vm/guest/probe-entry.sh).
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 -- tests/vm/guest/probe-entry.sh
