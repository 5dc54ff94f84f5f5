#!/bin/bash
# Offset probes: an int3 on one instruction, in the traced process's shadow
# only; the module runs the instruction out of line (or emulates a relative
# branch) and the task goes on. Checked here:
#  - the instruction after getppid()'s ftrace site fires exactly N times in A
#    (N calls), with regs->ip that instruction, and never for B;
#  - an offset probe at the ftrace site itself is the entry probe (no int3);
#  - every instruction of the getppid() path and of the read() path probed
#    at once (one best-effort batch over every byte offset: the module
#    refuses the bytes that are not instruction boundaries): the process
#    still computes exactly what it computes unprobed, and RIP-relative
#    instructions were among those run out of line;
#  - the same probes attached and detached while two threads run through
#    them, every call still right;
#  - refusals: mid-instruction EILSEQ, union fallback EOPNOTSUPP, with dmesg
#    lines.
. "$(dirname "$0")/lib.sh"
N=${1:-20000}
val() { sed -n "s/^$1=//p" "$2"; }
result() { grep -E '^[0-9]+/[0-9]+$' "$1" | tail -1; }
summarize() { # OUT [ERRNO]: prints a best-effort batch's counters and refusals, which
	# must be ones the header documents for offset probes (and ERRNO)
	local bad
	grep -v '^refused' "$1" | tr '\n' ' '; echo
	grep '^refused ' "$1" | awk '{print $3}' | sort | uniq -c
	bad=$(grep '^refused ' "$1" | awk '{print $3}' | grep -v -x -e EILSEQ -e EOPNOTSUPP -e EBUSY -e EACCES -e ENOEXEC \
		-e "${2:-EILSEQ}" | sort -u | tr '\n' ' ')
	[ -z "$bad" ] || fail "offset probes refused with undocumented errnos: $bad"
}
attached_specs() { # SPECS OUT: the specs the module took
	grep '^refused ' "$2" | awk '{print $2}' | sort > /tmp/refused.specs
	sort "$1" | comm -23 - /tmp/refused.specs
}
probe_residue > /tmp/residue
before=$(text_before)

fn=0x$(shk addr __x64_sys_getppid)
site=0
[ "$(view-bytes "$fn" 4)" = f30f1efa ] && site=4	# IBT: endbr64 first
after=$((site + 5))

# First: dmesg lines are rate-limited, and the batches below refuse thousands.
echo "-- refusals"
expect_eq "mid-instruction (inside the ftrace site)" EILSEQ \
	"$(probe -k offset -f "__x64_sys_getppid+$((site + 1))" | sed -n 's/^attach=//p')"
dmesg | grep -q "refused: not on an instruction boundary" || fail "no dmesg line for EILSEQ"
expect_eq "union fallback" EOPNOTSUPP \
	"$(probe -k offset -u -f "__x64_sys_getppid+$after" | sed -n 's/^attach=//p')"
dmesg | grep -q "refused: the union fallback is for entry and return probes only" || fail "no dmesg line for the union refusal"
if [ "$site" = 4 ]; then
	expect_eq "ENDBR" EOPNOTSUPP "$(probe -k offset -f __x64_sys_getppid+0 | sed -n 's/^attach=//p')"
	dmesg | grep -q "refused: an ENDBR instruction" || fail "no dmesg line for the ENDBR refusal"
fi

echo "-- one instruction: __x64_sys_getppid+$after"
syscall-count "$N" 0 > /tmp/b &
probe -k offset -f "__x64_sys_getppid+$after" -- sh -c "exec syscall-count $N \$PPID" > /tmp/a
during=$(text-hash)
wait
cat /tmp/a
expect_eq "probes attached" 1 "$(val attached /tmp/a)"
expect_eq "getppid() results in A" "$N/$N" "$(result /tmp/a)"
# The shell that execs it called getppid() once too, for $PPID: N + 1.
expect_eq "program runs in A's process context" "$((N + 1))" "$(val process /tmp/a)"
expect_eq "module hit counter" "$((N + 1))" "$(val hits /tmp/a)"
for c in hardirq softirq nmi kthread union_hits recursion missed; do
	expect_eq "runs outside process context ($c)" 0 "$(val $c /tmp/a)"
done
expect_eq "regs->ip is the probed instruction" "$(printf 0x%x $((fn + after)))" "$(val last_ip /tmp/a)"
expect_eq "unprobed process B" "0/$N" "$(cat /tmp/b)"
expect_text "pristine text hash while probed" "$before" "$during"

echo "-- at the ftrace site: the entry probe"
probe -k offset -f "__x64_sys_getppid+$site" -- syscall-count "$N" 0 > /tmp/e
expect_eq "offset at the ftrace site attached" 1 "$(val attached /tmp/e)"
expect_eq "its hits" "$N" "$(val hits /tmp/e)"

echo "-- every instruction of the getppid() path"
offset-sites __x64_sys_getppid __task_pid_nr_ns pid_nr_ns > /tmp/g.specs
probe -k offset -b -F /tmp/g.specs -- sh -c "exec syscall-count $N \$PPID" > /tmp/g
summarize /tmp/g
expect_eq "getppid() results with every instruction probed" "$N/$N" "$(result /tmp/g)"
[ "$(val attached /tmp/g)" -ge 15 ] || fail "only $(val attached /tmp/g) instructions of the getppid() path attached"
[ "$(val hits /tmp/g)" -ge $((N * 10)) ] || fail "only $(val hits /tmp/g) hits for $N calls"
expect_eq "no skipped hits" 0 "$(val skipped /tmp/g)"
attached_specs /tmp/g.specs /tmp/g > /tmp/g.ok

echo "-- every instruction of the read() path"
fns=
for f in ksys_read vfs_read rw_verify_area security_file_permission __fdget_pos __fget_light fdget_pos \
	 fput copy_page_to_iter _copy_to_iter filemap_read touch_atime; do
	grep -q " [tT] $f\$" /proc/kallsyms && fns="$fns $f"
done
echo "functions:$fns"
# shellcheck disable=SC2086
offset-sites $fns > /tmp/r.specs
head -c 3000000 /dev/urandom > /tmp/data
want=$(md5sum < /tmp/data)
probe -k offset -b -F /tmp/r.specs -- sh -c 'md5sum < /tmp/data > /tmp/r.md5' > /tmp/r
# The read() path has more instructions than the module has out-of-line
# slots (1024; int3 padding after a ret no longer hides the code after it):
# ENOSPC is right, but only once the slots are nearly all taken (6.12 stops
# at 1007 attached, 17 short of 1024: not explained yet; the bound allows
# the 93 of the batch above).
summarize /tmp/r ENOSPC
if grep -q '^refused .* ENOSPC$' /tmp/r; then
	[ "$(val attached /tmp/r)" -ge $((1024 - 93)) ] || fail "ENOSPC with only $(val attached /tmp/r) offset probes attached"
fi
expect_eq "md5sum of a file read with every instruction probed" "$want" "$(cat /tmp/r.md5)"
[ "$(val attached /tmp/r)" -ge 100 ] || fail "only $(val attached /tmp/r) instructions of the read() path attached"
[ "$(val hits /tmp/r)" -gt 1000 ] || fail "only $(val hits /tmp/r) hits reading 3 MB"
attached_specs /tmp/r.specs /tmp/r >> /tmp/g.ok
# shellcheck disable=SC2046
riprel=$(offset-sites --riprel $(cat /tmp/g.ok) | wc -l)
echo "RIP-relative instructions probed: $riprel"
[ "$riprel" -ge 1 ] || fail "no RIP-relative instruction among the probed ones: the fix-up went untested"

echo "-- attached and detached while two threads run through them"
# For 1.5 s: attached 0.3 s in, detached 0.3 s later.
probe -k offset -b -L -D -F /tmp/g.specs -- sh -c "exec syscall-count -t 2 -d 1500 0 \$PPID" > /tmp/l
grep -v '^refused' /tmp/l | tr '\n' ' '; echo
calls=$(result /tmp/l | cut -d/ -f2)
expect_eq "getppid() results across attach and detach" "$calls/$calls" "$(result /tmp/l)"
[ "$(val process /tmp/l)" -gt 0 ] || fail "no probe ran while attached"

expect_module_empty
expect_text "pristine text hash after" "$before" "$(text-hash)"
expect_no_residue /tmp/residue
