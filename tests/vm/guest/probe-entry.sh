#!/bin/bash
# Entry probes count exactly the calls of the traced process: A makes N
# getppid() calls with a probe on the syscall's entry and the program runs N
# times, all in process context, while B makes N calls at the same time,
# unprobed, and adds nothing. The pristine text is unchanged throughout.
. "$(dirname "$0")/lib.sh"
N=${1:-20000}
val() { sed -n "s/^$1=//p" "$2"; }
probe_residue > /tmp/residue
before=$(text_before)
syscall-count "$N" 0 > /tmp/b &
probe -f __x64_sys_getppid -- syscall-count "$N" 0 > /tmp/a
during=$(text-hash)
wait
cat /tmp/a
expect_eq "probes attached" 1 "$(val attached /tmp/a)"
expect_eq "program runs in A's process context" "$N" "$(val process /tmp/a)"
expect_eq "module hit counter" "$N" "$(val hits /tmp/a)"
for c in hardirq softirq nmi kthread union_hits recursion missed; do
	expect_eq "runs outside process context ($c)" 0 "$(val $c /tmp/a)"
done
expect_eq "unprobed process B" "0/$N" "$(cat /tmp/b)"
site=$(val last_ip /tmp/a)
fn=0x$(shk addr __x64_sys_getppid)
[ $((site - fn)) -ge 0 ] && [ $((site - fn)) -le 4 ] || fail "regs->ip $site is not the ftrace site of __x64_sys_getppid ($fn)"
expect_text "pristine text hash" "$before" "$during"
expect_module_empty
expect_text "pristine text hash after" "$before" "$(text-hash)"
expect_no_residue /tmp/residue
