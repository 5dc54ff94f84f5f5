#!/bin/bash
# 1000 shadowed processes, 100 shadows, tracer killed, unload/reload: no
# WARN (panic_on_warn in the guest), nothing left behind.
# vm-lane: one-thread
# vm-seconds: 188
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single --timeout 900 -- tests/vm/guest/lifecycle.sh
# Xen PV dom0: 1000 binds and unbinds through the hypervisor, pinned tables freed.
"$vm" --tcg-single --xen --timeout 1500 -- tests/vm/guest/lifecycle.sh
