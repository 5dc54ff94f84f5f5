#!/bin/bash
# Kernel text writes (static keys, ftrace, kprobes) reach the shadows.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" -- tests/vm/guest/coherence.sh
