#!/bin/bash
# bin/shadowk run / check / info in the guest.
# vm-lane: one-thread
# vm-seconds: 157
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 1 -- tests/vm/guest/shadowk-cli.sh
