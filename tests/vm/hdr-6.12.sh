#!/bin/bash
# hdr(), --interval, --hdr-log, lost records, --folded and -o on 6.12 too:
# the same checks as tests/vm/hdr.sh.
# vm-lane: one-thread
# vm-seconds: 72
VM_KERNEL=6.12 exec "$(dirname "$0")/hdr.sh"
