#!/bin/sh
# In the guest: print the CLI's --json version report and the guest's own
# facts, for the host-side test to compare.
set -eu
echo "json=$("$(dirname "$0")/../../../bin/shadowtrace" --version --json)"
echo "uname=$(uname -r)"
echo "hypervisor=$(cat /sys/hypervisor/type 2>/dev/null || echo none)"
# What the resolver saw at load on an IBT kernel (6.12): the functions it
# calls through pointers whose endbr64 the kernel sealed, and the summary.
dmesg | sed -n 's/^.*shadowk: IBT/ibt: IBT/p'
