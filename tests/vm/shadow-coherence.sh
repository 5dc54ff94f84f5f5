#!/bin/bash
# Kernel text writes (static keys, ftrace, kprobes) reach the shadows.
# vm-lane: one-thread
# vm-seconds: 39
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single -- tests/vm/guest/coherence.sh
