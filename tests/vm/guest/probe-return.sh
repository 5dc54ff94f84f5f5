#!/bin/bash
# Return probes run once per return, in the traced process, and see the
# function's return value: getppid() returns the tracer's pid to its child.
. "$(dirname "$0")/lib.sh"
N=${1:-20000}
val() { sed -n "s/^$1=//p" "$2"; }
probe_residue > /tmp/residue
probe -k return -f __x64_sys_getppid -- syscall-count "$N" 0 > /tmp/r
cat /tmp/r
expect_eq "return probe runs" "$N" "$(val process /tmp/r)"
expect_eq "return value seen (regs->ax = the parent's pid)" "$(val pid /tmp/r)" "$(val last_ax /tmp/r)"
expect_eq "returns not hooked" 0 "$(val missed /tmp/r)"
site=$(val last_ip /tmp/r)
fn=0x$(shk addr __x64_sys_getppid)
[ $((site - fn)) -ge 0 ] && [ $((site - fn)) -le 4 ] || fail "regs->ip $site at return is not the site of __x64_sys_getppid ($fn)"

# Entry and return together on one site: one patch, both programs.
probe -f __x64_sys_getppid -- syscall-count "$N" 0 > /tmp/e
expect_eq "entry probe alone" "$N" "$(val process /tmp/e)"
expect_module_empty
expect_no_residue /tmp/residue
