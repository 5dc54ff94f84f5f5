#!/bin/bash
# Each refused request returns its documented errno.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" -- tests/vm/guest/bad-input.sh
