#!/bin/sh
# In the guest: print the CLI's --json version report and the guest's own
# facts, for the host-side test to compare.
set -eu
echo "json=$("$(dirname "$0")/../../../bin/shadowtrace" --version --json)"
echo "uname=$(uname -r)"
echo "hypervisor=$(cat /sys/hypervisor/type 2>/dev/null || echo none)"
