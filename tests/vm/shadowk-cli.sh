#!/bin/bash
# bin/shadowk run / check / info in the guest.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" -- tests/vm/guest/shadowk-cli.sh
