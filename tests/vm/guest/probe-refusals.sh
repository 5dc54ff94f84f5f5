#!/bin/bash
# Malformed and refused probes get the errno uapi/shadowk.h documents, and
# one dmesg line saying why (programs of the right type but loaded for
# kprobe.multi or as sleepable too); a program the verifier rejects comes
# back with the verifier's log.
. "$(dirname "$0")/lib.sh"
probe_residue > /tmp/residue
probe badfd > /tmp/bad
cat /tmp/bad
v() { sed -n "s/^$1=//p" /tmp/bad; }
expect_eq "prog_fd not a BPF program" EINVAL "$(v notbpf)"
expect_eq "prog_fd not open" EBADF "$(v closedfd)"
expect_eq "socket filter program" EINVAL "$(v socketfilter)"
expect_eq "kprobe program loaded for kprobe.multi" EINVAL "$(v kprobemulti)"
dmesg | grep -q "refused: the program was loaded for another attach type" || fail "no dmesg line for the kprobe.multi program"
expect_eq "sleepable kprobe program" EINVAL "$(v sleepable)"
dmesg | grep -q "refused: the program is sleepable" || fail "no dmesg line for the sleepable program"
expect_eq "unknown kind" EINVAL "$(v badkind)"
expect_eq "address inside a function" ERANGE "$(v midfunction)"
expect_eq "address outside core text" ERANGE "$(v notext)"
expect_eq "unknown flags" EINVAL "$(v badflags)"
expect_eq "empty batch" EINVAL "$(v zerocount)"
expect_eq "batch too large" E2BIG "$(v toomany)"
expect_eq "first probe" OK "$(v first)"
expect_eq "same program, same kind, same site" EEXIST "$(v again)"
expect_eq "same program as a return probe" OK "$(v asreturn)"
expect_eq "detach of an unknown id" ENOENT "$(v detachbogus)"
dmesg | grep -q "refused: not the start of a core-text function" || fail "no dmesg line for ERANGE"

# A function with no ftrace site (notrace): ENOENT, with the reason.
T=/sys/kernel/tracing
sed 's/ .*//' $T/available_filter_functions | sort -u > /tmp/traceable
awk '($2 == "t" || $2 == "T") && NF == 3 {print $3}' /proc/kallsyms | sort | uniq -u > /tmp/unique
comm -23 /tmp/unique /tmp/traceable | grep -v '^__pfx_\|^__cfi_\|^_\|^\.\|^entry_\|^asm_' | head -200 > /tmp/notrace
got=
while read -r f; do
	r=$(probe -f "$f" | sed -n 's/^attach=//p')
	if [ "$r" = ENOENT ]; then got=$f; break; fi
done < /tmp/notrace
[ -n "$got" ] || fail "no notrace function was refused with ENOENT"
echo "notrace function $got: ENOENT"
# The refusals share rate-limited dmesg lines (10 per 5 s per line): the
# ones above, and the search, may have used them up. 5 s later, once more.
sleep 5.5
expect_eq "notrace function $got, again" ENOENT "$(probe -f "$got" | sed -n 's/^attach=//p')"
dmesg | grep -q "$got.*refused: the function has no ftrace site" || fail "no dmesg line for $got"

# Where to probe instead: SHADOWK_IOC_CALLERS finds direct callers.
probe callers __task_pid_nr_ns > /tmp/c
head -5 /tmp/c
# (by any of its names: __do_sys_getppid and its syscall-table aliases share an address)
grep -qx -e __x64_sys_getppid -e __do_sys_getppid -e __ia32_sys_getppid /tmp/c \
	|| fail "getppid() is not among the callers of __task_pid_nr_ns"
expect_eq "callers of an address inside a function" ERANGE "$(probe callers __task_pid_nr_ns+1 | sed -n 's/^callers=//p')"
n=0
while read -r f; do
	c=$(probe callers "$f" | sed -n 's/^callers=//p')
	[ "$c" -gt 0 ] 2>/dev/null && n=$((n + 1))
done < <(head -20 /tmp/notrace)
echo "notrace functions with direct callers: $n of 20"
[ "$n" -gt 0 ] || fail "no direct caller found for any of 20 notrace functions"

# On the kprobe blacklist but traceable: EACCES.
bl=$(awk '{print $2}' /sys/kernel/debug/kprobes/blacklist | sort -u | comm -12 - /tmp/traceable | comm -12 - /tmp/unique | head -1)
[ -n "$bl" ] || fail "no traceable function on the kprobe blacklist to try"
sleep 5.5	# (the rate-limited refusal lines, as above)
expect_eq "kprobe-blacklisted $bl" EACCES "$(probe -f "$bl" | sed -n 's/^attach=//p')"
dmesg | grep -q "$bl.*refused: on the kprobe blacklist" || fail "no dmesg line for $bl"

# The verifier's rejection, with its log.
probe reject > /tmp/rej
head -5 /tmp/rej
expect_eq "rejected program" EACCES "$(sed -n 's/^errno=//p' /tmp/rej)"
grep -q "R3 !read_ok" /tmp/rej || fail "the verifier log does not say why"
expect_module_empty
expect_no_residue /tmp/residue
